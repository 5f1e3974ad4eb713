// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>

#include "fb/compositor/frame_stats.hpp"
#include "fb/compositor/layer.hpp"
#include "fb/compositor/renderer.hpp"
#include "fb/display.hpp"
#include "fb/frame_pacer.hpp"

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

class Scene;

/// The time a frame is drawn for, handed to the update callback.
struct FrameTime {
  uint64_t frame = 0;  ///< 0 for the first frame.
  double seconds = 0;  ///< Animation time since the loop started (fixed step: frame * step).
  double delta = 0;    ///< Seconds since the previous frame's time (0 for the first).
};

/// Runs frames: update the scene for the frame's time, render and present, wait for the next.
///
/// Pacing: by a FramePacer (fb/frame_pacer.hpp) at Options::fps, the one rule every program
/// shares: 0 = unpaced; otherwise each frame waits for the display's vblank where it has one,
/// else for a timer on CLOCK_MONOTONIC, and a frame shown late counts the periods it missed.
/// Any finite positive rate is usable: periods are held between 1 ns and one hour.
///
/// Stopping: a stop (the update returning false, stop(), or Options::stop_when) takes effect at
/// once: the frame after which the loop stops is not paced, and a pacing wait checks for a stop
/// at least every kStopCheckNs (and at once when a signal interrupts it), so a stop is honoured
/// within that time whatever the rate.
///
/// Time: animations read FrameTime::seconds, from CLOCK_MONOTONIC, or, with fixed_step, exactly
/// frame / fps, so a run of N frames draws the same pixels every time (demos' --frames N).
class FrameLoop {
 public:
  struct Options {
    double fps = 60;             ///< Pacing rate (0 = unpaced), and the fixed step's.
    bool fixed_step = false;     ///< FrameTime advances 1/fps per frame, whatever the clock.
    uint64_t max_frames = 0;     ///< Stop after this many frames; 0 = until stop() or false.
    bool overlay = false;        ///< Show the stats overlay from the start.
    Renderer::Options renderer;  ///< Options of the loop's renderer.
    /// Polled between frames and during pacing waits; true stops the loop as stop() does (e.g.
    /// a flag set by a SIGINT handler). Empty: not polled.
    std::function<bool()> stop_when;
  };

  /// The longest a pacing wait sleeps before checking for a stop again.
  static constexpr int64_t kStopCheckNs = FramePacer::kStopCheckNs;

  /// Called once per frame before rendering; return false to stop after this frame.
  using Update = std::function<bool(const FrameTime&)>;

  FrameLoop(Display& display, Scene& scene);
  FrameLoop(Display& display, Scene& scene, Options options);
  ~FrameLoop();
  FrameLoop(const FrameLoop&) = delete;
  FrameLoop& operator=(const FrameLoop&) = delete;

  /// Runs frames until the update returns false, stop() is called, or max_frames is reached.
  /// Returns the number of frames run by this call.
  uint64_t run(const Update& update);
  /// Runs exactly one frame (update, render, present, pace). Returns the update's answer.
  bool step(const Update& update);
  /// Asks run() to return after the current frame, without pacing it. Callable from the
  /// update or from another thread (a pacing wait in progress ends within kStopCheckNs); a
  /// request made before run() starts is cleared by it.
  void stop() { stop_requested_ = true; }

  /// A small layer at the top-left corner, on top of everything, with the frame rate and frame
  /// time drawn by Cairo; refreshed about four times a second (every frame with fixed_step).
  /// Off by default. Its text depends on timing, so keep it off for reproducible frames.
  void set_overlay_visible(bool visible);
  bool overlay_visible() const;

  const FrameStats& stats() const { return stats_; }
  FrameStats& stats() { return stats_; }
  /// The last frame's render figures.
  const RenderStats& last_render() const { return last_render_; }
  Renderer& renderer() { return renderer_; }
  Display& display() { return display_; }
  Scene& scene() { return scene_; }
  uint64_t frame() const { return frame_; }

 private:
  bool stop_pending() const;
  void update_overlay(double now_seconds);

  Display& display_;
  Scene& scene_;
  Options options_;
  FramePacer pacer_;
  Renderer renderer_;
  FrameStats stats_;
  RenderStats last_render_;
  uint64_t frame_ = 0;
  int64_t start_ns_ = -1;
  int64_t last_present_ns_ = -1;
  double last_seconds_ = 0;
  double overlay_refreshed_at_ = -1;
  Layer overlay_;
  std::atomic<bool> stop_requested_{false};
};

}  // namespace fb

#pragma GCC visibility pop
