#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs one program of the sanitize build (ASan+UBSan) as a user would and fails unless it exits
# with EXPECTED_STATUS, printed no sanitizer report, and wrote every FILE named with --creates
# (non-empty). The sanitizer options come from the ctest environment (tests/sanitize/CMakeLists.txt).
# A report is looked for on stderr as well as in the exit status: a usage error (exit 2) must not
# hide a leak, and options a developer sets could make a sanitizer only warn.
# Usage: run_program.sh [--creates FILE]... EXPECTED_STATUS COMMAND [ARG...]
set -uo pipefail
creates=()
while [[ ${1:-} == --creates ]]; do creates+=("$2"); shift 2; done
expected=$1
shift
fail() { echo "FAIL: $*" >&2; exit 1; }

# A file left by an earlier run must not pass for this one's output.
for file in "${creates[@]}"; do rm -f "$file"; mkdir -p "$(dirname "$file")"; done

err=$(mktemp)
trap 'rm -f "$err"' EXIT
status=0
# Headless whatever the caller's environment picks, so the run is the same everywhere.
env -u FB_BACKEND -u FB_INPUT -u DISPLAY -u WAYLAND_DISPLAY "$@" 2>"$err" || status=$?
cat "$err" >&2

if grep -Eq 'Sanitizer|runtime error:' "$err"; then
  fail "'$*' printed a sanitizer report (above)"
fi
[[ $status == "$expected" ]] || fail "'$*' exited $status, expected $expected"
for file in "${creates[@]}"; do
  [[ -s $file ]] || fail "'$*' did not write $file"
done
echo "ok: exit $status under ASan+UBSan: $*"
