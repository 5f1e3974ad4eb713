#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Makes the armhf sysroot the board's user space is cross-built against: Debian's armhf -dev
# packages of cairo, pixman-1, libdrm and libevdev with the libraries they depend on, plus
# busybox-static (the initramfs shell) and fonts-dejavu-core (the demos' font), fetched with
# `apt-get download` and unpacked with `dpkg-deb -x`. Nothing armhf is ever installed: multiarch
# installs fail on version skew with amd64 security updates and can take the host compiler along.
#
# Usage: board/vexpress-a9/armhf-sysroot.sh     prints the sysroot's path on the last line of
# stdout (progress goes to stderr). Cached in $FBMMAP_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/fbmmap,
# as armhf-sysroot-KEY, KEY a hash of this script and the resolved package list with versions.
# Needs root or sudo only the first time (dpkg --add-architecture armhf, apt-get update).
#
# How the compiler uses it: with --sysroot (CMAKE_SYSROOT). Debian's arm-linux-gnueabihf-gcc 12
# finds its own C library and libstdc++ (/usr/arm-linux-gnueabihf, /usr/lib/gcc-cross) relative
# to its install prefix, not to the sysroot, and looks in the sysroot only for what a native
# compiler finds in /usr/include and /usr/lib/arm-linux-gnueabihf; so libc6-dev and libstdc++-dev
# are not needed here and are left out (the resolver skips what a *-armhf-cross package provides).
# Without --sysroot (-I/-L into this tree instead) it does not work: the cross compiler then also
# searches the HOST's /usr/include (`#include <zlib.h>` silently finds the amd64 header), and the
# linker cannot find the libraries that libcairo.so itself needs (libpixman-1.so.0,
# libfontconfig.so.1...: "not found, try using -rpath-link"), as it looks for those in the
# sysroot's /lib and /usr/lib only.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
self=$here/$(basename "$0")
log() { echo "armhf-sysroot: $*" >&2; }

roots=(libcairo2-dev libpixman-1-dev libdrm-dev libevdev-dev busybox-static fonts-dejavu-core)
# Checked after every apt-get update: the packages the build cannot do without.
essential=(libcairo2-dev libpixman-1-dev libdrm-dev libevdev-dev busybox-static)

for tool in apt-get apt-cache dpkg-deb dpkg-query python3 flock sha256sum; do
  command -v "$tool" >/dev/null || { log "$tool missing"; exit 1; }
done
# CI may run without $HOME: then the user's home from the password database.
home=${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}
root=${FBMMAP_CACHE:-${XDG_CACHE_HOME:-$home/.cache}/fbmmap}
mkdir -p "$root/armhf-debs" "$root/armhf-resolved"
exec 9>"$root/.armhf-sysroot.lock"
flock 9  # one resolver/downloader at a time; a second caller then finds everything cached

as_root() {
  if ((EUID == 0)); then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    log "need root or sudo for: $*"
    exit 1
  fi
}

updated=0
apt_update() {
  log "apt-get update (armhf indexes)"
  # On this kind of machine the armhf index of bookworm-security fails to download ("File has
  # unexpected size") and apt-get update exits non-zero although the main armhf index arrived:
  # carry on and check below for the packages themselves.
  as_root apt-get update -q >&2 || log "apt-get update exited non-zero; checking the armhf index"
  updated=1
}

if ! dpkg --print-foreign-architectures | grep -qx armhf; then
  log "adding armhf to dpkg's architectures (needed by apt-get download; nothing gets installed)"
  as_root dpkg --add-architecture armhf
  apt_update
fi

