// SPDX-License-Identifier: MIT
#include "fb/compositor/frame_stats.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "fb/compositor/renderer.hpp"

namespace fb {
namespace {

void push_ring(std::vector<double>& ring, size_t& next, size_t window, double value) {
  if (ring.size() < window) {
    ring.push_back(value);
  } else {
    ring[next] = value;
  }
  next = (next + 1) % window;
}

}  // namespace

FrameStats::FrameStats(size_t window) : window_(std::max<size_t>(window, 1)) {}

void FrameStats::add_frame(double frame_ms, const RenderStats& render, uint64_t missed) {
  push_ring(frame_ms_, next_frame_, window_, frame_ms);
  ++frames_;
  missed_ += missed;
  last_frame_ms_ = frame_ms;
  last_damage_area_ = render.damage_area;
  last_bytes_written_ = render.bytes_written;
  total_damage_area_ += render.damage_area;
  total_bytes_written_ += render.bytes_written;
  if (render.workers > 1) ++parallel_frames_;
}

void FrameStats::add_interval(double interval_ms) {
  push_ring(interval_ms_, next_interval_, window_, interval_ms);
}

void FrameStats::reset() {
  *this = FrameStats(window_);
}

double FrameStats::frame_ms_percentile(double p) const {
  if (frame_ms_.empty()) return 0;
  std::vector<double> sorted = frame_ms_;
  // Nearest rank: the smallest value with at least p% of the samples at or below it.
  double rank = std::ceil(std::clamp(p, 0.0, 100.0) / 100.0 * double(sorted.size()));
  size_t index = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
  std::nth_element(sorted.begin(), sorted.begin() + index, sorted.end());
  return sorted[index];
}

double FrameStats::fps() const {
  if (interval_ms_.empty()) return 0;
  double sum = 0;
  for (double v : interval_ms_) sum += v;
  return sum > 0 ? 1000.0 * double(interval_ms_.size()) / sum : 0;
}

double FrameStats::mean_damage_area() const {
  return frames_ == 0 ? 0 : double(total_damage_area_) / double(frames_);
}

double FrameStats::mean_bytes_written() const {
  return frames_ == 0 ? 0 : double(total_bytes_written_) / double(frames_);
}

std::string FrameStats::summary() const {
  char line[256];
  std::snprintf(line, sizeof line,
                "%llu frames, %.1f fps, frame p50 %.3f ms p95 %.3f ms p99 %.3f ms, damage %.0f "
                "px/frame, %.0f B/frame written, %llu missed",
                static_cast<unsigned long long>(frames_), fps(), p50_ms(), p95_ms(), p99_ms(),
                mean_damage_area(), mean_bytes_written(), static_cast<unsigned long long>(missed_));
  return line;
}

std::string FrameStats::overlay_text() const {
  char line[96];
  std::snprintf(line, sizeof line, "%.1f fps  %.2f ms  p99 %.2f", fps(), last_frame_ms_, p99_ms());
  return line;
}

}  // namespace fb
