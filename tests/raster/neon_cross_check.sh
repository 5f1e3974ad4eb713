#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the row-kernel tests for aarch64 and 32-bit ARM (Cortex-A9, NEON) with the Debian cross
# compilers and runs them under qemu-user, so the NEON kernels are checked against the scalar
# reference without an ARM board. Needs g++-aarch64-linux-gnu, g++-arm-linux-gnueabihf,
# qemu-user and libgtest-dev (for its sources).
# Usage: neon_cross_check.sh SOURCE_DIR WORK_DIR
set -eu
src=${1:?source dir}
work=${2:?work dir}
gtest=/usr/src/googletest/googletest
mkdir -p "$work"

run_arch() {  # name compiler qemu flags...
  name=$1 cxx=$2 qemu=$3
  shift 3
  if ! command -v "$cxx" >/dev/null || ! command -v "${qemu%% *}" >/dev/null; then
    echo "$name: $cxx or $qemu missing, skipped"
    return 0
  fi
  out=$work/$name
  mkdir -p "$out"
  if [ ! -f "$out/gtest.a" ]; then
    "$cxx" -std=c++20 -O2 -I$gtest/include -I$gtest -c $gtest/src/gtest-all.cc -o "$out/gtest-all.o"
    "$cxx" -std=c++20 -O2 -I$gtest/include -c $gtest/src/gtest_main.cc -o "$out/gtest_main.o"
    ar rcs "$out/gtest.a" "$out/gtest-all.o" "$out/gtest_main.o"
  fi
  flags="-std=c++20 -O2 -Wall -Wextra -Wshadow -Werror $*"
  # shellcheck disable=SC2086
  "$cxx" $flags -I"$src/libfb/src" -I"$src/libfb/include" -I$gtest/include \
    -I"$src/tests/raster" -static -o "$out/row_kernels_test" \
    "$src/libfb/src/raster/neon_kernels.cpp" "$src/libfb/src/raster/scalar_kernels.cpp" \
    "$src/libfb/src/raster/kernel_dispatch.cpp" "$src/tests/raster/row_kernels_test.cpp" \
    "$out/gtest.a" -lpthread 2>"$out/link.log" || { cat "$out/link.log"; return 1; }
  # shellcheck disable=SC2086
  $qemu "$out/row_kernels_test" --gtest_brief=1
  # The NEON table must have been among those tested (the CPU check found it).
  # shellcheck disable=SC2086
  $qemu "$out/row_kernels_test" --gtest_filter='RowKernelSelection.*' 2>&1 | grep -q 'scalar, neon' 
  echo "$name: NEON kernels equal the scalar reference"
}

run_arch aarch64 aarch64-linux-gnu-g++ qemu-aarch64
run_arch armv7 arm-linux-gnueabihf-g++ "qemu-arm -cpu cortex-a9" -march=armv7-a -mfpu=neon \
  -DFB_RASTER_NEON=1
