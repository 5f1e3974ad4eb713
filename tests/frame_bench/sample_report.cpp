// SPDX-License-Identifier: MIT
#include "sample_report.hpp"

#include <limits>

namespace fb::bench::testing {
namespace {

Cell ok_cell(const char* scene, const char* strategy, bool baseline, double fps,
             std::optional<uint64_t> missed) {
  Cell cell;
  cell.scene = scene;
  cell.strategy = strategy;
  cell.baseline = baseline;
  cell.figures.frames = static_cast<uint64_t>(fps * 2);
  cell.figures.seconds = 2;
  cell.figures.fps = fps;
  cell.figures.frame_ms_p50 = 1000 / fps;
  cell.figures.frame_ms_p95 = 1100 / fps;
  cell.figures.frame_ms_p99 = 1300 / fps;
  cell.figures.cpu_ms_per_frame = 900 / fps;
  cell.figures.scanout_bytes_per_frame = 800 * 480 * 4;
  cell.figures.scanout_read_bytes_per_frame = 0;
  cell.figures.missed_frames = missed;
  return cell;
}

Cell other_cell(const char* scene, const char* strategy, bool baseline, CellStatus status,
                const char* reason) {
  Cell cell;
  cell.scene = scene;
  cell.strategy = strategy;
  cell.baseline = baseline;
  cell.status = status;
  cell.reason = reason;
  return cell;
}

}  // namespace

Report sample_report() {
  Report report;
  RunInfo& run = report.run;
  run.tool_version = "0.9.0-test";
  run.backend = "fbdev";
  run.device = "/dev/fb0";
  run.driver = "fbmmap";
  // An 800x480 panel mounted at 90 degrees: the scenes are 480x800, the stride the panel's.
  run.width = 480;
  run.height = 800;
  run.rotation = 90;
  run.format = "xrgb8888";
  run.stride = 3200;
  run.refresh_mhz = 60000;
  run.write_combined = true;
  run.has_vblank = true;
  run.raster_kernels = "neon";
  run.cpu = "ARMv7 Processor rev 0 (v7l) \"quoted\"\tand a tab \xc3\xa9";
  run.machine = "6.1.0 armv7l";
  run.seconds_per_cell = 2;
  run.fps = 60;
  run.started_at = "2024-05-01T12:00:00Z";

  report.scenes = {{"fill", "Fill", "A solid rectangle moving over a background.", false},
                   {"text", "Text", "Lines of text\\changing\nevery frame.", false}};
  report.strategies = {
      {"direct", "direct", "Draws straight into the mapping.", false},
      {"damage", "damage", "Composes in cached memory, streams the damage.", false},
      {"flip2", "flip 2 buffers", "Page flipping with two buffers.", false},
      {"pixman", "pixman", "pixman composing the same scene.", true},
      {"memset-scanout", "memset scanout", "memset of whole frames into the scanout.", true},
      {"memcpy-scanout", "memcpy scanout", "memcpy of whole frames into the scanout.", true},
      {"readback-scanout", "readback scanout", "Reading whole frames back.", true},
      {"memcpy-cached", "memcpy cached", "memcpy between cached buffers.", true}};

  const char* no_flip = "fbdev: the mapping holds one buffer (yres_virtual == yres)";
  report.cells = {
      ok_cell("fill", "direct", false, 50, 7),
      ok_cell("fill", "damage", false, 60, 0),
      other_cell("fill", "flip2", false, CellStatus::unsupported, no_flip),
      ok_cell("fill", "pixman", true, 400, std::nullopt),
      ok_cell("text", "direct", false, 20, 80),
      ok_cell("text", "damage", false, 58, 2),
      other_cell("text", "flip2", false, CellStatus::unsupported, no_flip),
      other_cell("text", "pixman", true, CellStatus::failed, "cairo: out of memory"),
      ok_cell("", "memset-scanout", true, 250, std::nullopt),
      ok_cell("", "memcpy-scanout", true, 200, std::nullopt),
      ok_cell("", "readback-scanout", true, 12.5, std::nullopt),
      ok_cell("", "memcpy-cached", true, 1000, std::nullopt),
  };
  // A figure that went wrong must still give valid JSON.
  report.cells[4].figures.cpu_ms_per_frame = std::numeric_limits<double>::quiet_NaN();
  return report;
}

}  // namespace fb::bench::testing
