#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The main job: build, render a test card through the headless display, then run the demos
# headless (each saves its last frame) and measure the full-damage demo's frame rate.
# Usage: scripts/run-main.sh   (writes its images under out/)
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/release -j"$(nproc)"

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
