// SPDX-License-Identifier: MIT
// fbdemo-sprites: translucent sprites bouncing over a background. Many layers, each frame
// damaging only where sprites were and are: the partial-damage case.
#include <cmath>
#include <vector>

#include "common/demo_drawing.hpp"
#include "common/demo_runner.hpp"
#include "fb/compositor/layer.hpp"

namespace fb::demo {
namespace {

constexpr int kSpriteCount = 40;

class Sprites final : public Demo {
 public:
  void setup(Scene& scene, uint64_t seed) override {
    width_ = scene.width();
    height_ = scene.height();
    scene.add_image(make_image(width_, height_, PixelFormat::xrgb8888, [&](cairo_t* cr) {
      cairo_pattern_t* sky = cairo_pattern_create_linear(0, 0, 0, height_);
      cairo_pattern_add_color_stop_rgb(sky, 0, 0.05, 0.08, 0.20);
      cairo_pattern_add_color_stop_rgb(sky, 1, 0.20, 0.05, 0.25);
      cairo_set_source(cr, sky);
      cairo_paint(cr);
      cairo_pattern_destroy(sky);
      cairo_set_source_rgba(cr, 1, 1, 1, 0.08);
      cairo_set_line_width(cr, 1);
      for (int x = 0; x < width_; x += 32) {
        cairo_move_to(cr, x + 0.5, 0);
        cairo_line_to(cr, x + 0.5, height_);
      }
      for (int y = 0; y < height_; y += 32) {
        cairo_move_to(cr, 0, y + 0.5);
        cairo_line_to(cr, width_, y + 0.5);
      }
      cairo_stroke(cr);
    }));

    Random random(seed);
    for (int i = 0; i < kSpriteCount; ++i) {
      Sprite sprite;
      const int size = static_cast<int>(random.uniform(24, 72));
      const double hue = random.uniform(0, 6);
      const double r = std::clamp(std::fabs(hue - 3) - 1, 0.0, 1.0);
      const double g = std::clamp(2 - std::fabs(hue - 2), 0.0, 1.0);
      const double b = std::clamp(2 - std::fabs(hue - 4), 0.0, 1.0);
      const bool round = i % 3 != 0;
      Image image = make_image(size, size, PixelFormat::argb8888_premul, [&](cairo_t* cr) {
        const double c = size / 2.0;
        cairo_pattern_t* glow = cairo_pattern_create_radial(c * 0.7, c * 0.7, 1, c, c, c);
        cairo_pattern_add_color_stop_rgba(glow, 0, 1, 1, 1, 0.95);
        cairo_pattern_add_color_stop_rgba(glow, 0.4, r, g, b, 0.85);
        cairo_pattern_add_color_stop_rgba(glow, 1, r * 0.5, g * 0.5, b * 0.5, 0.35);
        cairo_set_source(cr, glow);
        if (round) {
          cairo_arc(cr, c, c, c - 1, 0, 2 * M_PI);
        } else {
          const double m = 3, radius = size / 5.0, e = size - m;
          cairo_new_sub_path(cr);
          cairo_arc(cr, e - radius, m + radius, radius, -M_PI / 2, 0);
          cairo_arc(cr, e - radius, e - radius, radius, 0, M_PI / 2);
          cairo_arc(cr, m + radius, e - radius, radius, M_PI / 2, M_PI);
          cairo_arc(cr, m + radius, m + radius, radius, M_PI, 3 * M_PI / 2);
          cairo_close_path(cr);
        }
        cairo_fill(cr);
        cairo_pattern_destroy(glow);
      });
      sprite.size = size;
      sprite.x0 = random.uniform(0, width_ - size);
      sprite.y0 = random.uniform(0, height_ - size);
      sprite.vx = random.uniform(-180, 180);
      sprite.vy = random.uniform(-140, 140);
      sprite.fade = i % 4 == 0;
      sprite.phase = random.uniform(0, 2 * M_PI);
      sprite.layer =
          scene.add_image(std::move(image), Point{int32_t(sprite.x0), int32_t(sprite.y0)}, i % 5);
      sprites_.push_back(sprite);
    }
  }

  bool update(const DemoTime& time) override {
    for (Sprite& s : sprites_) {
      const double x = bounce(s.x0, s.vx, width_ - s.size, time.seconds);
      const double y = bounce(s.y0, s.vy, height_ - s.size, time.seconds);
      s.layer.move_to(
          Point{static_cast<int32_t>(std::floor(x)), static_cast<int32_t>(std::floor(y))});
      if (s.fade) {
        const double alpha = 0.6 + 0.4 * std::sin(time.seconds * 2.0 + s.phase);
        s.layer.set_opacity(static_cast<uint8_t>(std::lround(alpha * 255)));
      }
    }
    return true;
  }

 private:
  struct Sprite {
    Layer layer;
    int size = 0;
    double x0 = 0, y0 = 0, vx = 0, vy = 0, phase = 0;
    bool fade = false;
  };
  int32_t width_ = 0;
  int32_t height_ = 0;
  std::vector<Sprite> sprites_;
};

}  // namespace
}  // namespace fb::demo

int main(int argc, char** argv) {
  return fb::demo::run_demo(argc, argv, "fbdemo-sprites",
                            "Translucent sprites bouncing over a background (partial damage).",
                            [] { return std::make_unique<fb::demo::Sprites>(); });
}
