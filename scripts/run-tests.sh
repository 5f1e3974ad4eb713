#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds everything with warnings as errors and runs every test (unit, integration, kernel in
# QEMU, end to end), then rebuilds with ASan+UBSan and runs the unit tests again, and the tools,
# demos and benchmarks' short modes themselves under the sanitizers.
# Usage: scripts/run-tests.sh            (CI runs exactly this)
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
# shellcheck source=compiler-cache.sh
source ./scripts/compiler-cache.sh

jobs=$(nproc)
start=$(date +%s)
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

echo "== release build (-Werror) and all tests"
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFB_WERROR=ON >/dev/null
cmake --build build/release -j"$jobs"
ctest --test-dir build/release --output-on-failure -j"$jobs" | tee "$logs/release.log"

echo "== ASan+UBSan build, unit tests and the programs under the sanitizers"
# Benchmarks on: their short modes run under the sanitizers too (sanitize-programs).
cmake -S . -B build/sanitize -DCMAKE_BUILD_TYPE=Debug -DFB_WERROR=ON -DFB_SANITIZE=ON \
  -DFB_KERNEL_TESTS=OFF -DFB_BUILD_BENCHMARKS=ON >/dev/null
cmake --build build/sanitize -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build/sanitize --output-on-failure -L unit -j"$jobs" | tee "$logs/sanitize.log"
# The programs' tests set ASAN/UBSAN/LSAN_OPTIONS themselves, with LSan reading
# tests/sanitize/lsan.supp (third-party process-lifetime caches only).
ctest --test-dir build/sanitize --output-on-failure -L sanitize-programs -j"$jobs" |
  tee "$logs/sanitize-programs.log"

# One closing line over all the runs (ctest's own summaries are above).
total=$(sed -n 's/.*tests passed, 0 tests failed out of \([0-9]*\).*/\1/p' "$logs"/*.log |
  awk '{ n += $1 } END { print n + 0 }')
skipped=$(cat "$logs"/*.log | grep -cE '^[[:space:]]+[0-9]+ - .* \(Skipped\)$' || true)
echo "run-tests: all passed in $(( $(date +%s) - start )) s"
echo "tests: $((total - skipped)) passed, 0 failed, $skipped skipped"
