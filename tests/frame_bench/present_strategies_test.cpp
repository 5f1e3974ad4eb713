// SPDX-License-Identifier: MIT
// fb-frame-bench's strategies and baselines on the headless display: every way of presenting
// shows exactly the frame the compositor's reference repaint composes, whatever the buffer
// count, and the traffic each reports is what it wrote and read.
#include "present_strategies.hpp"

#include <gtest/gtest.h>

#include <cstring>

#include "bench_runner.hpp"
#include "bench_scenes.hpp"
#include "fb/headless_display.hpp"

namespace fb::bench {
namespace {

// Pixels of `shown` (any format) against the reference converted to that format.
int differing_pixels(const Surface& shown, const Image& reference) {
  int differing = 0;
  for (int32_t y = 0; y < shown.height(); ++y) {
    for (int32_t x = 0; x < shown.width(); ++x) {
      const uint32_t expected =
          pixel_from_argb(shown.format(), reference.pixel32(x, y) | 0xff000000u);
      uint32_t actual = 0;
      if (bytes_per_pixel(shown.format()) == 2) {
        actual = shown.row_as<uint16_t>(y)[x];
      } else {
        actual = shown.row_as<uint32_t>(y)[x];
      }
      if (actual != expected) ++differing;
    }
  }
  return differing;
}

class EveryStrategyAndScene
    : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

TEST_P(EveryStrategyAndScene, ShowsTheReferenceFrame) {
  const auto& [strategy_id, scene_id] = GetParam();
  const StrategySpec* strategy = find_strategy(strategy_id);
  ASSERT_NE(strategy, nullptr);
  for (PixelFormat format : {PixelFormat::xrgb8888, PixelFormat::rgb565}) {
    HeadlessDisplay display(200, 120, format, strategy->buffers);
    if (unsupported_reason(*strategy, display.info())) {
      // Only in-place blending refuses a format, and only formats it cannot blend in.
      EXPECT_EQ(strategy_id, "direct");
      EXPECT_NE(format, PixelFormat::xrgb8888);
      continue;
    }
    Scene scene(200, 120);
    SceneUpdate update = find_bench_scene(scene_id)->build(scene);
    std::unique_ptr<FramePresenter> presenter = make_presenter(*strategy, display);
    for (uint64_t frame = 0; frame < 9; ++frame) {
      update(frame);
      const Image reference = compose_full(scene);
      const ScanoutTraffic traffic = presenter->frame(&scene);
      EXPECT_EQ(differing_pixels(display.front(), reference), 0)
          << strategy_id << " " << scene_id << " " << pixel_format_name(format) << " frame "
          << frame;
      EXPECT_GT(traffic.written, 0u);
      EXPECT_LE(traffic.written,
                uint64_t(200) * 120 * bytes_per_pixel(format) * (scene.layer_count() + 1));
      if (strategy_id != "direct") {
        EXPECT_EQ(traffic.read, 0u);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(FrameBench, EveryStrategyAndScene,
                         ::testing::Combine(::testing::Values("direct", "full-copy", "damage",
                                                              "flip2", "flip3", "pixman"),
                                            ::testing::Values("fill", "image", "sprite", "sprites",
                                                              "dashboard", "text", "fullchange")));

TEST(PresentStrategies, DirectReadsTheScanoutOnlyWhereItBlends) {
  HeadlessDisplay display(200, 120, PixelFormat::xrgb8888, 1);
  std::unique_ptr<FramePresenter> direct = make_presenter(*find_strategy("direct"), display);
  Scene opaque(200, 120);
  SceneUpdate update = find_bench_scene("image")->build(opaque);
  update(0);
  EXPECT_EQ(direct->frame(&opaque).read, 0u);  // copies only
  Scene sprites(200, 120);
  update = find_bench_scene("sprites")->build(sprites);
  update(0);
  EXPECT_GT(direct->frame(&sprites).read, 0u);  // alpha sprites blend onto the mapping
}

TEST(PresentStrategies, MachineBaselinesMoveWholeFrames) {
  HeadlessDisplay display(100, 50, PixelFormat::rgb565, 1);
  const uint64_t frame = 100 * 50 * 2;
  auto traffic = [&](const char* id) {
    return make_presenter(*find_strategy(id), display)->frame(nullptr);
  };
  EXPECT_EQ(traffic("memset-scanout").written, frame);
  EXPECT_EQ(traffic("memcpy-scanout").written, frame);
  EXPECT_EQ(traffic("readback-scanout").read, frame);
  EXPECT_EQ(traffic("readback-scanout").written, 0u);
  const ScanoutTraffic cached = traffic("memcpy-cached");
  EXPECT_EQ(cached.written + cached.read, 0u);  // never touches the scanout
}

TEST(PresentStrategies, FlippingNeedsTheBuffers) {
  HeadlessDisplay one(64, 64, PixelFormat::xrgb8888, 1);
  const auto reason = unsupported_reason(*find_strategy("flip3"), one.info());
  ASSERT_TRUE(reason);
  EXPECT_EQ(*reason, "headless gives 1 buffer, 3 needed");
  HeadlessDisplay three(64, 64, PixelFormat::xrgb8888, 3);
  EXPECT_FALSE(unsupported_reason(*find_strategy("flip3"), three.info()));
}

TEST(BenchRunner, ACellMeasuresAtLeastThreeFramesAndCountsMissedOnlyWhenPaced) {
  HeadlessDisplay display(128, 96, PixelFormat::xrgb8888, 2);
  Cell unpaced = run_cell(display, "sprite", "flip2", 0.001, 0);
  ASSERT_EQ(unpaced.status, CellStatus::ok) << unpaced.reason;
  EXPECT_GE(unpaced.figures.frames, 3u);
  EXPECT_GT(unpaced.figures.fps, 0);
  EXPECT_FALSE(unpaced.figures.missed_frames.has_value());
  Cell paced = run_cell(display, "sprite", "flip2", 0.001, 200);
  ASSERT_EQ(paced.status, CellStatus::ok);
  EXPECT_TRUE(paced.figures.missed_frames.has_value());
  Cell baseline = run_cell(display, "", "memcpy-scanout", 0.001, 0);
  EXPECT_TRUE(baseline.baseline);
  EXPECT_DOUBLE_EQ(baseline.figures.scanout_bytes_per_frame, 128.0 * 96 * 4);
  Cell unsupported = run_cell(display, "sprite", "flip3", 0.001, 0);
  EXPECT_EQ(unsupported.status, CellStatus::unsupported);
  EXPECT_EQ(unsupported.figures.frames, 0u);
}

}  // namespace
}  // namespace fb::bench
