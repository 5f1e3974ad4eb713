// SPDX-License-Identifier: MIT
// What Cairo draws on a layer appears in the composed frame at the right place with the right
// blending, and the damage it records covers every pixel it changed.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "fb/compositor/cairo_canvas.hpp"
#include "fb/compositor/renderer.hpp"
#include "fb/compositor/scene.hpp"
#include "fb/error.hpp"
#include "fb/headless_display.hpp"

namespace fb {
namespace {

uint32_t mul_div255(uint32_t a, uint32_t b) {
  uint32_t t = a * b + 128;
  return (t + (t >> 8)) >> 8;
}

// src over an opaque dst, per libfb's documented formula; returns 0x00RRGGBB.
uint32_t over(uint32_t src, uint32_t dst) {
  uint32_t inv = 255 - (src >> 24);
  uint32_t out = 0;
  for (int shift = 0; shift < 24; shift += 8) {
    out |= (((src >> shift) & 0xff) + mul_div255((dst >> shift) & 0xff, inv)) << shift;
  }
  return out;
}

std::vector<uint32_t> snapshot(const Surface& pixels) {
  std::vector<uint32_t> out;
  for (int32_t y = 0; y < pixels.height(); ++y) {
    for (int32_t x = 0; x < pixels.width(); ++x) out.push_back(pixels.pixel32(x, y));
  }
  return out;
}

// Every pixel that differs between the snapshot and now lies inside the layer's damage.
void expect_changes_inside(const std::vector<uint32_t>& before, const Surface& pixels,
                           const Region& damage, Point layer_origin) {
  int changed = 0, outside = 0;
  for (int32_t y = 0; y < pixels.height(); ++y) {
    for (int32_t x = 0; x < pixels.width(); ++x) {
      if (before[size_t(y) * pixels.width() + x] == pixels.pixel32(x, y)) continue;
      ++changed;
      if (!damage.contains(Point{x + layer_origin.x, y + layer_origin.y})) ++outside;
    }
  }
  EXPECT_GT(changed, 0) << "the drawing changed nothing";
  EXPECT_EQ(outside, 0) << outside << " changed pixels lie outside the damage";
}

TEST(CairoCanvas, ShapesAppearAtTheRightPlaceWithTheRightBlending) {
  Scene scene(100, 80, 0xffffffff);
  Layer layer = scene.add_image(Image(40, 40, PixelFormat::argb8888_premul), Point{10, 20});
  {
    CairoCanvas canvas(layer);
    cairo_t* cr = canvas.cr();
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
    cairo_set_source_rgb(cr, 1, 0, 0);
    cairo_rectangle(cr, 5, 5, 10, 10);  // opaque red at layer (5..14, 5..14)
    canvas.fill();
    cairo_set_source_rgba(cr, 0, 0, 1, 0.5);
    cairo_rectangle(cr, 20, 20, 10, 10);  // half blue at layer (20..29, 20..29)
    canvas.fill();
  }
  HeadlessDisplay display(100, 80, PixelFormat::xrgb8888, 2);
  Renderer renderer;
  renderer.render_frame(scene, display);
  const Surface& shown = display.front();
  EXPECT_EQ(shown.pixel32(15, 25) & 0xffffff, 0xff0000u);  // layer (5,5) at screen (15,25)
  EXPECT_EQ(shown.pixel32(24, 34) & 0xffffff, 0xff0000u);
  EXPECT_EQ(shown.pixel32(25, 35) & 0xffffff, 0xffffffu);  // just past the red square
  EXPECT_EQ(shown.pixel32(14, 24) & 0xffffff, 0xffffffu);  // just before it

  uint32_t blue = layer.pixels().pixel32(25, 25);
  EXPECT_NEAR(int(blue >> 24), 128, 1);
  EXPECT_EQ(blue & 0xffff00, 0u);
  EXPECT_EQ(shown.pixel32(35, 45) & 0xffffff, over(blue, 0xffffff));
  EXPECT_EQ(shown.pixel32(35, 45) & 0xffffff, 0x7f7fffu);
  EXPECT_EQ(shown.pixel32(40, 50) & 0xffffff, 0xffffffu);
}

TEST(CairoCanvas, OpaqueLayerUsesRgb24) {
  Scene scene(30, 30);
  Layer layer = scene.add_image(Image(20, 20, PixelFormat::xrgb8888), Point{5, 5});
  {
    CairoCanvas canvas(layer);
    cairo_set_source_rgb(canvas.cr(), 0, 1, 0);
    canvas.paint();
  }
  Image frame = compose_full(scene);
  EXPECT_EQ(frame.pixel32(5, 5) & 0xffffff, 0x00ff00u);
  EXPECT_EQ(frame.pixel32(24, 24) & 0xffffff, 0x00ff00u);
  EXPECT_EQ(frame.pixel32(4, 4) & 0xffffff, 0x000000u);
}

TEST(CairoCanvas, DamageCoversWhatWasDrawnAndLittleMore) {
  Scene scene(300, 300);
  Layer layer = scene.add_image(Image(200, 200, PixelFormat::argb8888_premul), Point{50, 60});
  scene.end_frame();
  std::vector<uint32_t> before = snapshot(layer.pixels());
  {
    CairoCanvas canvas(layer);
    cairo_t* cr = canvas.cr();
    cairo_set_source_rgb(cr, 1, 1, 0);
    cairo_arc(cr, 100, 100, 20, 0, 2 * M_PI);
    canvas.fill();
  }
  Region damage = scene.frame_damage();
  expect_changes_inside(before, layer.pixels(), damage, Point{50, 60});
  EXPECT_LE(damage.area(), uint64_t(46 * 46));  // the circle's box plus a small margin
}

TEST(CairoCanvas, StrokesTextAndTransformsAreCoveredByTheDamage) {
  Scene scene(300, 200);
  Layer layer = scene.add_image(Image(260, 160, PixelFormat::argb8888_premul), Point{-20, 30});
  scene.end_frame();
  std::vector<uint32_t> before = snapshot(layer.pixels());
  {
    CairoCanvas canvas(layer);
    cairo_t* cr = canvas.cr();
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 9);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_SQUARE);
    cairo_move_to(cr, 30, 30);
    cairo_line_to(cr, 90, 50);
    canvas.stroke();
    cairo_save(cr);
    cairo_translate(cr, 150, 100);
    cairo_rotate(cr, 0.7);
    cairo_rectangle(cr, -20, -5, 40, 10);
    canvas.fill();
    cairo_restore(cr);
    cairo_set_font_size(cr, 18);
    cairo_move_to(cr, 20, 140);
    canvas.show_text("Speed 88 km/h");
  }
  Region damage = scene.frame_damage();
  expect_changes_inside(before, layer.pixels(), damage, Point{-20, 30});
  EXPECT_LT(damage.area(), uint64_t(260 * 160) / 2);
}

