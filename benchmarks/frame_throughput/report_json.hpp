// SPDX-License-Identifier: MIT
// The report as JSON for scripts and dashboards; frame_bench.schema.json describes it and
// kJsonSchemaId names its version.
#pragma once

#include <string>
#include <string_view>

#include "bench_result.hpp"

namespace fb::bench {

/// The whole report, indented, ending in a newline.
std::string report_to_json(const Report& report);

/// A JSON string literal, quotes included: `"` `\` and control characters escaped, bytes that
/// are not valid UTF-8 replaced by U+FFFD (so /proc text of any encoding stays valid JSON).
std::string json_string(std::string_view text);

/// A JSON number that reads back as the same double (shortest form); NaN and infinities,
/// which JSON cannot hold, become null.
std::string json_number(double value);

}  // namespace fb::bench
