// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>
#include <vector>

#include "fb/compositor/frame_loop.hpp"
#include "fb/compositor/frame_stats.hpp"
#include "fb/compositor/scene.hpp"
#include "fb/error.hpp"
#include "fb/headless_display.hpp"

namespace fb {
namespace {

// Runs a fixed-step animation and returns the last frame's pixels.
std::vector<uint32_t> run_animation(uint64_t frames, std::vector<double>* times = nullptr) {
  HeadlessDisplay display(64, 48, PixelFormat::xrgb8888, 2);
  Scene scene(64, 48, 0xff000000);
  Layer sprite = scene.add_solid(Rect{0, 0, 8, 8}, 0xffff8000);
  FrameLoop::Options options;
  options.fps = 0.5e6;  // fast timer pacing keeps the test quick
  options.fixed_step = true;
  options.max_frames = frames;
  FrameLoop loop(display, scene, options);
  uint64_t ran = loop.run([&](const FrameTime& time) {
    if (times) times->push_back(time.seconds);
    sprite.move_to(Point{int32_t(time.seconds * 1e6 * 3) % 56, 20});
    return true;
  });
  EXPECT_EQ(ran, frames);
  EXPECT_EQ(loop.stats().frames(), frames);
  EXPECT_EQ(display.frames_presented(), frames);
  std::vector<uint32_t> pixels;
  for (int32_t y = 0; y < 48; ++y) {
    for (int32_t x = 0; x < 64; ++x) pixels.push_back(display.front().pixel32(x, y) & 0xffffff);
  }
  return pixels;
}

TEST(FrameLoop, FixedStepFramesAreReproducible) {
  std::vector<double> times;
  std::vector<uint32_t> first = run_animation(7, &times);
  ASSERT_EQ(times.size(), 7u);
  for (size_t i = 0; i < times.size(); ++i) EXPECT_DOUBLE_EQ(times[i], double(i) / 0.5e6);
  EXPECT_EQ(first, run_animation(7));
  // Frame 6 at t = 12 us: x = 36.
  EXPECT_EQ(first[size_t(20) * 64 + 36], 0xff8000u);
  EXPECT_EQ(first[size_t(20) * 64 + 35], 0u);
}

TEST(FrameLoop, UpdateReturningFalseStops) {
  HeadlessDisplay display(16, 16);
  Scene scene(16, 16);
  FrameLoop::Options options;
  options.fps = 0;  // unpaced
  FrameLoop loop(display, scene, options);
  uint64_t ran = loop.run([](const FrameTime& time) { return time.frame < 4; });
  EXPECT_EQ(ran, 5u);
  EXPECT_EQ(loop.stats().missed_frames(), 0u);
}

TEST(FrameLoop, StatsRecordDamageAndBytes) {
  HeadlessDisplay display(32, 32, PixelFormat::xrgb8888, 1);
  Scene scene(32, 32);
  Layer dot = scene.add_solid(Rect{0, 0, 2, 2}, 0xffffffff);
  FrameLoop::Options options;
  options.fps = 0;
  options.max_frames = 3;
  FrameLoop loop(display, scene, options);
  loop.run([&](const FrameTime& time) {
    if (time.frame > 0) dot.move_by(4, 0);
    return true;
  });
  // Frame 0 full (1024 px), frames 1 and 2: old and new 2x2 (8 px each).
  EXPECT_EQ(loop.stats().total_damage_area(), 1024u + 8u + 8u);
  EXPECT_EQ(loop.stats().total_bytes_written(), (1024u + 16u) * 4u);
  EXPECT_EQ(loop.stats().last_damage_area(), 8u);
  EXPECT_EQ(loop.last_render().bytes_written, 32u);
}

TEST(FrameLoop, OverlayDrawsTextOnTop) {
  HeadlessDisplay display(300, 60);
  Scene scene(300, 60, 0xff000000);
  scene.add_solid(Rect{0, 0, 300, 60}, 0xff000000, 100);
  FrameLoop::Options options;
  options.fps = 0;
  options.max_frames = 2;
  FrameLoop loop(display, scene, options);
  EXPECT_FALSE(loop.overlay_visible());
  loop.set_overlay_visible(true);
  EXPECT_TRUE(loop.overlay_visible());
  EXPECT_EQ(scene.layer_count(), 2u);
  loop.run(nullptr);
  int bright = 0;
  for (int32_t y = 4; y < 26; ++y) {
    for (int32_t x = 4; x < 244; ++x) bright += (display.front().pixel32(x, y) & 0xff) > 128;
  }
  EXPECT_GT(bright, 20) << "no overlay text visible";
  loop.set_overlay_visible(false);
  EXPECT_FALSE(loop.overlay_visible());
}

TEST(FrameLoop, RejectsUnusableRates) {
  HeadlessDisplay display(16, 16);
  Scene scene(16, 16);
  FrameLoop::Options options;
  options.fps = -1;
  EXPECT_THROW(FrameLoop(display, scene, options), Error);
  options.fps = 0;
  options.fixed_step = true;
  EXPECT_THROW(FrameLoop(display, scene, options), Error);
}

// Asks `loop` to stop from another thread once its first update has run (so run() has begun
// and will not clear the request), as a signal handler or a controlling thread would.
class StopFromAnotherThread {
 public:
  explicit StopFromAnotherThread(FrameLoop& loop)
      : thread_([this, &loop] {
          while (!started_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
          std::this_thread::sleep_for(std::chrono::milliseconds(20));  // into the pacing wait
          stopped_at_ = std::chrono::steady_clock::now();
          loop.stop();
        }) {}
  ~StopFromAnotherThread() {
    if (thread_.joinable()) thread_.join();
  }
  void started() { started_ = true; }
  std::chrono::steady_clock::time_point stopped_at() {
    if (thread_.joinable()) thread_.join();
    return stopped_at_;
  }

 private:
  std::atomic<bool> started_{false};
  std::chrono::steady_clock::time_point stopped_at_;
  std::thread thread_;
};

// A stop requested while the loop waits for the next frame ends the wait: at 0.1 fps the
// period is 10 s, and run() must return long before it.
TEST(FrameLoop, StopEndsThePacingWaitAtAnyRate) {
  for (double fps : {0.1, 1e-3, 1e-300, std::nextafter(0.0, 1.0)}) {
    SCOPED_TRACE(fps);
    HeadlessDisplay display(16, 16);
    Scene scene(16, 16);
    FrameLoop::Options options;
    options.fps = fps;
    FrameLoop loop(display, scene, options);
    uint64_t updates = 0;
    StopFromAnotherThread stopper(loop);
    const uint64_t ran = loop.run([&](const FrameTime&) {
      ++updates;
      stopper.started();
      return true;
    });
    const auto returned_at = std::chrono::steady_clock::now();
    const auto stopped_at = stopper.stopped_at();
    EXPECT_EQ(ran, 1u);
    EXPECT_EQ(updates, 1u);
    EXPECT_EQ(loop.stats().frames(), 1u);
    EXPECT_GE(returned_at, stopped_at);  // it ran until the stop, not past it
    // Generous against the 10 s (or longer) period; the wait ends within one 50 ms slice.
    EXPECT_LT(returned_at - stopped_at, std::chrono::seconds(5));
  }
}

// The update saying stop ends the run at once: the frame it drew is not paced.
TEST(FrameLoop, UpdateReturningFalseIsNotPaced) {
  HeadlessDisplay display(16, 16);
  Scene scene(16, 16);
  FrameLoop::Options options;
  options.fps = 0.1;
  FrameLoop loop(display, scene, options);
  const auto begin = std::chrono::steady_clock::now();
  const uint64_t ran = loop.run([](const FrameTime&) { return false; });
  EXPECT_EQ(ran, 1u);
  EXPECT_EQ(display.frames_presented(), 1u);
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(5));

