#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian 12 packages fbmmap builds and tests with. Idempotent: installs only what
# is missing, so a second run costs a dpkg query and nothing else.
set -euo pipefail

packages=(
  # Build
  build-essential cmake pkg-config python3
  # Compiles cached outside the checkout (scripts/compiler-cache.sh)
  ccache
  libdrm-dev libcairo2-dev libpixman-1-dev libsdl2-dev libevdev-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # fb-frame-bench's JSON checked against its schema (tests/frame_bench)
  python3-jsonschema
  # libFuzzer targets under tests/fuzz (Debian's clang brings libclang_rt.fuzzer)
  clang
  # Kernel module and the QEMU tests that boot it
  linux-image-amd64 linux-headers-amd64 qemu-system-x86 busybox-static cpio xz-utils kmod
  # checkpatch.pl, the judge of the driver's coding style
  linux-source-6.1
  # SDL backend in a real X window
  xvfb x11-apps xdotool imagemagick
  # The one font the demos' text is drawn in (their reference checksums depend on it)
  fonts-dejavu-core
  # NEON kernels cross-built for aarch64 and armv7 and checked under qemu-user
  g++-aarch64-linux-gnu g++-arm-linux-gnueabihf qemu-user
  # The emulated board: its kernel (built from linux-source-6.1), QEMU vexpress-a9, device trees
  gcc-arm-linux-gnueabihf qemu-system-arm device-tree-compiler bison flex bc libssl-dev libelf-dev
  # QEMU's window for scripts/run-main.sh --window
  qemu-system-gui
  # The module built and installed through DKMS against the installed headers
  dkms
  # The Debian packages (debian/) and their checks
  debhelper dh-dkms lintian dpkg-dev
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=()
if ((EUID != 0)); then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi

echo "install-deps: installing ${missing[*]}"
# With armhf added for the board's sysroot, an armhf index may fail to download and apt-get
# update then exits non-zero although the amd64 lists arrived; apt-get install below says so
# if a package really is missing.
"${sudo[@]}" apt-get update -q || echo "install-deps: apt-get update reported errors (see above)" >&2
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "${missing[@]}"
