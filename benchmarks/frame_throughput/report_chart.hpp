// SPDX-License-Identifier: MIT
// The report as a PNG bar chart: one panel per scene, the fps of each strategy side by side.
#pragma once

#include <string>

#include "bench_result.hpp"

namespace fb::bench {

struct ChartSize {
  int width = 0;
  int height = 0;
};

/// The chart's size in pixels: a title band, panels in two columns (one for a single scene),
/// one row of panels per two scenes (at least one), a legend band.
ChartSize chart_size(const Report& report);

/// Draws the chart and writes it to `path` as a PNG, whole or not at all (through a temporary
/// file and a rename). Bars: fps per strategy; the scene's pixman baseline hatched grey;
/// the machine's memset-scanout and memcpy-scanout as dashed lines (an arrow at the top edge
/// when far above the bars); unsupported and failed cells as empty slots saying so.
/// Throws fb::Error naming `path` on any failure.
void write_chart_png(const Report& report, const std::string& path);

}  // namespace fb::bench
