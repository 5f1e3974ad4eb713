// SPDX-License-Identifier: MIT
// What a report says about the machine it ran on.
#pragma once

#include <string>

namespace fb::bench {

/// The CPU's model name from /proc/cpuinfo ("model name", else "Hardware", else "Processor"),
/// or "unknown".
std::string cpu_model();

/// The kernel and architecture from uname, e.g. "Linux 6.1.0-25-amd64 x86_64".
std::string machine_description();

/// The time now as ISO 8601 UTC, e.g. "2026-11-26T17:05:00Z".
std::string utc_timestamp();

}  // namespace fb::bench
