// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

struct RenderStats;

/// Figures over the frames of a FrameLoop (or any sequence of frames fed to add_frame()).
/// Percentiles cover the last `window` frames; totals cover every frame.
class FrameStats {
 public:
  explicit FrameStats(size_t window = 1024);

  /// Records one frame: the time it took to produce (update + render + present, without the
  /// wait for the next frame), what the renderer wrote, and how many display periods were
  /// missed before it (0 = on time).
  void add_frame(double frame_ms, const RenderStats& render, uint64_t missed);
  /// Records a frame interval (present to present), for the measured frame rate.
  void add_interval(double interval_ms);
  void reset();

  uint64_t frames() const { return frames_; }
  uint64_t missed_frames() const { return missed_; }
  /// Frame time percentiles in milliseconds over the window (0 when no frame yet).
  double frame_ms_percentile(double p) const;
  double p50_ms() const { return frame_ms_percentile(50); }
  double p95_ms() const { return frame_ms_percentile(95); }
  double p99_ms() const { return frame_ms_percentile(99); }
  double last_frame_ms() const { return last_frame_ms_; }
  /// Frames per second from the intervals in the window (0 when unknown).
  double fps() const;

  uint64_t last_damage_area() const { return last_damage_area_; }
  uint64_t last_bytes_written() const { return last_bytes_written_; }
  uint64_t total_damage_area() const { return total_damage_area_; }
  uint64_t total_bytes_written() const { return total_bytes_written_; }
  /// Frames whose repaint was shared out among more than one worker thread.
  uint64_t parallel_frames() const { return parallel_frames_; }
  double mean_damage_area() const;
  double mean_bytes_written() const;

  /// One line, e.g. "600 frames, 59.9 fps, frame p50 0.21 ms p95 0.40 ms p99 0.82 ms, damage
  /// 4608 px/frame, 18432 B/frame written, 0 missed".
  std::string summary() const;
  /// A short line for an on-screen overlay, e.g. "60.0 fps  1.23 ms".
  std::string overlay_text() const;

 private:
  size_t window_;
  std::vector<double> frame_ms_;  // ring buffer of the last `window_` frame times
  std::vector<double> interval_ms_;
  size_t next_frame_ = 0;
  size_t next_interval_ = 0;
  uint64_t frames_ = 0;
  uint64_t missed_ = 0;
  double last_frame_ms_ = 0;
  uint64_t last_damage_area_ = 0;
  uint64_t last_bytes_written_ = 0;
  uint64_t total_damage_area_ = 0;
  uint64_t total_bytes_written_ = 0;
  uint64_t parallel_frames_ = 0;
};

}  // namespace fb

#pragma GCC visibility pop
