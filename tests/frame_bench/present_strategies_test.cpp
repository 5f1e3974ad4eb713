// SPDX-License-Identifier: MIT
// fb-frame-bench's strategies and baselines on the headless display: every way of presenting
// shows exactly the frame the compositor's reference repaint composes, whatever the buffer
// count and however the panel is mounted, and the traffic each reports is what it wrote and
// read.
#include "present_strategies.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>
#include <string>
#include <tuple>
#include <vector>

#include "bench_runner.hpp"
#include "bench_scenes.hpp"
#include "fb/error.hpp"
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

// The logical pixel that a panel of panel_width x panel_height mounted at `degrees` shows at
// its pixel (x, y): the picture turned clockwise, written out here rather than taken from
// fb::Orientation, so that a wrong turn in libfb cannot hide itself.
Point logical_shown_at(int degrees, int32_t panel_width, int32_t panel_height, int32_t x,
                       int32_t y) {
  switch (degrees) {
    case 90:  // the picture's top edge runs down the panel's right-hand side
      return {y, panel_width - 1 - x};
    case 180:
      return {panel_width - 1 - x, panel_height - 1 - y};
    case 270:  // its top edge runs up the panel's left-hand side
      return {panel_height - 1 - y, x};
    default:
      return {x, y};
  }
}

