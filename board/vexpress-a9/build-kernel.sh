#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the emulated board's kernel (Linux 6.1 from Debian's linux-source-6.1, ARCH=arm,
# vexpress_defconfig + kernel.config) once and caches it outside the checkout, keyed by the
# fragment, this script, the source package's version and the cross compiler's version.
#
# Usage: board/vexpress-a9/build-kernel.sh      prints the cache directory on its last line:
#   DIR/zImage, DIR/vexpress-v2p-ca9.dtb, DIR/build (O= tree to build modules against with
#   make -C DIR/build M=... ARCH=arm CROSS_COMPILE=arm-linux-gnueabihf-), DIR/build-seconds.
# Cache root: $FBMMAP_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/fbmmap.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
log() { echo "build-kernel: $*" >&2; }

tarball=/usr/src/linux-source-6.1.tar.xz
[[ -f $tarball ]] || { log "$tarball missing: install linux-source-6.1"; exit 1; }
command -v arm-linux-gnueabihf-gcc >/dev/null ||
  { log "arm-linux-gnueabihf-gcc missing: install gcc-arm-linux-gnueabihf"; exit 1; }

src_version=$(dpkg-query -W -f='${Version}' linux-source-6.1)
gcc_version=$(arm-linux-gnueabihf-gcc --version | head -n 1)
key=$( { cat "$here/kernel.config" "$0"; echo "$src_version"; echo "$gcc_version"; } |
  sha256sum | cut -c1-16)
# CI may run without $HOME: then the user's home from the password database.
home=${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}
root=${FBMMAP_CACHE:-${XDG_CACHE_HOME:-$home/.cache}/fbmmap}
out=$root/board-kernel-$key
mkdir -p "$root"
# One build at a time per key; a second caller waits and then finds it cached.
exec 9>"$root/.board-kernel-$key.lock"
flock 9
if [[ -f $out/complete ]]; then
  log "cached: $out (linux-source-6.1 $src_version)"
  echo "$out"
  exit 0
fi

# The O= tree refers to its source by absolute path, so it is built where it will stay;
# 'complete' is written last, and an unfinished tree is wiped and built again.
work=$out
rm -rf "$work"
mkdir -p "$work/build"
start=$(date +%s)
log "building linux-source-6.1 $src_version for vexpress-a9 into $out (first time: minutes)"
tar -xf "$tarball" -C "$work"
mv "$work/linux-source-6.1" "$work/src"

make_arm=(make -C "$work/src" O="$work/build" ARCH=arm CROSS_COMPILE=arm-linux-gnueabihf-)
"${make_arm[@]}" -s vexpress_defconfig
"$work/src/scripts/kconfig/merge_config.sh" -m -O "$work/build" "$work/build/.config" \
  "$here/kernel.config" >/dev/null
"${make_arm[@]}" -s olddefconfig
# merge_config drops what Kconfig refuses: check that what the tests rely on came through.
for want in CONFIG_PROVE_LOCKING=y CONFIG_DEBUG_ATOMIC_SLEEP=y CONFIG_DMA_API_DEBUG=y \
            CONFIG_DMA_CMA=y CONFIG_MODULE_UNLOAD=y CONFIG_INPUT_EVDEV=y CONFIG_SERIO_AMBAKMI=y \
            CONFIG_FB=y CONFIG_FB_SYS_FOPS=y CONFIG_OF_RESERVED_MEM=y; do
  grep -qx "$want" "$work/build/.config" || { log "$want did not survive olddefconfig"; exit 1; }
done
for unwanted in CONFIG_DRM_PL111 CONFIG_FB_ARMCLCD CONFIG_FRAMEBUFFER_CONSOLE; do
  ! grep -q "^$unwanted=" "$work/build/.config" || { log "$unwanted is still on"; exit 1; }
done
"${make_arm[@]}" -s -j"$(nproc)" zImage modules vexpress-v2p-ca9.dtb
cp "$work/build/arch/arm/boot/zImage" "$work/build/arch/arm/boot/dts/vexpress-v2p-ca9.dtb" "$work/"
cp "$work/build/.config" "$work/config"
seconds=$(( $(date +%s) - start ))
echo "$seconds" >"$work/build-seconds"
touch "$work/complete"
log "built in $seconds s: $out"
echo "$out"
