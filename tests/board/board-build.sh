#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build steps of the board artefacts, called by tests/board/CMakeLists.txt. Paths that live in
# caches outside the build tree travel in small files, rewritten only when they change so that
# what depends on them is not rebuilt for nothing.
#
#   board-build.sh kernel OUT_FILE                 build-kernel.sh (cached); its dir into OUT_FILE
#   board-build.sh module KERNEL_FILE MODULE_DIR   Kbuild module in MODULE_DIR for the board kernel
#   board-build.sh dtb KERNEL_FILE OUT.dtb         derive-dtb.sh on the kernel's stock DTB
#   board-build.sh rootfs OUT_FILE STAGE_DIR       build-userspace.sh STAGE_DIR; its rootfs dir
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
board=$src/board/vexpress-a9
die() { echo "board-build: $*" >&2; exit 1; }

record() {  # file value: write value only if it differs
  local file=$1 value=$2
  [[ -n $value && -d $value ]] || die "not a directory: '$value'"
  if [[ ! -f $file || $(cat "$file") != "$value" ]]; then
    echo "$value" >"$file.tmp" && mv "$file.tmp" "$file"
  fi
}

kernel_dir() {
  local dir
  dir=$(cat "$1") || die "$1 missing: build the board_kernel target first"
  [[ -f $dir/complete ]] || die "$dir is not a finished board-kernel build"
  echo "$dir"
}

case ${1:-} in
  kernel)
    [[ $# == 2 ]] || die "usage: board-build.sh kernel OUT_FILE"
    # The script says when it builds (minutes, first time) and when it is cached.
    out=$("$board/build-kernel.sh" | tail -n 1)
    record "$2" "$out"
    ;;
  module)
    [[ $# == 3 ]] || die "usage: board-build.sh module KERNEL_FILE MODULE_DIR"
    kdir=$(kernel_dir "$2")
    # Not the calling make's jobserver (its file descriptors do not reach us through CMake).
    env -u MAKEFLAGS -u MFLAGS nice -n 10 make -s -C "$kdir/build" M="$(cd "$3" && pwd)" \
      ARCH=arm CROSS_COMPILE=arm-linux-gnueabihf- modules
    ;;
  dtb)
    [[ $# == 3 ]] || die "usage: board-build.sh dtb KERNEL_FILE OUT.dtb"
    kdir=$(kernel_dir "$2")
    "$board/derive-dtb.sh" "$kdir/vexpress-v2p-ca9.dtb" "$3"
    ;;
  rootfs)
    [[ $# == 3 ]] || die "usage: board-build.sh rootfs OUT_FILE STAGE_DIR"
    [[ -x $board/build-userspace.sh ]] || die "$board/build-userspace.sh missing"
    out=$("$board/build-userspace.sh" "$3" | tail -n 1)
    record "$2" "$out"
    ;;
  *)
    die "usage: board-build.sh kernel|module|dtb|rootfs ..."
    ;;
esac
