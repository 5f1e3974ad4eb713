#!/bin/bash
# SPDX-License-Identifier: MIT
# SIGINT and SIGTERM end a demo paced at a very slow --fps at once: the pacing wait ends on the
# signal instead of running out its period (10 s at 0.1 fps, an hour at 1e-300), the demo
# exits 0 and still prints its --stats.
# Usage: stop_signal.sh DEMO_BINARY
set -u
demo=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0

# Has PID installed a handler for signal number N? (SigCgt in /proc/PID/status, a hex mask.)
catches() {
  local mask
  mask=$(awk '/^SigCgt:/ { print $2 }' "/proc/$1/status" 2>/dev/null) || return 1
  [ -n "$mask" ] && (( (16#$mask >> ($2 - 1)) & 1 ))
}

for signal in INT TERM; do
  number=$(kill -l "$signal")
  for fps in 0.1 1e-300; do
    "$demo" --backend headless --size 64x48 --fps "$fps" --stats >"$work/out" 2>&1 &
    pid=$!
    # Signal only once the demo catches it, so the default action cannot end it instead.
    for _ in $(seq 600); do
      catches "$pid" "$number" && break
      sleep 0.05
    done
    kill -s "$signal" "$pid"
    # Generous against the 10 s period: the demo ends within one pacing slice of the signal.
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.05
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "FAIL: --fps $fps still running 5 s after SIG$signal"
      kill -KILL "$pid"
      wait "$pid"
      status=1
      continue
    fi
    wait "$pid"
    rc=$?
    # At 1e-300 fps the period is held to an hour: one frame, then the wait the signal ends
    # (a rate converted to a nonsense period would run frames flat out instead).
    expected='^frames: '
    [ "$fps" = 1e-300 ] && expected='^frames: 1$'
    if [ "$rc" -ne 0 ] || ! grep -q "$expected" "$work/out"; then
      echo "FAIL: --fps $fps after SIG$signal: exit $rc, output:"
      cat "$work/out"
      status=1
    else
      echo "ok: --fps $fps ended by SIG$signal ($(grep '^frames: ' "$work/out"))"
    fi
  done
done
exit $status
