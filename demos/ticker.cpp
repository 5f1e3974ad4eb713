// SPDX-License-Identifier: MIT
// fbdemo-ticker: a news ticker scrolling along the bottom under a headline that changes every
// few seconds. The text is rendered once; scrolling moves layers, so each frame damages only
// the ticker's band.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "common/demo_drawing.hpp"
#include "common/demo_runner.hpp"
#include "common/demo_text.hpp"
#include "fb/compositor/cairo_canvas.hpp"
#include "fb/compositor/layer.hpp"

namespace fb::demo {
namespace {

constexpr const char* kNews =
    "fbmmap 0.1: a framebuffer stack for embedded Linux boards   +++   damage tracking streams "
    "only what changed   +++   fbdev, DRM/KMS and SDL backends   +++   Cairo draws the UI   "
    "+++   the same binary runs on the desktop and on the board   +++   ";
constexpr const char* kHeadlines[] = {"Good morning", "Line 3: on time", "Platform 2 closed",
                                      "Next departure 10:14"};
constexpr double kScrollSpeed = 120;  // pixels per second

class Ticker final : public Demo {
 public:
  void setup(Scene& scene, uint64_t /*seed*/) override {
    const int32_t w = scene.width();
    const int32_t h = scene.height();
    band_ = std::max(24, h / 12);
    scene.add_image(make_image(w, h, PixelFormat::xrgb8888, [&](cairo_t* cr) {
      cairo_pattern_t* wash = cairo_pattern_create_linear(0, 0, w, h);
      cairo_pattern_add_color_stop_rgb(wash, 0, 0.02, 0.12, 0.20);
      cairo_pattern_add_color_stop_rgb(wash, 1, 0.02, 0.05, 0.08);
      cairo_set_source(cr, wash);
      cairo_paint(cr);
      cairo_pattern_destroy(wash);
    }));
    scene.add_solid(Rect{0, h - band_, w, band_}, 0xffb01818, 1);

    // One copy of the text, repeated until it is at least a screen wide; two layers of it side
    // by side scroll as an endless band.
    cairo_surface_t* probe = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t* measure = cairo_create(probe);
    set_demo_font(measure, band_ * 0.55, true);
    cairo_text_extents_t extents;
    cairo_text_extents(measure, kNews, &extents);
    cairo_destroy(measure);
    cairo_surface_destroy(probe);
    const int copies = std::max(1, static_cast<int>(std::ceil(w / extents.x_advance)));
    std::string text;
    for (int i = 0; i < copies; ++i) text += kNews;
    text_width_ = static_cast<int32_t>(std::ceil(extents.x_advance * copies));

    Image strip = make_image(text_width_, band_, PixelFormat::argb8888_premul, [&](cairo_t* cr) {
      cairo_set_source_rgb(cr, 1, 1, 1);
      set_demo_font(cr, band_ * 0.55, true);
      cairo_move_to(cr, 0, band_ * 0.7);
      cairo_show_text(cr, text.c_str());
    });
    Image second = strip.clone();
    strips_[0] = scene.add_image(std::move(strip), Point{0, h - band_}, 2);
    strips_[1] = scene.add_image(std::move(second), Point{text_width_, h - band_}, 2);
    headline_ = scene.add_image(Image(w, band_ * 3, PixelFormat::argb8888_premul),
                                Point{0, h / 2 - band_ * 2}, 1);
  }

  bool update(const DemoTime& time) override {
    const int32_t offset =
        static_cast<int32_t>(std::floor(std::fmod(time.seconds * kScrollSpeed, text_width_)));
    strips_[0].move_to(Point{-offset, strips_[0].position().y});
    strips_[1].move_to(Point{text_width_ - offset, strips_[1].position().y});

    const int headline = static_cast<int>(std::floor(time.seconds / 4)) % 4;
    if (headline != headline_shown_) {
      headline_shown_ = headline;
      CairoCanvas canvas(headline_);
      cairo_t* cr = canvas.cr();
      canvas.clear();
      cairo_set_source_rgb(cr, 1, 1, 1);
      set_demo_font(cr, band_ * 1.6, true);
      cairo_move_to(cr, band_, band_ * 2);
      canvas.show_text(kHeadlines[headline]);
    }
    return true;
  }

 private:
  int32_t band_ = 0;
  int32_t text_width_ = 0;
  Layer strips_[2];
  Layer headline_;
  int headline_shown_ = -1;
};

}  // namespace
}  // namespace fb::demo

int main(int argc, char** argv) {
  return fb::demo::run_demo(argc, argv, "fbdemo-ticker",
                            "A news ticker scrolling along the bottom of the screen.",
                            [] { return std::make_unique<fb::demo::Ticker>(); });
}
