#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The SDL backend for a panel mounted turned (--rotate 90, 180 or 270), in a real X window:
#  1. the window is the logical (portrait) size and shows the logical picture: exactly the
#     headless run's panel screenshot turned back (each pixel a ZOOM x ZOOM square);
#  2. pressing card 1 of the drag demo and dragging moves it by the pointer's way (window
#     pixels / ZOOM) in logical coordinates, so the pointer lands where the picture shows it.
# Usage: sdl_xvfb_rotated.sh DEMO_BIN_DIR OUT_DIR ROTATION ZOOM [PANEL (WxH, default 360x200)]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/xvfb_session.sh"
bin_dir=$1 out_dir=$2 rotation=$3 zoom=$4 panel=${5:-360x200}
[[ "$rotation" == 90 || "$rotation" == 180 || "$rotation" == 270 ]] ||
  { echo "usage: ROTATION is 90, 180 or 270"; exit 2; }
mkdir -p "$out_dir"
tag="rotate$rotation-zoom$zoom-$panel"
XVFB_LOG="$out_dir/$tag-xvfb.log"
begin_xvfb_test
unset FB_BACKEND FB_INPUT FB_ROTATION

# 1. The picture. A 360x200 panel: a 200x360 window at zoom 1, 400x720 at zoom 2 (the X
# screen is 1280x800). An odd width minus height (361x200) catches a half-pixel turn.
demo=dashboard frames=20
headless="$out_dir/$tag-headless-panel.png"
"$bin_dir/fbdemo-$demo" --size "$panel" --rotate "$rotation" --frames "$frames" --fps 0 \
  --screenshot "$headless" >/dev/null

log="$out_dir/$tag-sdl.log"
SDL_VIDEODRIVER=x11 "$bin_dir/fbdemo-$demo" --backend sdl --size "$panel" --rotate "$rotation" \
  --zoom "$zoom" --frames "$frames" --hold --stats >"$log" 2>&1 &
demo_pid=$!
wait_for_line "$log" "holding the last frame"
window=$(wait_for_window "fbdemo-$demo")
shown="$out_dir/$tag-x11.png"
import -display "$DISPLAY" -window "$window" "$shown"

# The screenshot is the panel; the logical picture is the panel turned back. ImageMagick's
# -rotate turns clockwise, so by 360 - ROTATION.
expected="$out_dir/$tag-expected.png"
convert "$headless" -rotate "$((360 - rotation))" -filter point -scale "$((zoom * 100))%" \
  "$expected"
size_shown=$(identify -format '%wx%h' "$shown")
size_expected=$(identify -format '%wx%h' "$expected")
[[ "$size_shown" == "$size_expected" ]] || {
  echo "FAIL: the window is $size_shown, expected $size_expected (the logical size)"; exit 1; }
differing=$(compare -metric AE "$shown" "$expected" "$out_dir/$tag-diff.png" 2>&1 || true)
echo "pixels differing between the X window and the headless panel turned back: $differing"
[[ "$differing" == 0 ]] || { echo "FAIL: see $out_dir/$tag-diff.png"; exit 1; }
kill -TERM "$demo_pid"
status=0
wait "$demo_pid" || status=$?
demo_pid=
[[ $status == 0 ]] || { echo "FAIL: the demo exited with $status after SIGTERM"; cat "$log"; exit 1; }
echo "ok: fbdemo-$demo on a panel at $rotation degrees shows its logical picture in the window"

# 2. The drag. The panel is 640x400 at zoom 1 and 320x200 at zoom 2, a portrait window of
# 400x640 either way. Card 1's place and size, as demos/drag.cpp lays the cards out on the
# logical w x h picture: (w/10, h/3), max(48, w/5) x max(32, h/5).
if [[ "$zoom" == 1 ]]; then panel_w=640 panel_h=400; else panel_w=320 panel_h=200; fi
w=$panel_h h=$panel_w
[[ "$rotation" == 180 ]] && w=$panel_w h=$panel_h
card_x=$((w / 10)) card_y=$((h / 3))
card_w=$((w / 5 > 48 ? w / 5 : 48)) card_h=$((h / 5 > 32 ? h / 5 : 32))
# Pressed a quarter into the card, dragged by (w/2, h/4) logical pixels: inside the window.
px=$((card_x + card_w / 4)) py=$((card_y + card_h / 4))
dx=$((w / 2)) dy=$((h / 4))
log="$out_dir/$tag-drag.log"
SDL_VIDEODRIVER=x11 "$bin_dir/fbdemo-drag" --backend sdl --size "${panel_w}x${panel_h}" \
  --rotate "$rotation" --zoom "$zoom" --fps 60 >"$log" 2>&1 &
demo_pid=$!
window=$(wait_for_window fbdemo-drag)
sleep 0.3  # let the window map and the first frames show
xdotool mousemove --window "$window" $((px * zoom)) $((py * zoom)) sleep 0.1 mousedown 1 sleep 0.1
for step in 1 2 3 4 5 6 7 8; do
  xdotool mousemove --window "$window" $(((px + dx * step / 8) * zoom)) \
    $(((py + dy * step / 8) * zoom)) sleep 0.03
done
# Only the press: the demo quits on it and its window goes, so a release sent after it (what
# `xdotool key` does) may find no window and fail with BadWindow.
xdotool mouseup 1 sleep 0.2 keydown --window "$window" Escape
status=0
wait "$demo_pid" || status=$?
demo_pid=
cat "$log"
[[ $status == 0 ]] || { echo "FAIL: the demo exited with $status"; exit 1; }
expected_card="card 1: $((card_x + dx)),$((card_y + dy))"
grep -qx "$expected_card" "$log" || { echo "FAIL: expected '$expected_card'"; exit 1; }
echo "ok: dragging in the window of a panel at $rotation degrees (zoom $zoom) moved card 1" \
  "where the pointer went"
