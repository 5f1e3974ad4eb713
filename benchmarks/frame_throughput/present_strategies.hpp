// SPDX-License-Identifier: MIT
// The ways of getting a scene's frames onto a display that fb-frame-bench compares, and the
// baselines it measures them against, each as a FramePresenter that draws and presents one
// frame and says how many bytes of scanout memory it wrote and read.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench_result.hpp"
#include "fb/compositor/compositor.hpp"

namespace fb::bench {

/// Scanout memory touched by one frame.
struct ScanoutTraffic {
  uint64_t written = 0;
  uint64_t read = 0;
};

/// A strategy or a baseline: its report names and what it needs of the display.
struct StrategySpec {
  Described description;
  int buffers = 1;          ///< Buffers the display is opened with.
  bool needs_scene = true;  ///< False: a machine baseline, run once, not per scene.
  /// Threads composing its frames: 1 for the compositor's strategies, 0 for the rest.
  unsigned workers = 0;
  /// The listed strategy this one is with more workers ("flip2" for "flip2-w2"); empty for
  /// the listed ones.
  std::string runs_as;
};

/// A compositor strategy (workers != 0) composing with `workers` threads: id "ID-wN" and title
/// "TITLE, N workers", measured as a strategy of its own beside `base`.
StrategySpec with_workers(const StrategySpec& base, unsigned workers);

/// Every strategy, then every baseline, in report order: direct, full-copy, damage, flip2,
/// flip3, pixman, memset-scanout, memcpy-scanout, readback-scanout, memcpy-cached.
const std::vector<StrategySpec>& strategy_specs();
const StrategySpec* find_strategy(const std::string& id);

/// Why `strategy` cannot run on a display opened for it (e.g. it has fewer buffers than the
/// strategy flips between), or nullopt when it can.
std::optional<std::string> unsupported_reason(const StrategySpec& strategy,
                                              const DisplayInfo& info);

/// Draws one frame of the scene (after its update) into the display and presents it, and
/// closes the scene's frame. Machine baselines ignore the scene.
class FramePresenter {
 public:
  virtual ~FramePresenter() = default;
  virtual ScanoutTraffic frame(Scene* scene) = 0;
};

/// The presenter of `strategy` on `display`, for scenes of the display's size.
std::unique_ptr<FramePresenter> make_presenter(const StrategySpec& strategy, Display& display);

}  // namespace fb::bench
