#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs a command that must fail: exit status EXPECTED_STATUS and a message on stderr matching
# PATTERN (grep -E), so bad input gives a clear error, not just any non-zero exit.
# Usage: expect_failure.sh EXPECTED_STATUS PATTERN COMMAND [ARG...]
expected=$1
pattern=$2
shift 2
err=$(mktemp)
"$@" >/dev/null 2>"$err"
status=$?
if [ "$status" -ne "$expected" ]; then
	echo "FAIL: '$*' exited $status, expected $expected; stderr:" >&2
	cat "$err" >&2
	rm -f "$err"
	exit 1
fi
if ! grep -Eq -e "$pattern" "$err"; then
	echo "FAIL: '$*' stderr does not match '$pattern':" >&2
	cat "$err" >&2
	rm -f "$err"
	exit 1
fi
echo "ok: exit $status, $(head -n 1 "$err")"
rm -f "$err"
