// SPDX-License-Identifier: MIT
// The report as a fixed-width table for a terminal (about 110 columns).
#pragma once

#include <cstdio>

#include "bench_result.hpp"

namespace fb::bench {

/// Prints the run information, then a block per scene (one row per strategy and the scene's
/// pixman baseline), then the machine baselines, then what the ratio columns mean.
/// Unsupported and failed cells keep their row, with the reason.
void print_table(std::FILE* out, const Report& report);

}  // namespace fb::bench
