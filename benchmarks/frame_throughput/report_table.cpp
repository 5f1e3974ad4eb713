// SPDX-License-Identifier: MIT
#include "report_table.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "frame_samples.hpp"

namespace fb::bench {
namespace {

constexpr int kNameWidth = 20;

// The strategy column: kNameWidth, wider when a title needs it (the "N workers" rows).
int name_width(const Report& report) {
  std::size_t width = kNameWidth;
  for (const Described& strategy : report.strategies)
    width = std::max(width, strategy.title.size() + 3);
  return static_cast<int>(width);
}

// Three significant digits or so, in a fixed width: fps ranges from 0.5 to 100000.
std::string number(double value) {
  if (!std::isfinite(value)) return "-";
  char text[32];
  const double magnitude = std::fabs(value);
  // Small ratios and byte counts keep two significant digits rather than becoming 0.00.
  const char* format = magnitude >= 100 || magnitude == 0 ? "%.0f"
                       : magnitude >= 10                  ? "%.1f"
                       : magnitude >= 0.1                 ? "%.2f"
                                                          : "%.2g";
  std::snprintf(text, sizeof text, format, value);
  return text;
}

std::string title_of(const std::vector<Described>& list, const std::string& id) {
  for (const Described& described : list) {
    if (described.id == id) return described.title.empty() ? id : described.title;
  }
  return id;
}

std::string fit(std::string text, std::size_t width) {
  if (text.size() > width) text = text.substr(0, width - 1) + "~";
  return text;
}

const Ratio* find_ratio(const Cell& cell, const std::string& baseline) {
  for (const Ratio& ratio : cell.ratios) {
    if (ratio.baseline == baseline) return &ratio;
  }
  return nullptr;
}

// Column order of the strategies; unknown ones after the known, in the order they came.
std::vector<const Cell*> cells_of_scene(const Report& report, const std::string& scene) {
  std::vector<const Cell*> cells;
  for (const Cell& cell : report.cells) {
    if (cell.scene == scene) cells.push_back(&cell);
  }
  auto rank = [&](const Cell* cell) {
    for (std::size_t i = 0; i < report.strategies.size(); ++i) {
      if (report.strategies[i].id == cell->strategy) return i;
    }
    return report.strategies.size();
  };
  std::stable_sort(cells.begin(), cells.end(),
                   [&](const Cell* a, const Cell* b) { return rank(a) < rank(b); });
  return cells;
}

void print_header(std::FILE* out, const RunInfo& run) {
  const auto text = [](const std::string& value) { return value.empty() ? "-" : value.c_str(); };
  std::fprintf(out, "fb-frame-bench %s   started %s\n", text(run.tool_version),
               text(run.started_at));
  std::fprintf(out, "  display   backend %s, device %s, driver %s\n", text(run.backend),
               text(run.device), text(run.driver));
  std::string refresh = run.refresh_mhz > 0 ? number(run.refresh_mhz / 1000.0) + " Hz" : "unknown";
  std::fprintf(out,
               "  mode      %dx%d %s, stride %lld B, refresh %s, write-combined %s, vblank %s\n",
               run.width, run.height, text(run.format), static_cast<long long>(run.stride),
               refresh.c_str(), run.write_combined ? "yes" : "no", run.has_vblank ? "yes" : "no");
  // The mode is the scenes' (logical) size; a panel mounted at 90 or 270 is that size turned.
  std::string panel;
  if (run.rotation == 90 || run.rotation == 270) {
    panel = " (panel " + std::to_string(run.height) + "x" + std::to_string(run.width) + ")";
  }
  std::fprintf(out, "  rotation  %d degrees%s\n", run.rotation, panel.c_str());
  std::fprintf(out, "  kernels   %s\n", text(run.raster_kernels));
  if (run.workers > 1) {
    std::fprintf(
        out, "  workers   %u (the compositor's strategies again with %u threads: \"%u workers\")\n",
        run.workers, run.workers, run.workers);
  }
  std::fprintf(out, "  cpu       %s\n", text(run.cpu));
  std::fprintf(out, "  machine   %s\n", text(run.machine));
  std::string pacing =
      run.fps > 0 ? "paced at " + number(run.fps) + " fps" : std::string("unpaced");
  std::fprintf(out, "  run       %s s per cell, %s\n", number(run.seconds_per_cell).c_str(),
               pacing.c_str());
}

// Without trailing blanks, which columns left empty would otherwise leave.
void put_line(std::FILE* out, std::string line) {
  line.erase(line.find_last_not_of(' ') + 1);
  std::fprintf(out, "%s\n", line.c_str());
}

std::string centred(const std::string& text, std::size_t width) {
  if (text.size() >= width) return text;
  const std::size_t right = (width - text.size()) / 2;
  return std::string(width - text.size() - right, ' ') + text + std::string(right, ' ');
}

// Two header lines; the last two columns name the baselines the ratios are against, split
// over both lines to keep the columns narrow.
void print_columns(std::FILE* out, int names, const char* ratio1_top, const char* ratio1_bottom,
                   const char* ratio2_top, const char* ratio2_bottom) {
  char line[256];
  std::snprintf(line, sizeof line, "%-*s %8s %23s %7s %17s %7s %9s %9s", names, "", "",
                centred("frame ms", 23).c_str(), "CPU ms", centred("scanout KiB/frame", 17).c_str(),
                "", ratio1_top, ratio2_top);
  put_line(out, line);
  std::snprintf(line, sizeof line, "%-*s %8s %7s %7s %7s %7s %8s %8s %7s %9s %9s", names,
                "  strategy", "fps", "p50", "p95", "p99", "/frame", "written", "read", "missed",
                ratio1_bottom, ratio2_bottom);
  put_line(out, line);
}

void print_row(std::FILE* out, int names, const Report& report, const Cell& cell,
               const char* ratio1, const char* ratio2) {
  const std::string name =
      fit("  " + title_of(report.strategies, cell.strategy), static_cast<std::size_t>(names));
  if (cell.status != CellStatus::ok) {
    const std::string what = cell.status == CellStatus::unsupported ? "n/a: " : "failed: ";
    std::fprintf(out, "%-*s %s%s\n", names, name.c_str(), what.c_str(),
                 cell.reason.empty() ? "(no reason given)" : cell.reason.c_str());
    return;
  }
  const FrameFigures& f = cell.figures;
  const auto ratio = [&](const char* baseline) {
    const Ratio* found = baseline != nullptr ? find_ratio(cell, baseline) : nullptr;
    return found != nullptr ? number(found->value) : std::string("-");
  };
  const std::string missed = f.missed_frames ? std::to_string(*f.missed_frames) : std::string("-");
  std::fprintf(out, "%-*s %8s %7s %7s %7s %7s %8s %8s %7s %9s %9s\n", names, name.c_str(),
               number(f.fps).c_str(), number(f.frame_ms_p50).c_str(),
               number(f.frame_ms_p95).c_str(), number(f.frame_ms_p99).c_str(),
               number(f.cpu_ms_per_frame).c_str(), number(f.scanout_bytes_per_frame / 1024).c_str(),
               number(f.scanout_read_bytes_per_frame / 1024).c_str(), missed.c_str(),
               ratio(ratio1).c_str(), ratio(ratio2).c_str());
}

}  // namespace

void print_table(std::FILE* out, const Report& report) {
  print_header(out, report.run);
  const int names = name_width(report);

  // The report's scenes in run order, then any scene only the cells name.
  std::vector<std::string> scenes;
  for (const Described& scene : report.scenes) scenes.push_back(scene.id);
  for (const Cell& cell : report.cells) {
    if (!cell.scene.empty() && std::find(scenes.begin(), scenes.end(), cell.scene) == scenes.end())
      scenes.push_back(cell.scene);
  }
  for (const std::string& scene : scenes) {
    const std::vector<const Cell*> cells = cells_of_scene(report, scene);
    if (cells.empty()) continue;
    const std::string block = fit(title_of(report.scenes, scene) + " (" + scene + ")", 44);
    std::fprintf(out, "\n%s\n", block.c_str());
    print_columns(out, names, "x memcpy-", "scanout", "x", "pixman");
    for (const Cell* cell : cells) {
      print_row(out, names, report, *cell, baseline_id::kMemcpyScanout, baseline_id::kPixman);
    }
  }

  const std::vector<const Cell*> machine = cells_of_scene(report, "");
  if (!machine.empty()) {
    std::fprintf(out, "\nmachine baselines (whole frames, no scene)\n");
    print_columns(out, names, "x memcpy-", "cached", "", "");
    for (const Cell* cell : machine) {
      print_row(out, names, report, *cell, baseline_id::kMemcpyCached, nullptr);
    }
  }

  std::fprintf(out,
               "\nx memcpy-scanout: fps / the fps of copying whole frames into the scanout with "
               "memcpy (above 1: faster\n  than a full-frame copy could be). x pixman: fps / "
               "pixman composing the same scene in cached memory.\n  x memcpy-cached: fps / "
               "memcpy between cached buffers (what the memory alone allows). missed: display\n"
               "  periods overrun in paced runs (- unpaced). n/a: not possible on this backend.\n");
}

}  // namespace fb::bench
