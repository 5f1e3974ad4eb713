#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The flags every demo shares: --help, --list-backends, bad values rejected with a message and
# exit code 2, an unknown backend named in the error, --seconds and --stats output.
# Usage: check_flags.sh DEMO_BIN_DIR
set -euo pipefail
bin_dir=$1
unset FB_BACKEND FB_INPUT
fail() { echo "FAIL: $*"; exit 1; }

for demo in sprites dashboard plasma ticker drag; do
  program="$bin_dir/fbdemo-$demo"
  help=$("$program" --help)
  for flag in --backend --device --input --frames --seconds --fps --screenshot --stats --help \
              --list-backends --overlay --rotate --touch-calibration; do
    grep -q -- "$flag" <<<"$help" || fail "fbdemo-$demo --help does not mention $flag"
  done
done

program="$bin_dir/fbdemo-sprites"
backends=$("$program" --list-backends)
grep -q '^headless ' <<<"$backends" || fail "--list-backends lacks headless: $backends"

expect_usage_error() {
  local expected=$1; shift
  local status=0 message
  message=$("$program" "$@" 2>&1 >/dev/null) || status=$?
  [[ $status == 2 ]] || fail "'$*' exited with $status, expected 2"
  grep -q -- "$expected" <<<"$message" || fail "'$*' said '$message', expected '$expected'"
}
expect_usage_error "wants a number" --frames many
expect_usage_error "at least 1" --frames 0
expect_usage_error "non-negative" --fps -5
expect_usage_error "needs a value" --screenshot
expect_usage_error "unknown option" --bogus
expect_usage_error "WIDTHxHEIGHT" --size 640
expect_usage_error "ascending" --pause-at 3,2
expect_usage_error "past --frames" --frames 2 --pause-at 3
expect_usage_error "unknown pixel format" --format bogus

status=0
message=$("$program" --backend nosuch --frames 1 2>&1) || status=$?
[[ $status == 1 ]] || fail "an unknown backend exited with $status"
grep -q nosuch <<<"$message" || fail "the error does not name the backend: $message"

status=0
message=$("$program" --input /nonexistent/event9 --frames 1 2>&1) || status=$?
[[ $status == 1 ]] || fail "a missing input device exited with $status"
grep -q /nonexistent/event9 <<<"$message" || fail "the error does not name the device: $message"

# --seconds stops on animation time; --stats prints the figures; the last line is the fps.
output=$("$program" --seconds 0.25 --fps 100 --stats --size 320x200)
grep -q '^frame time: p50 .* ms, p95 .* ms, p99 .* ms$' <<<"$output" || fail "no percentiles: $output"
grep -q '^per frame: damage [0-9]* px, [0-9]* bytes written$' <<<"$output" || fail "$output"
frames=$(sed -n 's/^frames: //p' <<<"$output")
((frames >= 20 && frames <= 30)) || fail "--seconds 0.25 at 100 fps ran $frames frames"
tail -1 <<<"$output" | grep -q '^fps: [0-9.]*$' || fail "the last line is not 'fps: N': $output"

# The same frame whatever --fps paces to: --frames steps a fixed 1/60 s.
a=$("$program" --frames 20 --fps 0 --checksum --size 320x200 | sed -n 's/^checksum: //p')
b=$("$program" --frames 20 --fps 240 --checksum --size 320x200 | sed -n 's/^checksum: //p')
[[ -n "$a" && "$a" == "$b" ]] || fail "frame 20 differs between --fps 0 ($a) and --fps 240 ($b)"
# The overlay is a layer on top: it changes the frame (its text is timing, so only "differs").
c=$("$program" --frames 20 --fps 0 --overlay --checksum --size 320x200 | sed -n 's/^checksum: //p')
[[ -n "$c" && "$c" != "$a" ]] || fail "--overlay did not change the frame"
# --pause-at: a marker once each chosen frame is shown, released by a line on stdin; the frame
# shown there is the one --frames N ends on. --format draws headless in that layout.
out=$(printf '\n\n' | "$program" --frames 3 --pause-at 1,3 --fps 0 --size 320x200 --checksum)
[[ $(grep '^FBDEMO-PAUSE' <<<"$out" | tr '\n' ' ') == "FBDEMO-PAUSE 1 FBDEMO-PAUSE 3 " ]] ||
  fail "--pause-at 1,3 printed: $out"
[[ $(sed -n 's/^checksum: //p' <<<"$out") == \
   $("$program" --frames 3 --fps 0 --size 320x200 --checksum | sed -n 's/^checksum: //p') ]] ||
  fail "pausing changed the frame"
"$program" --frames 1 --size 320x200 --format rgb565 --stats | grep -q '^backend: headless .* rgb565' ||
  fail "--format rgb565 did not reach the headless display"
echo "ok: shared demo flags"