# The closure, resolved from apt's armhf index: Depends and Pre-Depends of each package (the
# first alternative that exists; virtual names through Provides), followed into libraries and
# -dev packages only. Not followed: what the cross toolchain provides (a *-armhf-cross package
# is installed for it: libc6, libgcc-s1, libstdc++...), build-machine tools (Multi-Arch: foreign,
# arch-dependent: pkgconf, libglib2.0-bin) and everything else that is not a library (python3,
# perl, x11-common). Output: "name arch version" lines, sorted; what was skipped goes to stderr.
resolve() {
  python3 - "${roots[@]}" <<'EOF'
import re, subprocess, sys

roots = sys.argv[1:]
dump = subprocess.run(["apt-cache", "dumpavail"], capture_output=True, text=True, check=True).stdout
armhf, alls, provides = {}, {}, {}
for block in dump.split("\n\n"):
    if "\nArchitecture: armhf\n" not in block and "\nArchitecture: all\n" not in block:
        continue
    rec = {}
    for line in block.splitlines():
        if line[:1] not in (" ", "\t") and ":" in line:
            key, _, value = line.partition(":")
            rec[key] = value.strip()
    table = armhf if rec.get("Architecture") == "armhf" else alls
    table.setdefault(rec["Package"], rec)
    for item in filter(None, (p.strip() for p in rec.get("Provides", "").split(","))):
        provides.setdefault(item.split()[0], rec["Package"])

def record(name):
    return armhf.get(name) or alls.get(name)

query = subprocess.run(["dpkg-query", "-W", "-f=${Package} ${db:Status-Abbrev}\n", "*-armhf-cross"],
                       capture_output=True, text=True).stdout
cross = {line.split()[0][: -len("-armhf-cross")] for line in query.splitlines()
         if line.split()[1:2] == ["ii"]}

missing = [r for r in roots if record(r) is None]
if missing:
    sys.exit("armhf-sysroot: not in the armhf index: " + " ".join(missing))

chosen, skipped, seen, todo = {}, {}, set(roots), list(roots)
while todo:
    name = todo.pop()
    rec = record(name)
    if name not in roots:
        section = rec.get("Section", "").split("/")[-1]
        if name in cross:
            skipped[name] = "provided by the cross toolchain"
            continue
        if rec.get("Multi-Arch") == "foreign" and rec["Architecture"] != "all":
            skipped[name] = "a build-machine tool"
            continue
        if not (name.startswith("lib") or name.endswith("-dev") or section in ("libs", "libdevel")):
            skipped[name] = "not a library"
            continue
    chosen[name] = rec
    for field in ("Pre-Depends", "Depends"):
        for group in filter(None, (g.strip() for g in rec.get(field, "").split(","))):
            for alternative in group.split("|"):
                dep = re.sub(r"[\s(\[<].*$", "", alternative.strip()).split(":")[0]
                dep = dep if record(dep) else provides.get(dep)
                if dep:
                    break
            else:
                sys.exit(f"armhf-sysroot: {name}: nothing in the index satisfies '{group}'")
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)

for name in sorted(chosen):
    print(name, chosen[name]["Architecture"], chosen[name]["Version"])
print("armhf-sysroot: not unpacked: " +
      ", ".join(f"{n} ({why})" for n, why in sorted(skipped.items())), file=sys.stderr)
EOF
}

