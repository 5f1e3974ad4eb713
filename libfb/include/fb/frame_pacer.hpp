// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>

#include "fb/display.hpp"

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

/// Paces frames: the one place in fbmmap that does. Displays never sleep to pace; a loop calls
/// wait() after each present() and the pacer holds it until the next frame is due.
///
/// The rule: at rate 0 nothing waits (an unpaced run measures the pipeline). At a rate above 0
/// the next frame is due one period (1 / rate) after the previous one was shown. A display with
/// a vblank ends the wait at a vblank, the first one at or past the due time (up to half a
/// refresh early counts as on time); without one, a timer on CLOCK_MONOTONIC ends it at the due
/// time. A frame shown later than due counts the periods it overran as missed, and the schedule
/// restarts from when it was shown: no rushing to catch up.
class FramePacer {
 public:
  /// The longest period paced at: slower rates pace at one frame an hour.
  static constexpr int64_t kMaxPeriodNs = int64_t{3600} * 1'000'000'000;
  /// The longest a timer wait sleeps before asking the stop predicate again.
  static constexpr int64_t kStopCheckNs = 50'000'000;

  /// `fps`: 0 = unpaced, or any finite rate above 0 (throws fb::Error otherwise).
  FramePacer(Display& display, double fps);

  /// The display's refresh rate in frames per second, 60 when it does not say: the rate to
  /// pace at for one frame per vblank.
  static double display_rate(const Display& display);

  /// Called after present(): waits until the next frame is due, or less when `stop_pending`
  /// answers true (asked between vblanks and at least every kStopCheckNs; a signal that
  /// interrupts the sleep is noticed at once). Returns the periods missed by the frame just
  /// presented (0 when on time, and always when unpaced).
  uint64_t wait(const std::function<bool()>& stop_pending = {});

  /// Forgets the schedule: the next wait() starts a new one (after a pause, a scene change).
  void restart() { previous_ns_ = -1; }

  double fps() const { return fps_; }
  bool paced() const { return fps_ > 0; }
  /// The period paced at, in nanoseconds (0 when unpaced).
  int64_t period_ns() const { return period_ns_; }
  /// Whether waits end at the display's vblank rather than on a timer (until the display stops
  /// answering, when the pacer falls back to the timer for good).
  bool uses_vblank() const { return use_vblank_; }

  static int64_t monotonic_ns();

 private:
  uint64_t wait_for_vblanks(int64_t due_ns, const std::function<bool()>& stop_pending);
  uint64_t wait_for_timer(int64_t due_ns, const std::function<bool()>& stop_pending);

  Display& display_;
  double fps_ = 0;
  int64_t period_ns_ = 0;
  int64_t refresh_period_ns_ = 0;
  bool use_vblank_ = false;
  int64_t previous_ns_ = -1;  // when the previous frame was shown; -1 = no schedule yet
};

}  // namespace fb

#pragma GCC visibility pop
