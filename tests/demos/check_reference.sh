#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs one reference case headless and compares the checksum of its last frame with the one
# committed in reference/checksums.txt. On a mismatch the frame is kept as PNG to look at.
# Usage: check_reference.sh DEMO_BIN_DIR CASE OUT_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/demo_cases.sh"
bin_dir=$1 case_name=$2 out_dir=$3
mkdir -p "$out_dir"

mapfile -t command < <(demo_case "$case_name")
program="$bin_dir/${command[0]}"
png="$out_dir/$case_name.png"
output=$(env -u FB_BACKEND -u FB_INPUT "$program" "${command[@]:1}" --backend headless --fps 0 \
         --checksum --screenshot "$png")
echo "$output"
actual=$(sed -n 's/^checksum: //p' <<<"$output")
expected=$(awk -v name="$case_name" '$1 == name { print $2 }' "$here/reference/checksums.txt")
[[ -n "$expected" ]] || { echo "FAIL: no reference for '$case_name' in reference/checksums.txt"; exit 1; }

if [[ "$case_name" == drag-replay ]]; then
  # The recording drags card 1 from (150,250) to (450,400): it moves by (300,150).
  grep -qx 'card 1: 402,350' <<<"$output" || { echo "FAIL: card 1 is not where the touch left it"; exit 1; }
fi

if [[ "$actual" != "$expected" ]]; then
  echo "FAIL: $case_name: frame checksum $actual, reference $expected; frame kept in $png"
  echo "If the change is intended: tests/demos/update_references.sh and commit the result."
  exit 1
fi
echo "ok: $case_name matches its reference ($actual)"
