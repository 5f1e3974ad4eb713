#!/bin/sh
# SPDX-License-Identifier: MIT
# The Debian packages, end to end: builds them from this tree with dpkg-buildpackage (debian/),
# checks them with lintian (no errors), installs them on this machine (the test runs as root on
# a disposable machine: CI's; it purges them again on every exit), builds and runs outside
# consumers of both libraries against the installed packages with pkg-config and with CMake,
# runs an installed tool and demo, and has the DKMS package build fbmmap.ko for the installed
# Debian kernel headers.
# Usage: run_packaging_test.sh SOURCE_DIR WORK_DIR
set -eu
src=$(cd "$1" && pwd)
work=$2
packages="fbmmap-dkms fbmmap-tools libfbmmap-dev libfbmmap-compositor0.1 libfbmmap0.1"

fail() { echo "packaging: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "packaging: needs root to install the packages (CI runs as root); skipped" >&2; exit 77; }
for tool in dpkg-buildpackage dh lintian dkms pkg-config cmake; do
  command -v "$tool" >/dev/null || fail "'$tool' missing: run scripts/install-deps.sh"
done
version=$(sed -n '1s/^fbmmap (\([^)]*\)).*/\1/p' "$src/debian/changelog")
[ -n "$version" ] || fail "no version in debian/changelog"

purge() { dpkg --purge $packages >/dev/null 2>&1 || true; }
purge
trap purge EXIT

# 1. Build from the tree's files (tracked and new, not ignored: no build trees).
rm -rf "$work"
tree=$work/fbmmap-$version
mkdir -p "$tree"
if [ -d "$src/.git" ]; then
  git -C "$src" ls-files -z -c -o --exclude-standard | (cd "$src" && xargs -0 tar -cf - --) |
    tar -C "$tree" -xf -
else
  tar -C "$src" --exclude=./build --exclude=./out -cf - . | tar -C "$tree" -xf -
fi
echo "packaging: dpkg-buildpackage -us -uc -b (fbmmap $version)"
(cd "$tree" && DEB_BUILD_OPTIONS="parallel=2 nocheck" dpkg-buildpackage -us -uc -b) \
  >"$work/build.log" 2>&1 || { tail -n 40 "$work/build.log"; fail "dpkg-buildpackage failed (log $work/build.log)"; }
debs=""
for p in $packages; do
  deb=$(ls "$work"/${p}_"$version"_*.deb 2>/dev/null | head -n 1)
  [ -n "$deb" ] || fail "no package $p was built"
  debs="$debs $deb"
done

# 2. lintian: errors fail, warnings are listed.
lintian --tag-display-limit 0 "$work"/fbmmap_"$version"_*.changes >"$work/lintian.log" 2>&1 || true
if grep -q '^E: ' "$work/lintian.log"; then
  grep '^E: ' "$work/lintian.log" >&2
  fail "lintian reports errors"
fi
echo "packaging: lintian: no errors, $(grep -c '^W: ' "$work/lintian.log" || true) warnings"

# 3. Install them all.
dpkg -i $debs >"$work/install.log" 2>&1 || { cat "$work/install.log"; fail "dpkg -i failed"; }

# 4. Outside consumers against the installed packages: pkg-config with no further flags, and
#    CMake's find_package; both link the shared libraries.
consumer=$src/tests/install/consumer
for pair in fbmmap:consumer:"consumer ok 16x8 xrgb8888" \
            fbmmap-compositor:compositor_consumer:"compositor consumer ok 2x workers"; do
  package=${pair%%:*}; rest=${pair#*:}; program=${rest%%:*}; want=${rest#*:}
  # shellcheck disable=SC2046
  c++ "$consumer/$program.cpp" -o "$work/$program" $(pkg-config --cflags --libs "$package") ||
    fail "$program did not build with pkg-config $package"
  readelf -d "$work/$program" | grep -q 'NEEDED.*libfbmmap' || fail "$program is not linked to the shared library"
  "$work/$program" | grep -q "$want" || fail "$program did not print '$want'"
done
cmake -S "$consumer" -B "$work/with-cmake" >"$work/cmake.log" 2>&1 &&
  cmake --build "$work/with-cmake" >>"$work/cmake.log" 2>&1 || { cat "$work/cmake.log"; fail "find_package(fbmmap) consumer did not build"; }
"$work/with-cmake/fb_compositor_consumer" | grep -q "compositor consumer ok" || fail "CMake consumer failed"
echo "packaging: consumers built with pkg-config and find_package against the packages run"

# 5. The installed programs.
fb-info --backend headless --mode 64x48 >/dev/null || fail "fb-info from fbmmap-tools failed"
fbdemo-sprites --frames 3 --checksum | grep -q '^checksum: ' || fail "fbdemo-sprites from fbmmap-tools failed"

# 6. DKMS builds the module for the installed Debian kernel headers.
kver=""
for build in /lib/modules/*/build; do
  [ -e "$build/Makefile" ] && kver=$(basename "$(dirname "$build")")
done
[ -n "$kver" ] || fail "no kernel headers installed (linux-headers-amd64)"
dkms status -m fbmmap -v "$version" | grep -q fbmmap || fail "the package did not add fbmmap/$version to DKMS"
dkms build -m fbmmap -v "$version" -k "$kver" >"$work/dkms.log" 2>&1 ||
  grep -q 'already built' "$work/dkms.log" || { cat "$work/dkms.log"; fail "dkms build failed for $kver"; }
ko=$(find "/var/lib/dkms/fbmmap/$version/$kver" -name 'fbmmap.ko*' | head -n 1)
[ -n "$ko" ] || fail "DKMS built no fbmmap.ko for $kver"
case "$(modinfo -F vermagic "$ko")" in
  "$kver "*) ;;
  *) fail "$ko is not for $kver" ;;
esac
echo "packaging: fbmmap-dkms built fbmmap.ko for $kver"

# 7. Purged, nothing stays behind.
trap - EXIT
purge
[ ! -e "/usr/src/fbmmap-$version" ] || fail "/usr/src/fbmmap-$version left after purge"
! dkms status -m fbmmap 2>/dev/null | grep -q fbmmap || fail "fbmmap still in DKMS after purge"
echo "packaging: all packages built, checked, installed, used and purged"
