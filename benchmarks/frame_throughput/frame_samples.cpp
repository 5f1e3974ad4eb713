// SPDX-License-Identifier: MIT
#include "frame_samples.hpp"

#include <time.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace fb::bench {

uint64_t process_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<uint64_t>(ts.tv_nsec);
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  if (!(p >= 0)) p = 0;  // Also NaN.
  if (p > 100) p = 100;
  std::sort(values.begin(), values.end());
  const double n = static_cast<double>(values.size());
  // p * n before the division: exact for whole p, so 95 % of 20 is rank 19, not 19.000001.
  const double rank = std::ceil(p * n / 100.0);
  const std::size_t index = rank < 1 ? 0 : static_cast<std::size_t>(rank) - 1;
  return values[std::min(index, values.size() - 1)];
}

FrameFigures FrameSamples::summarize() const {
  FrameFigures figures;
  if (paced_) figures.missed_frames = 0;
  if (samples_.empty()) return figures;

  std::vector<double> frame_ms;
  frame_ms.reserve(samples_.size());
  double sum_ms = 0, cpu_ns = 0, written = 0, read = 0;
  uint64_t missed = 0;
  for (const FrameSample& sample : samples_) {
    frame_ms.push_back(sample.frame_ms);
    sum_ms += sample.frame_ms;
    cpu_ns += static_cast<double>(sample.cpu_ns);
    written += static_cast<double>(sample.scanout_bytes_written);
    read += static_cast<double>(sample.scanout_bytes_read);
    missed += sample.missed_periods;
  }
  const double frames = static_cast<double>(samples_.size());
  figures.frames = samples_.size();
  figures.seconds = wall_seconds_ >= 0 ? wall_seconds_ : sum_ms / 1e3;
  figures.fps = figures.seconds > 0 ? frames / figures.seconds : 0;
  figures.frame_ms_p50 = percentile(frame_ms, 50);
  figures.frame_ms_p95 = percentile(frame_ms, 95);
  figures.frame_ms_p99 = percentile(std::move(frame_ms), 99);
  figures.cpu_ms_per_frame = cpu_ns / 1e6 / frames;
  figures.scanout_bytes_per_frame = written / frames;
  figures.scanout_read_bytes_per_frame = read / frames;
  if (paced_) figures.missed_frames = missed;
  return figures;
}

namespace {

const Cell* find_ok_baseline(const Report& report, const std::string& scene,
                             const std::string& strategy) {
  for (const Cell& cell : report.cells) {
    if (cell.scene == scene && cell.strategy == strategy) {
      const bool usable =
          cell.status == CellStatus::ok && std::isfinite(cell.figures.fps) && cell.figures.fps > 0;
      return usable ? &cell : nullptr;
    }
  }
  return nullptr;
}

}  // namespace

void add_ratios(Report& report) {
  for (Cell& cell : report.cells) {
    cell.ratios.clear();
    if (cell.status != CellStatus::ok || !std::isfinite(cell.figures.fps)) continue;
    // Scene cells compare with the machine's full-frame copy into the scanout and with
    // pixman composing the same scene; machine baselines with a copy in cached memory.
    std::vector<std::pair<std::string, std::string>> against;  // (scene, strategy)
    if (!cell.scene.empty()) {
      against = {{"", baseline_id::kMemcpyScanout}, {cell.scene, baseline_id::kPixman}};
    } else {
      against = {{"", baseline_id::kMemcpyCached}};
    }
    for (const auto& [scene, strategy] : against) {
      if (scene == cell.scene && strategy == cell.strategy) continue;
      if (const Cell* base = find_ok_baseline(report, scene, strategy)) {
        cell.ratios.push_back({strategy, cell.figures.fps / base->figures.fps});
      }
    }
  }
}

}  // namespace fb::bench
