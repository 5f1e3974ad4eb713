#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The interactive demo in a real X window, driven by synthetic X pointer events (xdotool):
# pressing card 1 and dragging by (dx, dy) window pixels must move it by (dx, dy) / zoom
# display pixels; Esc then ends the demo.
# Usage: sdl_xvfb_drag.sh DEMO_BIN_DIR OUT_DIR ZOOM
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/xvfb_session.sh"
bin_dir=$1 out_dir=$2 zoom=$3
mkdir -p "$out_dir"
XVFB_LOG="$out_dir/drag-zoom$zoom-xvfb.log"
begin_xvfb_test
unset FB_BACKEND FB_INPUT

# A 640x400 display: card 1 starts at (64,133), 128x80.
log="$out_dir/drag-zoom$zoom.log"
SDL_VIDEODRIVER=x11 "$bin_dir/fbdemo-drag" --backend sdl --size 640x400 --zoom "$zoom" \
  --fps 60 >"$log" 2>&1 &
demo_pid=$!
window=$(wait_for_window fbdemo-drag)
sleep 0.3  # let the window map and the first frames show
x0=$((100 * zoom)) y0=$((160 * zoom))   # inside card 1
dx=$((200 * zoom)) dy=$((90 * zoom))
xdotool mousemove --window "$window" "$x0" "$y0" sleep 0.1 mousedown 1 sleep 0.1
for step in 1 2 3 4 5 6 7 8; do
  xdotool mousemove --window "$window" $((x0 + dx * step / 8)) $((y0 + dy * step / 8)) sleep 0.03
done
# Only the press: the demo quits on it and its window goes, so a release sent after it (what
# `xdotool key` does) may find no window and fail with BadWindow.
xdotool mouseup 1 sleep 0.2 keydown --window "$window" Escape
status=0
wait "$demo_pid" || status=$?
demo_pid=
cat "$log"
[[ $status == 0 ]] || { echo "FAIL: the demo exited with $status"; exit 1; }
expected="card 1: $((64 + 200)),$((133 + 90))"
grep -qx "$expected" "$log" || { echo "FAIL: expected '$expected'"; exit 1; }
grep -qx 'card 2: .*' "$log"
echo "ok: dragging in the X window (zoom $zoom) moved card 1 where the pointer went"
