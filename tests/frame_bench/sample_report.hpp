// SPDX-License-Identifier: MIT
// A hand-made report with every kind of cell, shared by the tests and the schema check.
#pragma once

#include "bench_result.hpp"

namespace fb::bench::testing {

/// Two scenes (fill, text) x direct, damage, flip2 and the scenes' pixman baselines, plus the
/// machine baselines; paced at 60 fps. Has ok cells (paced ones with missed frames, unpaced
/// baselines), an unsupported flip2, a failed pixman, strings that need escaping and a NaN.
/// Ratios not yet added.
Report sample_report();

}  // namespace fb::bench::testing
