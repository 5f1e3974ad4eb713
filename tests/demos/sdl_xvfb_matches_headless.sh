#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The SDL backend in a real X window: after N frames the window shows exactly the headless
# frame of the same scene (at zoom 2, each pixel as a 2x2 square), captured from the X server.
# Also checks that SIGTERM ends the held demo cleanly (exit 0, stats printed).
# Usage: sdl_xvfb_matches_headless.sh DEMO_BIN_DIR OUT_DIR DEMO FRAMES ZOOM SIZE (WxH)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/xvfb_session.sh"
bin_dir=$1 out_dir=$2 demo=$3 frames=$4 zoom=$5 size=$6
mkdir -p "$out_dir"
tag="$demo-zoom$zoom"
XVFB_LOG="$out_dir/$tag-xvfb.log"
begin_xvfb_test

unset FB_BACKEND FB_INPUT
headless="$out_dir/$tag-headless.png"
"$bin_dir/fbdemo-$demo" --size "$size" --frames "$frames" --fps 0 --screenshot "$headless" >/dev/null

log="$out_dir/$tag-sdl.log"
SDL_VIDEODRIVER=x11 "$bin_dir/fbdemo-$demo" --backend sdl --size "$size" --zoom "$zoom" --frames "$frames" \
  --hold --stats >"$log" 2>&1 &
demo_pid=$!
wait_for_line "$log" "holding the last frame"
window=$(wait_for_window "fbdemo-$demo")
shown="$out_dir/$tag-x11.png"
import -display "$DISPLAY" -window "$window" "$shown"

expected="$headless"
if [[ "$zoom" != 1 ]]; then
  expected="$out_dir/$tag-headless-zoomed.png"
  convert "$headless" -filter point -scale "$((zoom * 100))%" "$expected"
fi
size_shown=$(identify -format '%wx%h' "$shown")
size_expected=$(identify -format '%wx%h' "$expected")
[[ "$size_shown" == "$size_expected" ]] || {
  echo "FAIL: the window is $size_shown, expected $size_expected"; exit 1; }
differing=$(compare -metric AE "$shown" "$expected" "$out_dir/$tag-diff.png" 2>&1 || true)
echo "pixels differing between the X window and the headless frame: $differing"
[[ "$differing" == 0 ]] || { echo "FAIL: see $out_dir/$tag-diff.png"; exit 1; }

kill -TERM "$demo_pid"
status=0
wait "$demo_pid" || status=$?
demo_pid=
[[ $status == 0 ]] || { echo "FAIL: the demo exited with $status after SIGTERM"; cat "$log"; exit 1; }
grep -q '^fps: ' "$log" || { echo "FAIL: no fps line after SIGTERM"; cat "$log"; exit 1; }
echo "ok: fbdemo-$demo in an X window (zoom $zoom) equals its headless frame; SIGTERM ends it cleanly"
