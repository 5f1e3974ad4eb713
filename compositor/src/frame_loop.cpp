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

constexpr int32_t kOverlayWidth = 240;
constexpr int32_t kOverlayHeight = 22;

}  // namespace

FrameLoop::FrameLoop(Display& display, Scene& scene) : FrameLoop(display, scene, Options{}) {}

FrameLoop::FrameLoop(Display& display, Scene& scene, Options options)
    : display_(display),
      scene_(scene),
      options_(options),
      pacer_(display, options.fps),
      renderer_(options.renderer) {
  if (options_.fixed_step && !pacer_.paced()) {
    throw Error("FrameLoop: a fixed step needs a frame rate above 0");
  }
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
  if (start_ns_ < 0) start_ns_ = begin;
  FrameTime time;
  time.frame = frame_;
  time.seconds =
      options_.fixed_step ? double(frame_) / pacer_.fps() : double(begin - start_ns_) / 1e9;
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
  if (keep_going && !stop_pending()) missed = pacer_.wait([this] { return stop_pending(); });
  const int64_t shown = monotonic_ns();
  if (last_present_ns_ >= 0) stats_.add_interval(double(shown - last_present_ns_) / 1e6);
  last_present_ns_ = shown;
  stats_.add_frame(double(work_end - begin) / 1e6, last_render_, missed);
  ++frame_;
  return keep_going;
}

bool FrameLoop::stop_pending() const {
  return stop_requested_ || (options_.stop_when && options_.stop_when());
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