# Resolving reads apt's whole index (seconds), so its answer is kept, keyed by everything it
# depends on: this script, apt's index files and sources (size and time) and the cross
# toolchain's packages. (Plain stat: any apt-get/apt-cache call costs seconds here, as apt's
# binary cache is switched off.)
lists=
eval "$(apt-config shell lists Dir::State::lists/d)"
resolved_list() {
  local stamp
  stamp=$( {
    sha256sum "$self"
    stat -c '%n %s %Y' "${lists:-/var/lib/apt/lists/}"*_Packages* /etc/apt/sources.list* \
      /etc/apt/sources.list.d/* /etc/apt/preferences* 2>/dev/null || true
    dpkg-query -W -f='${Package} ${Version} ${db:Status-Abbrev}\n' '*-armhf-cross' 2>/dev/null || true
  } | sha256sum | cut -c1-16)
  local memo=$root/armhf-resolved/$stamp
  if [[ ! -s $memo ]]; then
    log "resolving the armhf package closure of: ${roots[*]}"
    resolve >"$memo.tmp" || { rm -f "$memo.tmp"; return 1; }
    mv "$memo.tmp" "$memo"
  fi
  cat "$memo"
}

index_has_essentials() {
  local found
  found=$(apt-cache policy "${essential[@]/%/:armhf}" 2>/dev/null |
    awk '/Candidate:/ && $2 != "(none)" {n++} END {print n + 0}')
  ((found == ${#essential[@]}))
}

list=$(resolved_list) || list=
if [[ -z $list ]]; then
  ((updated)) || apt_update
  index_has_essentials || { log "the armhf index lacks ${essential[*]} even after apt-get update"; exit 1; }
  list=$(resolved_list)
fi
key=$( { sha256sum <"$self"; echo "$list"; } | sha256sum | cut -c1-16)
out=$root/armhf-sysroot-$key
if [[ -f $out/.fbmmap-complete ]]; then
  log "cached: $out ($(wc -l <<<"$list") packages)"
  echo "$out"
  exit 0
fi

# apt-get download names files NAME_VERSION_ARCH.deb with the epoch's colon as %3a.
deb_path() { echo "$root/armhf-debs/${1}_${3//:/%3a}_${2}.deb"; }

download_missing() {
  local name arch version want=()
  while read -r name arch version; do
    [[ -f $(deb_path "$name" "$arch" "$version") ]] && continue
    if [[ $arch == all ]]; then want+=("$name=$version"); else want+=("$name:$arch=$version"); fi
  done <<<"$list"
  ((${#want[@]} == 0)) && return 0
  log "downloading ${#want[@]} packages"
  # As root, apt's _apt sandbox user cannot write into a cache under /root: say so up front
  # instead of letting apt warn about it.
  local sandbox=()
  ((EUID == 0)) && sandbox=(-o APT::Sandbox::User=root)
  (cd "$root/armhf-debs" && apt-get download -q "${sandbox[@]}" "${want[@]}" >&2)
}

if ! download_missing; then
  ((updated)) && { log "apt-get download failed"; exit 1; }
  log "apt-get download failed; the index may be stale"
  apt_update
  index_has_essentials || { log "the armhf index lacks ${essential[*]}"; exit 1; }
  list=$(resolved_list)
  key=$( { sha256sum <"$self"; echo "$list"; } | sha256sum | cut -c1-16)
  out=$root/armhf-sysroot-$key
  [[ -f $out/.fbmmap-complete ]] && { log "cached: $out"; echo "$out"; exit 0; }
  download_missing
fi

start=$(date +%s)
tmp=$out.tmp.$$
rm -rf "$tmp"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
while read -r name arch version; do
  deb=$(deb_path "$name" "$arch" "$version")
  got=$(dpkg-deb -f "$deb" Package Version Architecture | awk -F': ' '{printf "%s ", $2}')
  [[ $got == "$name $version $arch " ]] || { log "$deb holds '$got', expected '$name $version $arch'"; exit 1; }
  dpkg-deb -x "$deb" "$tmp"
done <<<"$list"
# Absolute symlinks (libfoo.so -> /lib/arm-linux-gnueabihf/libfoo.so.1) would point into the
# host: make them relative, inside the sysroot.
python3 - "$tmp" <<'EOF'
import os, sys
top = sys.argv[1]
for directory, dirs, files in os.walk(top):
    for entry in dirs + files:
        path = os.path.join(directory, entry)
        if os.path.islink(path) and os.readlink(path).startswith("/"):
            target = top + os.readlink(path)
            os.unlink(path)
            os.symlink(os.path.relpath(target, directory), path)
EOF
echo "$list" >"$tmp/.fbmmap-packages"
touch "$tmp/.fbmmap-complete"
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
log "unpacked $(wc -l <<<"$list") packages in $(( $(date +%s) - start )) s: $out"
echo "$out"
