// SPDX-License-Identifier: MIT
// fb-frame-bench's scenes: each builds at any display size the bench accepts, changes the
// screen every frame, and draws the same frames every run.
#include "bench_scenes.hpp"

#include <gtest/gtest.h>

#include <cstring>

namespace fb::bench {
namespace {

bool same_pixels(const Image& a, const Image& b) {
  if (a.width() != b.width() || a.height() != b.height()) return false;
  const size_t row = size_t(a.width()) * 4;
  for (int32_t y = 0; y < a.height(); ++y)
    if (std::memcmp(a.row_as<std::byte>(y), b.row_as<std::byte>(y), row) != 0) return false;
  return true;
}

TEST(BenchScenes, AreTheSevenTheIssueNamesInReportOrder) {
  std::vector<std::string> ids;
  for (const BenchScene& scene : bench_scenes()) ids.push_back(scene.description.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"fill", "image", "sprite", "sprites", "dashboard",
                                           "text", "fullchange"}));
  for (const BenchScene& scene : bench_scenes()) {
    EXPECT_FALSE(scene.description.title.empty()) << scene.description.id;
    EXPECT_FALSE(scene.description.what.empty()) << scene.description.id;
    EXPECT_EQ(find_bench_scene(scene.description.id), &scene);
  }
  EXPECT_EQ(find_bench_scene("nosuch"), nullptr);
}

class EveryScene : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryScene, ChangesTheScreenEveryFrameAtEverySize) {
  const BenchScene* bench = find_bench_scene(GetParam());
  ASSERT_NE(bench, nullptr);
  for (const auto& [w, h] : {std::pair{1024, 600}, std::pair{kMinBenchSide, kMinBenchSide},
                             std::pair{800, 480}, std::pair{kMinBenchSide, 300}}) {
    Scene scene(w, h);
    SceneUpdate update = bench->build(scene);
    ASSERT_GT(scene.layer_count(), 0u);
    update(0);  // frame 0 may show the scene as built
    scene.end_frame();
    for (uint64_t frame = 1; frame < 40; ++frame) {
      update(frame);
      EXPECT_FALSE(scene.frame_damage().empty())
          << GetParam() << " " << w << "x" << h << " frame " << frame;
      // Nothing a scene damages lies off screen.
      Region off = scene.frame_damage();
      off.subtract(scene.bounds());
      EXPECT_TRUE(off.empty()) << GetParam();
      scene.end_frame();
    }
  }
}

TEST_P(EveryScene, DrawsTheSameFramesEveryRun) {
  const BenchScene* bench = find_bench_scene(GetParam());
  ASSERT_NE(bench, nullptr);
  Scene a(320, 200), b(320, 200);
  SceneUpdate update_a = bench->build(a);
  SceneUpdate update_b = bench->build(b);
  Image first_a, first_b;
  for (uint64_t frame = 0; frame < 12; ++frame) {
    update_a(frame);
    update_b(frame);
    a.end_frame();
    b.end_frame();
    if (frame == 2) first_a = compose_full(a);
  }
  const Image last_a = compose_full(a), last_b = compose_full(b);
  EXPECT_TRUE(same_pixels(last_a, last_b)) << GetParam();
  // And the frames differ over time: the scene animates.
  EXPECT_FALSE(same_pixels(first_a, last_a)) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(FrameBench, EveryScene,
                         ::testing::Values("fill", "image", "sprite", "sprites", "dashboard",
                                           "text", "fullchange"));

}  // namespace
}  // namespace fb::bench
