// SPDX-License-Identifier: MIT
// Runs fb-frame-bench's cells: each strategy on a display opened for it, each scene for the
// chosen time, with figures collected per frame.
#pragma once

#include <cstdio>

#include "bench_options.hpp"
#include "bench_result.hpp"
#include "present_strategies.hpp"

namespace fb::bench {

/// Measures every chosen (scene, strategy) cell and baseline and returns the report with its
/// ratios filled in. `progress` (may be null) gets a progress line per cell, rewritten in
/// place on a terminal. A strategy the display cannot do is reported unsupported; a cell that
/// throws fb::Error is reported failed and the run goes on. Throws fb::Error when no display
/// opens at all.
Report run_bench(const BenchOptions& options, std::FILE* progress);

/// Runs one cell: `strategy` on `display` with `scene_id` (empty for machine baselines) for
/// `seconds` (at least 3 frames) after 4 warm-up frames, paced at `fps` (0 = unpaced).
Cell run_cell(Display& display, const std::string& scene_id, const StrategySpec& strategy,
              double seconds, double fps);
/// The same for a listed strategy, by id.
Cell run_cell(Display& display, const std::string& scene_id, const std::string& strategy_id,
              double seconds, double fps);

}  // namespace fb::bench
