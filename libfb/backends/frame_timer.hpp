// SPDX-License-Identifier: MIT
// Internal to the backends: paces presents at a refresh rate where the device gives no vblank
// to wait for (fbdev without FBIO_WAITFORVSYNC, DRM drivers that complete flips at once).
#pragma once

#include <time.h>

#include <algorithm>
#include <cstdint>

namespace fb::detail {

class FrameTimer {
 public:
  /// The longest period: timings from a driver are untrusted, and one claiming under 1 Hz
  /// must not stall every present (and a stop waiting behind it) for minutes.
  static constexpr int64_t kMaxPeriodNs = 1'000'000'000;

  explicit FrameTimer(int refresh_mhz = 60000)
      : period_ns_(refresh_mhz > 0
                       ? std::min(int64_t{1'000'000'000'000} / refresh_mhz, kMaxPeriodNs)
                       : 16'666'667) {}

  /// Sleeps until one period after the previous tick. After a stall longer than a period the
  /// schedule restarts from now instead of rushing to catch up.
  void wait_next_tick() {
    const int64_t now = now_ns();
    if (next_ns_ == 0 || next_ns_ + period_ns_ < now) {
      next_ns_ = now + period_ns_;
    } else {
      next_ns_ += period_ns_;
    }
    timespec deadline{static_cast<time_t>(next_ns_ / 1'000'000'000),
                      static_cast<long>(next_ns_ % 1'000'000'000)};
    // Not retried on EINTR: a signal (a stop request) ends the wait, one tick early at worst.
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nullptr);
  }

  int64_t period_ns() const { return period_ns_; }

 private:
  static int64_t now_ns() {
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return int64_t{t.tv_sec} * 1'000'000'000 + t.tv_nsec;
  }

  int64_t period_ns_;
  int64_t next_ns_ = 0;
};

}  // namespace fb::detail
