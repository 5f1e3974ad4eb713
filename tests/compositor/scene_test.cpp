// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "fb/compositor/scene.hpp"
#include "fb/error.hpp"

namespace fb {
namespace {

// A scene whose first (full) frame has been closed, so later damage stands alone.
struct SceneTest : ::testing::Test {
  Scene scene{100, 80};
  Layer sprite;
  Layer solid;
  void SetUp() override {
    sprite = scene.add_image(Image(10, 10, PixelFormat::argb8888_premul), Point{5, 5});
    solid = scene.add_solid(Rect{50, 40, 20, 20}, 0xff00ff00);
    scene.end_frame();
  }
};

TEST(Scene, FirstFrameIsDamagedInFull) {
  Scene scene(64, 32);
  EXPECT_EQ(scene.frame_damage(), Region(Rect{0, 0, 64, 32}));
}

TEST(Scene, RejectsBadSizesAndFormats) {
  EXPECT_THROW(Scene(0, 10), Error);
  Scene scene(10, 10);
  EXPECT_THROW(scene.add_image(Image(2, 2, PixelFormat::rgb565)), UnsupportedFormat);
}

TEST_F(SceneTest, MoveDamagesOldAndNewRectangles) {
  sprite.move_to(Point{30, 20});
  Region expected(Rect{5, 5, 10, 10});
  expected.unite(Rect{30, 20, 10, 10});
  EXPECT_EQ(scene.frame_damage(), expected);
}

TEST_F(SceneTest, DamageIsClippedToTheScreen) {
  sprite.move_to(Point{-5, 75});
  Region expected(Rect{5, 5, 10, 10});
  expected.unite(Rect{0, 75, 5, 5});
  EXPECT_EQ(scene.frame_damage(), expected);
  sprite.move_to(Point{500, 500});
  EXPECT_EQ(scene.frame_damage(), expected);
}

TEST_F(SceneTest, ContentDamageIsInScreenCoordinatesAndClippedToTheLayer) {
  sprite.damage(Rect{2, 3, 4, 100});
  EXPECT_EQ(scene.frame_damage(), Region(Rect{7, 8, 4, 7}));
}

TEST_F(SceneTest, OpacityVisibilityAndRestackDamageTheLayer) {
  sprite.set_opacity(128);
  EXPECT_EQ(scene.frame_damage(), Region(Rect{5, 5, 10, 10}));
  scene.end_frame();
  solid.hide();
  EXPECT_EQ(scene.frame_damage(), Region(Rect{50, 40, 20, 20}));
  scene.end_frame();
  solid.show();
  EXPECT_EQ(scene.frame_damage(), Region(Rect{50, 40, 20, 20}));
  scene.end_frame();
  sprite.set_z(3);
  EXPECT_EQ(scene.frame_damage(), Region(Rect{5, 5, 10, 10}));
  EXPECT_EQ(scene.layers().back(), sprite);
}

TEST_F(SceneTest, HiddenLayersRecordNoDamageUntilShown) {
  sprite.hide();
  scene.end_frame();
  sprite.move_to(Point{40, 40});
  sprite.damage_all();
  sprite.set_opacity(10);
  EXPECT_TRUE(scene.frame_damage().empty());
  sprite.show();
  EXPECT_EQ(scene.frame_damage(), Region(Rect{40, 40, 10, 10}));
}

TEST_F(SceneTest, UnchangedPropertiesRecordNothing) {
  sprite.move_to(Point{5, 5});
  sprite.set_opacity(255);
  sprite.show();
  solid.set_color(0xff00ff00);
  EXPECT_TRUE(scene.frame_damage().empty());
}

TEST_F(SceneTest, StackingFollowsZThenOrder) {
  Layer top = scene.add_solid(Rect{0, 0, 1, 1}, 0xffffffff, -1);
  EXPECT_EQ(scene.layers().front(), top);
  top.raise_to_top();
  EXPECT_EQ(scene.layers().back(), top);
  EXPECT_EQ(top.z(), 0);  // the highest z in the scene
  sprite.set_z(0);        // same z as the others: restacking puts it above them
  std::vector<Layer> order = scene.layers();
  ASSERT_EQ(order.size(), 3u);
  EXPECT_EQ(order[0], solid);
  EXPECT_EQ(order[1], top);
  EXPECT_EQ(order[2], sprite);
}

TEST_F(SceneTest, RepaintRegionIsTheUnionOverTheBufferAge) {
  sprite.move_to(Point{20, 5});  // frame A
  scene.end_frame();
  solid.set_color(0xffff0000);  // frame B
  scene.end_frame();
  sprite.damage_all();  // current frame
  Region current(Rect{20, 5, 10, 10});
  Region b(Rect{50, 40, 20, 20});
  Region a(Rect{5, 5, 10, 10});
  a.unite(Rect{20, 5, 10, 10});
  EXPECT_EQ(scene.repaint_region(1), current);
  Region two = current;
  two.unite(b);
  EXPECT_EQ(scene.repaint_region(2), two);
  Region three = two;
  three.unite(a);
  EXPECT_EQ(scene.repaint_region(3), three);
  // Age 4 reaches the first frame (the full one), age 0 is unknown contents.
  EXPECT_EQ(scene.repaint_region(4), Region(scene.bounds()));
  EXPECT_EQ(scene.repaint_region(0), Region(scene.bounds()));
  EXPECT_EQ(scene.repaint_region(50), Region(scene.bounds()));
}

TEST(Scene, AgesBeyondTheLogRepaintEverything) {
  Scene scene(10, 10);
  for (int i = 0; i < Scene::kDamageHistory + 2; ++i) scene.end_frame();
  EXPECT_TRUE(scene.repaint_region(Scene::kDamageHistory + 1).empty());
  EXPECT_EQ(scene.repaint_region(Scene::kDamageHistory + 2), Region(scene.bounds()));
}

TEST_F(SceneTest, RemovedLayersThrowAndDamageTheirRectangle) {
  scene.remove(solid);
  EXPECT_EQ(scene.frame_damage(), Region(Rect{50, 40, 20, 20}));
  EXPECT_THROW(solid.move_to(Point{0, 0}), Error);
  EXPECT_FALSE(scene.find(solid.id()));
  EXPECT_NO_THROW(scene.remove(solid));
  EXPECT_THROW(Layer().move_to(Point{0, 0}), Error);
  EXPECT_EQ(scene.layer_count(), 1u);
}

TEST_F(SceneTest, SolidOnlyAndImageOnlyOperationsThrowOnTheOtherKind) {
  EXPECT_THROW(sprite.set_color(0xffffffff), Error);
  EXPECT_THROW(sprite.resize(3, 3), Error);
  EXPECT_THROW(solid.pixels(), Error);
  EXPECT_THROW(solid.set_image(Image(2, 2, PixelFormat::xrgb8888)), Error);
}

TEST_F(SceneTest, SetImageDamagesOldAndNewExtent) {
  sprite.set_image(Image(30, 4, PixelFormat::xrgb8888));
  Region expected(Rect{5, 5, 10, 10});
  expected.unite(Rect{5, 5, 30, 4});
  EXPECT_EQ(scene.frame_damage(), expected);
  EXPECT_TRUE(sprite.state().opaque());
  EXPECT_EQ(sprite.rect(), (Rect{5, 5, 30, 4}));
}

TEST(LayerState, OpaqueOnlyWhenNothingBelowCanShow) {
  LayerState state;
  state.rect = Rect{0, 0, 4, 4};
  state.kind = LayerKind::solid;
  state.color = 0xff102030;
  EXPECT_TRUE(state.opaque());
  state.opacity = 254;
  EXPECT_FALSE(state.opaque());
  state.opacity = 255;
  state.color = 0x80102030;
  EXPECT_FALSE(state.opaque());
  state.color = 0xff102030;
  state.visible = false;
  EXPECT_FALSE(state.opaque());
}

}  // namespace
}  // namespace fb
