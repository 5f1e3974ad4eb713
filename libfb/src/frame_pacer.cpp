// SPDX-License-Identifier: MIT
#include "fb/frame_pacer.hpp"

#include <time.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "fb/error.hpp"

namespace fb {
namespace {

int64_t saturating_add(int64_t a, int64_t b) {
  int64_t sum;
  if (__builtin_add_overflow(a, b, &sum)) return b > 0 ? INT64_MAX : INT64_MIN;
  return sum;
}

// The period at `fps` (finite, > 0), held where adding it up cannot overflow: 1e9 / fps is
// infinite for tiny rates and rounds to 0 for huge ones.
int64_t period_ns_at(double fps) {
  const double period = 1e9 / fps;
  if (!(period < double(FramePacer::kMaxPeriodNs))) return FramePacer::kMaxPeriodNs;
  return std::max<int64_t>(1, static_cast<int64_t>(period));
}

// Whole periods in `span`, rounded to nearest, converted only when it fits.
uint64_t periods_in(int64_t span_ns, int64_t period_ns) {
  const double periods = std::round(double(span_ns) / double(period_ns));
  if (!(periods > 0)) return 0;
  return periods < std::ldexp(1.0, 64) ? static_cast<uint64_t>(periods) : UINT64_MAX;
}

}  // namespace

int64_t FramePacer::monotonic_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

double FramePacer::display_rate(const Display& display) {
  const int refresh_mhz = display.info().refresh_mhz;
  return refresh_mhz > 0 ? refresh_mhz / 1000.0 : 60.0;
}

FramePacer::FramePacer(Display& display, double fps) : display_(display) {
  const DisplayInfo& info = display.info();
  const double refresh_fps = display_rate(display);
  if (!(fps >= 0) || std::isinf(fps))
    throw Error("frame pacing: rate " + std::to_string(fps) + " is not usable");
  fps_ = fps;
  if (fps_ > 0) {
    period_ns_ = period_ns_at(fps_);
    refresh_period_ns_ = period_ns_at(refresh_fps);
    use_vblank_ = info.has_vblank;
  }
}

uint64_t FramePacer::wait(const std::function<bool()>& stop_pending) {
  if (fps_ <= 0) return 0;
  // The first frame starts the schedule: shown now, the next due one period later.
  if (previous_ns_ < 0) previous_ns_ = monotonic_ns();
  const int64_t due = saturating_add(previous_ns_, period_ns_);
  return use_vblank_ ? wait_for_vblanks(due, stop_pending) : wait_for_timer(due, stop_pending);
}

uint64_t FramePacer::wait_for_vblanks(int64_t due_ns, const std::function<bool()>& stop_pending) {
  // At least one vblank: the frame just presented shows at the next one. Then on until the due
  // time is less than half a refresh away, so a display a little slower than the rate still
  // shows one frame per vblank.
  const int64_t early = refresh_period_ns_ / 2;
  do {
    if (!display_.wait_for_vblank()) {
      use_vblank_ = false;  // the device stopped answering: the timer from now on
      return wait_for_timer(due_ns, stop_pending);
    }
  } while (monotonic_ns() < due_ns - early && !(stop_pending && stop_pending()));
  const int64_t shown = monotonic_ns();
  const uint64_t periods = periods_in(shown - previous_ns_, period_ns_);
  previous_ns_ = shown;
  return periods > 1 ? periods - 1 : 0;
}

uint64_t FramePacer::wait_for_timer(int64_t due_ns, const std::function<bool()>& stop_pending) {
  const int64_t now = monotonic_ns();
  if (now > due_ns) {
    // Late: the periods overrun count as missed, and the schedule restarts from now.
    previous_ns_ = now;
    const uint64_t overrun = static_cast<uint64_t>((now - due_ns) / period_ns_);
    return overrun == UINT64_MAX ? overrun : overrun + 1;
  }
  // In slices, asking for a stop before each: a signal handler's flag is seen at once when the
  // signal interrupts the sleep (EINTR), and another thread's stop within a slice.
  for (;;) {
    if (stop_pending && stop_pending()) break;
    const int64_t t = monotonic_ns();
    if (t >= due_ns) break;
    const int64_t wake = std::min(due_ns, saturating_add(t, kStopCheckNs));
    const timespec ts{static_cast<time_t>(wake / 1'000'000'000),
                      static_cast<long>(wake % 1'000'000'000)};
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr);
  }
  previous_ns_ = due_ns;
  return 0;
}

}  // namespace fb
