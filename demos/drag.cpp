// SPDX-License-Identifier: MIT
// fbdemo-drag: cards dragged with the pointer: the mouse in an SDL window, a finger on the
// board's touchscreen (evdev), or a replayed recording. Prints where each drag ended and, at
// exit, where every card is, so a test can check that the events moved the right card.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "common/demo_drawing.hpp"
#include "common/demo_runner.hpp"
#include "common/demo_text.hpp"
#include "fb/compositor/layer.hpp"

namespace fb::demo {
namespace {

constexpr int kCards = 3;

class Drag final : public Demo {
 public:
  void setup(Scene& scene, uint64_t /*seed*/) override {
    const int32_t w = scene.width();
    const int32_t h = scene.height();
    scene.add_image(make_image(w, h, PixelFormat::xrgb8888, [&](cairo_t* cr) {
      for (int y = 0; y < h; y += 40) {
        for (int x = 0; x < w; x += 40) {
          const bool dark = ((x + y) / 40) % 2 == 0;
          cairo_set_source_rgb(cr, dark ? 0.16 : 0.19, dark ? 0.17 : 0.20, dark ? 0.20 : 0.24);
          cairo_rectangle(cr, x, y, 40, 40);
          cairo_fill(cr);
        }
      }
    }));

    const int32_t card_w = std::max(48, w / 5);
    const int32_t card_h = std::max(32, h / 5);
    static constexpr double kColors[kCards][3] = {
        {0.90, 0.35, 0.30}, {0.30, 0.70, 0.40}, {0.30, 0.50, 0.90}};
    for (int i = 0; i < kCards; ++i) {
      Image image = make_image(card_w, card_h, PixelFormat::argb8888_premul, [&](cairo_t* cr) {
        const double r = 10;
        cairo_new_sub_path(cr);
        cairo_arc(cr, card_w - r - 1, r + 1, r, -M_PI / 2, 0);
        cairo_arc(cr, card_w - r - 1, card_h - r - 1, r, 0, M_PI / 2);
        cairo_arc(cr, r + 1, card_h - r - 1, r, M_PI / 2, M_PI);
        cairo_arc(cr, r + 1, r + 1, r, M_PI, 3 * M_PI / 2);
        cairo_close_path(cr);
        cairo_set_source_rgba(cr, kColors[i][0], kColors[i][1], kColors[i][2], 0.9);
        cairo_fill_preserve(cr);
        cairo_set_source_rgba(cr, 1, 1, 1, 0.8);
        cairo_set_line_width(cr, 2);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        set_demo_font(cr, card_h * 0.22, true);
        cairo_move_to(cr, 12, card_h * 0.6);
        cairo_show_text(cr, ("card " + std::to_string(i + 1)).c_str());
      });
      const Point at{w / 10 + i * (card_w + w / 20), h / 3 + i * h / 12};
      cards_.push_back(scene.add_image(std::move(image), at, 1));
    }
    // Where the pointer is pressed: a ring shown while dragging (touch feedback).
    marker_ = scene.add_image(make_image(32, 32, PixelFormat::argb8888_premul,
                                         [](cairo_t* cr) {
                                           cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
                                           cairo_set_line_width(cr, 3);
                                           cairo_arc(cr, 16, 16, 12, 0, 2 * M_PI);
                                           cairo_stroke(cr);
                                         }),
                              Point{0, 0}, 10);
    marker_.hide();
  }

  bool update(const DemoTime& /*time*/) override { return true; }

  void input(const InputEvent& event) override {
    const Point at{event.x, event.y};
    switch (event.type) {
      case InputEventType::pointer_down:
        grabbed_ = -1;
        // The topmost card under the pointer.
        for (int i = kCards - 1; i >= 0 && grabbed_ < 0; --i) {
          const int index = stacking_[i];
          if (cards_[index].rect().contains(at)) grabbed_ = index;
        }
        if (grabbed_ >= 0) {
          const Point position = cards_[grabbed_].position();
          grab_offset_ = Point{at.x - position.x, at.y - position.y};
          cards_[grabbed_].set_z(1);  // on top of the other cards
          std::erase(stacking_, grabbed_);
          stacking_.push_back(grabbed_);
        }
        marker_.move_to(Point{at.x - 16, at.y - 16});
        marker_.show();
        break;
      case InputEventType::pointer_move:
        if (grabbed_ >= 0) {
          cards_[grabbed_].move_to(Point{at.x - grab_offset_.x, at.y - grab_offset_.y});
        }
        if (marker_.visible()) marker_.move_to(Point{at.x - 16, at.y - 16});
        break;
      case InputEventType::pointer_up:
        if (grabbed_ >= 0) {
          cards_[grabbed_].move_to(Point{at.x - grab_offset_.x, at.y - grab_offset_.y});
          const Point p = cards_[grabbed_].position();
          std::printf("drag: card %d dropped at %d,%d\n", grabbed_ + 1, p.x, p.y);
          std::fflush(stdout);
        }
        grabbed_ = -1;
        marker_.hide();
        break;
      default:
        break;
    }
  }

  void report(std::ostream& out) const override {
    for (int i = 0; i < kCards; ++i) {
      const Point p = cards_[i].position();
      out << "card " << i + 1 << ": " << p.x << "," << p.y << "\n";
    }
  }

 private:
  std::vector<Layer> cards_;
  std::vector<int> stacking_ = {0, 1, 2};  // bottom to top
  Layer marker_;
  int grabbed_ = -1;
  Point grab_offset_;
};

}  // namespace
}  // namespace fb::demo

int main(int argc, char** argv) {
  return fb::demo::run_demo(argc, argv, "fbdemo-drag",
                            "Drag the cards with the mouse (SDL) or a finger (evdev touchscreen).",
                            [] { return std::make_unique<fb::demo::Drag>(); });
}
