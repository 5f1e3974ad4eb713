# SPDX-License-Identifier: MIT
# Starts a private Xvfb for a test and stops it (and anything the test started) on exit.
# Sourced; sets DISPLAY. CI has no display of its own: the test brings its own, skips nothing.

start_xvfb() {
  local number
  for number in $(seq 90 140); do
    [[ -e /tmp/.X11-unix/X$number || -e /tmp/.X$number-lock ]] && continue
    Xvfb ":$number" -screen 0 1280x800x24 -nolisten tcp >"${XVFB_LOG:-/dev/null}" 2>&1 &
    XVFB_PID=$!
    export DISPLAY=":$number"
    local tries
    for tries in $(seq 100); do
      if xdotool getdisplaygeometry >/dev/null 2>&1; then return 0; fi
      kill -0 "$XVFB_PID" 2>/dev/null || break  # lost a race for the number: try the next
      sleep 0.05
    done
    kill "$XVFB_PID" 2>/dev/null || true
  done
  echo "FAIL: could not start Xvfb" >&2
  return 1
}

stop_xvfb() {
  [[ -n "${XVFB_PID:-}" ]] && kill "$XVFB_PID" 2>/dev/null && wait "$XVFB_PID" 2>/dev/null
  return 0
}

# Waits (up to 30 s: the machine may be busy) until a window with this exact name is mapped,
# so pointer events sent to it are delivered; prints its id.
wait_for_window() {
  local name=$1 id tries
  for tries in $(seq 600); do
    id=$(xdotool search --onlyvisible --name "^$name\$" 2>/dev/null | head -1 || true)
    if [[ -n "$id" ]]; then echo "$id"; return 0; fi
    sleep 0.05
  done
  echo "FAIL: no window named $name appeared" >&2
  return 1
}

# Waits until a file contains a line matching a pattern.
wait_for_line() {
  local file=$1 pattern=$2 tries
  for tries in $(seq 600); do
    grep -q "$pattern" "$file" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "FAIL: '$pattern' never appeared in $file:" >&2
  cat "$file" >&2
  return 1
}
