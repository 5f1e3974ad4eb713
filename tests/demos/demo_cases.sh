# SPDX-License-Identifier: MIT
# The reference cases: each runs one demo headless for a fixed number of frames (each frame
# steps 1/60 s), so its last frame is the same picture on every run. Sourced by
# check_reference.sh and update_references.sh.

DEMO_CASES=(sprites dashboard plasma ticker drag drag-replay)

# Prints the demo program and its arguments for a case, one per line.
demo_case() {
  local data
  data="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/data"
  case "$1" in
    sprites) printf '%s\n' fbdemo-sprites --frames 90 ;;
    dashboard) printf '%s\n' fbdemo-dashboard --frames 200 ;;
    plasma) printf '%s\n' fbdemo-plasma --frames 45 ;;
    ticker) printf '%s\n' fbdemo-ticker --frames 300 ;;
    drag) printf '%s\n' fbdemo-drag --frames 5 ;;
    # A recorded touch drag replayed through the evdev input path on the demo's timeline.
    drag-replay) printf '%s\n' fbdemo-drag --frames 40 --input "$data/drag_touch.evemu" ;;
    *) echo "unknown demo case '$1'" >&2; return 1 ;;
  esac
}
