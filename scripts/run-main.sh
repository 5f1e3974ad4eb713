#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The main job: build, then render a test card through the headless display to a PNG.
# Usage: scripts/run-main.sh   (writes its images under out/)
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/release -j"$(nproc)"

mkdir -p out
echo "== headless test card"
build/release/tools/fb-testcard --backend headless --output out/testcard.png
