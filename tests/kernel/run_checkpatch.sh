#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs the kernel's own style checker, from Debian's linux-source-6.1, over the driver:
#   checkpatch.pl --strict must report nothing.
# Usage: run_checkpatch.sh DRIVER_DIR WORK_DIR
set -eu
driver=$1
work=$2
tarball=/usr/src/linux-source-6.1.tar.xz
checkpatch=$work/linux-source-6.1/scripts/checkpatch.pl

if [ ! -x "$checkpatch" ]; then
	[ -r "$tarball" ] || { echo "checkpatch: $tarball missing (install linux-source-6.1)" >&2; exit 1; }
	mkdir -p "$work"
	tar -xJf "$tarball" -C "$work" --wildcards \
		'linux-source-6.1/scripts/checkpatch.pl' \
		'linux-source-6.1/scripts/spelling.txt' \
		'linux-source-6.1/scripts/const_structs.checkpatch'
fi

cd "$driver"
files=$(ls ./*.c ./*.h Kbuild Makefile)
status=0
report=$("$checkpatch" --strict --no-tree --quiet --show-types -f $files 2>&1) || status=$?
if [ -n "$report" ] || [ "$status" -ne 0 ]; then
	printf '%s\n' "$report"
	echo "checkpatch: problems above (exit $status)" >&2
	exit 1
fi
echo "checkpatch --strict: no problems in $(echo $files | wc -w) files"
