#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets with clang in BUILD_DIR and runs each for SECONDS (default 15),
# after replaying its committed corpus (seeds and regression inputs) under tests/fuzz/corpus/.
#   tests/fuzz/run_fuzzers.sh [--build-only|--no-build] BUILD_DIR [SECONDS] [TARGET...]
# New inputs go to BUILD_DIR/corpus/<target>, crashes to BUILD_DIR/artifacts/<target>/; the
# committed corpus is only read. Exits non-zero when any target finds a crash or leak.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
all_targets=(evemu region raster pixel_format backend_spec cli)
mode=run
case "${1:-}" in
  --build-only) mode=build; shift ;;
  --no-build) mode=nobuild; shift ;;
esac
[[ $# -ge 1 ]] || { sed -n 3,7p "$0" >&2; exit 2; }
build_dir=$1
seconds=${2:-15}
shift $(($# >= 2 ? 2 : 1))
targets=("$@")
((${#targets[@]})) || targets=("${all_targets[@]}")
[[ $seconds =~ ^[0-9]+$ && $seconds -ge 1 ]] || { echo "run_fuzzers: bad SECONDS '$seconds'" >&2; exit 2; }

if [[ $mode != nobuild ]]; then
  cxx=${CXX:-clang++}
  [[ $(basename "$cxx") == clang++* ]] || cxx=clang++
  command -v "$cxx" >/dev/null || { echo "run_fuzzers: $cxx not found (scripts/install-deps.sh)" >&2; exit 1; }
  if [[ ! -f $build_dir/CMakeCache.txt ]]; then
    CC=${cxx/clang++/clang} CXX=$cxx cmake -S "$here" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  nice -n 10 cmake --build "$build_dir" -j2 >/dev/null || cmake --build "$build_dir" -j1
  [[ $mode == build ]] && exit 0
fi

# UB aborts (built with -fno-sanitize-recover); leaks fail the run too.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for target in "${targets[@]}"; do
  binary=$build_dir/fuzz_$target
  [[ -x $binary ]] || { echo "run_fuzzers: no $binary (build first)" >&2; exit 1; }
  seeds=$here/corpus/$target
  work=$build_dir/corpus/$target
  artifacts=$build_dir/artifacts/$target/
  mkdir -p "$work" "$artifacts"
  dict=()
  [[ -f $here/$target.dict ]] && dict=(-dict="$here/$target.dict")
  echo "== fuzz_$target: ${seconds}s"
  # The first corpus directory receives new inputs; the committed one is read-only.
  # FB_FUZZ_SEED (the test command's bounded runs set it) fixes libFuzzer's random seed.
  seed=()
  [[ -n ${FB_FUZZ_SEED:-} ]] && seed=(-seed="$FB_FUZZ_SEED")
  if ! nice -n 10 "$binary" "${seed[@]}" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 \
      -rss_limit_mb=2048 -max_len=4096 -artifact_prefix="$artifacts" "${dict[@]}" \
      "$work" "$seeds" 2>"$build_dir/fuzz_$target.log"; then
    status=1
    echo "run_fuzzers: fuzz_$target FAILED; log $build_dir/fuzz_$target.log, input in $artifacts" >&2
    grep -E "ERROR|SUMMARY|runtime error|invariant" "$build_dir/fuzz_$target.log" | head -20 >&2 || true
  fi
  grep -E "DONE|stat::number_of_executed_units|stat::peak_rss" \
    "$build_dir/fuzz_$target.log" || true
done
exit $status
