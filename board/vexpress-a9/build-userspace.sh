#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Cross-builds fbmmap's user space for the vexpress-a9 board (armhf, Cortex-A9) and stages the
# root filesystem tree the board tests pack into the initramfs (with fbmmap.ko and their /init).
#
# Usage: board/vexpress-a9/build-userspace.sh [BUILD_DIR]    (default: build/armhf)
#   prints BUILD_DIR/rootfs on its last line (progress on stderr). The tree holds:
#   /usr/bin/        fbdemo-*, fb-info, fb-testcard (debug info stripped; BUILD_DIR keeps it)
#   /usr/lib/arm-linux-gnueabihf/   every shared library they load, found from their DT_NEEDED
#                    in the compiler's own link search order (cross toolchain, then sysroot)
#   /lib/ld-linux-armhf.so.3        the dynamic loader (the programs' PT_INTERP)
#   /bin/busybox, /bin/sh           busybox-static (armhf) for /init
#   /usr/share/fonts/truetype/dejavu, /etc/fonts/fonts.conf    what Cairo's text needs
#   /var/cache/fontconfig           where fontconfig keeps its cache (empty)
#   /proc /sys /dev /tmp            empty mount points
# Runs under qemu-user too: qemu-arm -L BUILD_DIR/rootfs BUILD_DIR/rootfs/usr/bin/fb-info ...
# A second run with nothing changed takes seconds: the sysroot is cached, the build incremental.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
log() { echo "build-userspace: $*" >&2; }

for tool in cmake arm-linux-gnueabihf-g++ arm-linux-gnueabihf-readelf arm-linux-gnueabihf-strip; do
  command -v "$tool" >/dev/null || { log "$tool missing (scripts/install-deps.sh)"; exit 1; }
done
build=${1:-$repo/build/armhf}
mkdir -p "$build"
build=$(cd "$build" && pwd)
exec 8>"$build/.build-userspace.lock"
flock 8  # two runs on one build tree would stage into the same rootfs.new

sysroot=$("$here/armhf-sysroot.sh" | tail -n 1)
[[ -d $sysroot ]] || { log "armhf-sysroot.sh gave no sysroot"; exit 1; }

