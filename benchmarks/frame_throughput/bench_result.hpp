// SPDX-License-Identifier: MIT
// fb-frame-bench's results: one cell per (scene, strategy) and per baseline, as measured, and
// what the report writers (table, JSON, chart) take.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fb::bench {

/// The JSON document's "schema" value; bumped on any incompatible change of its shape
/// (frame_bench.schema.json describes it).
inline constexpr const char* kJsonSchemaId = "fbmmap-frame-bench/1";

/// The figures of one cell: a run of frames of one scene with one present strategy.
struct FrameFigures {
  uint64_t frames = 0;
  double seconds = 0;       ///< Wall time of the measured frames.
  double fps = 0;           ///< frames / seconds.
  double frame_ms_p50 = 0;  ///< Frame time (start of one frame to start of the next).
  double frame_ms_p95 = 0;
  double frame_ms_p99 = 0;
  double cpu_ms_per_frame = 0;              ///< CPU time of the process (user + system) per frame.
  double scanout_bytes_per_frame = 0;       ///< Bytes stored into scanout memory per frame.
  double scanout_read_bytes_per_frame = 0;  ///< Bytes read back from scanout memory per frame.
  std::optional<uint64_t> missed_frames;    ///< Paced runs only: periods missed in all.
};

enum class CellStatus {
  ok,           ///< Measured.
  unsupported,  ///< The backend cannot do this strategy (reason says why); not measured.
  failed,       ///< The run threw (reason has the error); the rest of the run went on.
};

/// A ratio of a cell's fps to a baseline cell's fps, both measured in this run.
struct Ratio {
  std::string baseline;  ///< The baseline cell's strategy id, e.g. "memcpy-scanout".
  double value = 0;      ///< cell fps / baseline fps.
};

struct Cell {
  std::string scene;      ///< Scene id ("fill", "sprites", ...); empty for machine baselines.
  std::string strategy;   ///< Strategy id ("direct", "damage", "flip2", "memcpy-scanout", ...).
  bool baseline = false;  ///< A baseline rather than a way of presenting.
  CellStatus status = CellStatus::ok;
  std::string reason;  ///< Why unsupported or failed; empty when ok.
  FrameFigures figures;
  std::vector<Ratio> ratios;  ///< Against the baselines of this run that apply.
};

/// A scene or strategy as the report names it.
struct Described {
  std::string id;
  std::string title;      ///< Short, for the table and the chart.
  std::string what;       ///< One sentence for --help and the JSON.
  bool baseline = false;  ///< Strategies only: a baseline rather than a way of presenting.
};

/// What the run was on and how it was run.
struct RunInfo {
  std::string tool_version;
  std::string backend;  ///< "headless", "sdl", "fbdev", "drm".
  std::string device;
  std::string driver;  ///< fbdev id / DRM driver name where known.
  /// The picture the scenes are drawn at: the panel's size, swapped when rotated 90 or 270.
  int32_t width = 0;
  int32_t height = 0;
  /// How the panel is mounted (--rotate): 0, 90, 180 or 270 degrees clockwise.
  int rotation = 0;
  /// --workers: above 1, the compositor's strategies were measured again with this many
  /// threads (strategy ids "ID-wN").
  unsigned workers = 1;
  std::string format;  ///< pixel_format_name().
  int64_t stride = 0;
  int refresh_mhz = 0;
  bool write_combined = false;
  bool has_vblank = false;
  std::string raster_kernels;  ///< raster_kernels_name().
  std::string cpu;             ///< /proc/cpuinfo's model name, or "unknown".
  std::string machine;         ///< uname: kernel release and architecture.
  double seconds_per_cell = 0;
  double fps = 0;          ///< Pacing rate; 0 = unpaced.
  std::string started_at;  ///< ISO 8601 UTC.
};

struct Report {
  RunInfo run;
  std::vector<Described> scenes;      ///< In run order.
  std::vector<Described> strategies;  ///< Present strategies and baselines, in column order.
  std::vector<Cell> cells;
};

}  // namespace fb::bench
