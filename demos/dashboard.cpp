// SPDX-License-Identifier: MIT
// fbdemo-dashboard: the typical board UI, drawn with Cairo: three gauges, a clock and text
// on a static background. Each part is a layer redrawn only when what it shows changes.
#include <time.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>

#include "common/demo_drawing.hpp"
#include "common/demo_runner.hpp"
#include "common/demo_text.hpp"
#include "fb/compositor/cairo_canvas.hpp"
#include "fb/compositor/layer.hpp"

namespace fb::demo {
namespace {

struct Gauge {
  const char* label;
  const char* unit;
  double maximum;
  Layer layer;
  double shown = -1;  // the value drawn, to redraw only on change
};

void rounded_rect(cairo_t* cr, double x, double y, double w, double h, double r) {
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + w - r, y + r, r, -M_PI / 2, 0);
  cairo_arc(cr, x + w - r, y + h - r, r, 0, M_PI / 2);
  cairo_arc(cr, x + r, y + h - r, r, M_PI / 2, M_PI);
  cairo_arc(cr, x + r, y + r, r, M_PI, 3 * M_PI / 2);
  cairo_close_path(cr);
}

void text_centered(cairo_t* cr, double cx, double baseline, const std::string& text) {
  cairo_text_extents_t extents;
  cairo_text_extents(cr, text.c_str(), &extents);
  cairo_move_to(cr, cx - extents.width / 2 - extents.x_bearing, baseline);
}

class Dashboard final : public Demo {
 public:
  void setup(Scene& scene, uint64_t /*seed*/) override {
    const int32_t w = scene.width();
    const int32_t h = scene.height();
    // A tenth of the shorter side: a portrait screen (a panel mounted turned) keeps room for
    // the title and the clock side by side.
    header_ = std::max(32, std::min(w, h) / 10);
    gauge_size_ = std::max(64, std::min((w - 100) / 3, h - header_ * 4));
    const int32_t gap = (w - 3 * gauge_size_) / 4;

    scene.add_image(make_image(w, h, PixelFormat::xrgb8888, [&](cairo_t* cr) {
      cairo_set_source_rgb(cr, 0.07, 0.08, 0.10);
      cairo_paint(cr);
      cairo_set_source_rgb(cr, 0.12, 0.14, 0.18);
      cairo_rectangle(cr, 0, 0, w, header_);
      cairo_fill(cr);
      cairo_set_source_rgb(cr, 0.85, 0.88, 0.92);
      // A narrow (portrait) screen sets the title smaller, clear of the clock on the right.
      set_demo_font(cr, header_ * (w < header_ * 11 ? 0.4 : 0.5), true);
      cairo_move_to(cr, header_ * 0.4, header_ * 0.68);
      cairo_show_text(cr, "fbmmap dashboard");
      for (int i = 0; i < 3; ++i) {
        cairo_set_source_rgb(cr, 0.11, 0.12, 0.15);
        rounded_rect(cr, gap + i * (gauge_size_ + gap) - 6, header_ + 14, gauge_size_ + 12,
                     gauge_size_ + 12, 12);
        cairo_fill(cr);
      }
    }));

    for (int i = 0; i < 3; ++i) {
      gauges_[i].layer =
          scene.add_image(Image(gauge_size_, gauge_size_, PixelFormat::argb8888_premul),
                          Point{gap + i * (gauge_size_ + gap), header_ + 20}, 1);
    }
    clock_ = scene.add_image(Image(header_ * 4, header_, PixelFormat::argb8888_premul),
                             Point{w - header_ * 4 - header_ / 3, 0}, 1);
    const int32_t status_top = header_ + 20 + gauge_size_ + 24;
    status_ =
        scene.add_image(Image(w - 2 * gap, std::max(24, std::min(h - status_top - 8, header_)),
                              PixelFormat::argb8888_premul),
                        Point{gap, status_top}, 1);
  }

  bool update(const DemoTime& time) override {
    const double t = time.seconds;
    const std::array<double, 3> values = {
        // Speed, engine and temperature: smooth functions of time, so any frame rate shows
        // the same motion.
        std::round((60 + 55 * std::sin(t * 0.7) + 10 * std::sin(t * 2.3)) * 2) / 2,
        std::round((3000 + 2500 * std::sin(t * 1.1 + 1)) / 10) * 10,
        std::round((70 + 20 * std::sin(t * 0.25)) * 2) / 2};
    for (size_t i = 0; i < gauges_.size(); ++i) {
      if (values[i] != gauges_[i].shown) draw_gauge(gauges_[i], values[i]);
    }
    draw_clock(time);
    draw_status(time);
    return true;
  }

 private:
  void draw_gauge(Gauge& gauge, double value) {
    gauge.shown = value;
    CairoCanvas canvas(gauge.layer);
    cairo_t* cr = canvas.cr();
    canvas.clear();
    const double size = gauge_size_;
    const double c = size / 2;
    const double radius = size * 0.42;
    const double start = M_PI * 0.75;
    const double sweep = M_PI * 1.5;
    const double fraction = std::clamp(value / gauge.maximum, 0.0, 1.0);

    cairo_set_line_width(cr, size * 0.07);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.12);
    cairo_arc(cr, c, c, radius, start, start + sweep);
    canvas.stroke();
    const double hot = std::clamp((fraction - 0.6) / 0.4, 0.0, 1.0);
    cairo_set_source_rgb(cr, 0.2 + 0.8 * hot, 0.75 - 0.45 * hot, 0.95 - 0.75 * hot);
    cairo_arc(cr, c, c, radius, start, start + sweep * fraction);
    canvas.stroke();

