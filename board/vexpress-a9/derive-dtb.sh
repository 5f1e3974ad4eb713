#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Derives the board's second memory configuration from the stock vexpress-v2p-ca9 DTB: the
# core-tile PL111 (the LCD QEMU's screendump sees) gets `memory-region = <&vram>`, the
# device tree's reserved shared-dma-pool (8 MiB at 0x4c000000, no-map), so fbmmap allocates
# its buffers through of_reserved_mem instead of CMA; every other PL111 (the motherboard's,
# which owned that pool) is disabled so the pool has one user.
#
# Usage: board/vexpress-a9/derive-dtb.sh STOCK.dtb OUT.dtb [CLCD-NODE]
#   CLCD-NODE: the controller that gets the pool (default /clcd@10020000).
# Needs fdtget and fdtput (package device-tree-compiler). Prints what it changed.
set -euo pipefail
die() { echo "derive-dtb: $*" >&2; exit 1; }

[[ $# -ge 2 && $# -le 3 ]] || die "usage: derive-dtb.sh STOCK.dtb OUT.dtb [CLCD-NODE]"
stock=$1 out=$2 target=${3:-/clcd@10020000}
[[ -f $stock ]] || die "$stock: no such file"
command -v fdtget >/dev/null && command -v fdtput >/dev/null ||
  die "fdtget/fdtput missing: install device-tree-compiler"

# Every node path, depth first.
walk() {
  local node=$1 child
  echo "$node"
  for child in $(fdtget -l "$stock" "$node"); do
    walk "${node%/}/$child"
  done
}
mapfile -t nodes < <(walk /)

compatible_has() {  # node string
  fdtget "$stock" "$1" compatible 2>/dev/null | tr ' ' '\n' | grep -qx "$2"
}

clcds=() pools=()
for node in "${nodes[@]}"; do
  compatible_has "$node" arm,pl111 && clcds+=("$node")
  [[ $node == /reserved-memory/* ]] && compatible_has "$node" shared-dma-pool && pools+=("$node")
done
[[ ${#pools[@]} -eq 1 ]] ||
  die "$stock: expected one shared-dma-pool under /reserved-memory, found ${#pools[@]}"
pool=${pools[0]}
printf '%s\n' "${clcds[@]}" | grep -qx "$target" ||
  die "$stock: $target is not an arm,pl111 node (PL111s: ${clcds[*]:-none})"
phandle=$(fdtget -t u "$stock" "$pool" phandle 2>/dev/null) ||
  die "$stock: $pool has no phandle"

tmp=$out.tmp$$
cp "$stock" "$tmp"
trap 'rm -f "$tmp"' EXIT
fdtput -t u "$tmp" "$target" memory-region "$phandle"
echo "derive-dtb: $target memory-region = <$pool> (phandle $phandle," \
     "reg $(fdtget -t x "$stock" "$pool" reg))"
for node in "${clcds[@]}"; do
  [[ $node == "$target" ]] && continue
  fdtput -t s "$tmp" "$node" status disabled
  echo "derive-dtb: $node status = \"disabled\""
done
# Read back what the kernel will see.
[[ $(fdtget -t u "$tmp" "$target" memory-region) == "$phandle" ]] ||
  die "memory-region did not take"
mv "$tmp" "$out"
trap - EXIT
