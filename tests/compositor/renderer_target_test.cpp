// SPDX-License-Identifier: MIT
// The renderer writes the target only inside the repaint region, reports exactly the bytes it
// wrote, and writes there what a full repaint would.
#include <gtest/gtest.h>

#include "fb/compositor/renderer.hpp"
#include "fb/compositor/scene.hpp"
#include "fb/error.hpp"
#include "fb/headless_display.hpp"
#include "fb/raster.hpp"
#include "scene_history.hpp"
#include "test_displays.hpp"

namespace fb {
namespace {

void build_scene(Scene& scene) {
  Image sprite(16, 12, PixelFormat::argb8888_premul);
  fill(sprite, sprite.bounds(), 0x80400000);  // translucent dark red, premultiplied
  scene.add_image(Image(40, 30, PixelFormat::xrgb8888), Point{-8, 4});
  scene.add_image(std::move(sprite), Point{20, 10}, 1);
  scene.add_solid(Rect{50, 30, 40, 40}, 0xff0000ff);
  scene.add_solid(Rect{55, 35, 10, 10}, 0x40404040, 2);
}

// Every byte of the target is either untouched (sentinel) outside `region`, or equal to the
// reference inside it; padding past each row stays untouched.
void expect_written_exactly(const test::MemoryTarget& target, const Scene& scene,
                            const Region& region, PixelFormat format) {
  Image full = compose_full(scene);
  test::MemoryTarget reference(scene.width(), scene.height(), format);
  ScanoutSurface out = reference.scanout();
  stream_copy(out, Point{0, 0}, full, full.bounds());
  const int bpp = bytes_per_pixel(format);
  int wrong = 0;
  for (int32_t y = 0; y < scene.height(); ++y) {
    for (ptrdiff_t i = 0; i < target.stride(); ++i) {
      size_t at = size_t(y) * size_t(target.stride()) + size_t(i);
      int32_t x = int32_t(i / bpp);
      bool inside = i < ptrdiff_t{scene.width()} * bpp && region.contains(Point{x, y});
      std::byte expected =
          inside ? reference.bytes()[at] : std::byte{test::MemoryTarget::kSentinel};
      if (target.bytes()[at] != expected && ++wrong <= 5) {
        ADD_FAILURE() << "byte " << i << " of row " << y << (inside ? " (inside" : " (outside")
                      << " the region) is wrong";
      }
    }
  }
  EXPECT_EQ(wrong, 0);
}

class RendererTarget : public ::testing::TestWithParam<PixelFormat> {};

TEST_P(RendererTarget, WritesOnlyInsideTheRegionAndReportsTheBytes) {
  const PixelFormat format = GetParam();
  Scene scene(96, 64, 0xff808080);
  build_scene(scene);
  Region region(Rect{3, 2, 30, 20});
  region.unite(Rect{40, 25, 50, 30});
  region.unite(Rect{90, 60, 40, 40});  // partly off-screen: clipped
  region.unite(Rect{0, 63, 1, 1});
  test::MemoryTarget target(96, 64, format);
  ScanoutSurface scanout = target.scanout();
  Renderer::Options options;
  options.strip_bytes = 1;  // one row per strip: every band boundary
  Renderer renderer(options);
  RenderStats stats = renderer.render(scene, scanout, region);

  Region clipped = region;
  clipped.intersect(scene.bounds());
  EXPECT_EQ(stats.repainted, clipped);
  EXPECT_EQ(stats.damage_area, clipped.area());
  EXPECT_EQ(stats.bytes_written, clipped.area() * uint64_t(bytes_per_pixel(format)));
  EXPECT_FALSE(stats.full_repaint);
  expect_written_exactly(target, scene, clipped, format);
}

// A band's topmost translucent image blended on the way from the strip into the target
// (Options::blend_top_on_write): rows long enough to be streamed in whole lines, the target's
// rows starting at many offsets within a line (its stride is not a multiple of 64 bytes), the
// top layer covering only part of the rows and columns, sprites under it straddling lines, at
// opacity 255 and below. Equal to the reference inside the region, nothing written outside
// it, and the same bytes as with the top layer blended in the strip.
TEST_P(RendererTarget, TopLayerBlendedOnWriteEqualsTheReference) {
  const PixelFormat format = GetParam();
  constexpr int32_t kWide = 1100, kTall = 40;
  for (uint8_t opacity : {uint8_t{255}, uint8_t{150}}) {
    SCOPED_TRACE("top layer opacity " + std::to_string(opacity));
    Scene scene(kWide, kTall, 0xff102030);
    scene.add_image(test::make_image(kWide, kTall, PixelFormat::xrgb8888, 1));
    int32_t z = 1;
    for (const Rect& r : {Rect{7, 2, 50, 20}, Rect{500, 10, 33, 25}, Rect{1060, 0, 60, 40}}) {
      scene.add_image(test::make_image(r.width, r.height, PixelFormat::argb8888_premul,
                                       static_cast<uint32_t>(r.x)),
                      Point{r.x, r.y}, z++);
    }
    Layer top = scene.add_image(test::make_image(kWide - 20, 30, PixelFormat::argb8888_premul, 7),
                                Point{-5, 3}, z);
    top.set_opacity(opacity);
    Region partial(Rect{0, 0, kWide, 5});
    partial.unite(Rect{3, 8, 900, 9});
    partial.unite(Rect{517, 20, 560, 20});
    for (const Region& region : {Region(scene.bounds()), partial}) {
      std::vector<std::byte> written[2];
      for (bool on_write : {true, false}) {
        SCOPED_TRACE(on_write ? "blended on write" : "blended in the strip");
        test::MemoryTarget target(kWide, kTall, format);
        ScanoutSurface scanout = target.scanout();
        Renderer::Options options;
        options.strip_bytes = size_t{kWide} * 4 * 7;  // bands of 7 rows
        options.blend_top_on_write = on_write;
        Renderer renderer(options);
        renderer.render(scene, scanout, region);
        expect_written_exactly(target, scene, region, format);
        written[on_write ? 0 : 1] = target.bytes();
      }
      EXPECT_EQ(written[0], written[1]);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Formats, RendererTarget,
                         ::testing::Values(PixelFormat::xrgb8888, PixelFormat::xbgr8888,
                                           PixelFormat::argb8888_premul, PixelFormat::rgb565,
                                           PixelFormat::bgr565));

TEST(Renderer, FullRepaintWithDefaultStripsMatchesTheReference) {
  Scene scene(96, 64);
  build_scene(scene);
  test::MemoryTarget target(96, 64, PixelFormat::xrgb8888);
  ScanoutSurface scanout = target.scanout();
  Renderer renderer;
  RenderStats stats = renderer.render(scene, scanout, Region(scene.bounds()));
  EXPECT_TRUE(stats.full_repaint);
  expect_written_exactly(target, scene, Region(scene.bounds()), PixelFormat::xrgb8888);
}

TEST(Renderer, EmptyRegionWritesNothing) {
  Scene scene(32, 32);
  build_scene(scene);
  test::MemoryTarget target(32, 32, PixelFormat::xrgb8888);
  ScanoutSurface scanout = target.scanout();
  Renderer renderer;
  RenderStats stats = renderer.render(scene, scanout, Region());
  EXPECT_EQ(stats.bytes_written, 0u);
  expect_written_exactly(target, scene, Region(), PixelFormat::xrgb8888);
}

TEST(Renderer, MovingASpriteRepaintsOnlyItsOldAndNewPlace) {
  Scene scene(200, 120);
  scene.add_image(Image(200, 120, PixelFormat::xrgb8888));
  Layer sprite = scene.add_image(Image(16, 16, PixelFormat::argb8888_premul), Point{10, 10});
  HeadlessDisplay display(200, 120, PixelFormat::xrgb8888, 1);
  Renderer renderer;
  RenderStats first = renderer.render_frame(scene, display);
  EXPECT_TRUE(first.full_repaint);
  sprite.move_by(5, 3);
  RenderStats second = renderer.render_frame(scene, display);
  Region expected(Rect{10, 10, 16, 16});
  expected.unite(Rect{15, 13, 16, 16});
  EXPECT_EQ(second.buffer_age, 1);
  EXPECT_EQ(second.repainted, expected);
  EXPECT_EQ(second.bytes_written, expected.area() * 4);
  EXPECT_EQ(display.last_damage(), expected);
  // Culling: the opaque background covers every rectangle, so nothing is drawn below it and
  // no background fill happens; each rectangle draws the background and maybe the sprite.
  EXPECT_LE(second.layers_composited, 2 * second.repainted.rect_count());
}

TEST(Renderer, OpaqueCullingDoesNotChangeThePixels) {
  Scene scene(64, 48);
  build_scene(scene);
  scene.add_solid(Rect{0, 0, 64, 20}, 0xff112233, 5);
  test::MemoryTarget culled(64, 48, PixelFormat::xrgb8888);
  test::MemoryTarget unculled(64, 48, PixelFormat::xrgb8888);
  ScanoutSurface a = culled.scanout(), b = unculled.scanout();
  Renderer::Options on;
  on.strip_bytes = 1;  // one row per band: rows 0..19 lie wholly under the opaque layer
  Renderer with(on);
  Renderer::Options off = on;
  off.cull_occluded = false;
  Renderer without(off);
  RenderStats stats_with = with.render(scene, a, Region(scene.bounds()));
  RenderStats stats_without = without.render(scene, b, Region(scene.bounds()));
  EXPECT_EQ(culled.bytes(), unculled.bytes());
  EXPECT_LT(stats_with.layers_composited, stats_without.layers_composited);
}

TEST(Renderer, RejectsATargetOfAnotherSize) {
  Scene scene(32, 32);
  test::MemoryTarget target(31, 32, PixelFormat::xrgb8888);
  ScanoutSurface scanout = target.scanout();
  Renderer renderer;
  EXPECT_THROW(renderer.render(scene, scanout, Region(scene.bounds())), Error);
}

TEST(Renderer, TranslucentOpaqueFormatLayerBlendsAsOpaqueSource) {
  // An xrgb8888 layer at opacity 128 over white: its X bits (0 here) must not act as alpha.
  Scene scene(4, 4, 0xffffffff);
  Image black(4, 4, PixelFormat::xrgb8888);  // zero-filled: X bits 0
  Layer layer = scene.add_image(std::move(black));
  layer.set_opacity(128);
  Image full = compose_full(scene);
  // dst = 0 + mul_div255(255, 127) = 127 per channel.
  EXPECT_EQ(full.pixel32(1, 1) & 0xffffff, 0x7f7f7fu);
}

}  // namespace
}  // namespace fb
