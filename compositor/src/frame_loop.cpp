// SPDX-License-Identifier: MIT
#include "fb/compositor/frame_loop.hpp"

#include <time.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "fb/compositor/cairo_canvas.hpp"
#include "fb/compositor/scene.hpp"
#include "fb/error.hpp"

namespace fb {
namespace {

int64_t monotonic_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

int64_t saturating_add(int64_t a, int64_t b) {
  int64_t sum;
  if (__builtin_add_overflow(a, b, &sum)) return b > 0 ? INT64_MAX : INT64_MIN;
  return sum;
}

// The timer's period at `fps` (finite, > 0), held where converting it and adding it up cannot
// overflow: 1e9 / fps is infinite for tiny rates and rounds to 0 for huge ones.
int64_t period_ns_at(double fps) {
  const double period = 1e9 / fps;
  if (!(period < double(FrameLoop::kMaxPeriodNs))) return FrameLoop::kMaxPeriodNs;
  return std::max<int64_t>(1, static_cast<int64_t>(period));
}

constexpr int32_t kOverlayWidth = 240;
constexpr int32_t kOverlayHeight = 22;

}  // namespace

FrameLoop::FrameLoop(Display& display, Scene& scene) : FrameLoop(display, scene, Options{}) {}

FrameLoop::FrameLoop(Display& display, Scene& scene, Options options)
    : display_(display), scene_(scene), options_(options), renderer_(options.renderer) {
  if (!(options_.fps >= 0) || std::isinf(options_.fps)) {
    throw Error("FrameLoop: frame rate " + std::to_string(options_.fps) + " is not usable");
  }
  if (options_.fixed_step && options_.fps == 0) {
    throw Error("FrameLoop: a fixed step needs a frame rate above 0");
  }
  if (options_.fps > 0) period_ns_ = period_ns_at(options_.fps);
  if (options_.overlay) set_overlay_visible(true);
}

FrameLoop::~FrameLoop() {
  if (overlay_) scene_.remove(overlay_);
}

uint64_t FrameLoop::run(const Update& update) {
  stop_requested_ = false;
  uint64_t ran = 0;
  while (!stop_pending() && (options_.max_frames == 0 || ran < options_.max_frames)) {
    ++ran;
    if (!step(update)) break;
  }
  return ran;
}

bool FrameLoop::step(const Update& update) {
  const int64_t begin = monotonic_ns();
  if (start_ns_ < 0) {
    start_ns_ = begin;
    deadline_ns_ = begin;
  }
  FrameTime time;
  time.frame = frame_;
  time.seconds =
      options_.fixed_step ? double(frame_) / options_.fps : double(begin - start_ns_) / 1e9;
  time.delta = frame_ == 0 ? 0 : time.seconds - last_seconds_;
  last_seconds_ = time.seconds;

  bool keep_going = update ? update(time) : true;
  if (overlay_ && overlay_.visible()) update_overlay(time.seconds);

  BackBuffer buffer = display_.acquire();
  last_render_ = renderer_.render(scene_, buffer);
  const int64_t work_end = monotonic_ns();
  display_.present(last_render_.repainted);
  scene_.end_frame();

  uint64_t missed = 0;
  // The frame after which the loop stops is not paced: a stop ends the run at once.
  if (keep_going && !stop_pending()) pace(monotonic_ns(), missed);
  stats_.add_frame(double(work_end - begin) / 1e6, last_render_, missed);
  ++frame_;
  return keep_going;
}

void FrameLoop::pace(int64_t frame_end_ns, uint64_t& missed) {
  const DisplayInfo& info = display_.info();
  if (info.vsync_paced) {
    // present() waited for the vblank; a gap of more than one refresh period means missed ones.
    double period_ns = info.refresh_mhz > 0 ? 1e12 / info.refresh_mhz
                                            : (options_.fps > 0 ? double(period_ns_) : 0);
    if (last_present_ns_ >= 0) {
      double interval = double(frame_end_ns - last_present_ns_);
      stats_.add_interval(interval / 1e6);
      if (period_ns > 0 && interval > 1.5 * period_ns) {
        // At least 2; converted only when it fits (a vast gap counts as the most missed).
        const double periods = std::round(interval / period_ns);
        missed = periods < std::ldexp(1.0, 64) ? static_cast<uint64_t>(periods) - 1 : UINT64_MAX;
      }
    }
    last_present_ns_ = frame_end_ns;
    return;
  }
  if (options_.fps > 0) {
    deadline_ns_ = saturating_add(deadline_ns_, period_ns_);
    if (frame_end_ns > deadline_ns_) {
      // Late: count the periods overrun and restart the schedule from now, no catching up.
      missed = static_cast<uint64_t>((frame_end_ns - deadline_ns_) / period_ns_) + 1;
      deadline_ns_ = frame_end_ns;
    } else {
      sleep_until(deadline_ns_);
    }
  }
  int64_t now = monotonic_ns();
  if (last_present_ns_ >= 0) stats_.add_interval(double(now - last_present_ns_) / 1e6);
  last_present_ns_ = now;
}

bool FrameLoop::stop_pending() const {
  return stop_requested_ || (options_.stop_when && options_.stop_when());
}

void FrameLoop::sleep_until(int64_t deadline_ns) const {
  // In slices, checking for a stop before each: a signal handler's flag is seen at once when
  // the signal interrupts the sleep (EINTR), and a stop() from another thread within a slice.
  for (;;) {
    if (stop_pending()) return;
    const int64_t now = monotonic_ns();
    if (now >= deadline_ns) return;
    const int64_t wake = std::min(deadline_ns, saturating_add(now, kStopCheckNs));
    const timespec ts{static_cast<time_t>(wake / 1'000'000'000),
                      static_cast<long>(wake % 1'000'000'000)};
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr);
  }
}

void FrameLoop::set_overlay_visible(bool visible) {
  if (!overlay_) {
    if (!visible) return;
    overlay_ = scene_.add_image(Image(kOverlayWidth, kOverlayHeight, PixelFormat::argb8888_premul),
                                Point{4, 4}, std::numeric_limits<int32_t>::max());
    overlay_refreshed_at_ = -1;
  }
  overlay_.set_visible(visible);
  if (visible) overlay_.raise_to_top();
}

bool FrameLoop::overlay_visible() const {
  return overlay_ && overlay_.visible();
}

void FrameLoop::update_overlay(double now_seconds) {
  if (!options_.fixed_step && overlay_refreshed_at_ >= 0 &&
      now_seconds - overlay_refreshed_at_ < 0.25) {
    return;
  }
  overlay_refreshed_at_ = now_seconds;
  CairoCanvas canvas(overlay_);
  cairo_t* cr = canvas.cr();
  canvas.clear();
  cairo_set_source_rgba(cr, 0, 0, 0, 0.6);
  cairo_rectangle(cr, 0, 0, kOverlayWidth, kOverlayHeight);
  canvas.fill();
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_select_font_face(cr, "monospace", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 13);
  cairo_move_to(cr, 6, 16);
  canvas.show_text(stats_.overlay_text());
}

}  // namespace fb
