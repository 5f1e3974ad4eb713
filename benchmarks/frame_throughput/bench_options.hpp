// SPDX-License-Identifier: MIT
// fb-frame-bench's command line.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fb/backend_registry.hpp"

namespace fb::bench {

struct BenchOptions {
  std::string backend;       ///< --backend SPEC; empty: $FB_BACKEND, else headless.
  DisplayOptions display;    ///< --size, --format (headless and SDL; DRM: the mode and format).
  double seconds = 2.0;      ///< --seconds: measured time of each cell.
  double fps = 0;            ///< --fps: 0 unpaced, or a rate.
  bool fps_display = false;  ///< --fps display: the display's refresh rate (its vblank).
  std::vector<std::string> scenes;      ///< --scenes: ids in report order (default: all).
  std::vector<std::string> strategies;  ///< --strategies: ids in report order (default: all).
  std::string json_path;                ///< --json FILE.
  std::string chart_path;               ///< --chart FILE.png.
  bool quiet = false;                   ///< --quiet: no progress line on stderr.
  /// --workers: above 1, the compositor's strategies again with this many threads; unset:
  /// $FB_RENDER_WORKERS, else 1.
  std::optional<unsigned> workers;
};

/// Every scene and strategy id, comma separated, in report order (for help and messages).
std::string all_scene_ids();
std::string all_strategy_ids();

/// Parses argv. Returns the options, or the exit code when the program should end now: 0 after
/// --help or --list-backends, 2 (fb::cli::kUsageExitCode) after a bad flag, with what was
/// wrong printed to stderr as "fb-frame-bench: ...".
struct ParsedBenchOptions {
  BenchOptions options;
  std::optional<int> exit_code;
};
ParsedBenchOptions parse_bench_options(int argc, const char* const argv[]);

/// The --help text.
std::string bench_help();

}  // namespace fb::bench
