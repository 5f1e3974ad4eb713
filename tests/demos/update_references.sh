#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Regenerates reference/checksums.txt from the demos of a build (after an intended change to a
# demo or to rendering). Look at the PNGs it leaves in OUT_DIR before committing.
# Usage: tests/demos/update_references.sh [BUILD_DIR (default build)] [OUT_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/demo_cases.sh"
build=${1:-$here/../../build}
out_dir=${2:-$build/tests/demos/reference-frames}
mkdir -p "$out_dir"

{
  echo "# Checksums (FNV-1a 64 of the RGB pixels) of each demo case's last frame, headless."
  echo "# Regenerate: tests/demos/update_references.sh BUILD_DIR; cases in demo_cases.sh."
  for case_name in "${DEMO_CASES[@]}"; do
    mapfile -t command < <(demo_case "$case_name")
    sum=$(env -u FB_BACKEND -u FB_INPUT "$build/demos/${command[0]}" "${command[@]:1}" \
            --backend headless --fps 0 --checksum --screenshot "$out_dir/$case_name.png" |
          sed -n 's/^checksum: //p')
    [[ -n "$sum" ]] || { echo "update_references: $case_name printed no checksum" >&2; exit 1; }
    echo "$case_name $sum"
  done
} > "$here/reference/checksums.txt.new"
mv "$here/reference/checksums.txt.new" "$here/reference/checksums.txt"
cat "$here/reference/checksums.txt"
echo "frames in $out_dir"
