#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds fbmmap.ko the way a user of Debian's dkms does (kdriver/fbmmap/dkms.conf) against the
# installed headers of KERNEL_VERSION, in private source and DKMS trees (nothing is installed
# into the system), and checks the result: a module named fbmmap built for that kernel.
# Usage: run_dkms.sh DRIVER_DIR WORK_DIR KERNEL_VERSION
set -eu
driver=$1
work=$2
kver=$3
command -v dkms >/dev/null || { echo "dkms: not installed (apt-get install dkms)" >&2; exit 1; }
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$driver/dkms.conf")
[ -n "$version" ] || { echo "dkms: no PACKAGE_VERSION in $driver/dkms.conf" >&2; exit 1; }

rm -rf "$work"
src=$work/src/fbmmap-$version
mkdir -p "$src" "$work/tree"
cp "$driver"/*.c "$driver"/*.h "$driver"/Kbuild "$driver"/Makefile "$driver"/dkms.conf "$src/"
dkms build -m fbmmap -v "$version" -k "$kver" --sourcetree "$work/src" \
  --dkmstree "$work/tree" >"$work/dkms.log" 2>&1 || { cat "$work/dkms.log"; exit 1; }

ko=$(find "$work/tree/fbmmap/$version/$kver" -name 'fbmmap.ko*' | head -n 1)
[ -n "$ko" ] || { cat "$work/dkms.log"; echo "dkms: no fbmmap.ko was built" >&2; exit 1; }
name=$(modinfo -F name "$ko")
vermagic=$(modinfo -F vermagic "$ko")
case "$vermagic" in
  "$kver "*) ;;
  *) echo "dkms: $ko is for '$vermagic', not $kver" >&2; exit 1 ;;
esac
[ "$name" = fbmmap ] || { echo "dkms: $ko is named '$name'" >&2; exit 1; }
echo "dkms: fbmmap/$version built for $kver: $ko (vermagic $vermagic)"