    cairo_set_line_width(cr, 2);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.5);
    for (int tick = 0; tick <= 10; ++tick) {
      const double a = start + sweep * tick / 10;
      cairo_move_to(cr, c + std::cos(a) * radius * 0.78, c + std::sin(a) * radius * 0.78);
      cairo_line_to(cr, c + std::cos(a) * radius * 0.86, c + std::sin(a) * radius * 0.86);
    }
    canvas.stroke();

    const double needle = start + sweep * fraction;
    cairo_set_source_rgb(cr, 0.95, 0.35, 0.25);
    cairo_set_line_width(cr, size * 0.02);
    cairo_move_to(cr, c, c);
    cairo_line_to(cr, c + std::cos(needle) * radius * 0.7, c + std::sin(needle) * radius * 0.7);
    canvas.stroke();
    cairo_arc(cr, c, c, size * 0.035, 0, 2 * M_PI);
    canvas.fill();

    char text[32];
    std::snprintf(text, sizeof text, gauge.maximum >= 1000 ? "%.0f" : "%.1f", value);
    cairo_set_source_rgb(cr, 0.92, 0.94, 0.97);
    set_demo_font(cr, size * 0.14, true);
    text_centered(cr, c, c + size * 0.25, text);
    canvas.show_text(text);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.6);
    set_demo_font(cr, size * 0.07);
    const std::string caption = std::string(gauge.label) + " (" + gauge.unit + ")";
    text_centered(cr, c, c + size * 0.38, caption);
    canvas.show_text(caption);
  }

  void draw_clock(const DemoTime& time) {
    int64_t seconds_of_day;
    if (time.fixed_step) {
      // Reproducible frames: the clock starts at 10:08:00 and runs on animation time.
      seconds_of_day = 10 * 3600 + 8 * 60 + static_cast<int64_t>(std::floor(time.seconds));
    } else {
      const time_t now = ::time(nullptr);
      tm local{};
      localtime_r(&now, &local);
      seconds_of_day = local.tm_hour * 3600 + local.tm_min * 60 + local.tm_sec;
    }
    seconds_of_day %= 86400;
    if (seconds_of_day == clock_shown_) return;
    clock_shown_ = seconds_of_day;
    char text[16];
    std::snprintf(text, sizeof text, "%02d:%02d:%02d", int(seconds_of_day / 3600),
                  int(seconds_of_day / 60 % 60), int(seconds_of_day % 60));
    CairoCanvas canvas(clock_);
    cairo_t* cr = canvas.cr();
    canvas.clear();
    cairo_set_source_rgb(cr, 0.55, 0.85, 1.0);
    set_demo_font(cr, header_ * 0.55, true, true);
    cairo_move_to(cr, header_ * 0.2, header_ * 0.7);
    canvas.show_text(text);
  }

  void draw_status(const DemoTime& time) {
    static constexpr const char* kMessages[] = {
        "All systems nominal", "Logging to /var/log/board.log", "Network: 192.0.2.10 up",
        "Firmware 1.4.2 - update available", "Touch the screen to acknowledge"};
    const int message = static_cast<int>(std::floor(time.seconds / 3)) % 5;
    // The progress bar moves in whole pixels: redraw only when it or the message changes.
    const Surface& pixels = status_.pixels();
    const double width = pixels.width();
    const int progress = static_cast<int>(std::fmod(time.seconds, 3.0) / 3.0 * (width - 8));
    if (message == status_message_ && progress == status_progress_) return;
    status_message_ = message;
    status_progress_ = progress;
    const double height = pixels.height();
    CairoCanvas canvas(status_);
    cairo_t* cr = canvas.cr();
    canvas.clear();
    cairo_set_source_rgba(cr, 1, 1, 1, 0.06);
    rounded_rect(cr, 0, 0, width, height, 6);
    canvas.fill();
    cairo_set_source_rgb(cr, 0.30, 0.65, 0.95);
    cairo_rectangle(cr, 4, height - 6, progress, 3);
    canvas.fill();
    cairo_set_source_rgb(cr, 0.85, 0.88, 0.92);
    set_demo_font(cr, height * 0.42);
    cairo_move_to(cr, 10, height * 0.6);
    canvas.show_text(kMessages[message]);
  }

  std::array<Gauge, 3> gauges_{{{"Speed", "km/h", 140, {}, -1},
                                {"Engine", "rpm", 6000, {}, -1},
                                {"Coolant", "\u00b0C", 120, {}, -1}}};
  Layer clock_;
  Layer status_;
  int32_t header_ = 0;
  int32_t gauge_size_ = 0;
  int64_t clock_shown_ = -1;
  int status_message_ = -1;
  int status_progress_ = -1;
};

}  // namespace
}  // namespace fb::demo

int main(int argc, char** argv) {
  return fb::demo::run_demo(argc, argv, "fbdemo-dashboard",
                            "A Cairo dashboard: gauges, a clock and text (the typical board UI).",
                            [] { return std::make_unique<fb::demo::Dashboard>(); });
}
