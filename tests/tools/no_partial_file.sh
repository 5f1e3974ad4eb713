#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A program whose output write fails midway (a file size limit, as a full disk would do) must
# fail and leave no file under the final name, nor a temporary beside it; without the limit the
# same command writes the file (so the check above did exercise the write).
# Usage: no_partial_file.sh NAME LIMIT_KIB COMMAND [ARG...]   (@OUT@ in an ARG is the output)
set -uo pipefail
name=$1 limit_kib=$2
shift 2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
args=()
for arg in "$@"; do args+=("${arg//@OUT@/$dir/$name}"); done
fail() { echo "FAIL: $*"; exit 1; }

# SIGXFSZ ignored: the write fails with EFBIG instead of the signal killing the program, as
# ENOSPC would. The output goes to a pipe, which the limit does not touch.
status=0
output=$( (trap '' XFSZ; ulimit -f "$limit_kib"; exec "${args[@]}") 2>&1) || status=$?
[[ $status != 0 ]] || fail "'${args[*]}' succeeded under a ${limit_kib} KiB file size limit"
leftovers=$(ls -A "$dir")
[[ -z $leftovers ]] || fail "a failed write left: $leftovers ($(ls -l "$dir")); said: $output"
grep -q -- "$dir/$name" <<<"$output" || fail "the error does not name the file: $output"

"${args[@]}" >/dev/null || fail "'${args[*]}' failed without the limit"
[[ $(ls -A "$dir") == "$name" && -s $dir/$name ]] || fail "without the limit: $(ls -A "$dir")"
echo "ok: exit $status under the limit, no file left; whole file without it"
