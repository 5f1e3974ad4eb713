# SPDX-License-Identifier: MIT
# Starts a private Xvfb for a test and stops it (and anything the test started) on exit.
# Sourced; sets DISPLAY. CI has no display of its own: the test brings its own, skips nothing.

start_xvfb() {
  # -displayfd: Xvfb picks a free display number itself and writes it once it accepts
  # connections. Picking a number here instead races with tests started in parallel (both see
  # it free, and the loser's probe is answered by the winner's server).
  local number_file number="" tries
  number_file=$(mktemp)
  # -noreset: otherwise the server resets when its last client (the probe below) leaves, and
  # a client connecting during the reset is refused.
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$number_file" \
    >"${XVFB_LOG:-/dev/null}" 2>&1 &
  XVFB_PID=$!
  # Whatever ends this test, even a SIGKILL from ctest's timeout, the server goes with it.
  (
    while kill -0 $$ 2>/dev/null; do sleep 1; done
    kill "$XVFB_PID" 2>/dev/null
  ) >/dev/null 2>&1 &
  for tries in $(seq 200); do
    if [[ $(wc -l <"$number_file") -ge 1 ]]; then
      number=$(head -n 1 "$number_file")
      break
    fi
    kill -0 "$XVFB_PID" 2>/dev/null || break
    sleep 0.05
  done
  rm -f "$number_file"
  if [[ -z "$number" ]]; then
    kill "$XVFB_PID" 2>/dev/null || true
    echo "FAIL: could not start Xvfb" >&2
    return 1
  fi
  export DISPLAY=":$number"
  for tries in $(seq 100); do
    if xdotool getdisplaygeometry >/dev/null 2>&1; then return 0; fi
    sleep 0.05
  done
  echo "FAIL: Xvfb on $DISPLAY does not answer" >&2
  return 1
}

# Both end functions run under set -e in an EXIT trap: a failing kill or wait (the process is
# already gone) must not end the shell before the rest of the clean-up.
stop_xvfb() {
  if [[ -n "${XVFB_PID:-}" ]]; then
    kill "$XVFB_PID" 2>/dev/null || true
    wait "$XVFB_PID" 2>/dev/null || true
  fi
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

# The demo under test: set demo_pid and log once it runs. At exit it is killed and, if the
# test failed, its output is shown.
demo_pid=
log=

end_xvfb_test() {
  local status=$?
  if [[ -n "$demo_pid" ]]; then kill "$demo_pid" 2>/dev/null || true; fi
  if ((status != 0)) && [[ -n "$log" && -f "$log" ]]; then
    echo "--- demo output ($log):"
    cat "$log"
  fi
  stop_xvfb
}

# Starts the test's own Xvfb and ends the test's demo and server on any exit.
begin_xvfb_test() {
  trap end_xvfb_test EXIT
  start_xvfb
}