# Configure when the tree is new or the sysroot moved (a new package set has a new key);
# otherwise the build below re-runs CMake by itself if a CMakeLists.txt changed.
configured=$(sed -n 's/^FB_ARMHF_SYSROOT:PATH=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
if [[ $configured != "$sysroot" ]]; then
  fresh=()
  if [[ -n $configured ]]; then
    # A tree configured against another sysroot keeps that sysroot's pkg-config results in its
    # cache and, as --sysroot sits in the compile rules that make does not compare, its objects:
    # configure from scratch and build everything again.
    log "the sysroot changed (was $configured): configuring afresh and rebuilding"
    fresh=(--fresh)
    cmake --build "$build" --target clean >&2 || true
  fi
  log "configuring $build against $sysroot"
  nice -n 10 cmake "${fresh[@]}" -S "$repo" -B "$build" \
    -DCMAKE_TOOLCHAIN_FILE="$here/armhf-toolchain.cmake" -DFB_ARMHF_SYSROOT="$sysroot" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFB_WITH_SDL=OFF -DFB_BUILD_TESTS=OFF \
    -DFB_BUILD_BENCHMARKS=OFF -DFB_KERNEL_TESTS=OFF >&2
fi
programs=(fbdemo-sprites fbdemo-dashboard fbdemo-plasma fbdemo-ticker fbdemo-drag fb-info fb-testcard
  fb-frame-bench)
nice -n 10 cmake --build "$build" -j2 --target "${programs[@]}" >&2

# Staged afresh into a new tree that then replaces the old one, so nothing stale survives.
rootfs=$build/rootfs
stage=$build/rootfs.new
rm -rf "$stage"
mkdir -p "$stage"/{usr/bin,usr/lib/arm-linux-gnueabihf,lib,bin,etc/fonts,proc,sys,dev,tmp}
chmod 1777 "$stage/tmp"

bins=()
for program in "${programs[@]}"; do
  binary=$(find "$build/demos" "$build/tools" "$build/benchmarks/frame_throughput" -maxdepth 1 \
    -type f -name "$program" | head -n 1)
  [[ -n $binary ]] || { log "$program was not built"; exit 1; }
  arm-linux-gnueabihf-strip --strip-debug -o "$stage/usr/bin/$program" "$binary"
  bins+=("$stage/usr/bin/$program")
done

# The loader the programs ask for, and the directories the linker searched, in its order.
interp=$(arm-linux-gnueabihf-readelf -l "${bins[0]}" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
[[ $interp == /lib/ld-linux-armhf.so.3 ]] || { log "unexpected program interpreter '$interp'"; exit 1; }
search=()
IFS=: read -r -a dirs <<<"$(arm-linux-gnueabihf-g++ --sysroot="$sysroot" -print-search-dirs |
  sed -n 's/^libraries: =//p')"
for dir in "${dirs[@]}"; do
  [[ -d $dir ]] && search+=("$(realpath "$dir")")
done
find_lib() {
  local dir
  for dir in "${search[@]}"; do
    [[ -f $dir/$1 ]] && { echo "$dir/$1"; return 0; }
  done
  return 1
}
loader=$(find_lib "$(basename "$interp")") || { log "no $(basename "$interp") in: ${search[*]}"; exit 1; }
cp -L "$loader" "$stage$interp"

# DT_NEEDED, recursively; the loader is its own soname and is not copied twice.
declare -A staged=(["$(basename "$interp")"]=1)
queue=("${bins[@]}")
while ((${#queue[@]})); do
  elf=${queue[0]}
  queue=("${queue[@]:1}")
  while read -r soname; do
    [[ -n ${staged[$soname]:-} ]] && continue
    lib=$(find_lib "$soname") || { log "$(basename "$elf") needs $soname: not in ${search[*]}"; exit 1; }
    cp -L "$lib" "$stage/usr/lib/arm-linux-gnueabihf/$soname"
    staged[$soname]=1
    queue+=("$stage/usr/lib/arm-linux-gnueabihf/$soname")
  done < <(arm-linux-gnueabihf-readelf -d "$elf" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
done

cp "$sysroot/bin/busybox" "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"

# Cairo finds fonts through fontconfig. The demos ask for "DejaVu Sans" by name with their own
# hinting and antialiasing, but fb-testcard and the fps overlay take fontconfig's defaults, so
# this configuration gives what a stock Debian 12 (fontconfig-config, fonts-dejavu-core) gives:
# the generic names on DejaVu, antialiasing, slight hinting, the default LCD filter, and no
# hinting for DejaVu below 7.5 px. fontconfig warns without a cache directory: the board writes
# its cache there (in RAM); under qemu-user -L it cannot create files in the tree and just
# scans the fonts.
mkdir -p "$stage/usr/share/fonts/truetype" "$stage/var/cache/fontconfig"
cp -a "$sysroot/usr/share/fonts/truetype/dejavu" "$stage/usr/share/fonts/truetype/"
cat >"$stage/etc/fonts/fonts.conf" <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<!-- Staged by board/vexpress-a9/build-userspace.sh for the fbmmap board initramfs. -->
<fontconfig>
  <dir>/usr/share/fonts</dir>
  <cachedir>/var/cache/fontconfig</cachedir>
  <alias><family>sans-serif</family><prefer><family>DejaVu Sans</family></prefer></alias>
  <alias><family>serif</family><prefer><family>DejaVu Serif</family></prefer></alias>
  <alias><family>monospace</family><prefer><family>DejaVu Sans Mono</family></prefer></alias>
  <match target="pattern">
    <edit name="antialias" mode="append"><bool>true</bool></edit>
    <edit name="hintstyle" mode="append"><const>hintslight</const></edit>
    <edit name="lcdfilter" mode="append"><const>lcddefault</const></edit>
  </match>
  <match target="font">
    <test name="family" compare="contains"><string>DejaVu</string></test>
    <test name="pixelsize" compare="less"><double>7.5</double></test>
    <edit name="hinting"><bool>false</bool></edit>
  </match>
</fontconfig>
EOF

# Smoke test under qemu-user (-L: the guest's absolute paths resolve inside the tree first): a
# demo draws a frame with text, which proves every library and font is there and loads.
if command -v qemu-arm >/dev/null; then
  smoke=$(env -u FONTCONFIG_FILE -u FONTCONFIG_PATH qemu-arm -cpu cortex-a9 -L "$stage" \
    "$stage/usr/bin/fbdemo-dashboard" --backend headless --frames 1 --fps 0 --checksum 2>&1) ||
    { log "the staged tree does not run: $smoke"; exit 1; }
  # Anything before the checksum (a fontconfig warning, a missing font) is a staging fault.
  [[ $smoke == checksum:* ]] || { log "unexpected output from the staged tree: $smoke"; exit 1; }
else
  log "qemu-arm missing (qemu-user): the staged tree was not smoke-tested"
fi

rm -rf "$rootfs"
mv "$stage" "$rootfs"
log "staged ${#programs[@]} programs, ${#staged[@]} libraries (with the loader), busybox and fonts: $(du -sh "$rootfs" | cut -f1)"
echo "$rootfs"