  // Likewise stop() called from the update.
  const auto again = std::chrono::steady_clock::now();
  const uint64_t ran_again = loop.run([&loop](const FrameTime&) {
    loop.stop();
    return true;
  });
  EXPECT_EQ(ran_again, 1u);
  EXPECT_EQ(display.frames_presented(), 2u);
  EXPECT_LT(std::chrono::steady_clock::now() - again, std::chrono::seconds(5));
}

// The stop predicate (a demo's signal flag) ends the wait and the run.
TEST(FrameLoop, StopPredicateEndsTheRun) {
  HeadlessDisplay display(16, 16);
  Scene scene(16, 16);
  std::atomic<bool> flag{false};
  FrameLoop::Options options;
  options.fps = 0.1;
  options.stop_when = [&flag] { return flag.load(); };
  FrameLoop loop(display, scene, options);
  std::atomic<bool> started{false};
  std::thread raiser([&] {
    while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    flag = true;
  });
  const auto begin = std::chrono::steady_clock::now();
  const uint64_t ran = loop.run([&](const FrameTime&) {
    started = true;
    return true;
  });
  raiser.join();
  EXPECT_EQ(ran, 1u);
  EXPECT_TRUE(flag);
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(5));
  // A stop already asked for: step() draws the frame but does not wait after it.
  EXPECT_TRUE(loop.step(nullptr));
  EXPECT_EQ(display.frames_presented(), 2u);
  EXPECT_EQ(loop.run(nullptr), 0u);
}

// Rates so high the period rounds to nothing, and late frames at tiny rates, count missed
// frames without overflow.
TEST(FrameLoop, ExtremeRatesAreWellDefined) {
  for (double fps : {1e12, 1e300, std::numeric_limits<double>::max()}) {
    SCOPED_TRACE(fps);
    HeadlessDisplay display(16, 16);
    Scene scene(16, 16);
    FrameLoop::Options options;
    options.fps = fps;
    options.max_frames = 3;
    options.fixed_step = true;
    FrameLoop loop(display, scene, options);
    EXPECT_EQ(loop.run(nullptr), 3u);
    EXPECT_EQ(display.frames_presented(), 3u);
  }
}

TEST(FrameStats, PercentilesAndTotals) {
  FrameStats stats(1000);
  RenderStats render;
  render.damage_area = 10;
  render.bytes_written = 40;
  for (int i = 100; i >= 1; --i) {
    render.workers = i % 4 == 0 ? 2 : 1;  // 25 frames shared out between two workers
    stats.add_frame(i, render, i == 50 ? 2 : 0);
  }
  EXPECT_DOUBLE_EQ(stats.p50_ms(), 50);
  EXPECT_DOUBLE_EQ(stats.p95_ms(), 95);
  EXPECT_DOUBLE_EQ(stats.p99_ms(), 99);
  EXPECT_EQ(stats.frames(), 100u);
  EXPECT_EQ(stats.missed_frames(), 2u);
  EXPECT_EQ(stats.parallel_frames(), 25u);
  EXPECT_EQ(stats.total_bytes_written(), 4000u);
  EXPECT_DOUBLE_EQ(stats.mean_damage_area(), 10);
  for (int i = 0; i < 10; ++i) stats.add_interval(20);
  EXPECT_DOUBLE_EQ(stats.fps(), 50);
  EXPECT_NE(stats.summary().find("100 frames"), std::string::npos);
}

TEST(FrameStats, WindowKeepsTheLatestFrames) {
  FrameStats stats(10);
  RenderStats render;
  for (int i = 1; i <= 100; ++i) stats.add_frame(i, render, 0);
  EXPECT_DOUBLE_EQ(stats.frame_ms_percentile(0), 91);
  EXPECT_DOUBLE_EQ(stats.p50_ms(), 95);
  EXPECT_EQ(stats.frames(), 100u);
}

}  // namespace
}  // namespace fb
