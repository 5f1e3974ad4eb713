// SPDX-License-Identifier: MIT
// Per-frame samples of one cell and the statistics the reports show.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "bench_result.hpp"

namespace fb::bench {

/// Strategy ids of the baselines that ratios are taken against.
namespace baseline_id {
inline constexpr const char* kMemsetScanout = "memset-scanout";
inline constexpr const char* kMemcpyScanout = "memcpy-scanout";
inline constexpr const char* kReadbackScanout = "readback-scanout";
inline constexpr const char* kMemcpyCached = "memcpy-cached";
inline constexpr const char* kPixman = "pixman";
}  // namespace baseline_id

/// CPU time of the whole process (user + system, all threads) in nanoseconds; deltas around a
/// frame give its CPU cost, including work done by helper threads.
uint64_t process_cpu_ns();

/// One frame as the runner measured it.
struct FrameSample {
  double frame_ms = 0;  ///< Start of this frame to the start of the next (the last: to its end).
  uint64_t cpu_ns = 0;  ///< process_cpu_ns() delta over the frame.
  uint64_t scanout_bytes_written = 0;
  uint64_t scanout_bytes_read = 0;
  uint64_t missed_periods = 0;  ///< Paced runs: display periods this frame overran.
};

/// Collects the samples of one cell; summarize() turns them into the report's figures.
class FrameSamples {
 public:
  /// `paced`: frames were paced to the display, so missed periods count (else the figures
  /// say missed_frames = none).
  explicit FrameSamples(bool paced = false) : paced_(paced) {}

  void reserve(std::size_t frames) { samples_.reserve(frames); }
  void add(const FrameSample& sample) { samples_.push_back(sample); }
  /// The wall time of the measured frames when the caller measured it apart; otherwise the
  /// sum of the frame times (start to start) is the wall time.
  void set_wall_seconds(double seconds) { wall_seconds_ = seconds; }

  std::size_t size() const { return samples_.size(); }
  bool paced() const { return paced_; }
  const std::vector<FrameSample>& samples() const { return samples_; }

  /// fps = frames / wall seconds; frame time percentiles by nearest rank (see percentile());
  /// CPU, bytes: totals / frames. No samples: every figure 0.
  FrameFigures summarize() const;

 private:
  bool paced_;
  double wall_seconds_ = -1;  // < 0: not set.
  std::vector<FrameSample> samples_;
};

/// The p-th percentile by nearest rank: the smallest value such that at least p % of the
/// values are at most it, i.e. sorted[ceil(p / 100 * n) - 1], rank clamped to 1..n (p = 0 is
/// the minimum, p = 100 the maximum). Always one of the values, never interpolated. p outside
/// 0..100 is clamped; no values: 0.
double percentile(std::vector<double> values, double p);

/// Fills each cell's ratios (its fps / a baseline's fps, replacing what was there) from the
/// baselines in the same report: scene cells against the machine's "memcpy-scanout" and the
/// same scene's "pixman"; machine baselines (scene empty) against "memcpy-cached". A cell
/// gets no ratio to itself, none when it is not ok, and none to a baseline that is missing,
/// not ok or measured 0 fps.
void add_ratios(Report& report);

}  // namespace fb::bench
