#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds everything with warnings as errors and runs every test (unit, integration, kernel in
# QEMU, end to end), then rebuilds with ASan+UBSan and runs the unit tests again.
# Usage: scripts/run-tests.sh            (CI runs exactly this)
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh

jobs=$(nproc)
start=$(date +%s)
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

echo "== release build (-Werror) and all tests"
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFB_WERROR=ON >/dev/null
cmake --build build/release -j"$jobs"
ctest --test-dir build/release --output-on-failure -j1 | tee "$logs/release.log"

echo "== ASan+UBSan build and unit tests"
cmake -S . -B build/sanitize -DCMAKE_BUILD_TYPE=Debug -DFB_WERROR=ON -DFB_SANITIZE=ON \
  -DFB_KERNEL_TESTS=OFF -DFB_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build/sanitize -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build/sanitize --output-on-failure -L unit -j"$jobs" | tee "$logs/sanitize.log"

# One closing line over both runs (ctest's own summaries are above).
total=$(sed -n 's/.*tests passed, 0 tests failed out of \([0-9]*\).*/\1/p' "$logs"/*.log |
  awk '{ n += $1 } END { print n + 0 }')
skipped=$(cat "$logs"/*.log | grep -cE '^[[:space:]]+[0-9]+ - .* \(Skipped\)$' || true)
echo "run-tests: all passed in $(( $(date +%s) - start )) s"
echo "tests: $((total - skipped)) passed, 0 failed, $skipped skipped"
