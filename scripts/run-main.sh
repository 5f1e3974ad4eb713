#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The main job. First the board: QEMU's ARM Versatile Express (vexpress-a9) with fbmmap.ko driving
# its PL111 LCD plays each demo for a few seconds, paced by the PL111's vblank interrupt, prints
# the frame rates measured there (emulated figures) and keeps what the LCD showed as PNGs under
# out/board/, then measures the board's display pipeline with fb-frame-bench (table printed, JSON
# and chart in out/board/). Then, fast, the headless part: a test card, the demos rendered in
# memory and fb-frame-bench on the headless backend (out/frame-bench.{json,png}).
# Usage: scripts/run-main.sh [--window]    (--window: watch the LCD in QEMU's window; needs a
#                                          desktop, i.e. $DISPLAY)
set -euo pipefail
cd "$(dirname "$0")/.."

play_args=()
for arg in "$@"; do
  case $arg in
    --window) play_args+=(--window) ;;
    *) echo "usage: scripts/run-main.sh [--window]" >&2; exit 2 ;;
  esac
done

./scripts/install-deps.sh
# shellcheck source=compiler-cache.sh
source ./scripts/compiler-cache.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

echo "== the board's kernel: Linux 6.1 for vexpress-a9, built once and cached outside the tree"
echo "   (the first run builds it: about 5 to 15 minutes on 2 cores; later runs take seconds)"
board/vexpress-a9/build-kernel.sh >/dev/null
echo "== building (host user space, fbmmap.ko for the board, the armhf user space and rootfs)"
cmake --build build/release -j"$(nproc)"

echo "== the board: demos on the PL111 LCD, fbmmap.ko, QEMU vexpress-a9"
board/vexpress-a9/play-demos.py --build build/release --out out/board --seconds 4 \
  ${play_args[@]+"${play_args[@]}"}

mkdir -p out
echo "== headless test card"
build/release/tools/fb-testcard --backend headless --output out/testcard.png

echo "== demos, headless, 120 frames each"
for demo in sprites dashboard ticker drag; do
  build/release/demos/fbdemo-$demo --backend headless --frames 120 --screenshot out/$demo.png
done

echo "== fbdemo-plasma: full damage every frame, unpaced, frame rate"
build/release/demos/fbdemo-plasma --backend headless --frames 600 --fps 0 --stats \
  --screenshot out/plasma.png

echo "== fb-frame-bench, headless: every scene and present strategy, short cells"
build/release/benchmarks/frame_throughput/fb-frame-bench --backend headless --seconds 0.25 \
  --json out/frame-bench.json --chart out/frame-bench.png
