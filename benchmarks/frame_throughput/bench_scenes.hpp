// SPDX-License-Identifier: MIT
// The scenes fb-frame-bench measures: what UIs on a panel typically ask of a display, built as
// compositor scenes at the display's size so every strategy draws exactly the same frames.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bench_result.hpp"
#include "fb/compositor/compositor.hpp"

namespace fb::bench {

/// Changes the scene for frame `frame` (counted from 0): moves, redraws, restacks layers.
using SceneUpdate = std::function<void(uint64_t frame)>;

struct BenchScene {
  Described description;
  /// Adds the scene's layers to an empty `scene` and returns its per-frame update, which may
  /// hold references to the scene (it lives as long as the scene).
  std::function<SceneUpdate(Scene& scene)> build;
};

/// Every scene, in report order: fill, image, sprite, sprites, dashboard, text, fullchange.
const std::vector<BenchScene>& bench_scenes();

/// The scene with this id, or nullptr.
const BenchScene* find_bench_scene(const std::string& id);

/// The smallest display the scenes fit on (sprites and panels are cut to the display's size
/// but need some room to move).
inline constexpr int32_t kMinBenchSide = 64;

}  // namespace fb::bench