TEST(CairoCanvas, StatedRectangleIsTheDamageAndClipsTheDrawing) {
  Scene scene(100, 100);
  Layer layer = scene.add_image(Image(50, 50, PixelFormat::argb8888_premul), Point{10, 10});
  scene.end_frame();
  std::vector<uint32_t> before = snapshot(layer.pixels());
  {
    CairoCanvas canvas(layer, Rect{10, 10, 5, 5});
    cairo_set_source_rgb(canvas.cr(), 1, 0, 0);
    cairo_paint(canvas.cr());  // raw Cairo: covered by the statement
  }
  EXPECT_EQ(scene.frame_damage(), Region(Rect{20, 20, 5, 5}));
  expect_changes_inside(before, layer.pixels(), scene.frame_damage(), Point{10, 10});
}

TEST(CairoCanvas, ExplicitDamageAndClear) {
  Scene scene(64, 64);
  Layer layer = scene.add_image(Image(32, 32, PixelFormat::argb8888_premul), Point{0, 0});
  scene.end_frame();
  {
    CairoCanvas canvas(layer);
    canvas.damage(Rect{1, 2, 3, 4});
    EXPECT_EQ(canvas.damaged(), Region(Rect{1, 2, 3, 4}));
    canvas.clear();
    EXPECT_EQ(canvas.damaged(), Region(Rect{0, 0, 32, 32}));
  }
  EXPECT_EQ(scene.frame_damage(), Region(Rect{0, 0, 32, 32}));
}

TEST(CairoCanvas, RejectsSolidLayers) {
  Scene scene(10, 10);
  Layer solid = scene.add_solid(Rect{0, 0, 4, 4}, 0xffffffff);
  EXPECT_THROW(CairoCanvas canvas(solid), Error);
  EXPECT_THROW(CairoCanvas canvas{Layer()}, Error);
}

}  // namespace
}  // namespace fb