// Pixels of the panel `shown` against the logical reference turned by `degrees`.
int differing_pixels_turned(const Surface& shown, const Image& reference, int degrees) {
  int differing = 0;
  for (int32_t y = 0; y < shown.height(); ++y) {
    for (int32_t x = 0; x < shown.width(); ++x) {
      const Point at = logical_shown_at(degrees, shown.width(), shown.height(), x, y);
      const uint32_t expected =
          pixel_from_argb(shown.format(), reference.pixel32(at.x, at.y) | 0xff000000u);
      const uint32_t actual = bytes_per_pixel(shown.format()) == 2 ? shown.row_as<uint16_t>(y)[x]
                                                                   : shown.row_as<uint32_t>(y)[x];
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

class EveryStrategyOnARotatedPanel
    : public ::testing::TestWithParam<std::tuple<std::string, std::string, int>> {};

// A 96x64 panel mounted at 90 or 270: the scene is 64x96 and the panel must hold exactly the
// reference frame turned, frame after frame, on every strategy.
TEST_P(EveryStrategyOnARotatedPanel, ShowsTheReferenceFrameTurned) {
  const auto& [strategy_id, scene_id, degrees] = GetParam();
  const StrategySpec* strategy = find_strategy(strategy_id);
  ASSERT_NE(strategy, nullptr);
  constexpr int32_t kPanelWidth = 96, kPanelHeight = 64;
  for (PixelFormat format : {PixelFormat::xrgb8888, PixelFormat::rgb565}) {
    HeadlessDisplay display(kPanelWidth, kPanelHeight, format, strategy->buffers,
                            static_cast<Rotation>(degrees));
    ASSERT_EQ(display.info().width, kPanelHeight);
    ASSERT_EQ(display.info().height, kPanelWidth);
    if (unsupported_reason(*strategy, display.info())) {
      EXPECT_EQ(strategy_id, "direct");
      EXPECT_NE(format, PixelFormat::xrgb8888);
      continue;
    }
    Scene scene(display.info().width, display.info().height);
    SceneUpdate update = find_bench_scene(scene_id)->build(scene);
    std::unique_ptr<FramePresenter> presenter = make_presenter(*strategy, display);
    for (uint64_t frame = 0; frame < 9; ++frame) {
      update(frame);
      const Image reference = compose_full(scene);
      const ScanoutTraffic traffic = presenter->frame(&scene);
      ASSERT_EQ(display.front().width(), kPanelWidth);
      EXPECT_EQ(differing_pixels_turned(display.front(), reference, degrees), 0)
          << strategy_id << " " << scene_id << " " << pixel_format_name(format) << " at " << degrees
          << ", frame " << frame;
      EXPECT_GT(traffic.written, 0u);
      EXPECT_LE(traffic.written, uint64_t(kPanelWidth) * kPanelHeight * bytes_per_pixel(format) *
                                     (scene.layer_count() + 1));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(FrameBench, EveryStrategyOnARotatedPanel,
                         ::testing::Combine(::testing::Values("direct", "full-copy", "damage",
                                                              "flip2", "flip3", "pixman"),
                                            ::testing::Values("fill", "image", "sprite", "sprites",
                                                              "dashboard", "text", "fullchange"),
                                            ::testing::Values(90, 270)));

// On a rotated panel the machine baselines still move whole frames of the panel's memory: every
// row of it, each as long as the panel is wide.
TEST(PresentStrategies, MachineBaselinesCoverTheWholeRotatedPanel) {
  HeadlessDisplay display(100, 50, PixelFormat::rgb565, 1, Rotation::r90);
  const uint64_t frame = 100 * 50 * 2;
  auto every_byte_is = [&](int value) {
    int differing = 0;
    const Surface& panel = display.front();
    for (int32_t y = 0; y < panel.height(); ++y) {
      for (int32_t x = 0; x < 100 * 2; ++x)
        differing += std::to_integer<int>(panel.row(y)[x]) != value;
    }
    return differing;
  };
  EXPECT_EQ(make_presenter(*find_strategy("memset-scanout"), display)->frame(nullptr).written,
            frame);
  EXPECT_EQ(every_byte_is(1), 0);  // the first frame's memset value
  EXPECT_EQ(make_presenter(*find_strategy("memcpy-scanout"), display)->frame(nullptr).written,
            frame);
  EXPECT_EQ(every_byte_is(0x5a), 0);  // the source frame's pattern
  EXPECT_EQ(make_presenter(*find_strategy("readback-scanout"), display)->frame(nullptr).read,
            frame);
}

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

// --workers: each compositor strategy again with N threads, as "ID-wN", showing the same
// frames. 640x480, so that full repaints are large enough to be shared out.
TEST(PresentStrategies, WorkerStrategiesShowTheReferenceFrame) {
  for (const char* id : {"full-copy", "damage", "flip2", "flip3"}) {
    const StrategySpec spec = with_workers(*find_strategy(id), 2);
    EXPECT_EQ(spec.description.id, std::string(id) + "-w2");
    EXPECT_NE(spec.description.title.find("2 workers"), std::string::npos);
    EXPECT_EQ(spec.runs_as, id);
    EXPECT_EQ(spec.workers, 2u);
    HeadlessDisplay display(640, 480, PixelFormat::xrgb8888, spec.buffers);
    for (const char* scene_id : {"fullchange", "sprites"}) {
      Scene scene(640, 480);
      SceneUpdate update = find_bench_scene(scene_id)->build(scene);
      std::unique_ptr<FramePresenter> presenter = make_presenter(spec, display);
      for (uint64_t frame = 0; frame < 5; ++frame) {
        update(frame);
        const Image reference = compose_full(scene);
        presenter->frame(&scene);
        EXPECT_EQ(differing_pixels(display.front(), reference), 0)
            << spec.description.id << " " << scene_id << " frame " << frame;
      }
    }
  }
  EXPECT_THROW(with_workers(*find_strategy("pixman"), 2), Error);
  EXPECT_THROW(with_workers(*find_strategy("memcpy-scanout"), 2), Error);
}

TEST(BenchRunner, WorkersAddARowAfterEachCompositorStrategy) {
  BenchOptions options;
  options.backend = "headless";
  options.display.width = 128;
  options.display.height = 96;
  options.seconds = 0.001;
  options.quiet = true;
  options.scenes = {"sprite"};
  options.strategies = {"damage", "flip2", "pixman"};
  options.workers = 3;
  const Report report = run_bench(options, nullptr);
  std::vector<std::string> ids;
  for (const Described& strategy : report.strategies) ids.push_back(strategy.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"damage", "damage-w3", "flip2", "flip2-w3", "pixman"}));
  EXPECT_EQ(report.run.workers, 3u);
  for (const Cell& cell : report.cells) EXPECT_EQ(cell.status, CellStatus::ok) << cell.strategy;
  options.workers = 1;
  EXPECT_EQ(run_bench(options, nullptr).strategies.size(), 3u);
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
