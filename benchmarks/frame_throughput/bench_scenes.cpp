// SPDX-License-Identifier: MIT
#include "bench_scenes.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace fb::bench {
namespace {

constexpr double kPi = 3.14159265358979323846;

// A round premultiplied sprite with a soft edge: every pixel of its rim blends.
Image sprite_image(int32_t size, uint32_t seed) {
  Image image(size, size, PixelFormat::argb8888_premul);
  const double r = size / 2.0;
  const uint32_t colour = (seed * 2654435761u) | 0x404040u;
  for (int32_t y = 0; y < size; ++y) {
    for (int32_t x = 0; x < size; ++x) {
      const double d = std::hypot(x + 0.5 - r, y + 0.5 - r) / r;
      const uint32_t a = d >= 1 ? 0 : d < 0.8 ? 255 : static_cast<uint32_t>((1 - d) / 0.2 * 255);
      auto channel = [&](int shift) { return ((colour >> shift) & 0xff) * a / 255; };
      image.pixel32(x, y) = a << 24 | channel(16) << 16 | channel(8) << 8 | channel(0);
    }
  }
  return image;
}

// An opaque full-screen picture with detail in both directions (no run compresses it).
Image picture(int32_t width, int32_t height, uint32_t tint) {
  Image image(width, height, PixelFormat::xrgb8888);
  for (int32_t y = 0; y < height; ++y) {
    uint32_t* row = image.row_as<uint32_t>(y);
    for (int32_t x = 0; x < width; ++x) {
      row[x] = (0xff000000u | (uint32_t(x) * 255 / uint32_t(width)) << 16 |
                (uint32_t(y) * 255 / uint32_t(height)) << 8 | ((x ^ y) & 0x3f)) ^
               tint;
    }
  }
  return image;
}

// Where sprite `i` of `count` is at `frame`: bouncing paths that cover the screen.
Point bounce(uint64_t frame, int i, int32_t room_x, int32_t room_y) {
  auto leg = [](uint64_t t, int32_t room) {
    if (room <= 0) return int32_t{0};
    const uint64_t period = 2 * uint64_t(room);
    const auto p = static_cast<int32_t>(t % period);
    return p < room ? p : int32_t(period) - p;
  };
  return {leg(frame * (3 + i % 5) + uint64_t(i) * 97, room_x),
          leg(frame * (2 + i % 3) + uint64_t(i) * 53, room_y)};
}

SceneUpdate build_fill(Scene& scene) {
  Layer full = scene.add_solid(scene.bounds(), 0xff204060);
  return [full](uint64_t frame) mutable {
    const auto v = static_cast<uint32_t>(frame * 7 % 256);
    full.set_color(0xff000000u | v << 16 | (255 - v) << 8 | 0x40);
  };
}

SceneUpdate build_image(Scene& scene) {
  Layer a = scene.add_image(picture(scene.width(), scene.height(), 0));
  Layer b = scene.add_image(picture(scene.width(), scene.height(), 0x00ff00ffu));
  return [a, b](uint64_t frame) mutable { (frame % 2 ? a : b).raise_to_top(); };
}

SceneUpdate build_sprite(Scene& scene) {
  scene.add_image(picture(scene.width(), scene.height(), 0));
  const int32_t size = std::min({64, scene.width() / 2, scene.height() / 2});
  Layer sprite = scene.add_image(sprite_image(size, 1), {0, 0}, 1);
  const int32_t room_x = scene.width() - size, room_y = scene.height() - size;
  return [sprite, room_x, room_y](uint64_t frame) mutable {
    sprite.move_to(bounce(frame * 2, 0, room_x, room_y));
  };
}

SceneUpdate build_sprites(Scene& scene) {
  scene.add_image(picture(scene.width(), scene.height(), 0));
  const int32_t size = std::min({32, scene.width() / 4, scene.height() / 4});
  std::vector<Layer> sprites;
  for (int i = 0; i < 100; ++i) sprites.push_back(scene.add_image(sprite_image(size, i), {}, 1));
  const int32_t room_x = scene.width() - size, room_y = scene.height() - size;
  return [sprites, room_x, room_y](uint64_t frame) mutable {
    for (size_t i = 0; i < sprites.size(); ++i)
      sprites[i].move_to(bounce(frame, static_cast<int>(i), room_x, room_y));
  };
}

// A gauge cluster redrawn with Cairo every frame on a translucent panel over a picture: the
// kind of UI an instrument panel runs.
SceneUpdate build_dashboard(Scene& scene) {
  scene.add_image(picture(scene.width(), scene.height(), 0x00303030u));
  const int32_t w = std::min(480, scene.width()), h = std::min(240, scene.height());
  Layer panel = scene.add_image(Image(w, h, PixelFormat::argb8888_premul),
                                {(scene.width() - w) / 2, (scene.height() - h) / 2}, 1);
  return [panel, w, h](uint64_t frame) mutable {
    CairoCanvas canvas(panel);
    canvas.damage_all();
    cairo_t* cr = canvas.cr();
    canvas.clear();
    cairo_set_source_rgba(cr, 0.05, 0.05, 0.1, 0.8);
    cairo_rectangle(cr, 0, 0, w, h);
    canvas.fill();
    const double t = double(frame) / 60.0;
    for (int g = 0; g < 2; ++g) {
      const double cx = w * (0.25 + 0.5 * g), cy = h * 0.55, r = std::min(w / 4.0, h / 2.5) - 4;
      const double value = 0.5 + 0.45 * std::sin(t * (1.3 + g) + g);
      cairo_set_line_width(cr, 6);
      cairo_set_source_rgb(cr, 0.3, 0.3, 0.35);
      cairo_arc(cr, cx, cy, r, 0.75 * kPi, 2.25 * kPi);
      canvas.stroke();
      cairo_set_source_rgb(cr, 0.2 + 0.8 * value, 0.8 - 0.6 * value, 0.2);
      cairo_arc(cr, cx, cy, r, 0.75 * kPi, (0.75 + 1.5 * value) * kPi);
      canvas.stroke();
      const double angle = (0.75 + 1.5 * value) * kPi;
      cairo_set_line_width(cr, 3);
      cairo_set_source_rgb(cr, 1, 1, 1);
      cairo_move_to(cr, cx, cy);
      cairo_line_to(cr, cx + 0.8 * r * std::cos(angle), cy + 0.8 * r * std::sin(angle));
      canvas.stroke();
      cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
      cairo_set_font_size(cr, std::max(8.0, r / 3));
      cairo_move_to(cr, cx - r / 2, cy + r / 2);
      canvas.show_text(std::to_string(static_cast<int>(value * 200)) + (g ? " rpm" : " km/h"));
    }
  };
}

// A page of text scrolling up two pixels a frame, as a log viewer or a terminal does: the text
// is drawn once with Cairo; each frame moves it and every row of the screen changes.
SceneUpdate build_text(Scene& scene) {
  const int32_t line = 18;
  const int32_t lines = scene.height() / line + 2;
  Image page(scene.width(), lines * line * 2, PixelFormat::xrgb8888);
  {
    cairo_surface_t* surface = cairo_image_surface_create_for_data(
        reinterpret_cast<unsigned char*>(page.data()), CAIRO_FORMAT_RGB24, page.width(),
        page.height(), static_cast<int>(page.stride()));
    cairo_t* cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 0.06, 0.08, 0.1);
    cairo_paint(cr);
    cairo_select_font_face(cr, "DejaVu Sans Mono", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 14);
    for (int32_t i = 0; i < lines * 2; ++i) {
      cairo_set_source_rgb(cr, 0.6 + 0.4 * (i % 3 == 0), 0.9, 0.6 + 0.3 * (i % 2));
      cairo_move_to(cr, 8, i * line + 14);
      const std::string text = "[" + std::to_string(1000 + i % lines) + "] fbmmap: frame " +
                               std::to_string(i * 16 + 7) +
                               " presented, damage 1024x600, 2457600 bytes streamed";
      cairo_show_text(cr, text.c_str());
    }
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    cairo_surface_destroy(surface);
  }
  const int32_t period = lines * line;  // the page repeats after this many rows
  Layer text = scene.add_image(std::move(page));
  return [text, period](uint64_t frame) mutable {
    text.move_to({0, -static_cast<int32_t>(frame * 2 % uint64_t(period))});
  };
}

// Every pixel changes every frame, as video or a software 3D renderer does: the layer's pixels
// are rewritten (cheaply: one value per row) and all of it is damage.
SceneUpdate build_fullchange(Scene& scene) {
  Layer full = scene.add_image(Image(scene.width(), scene.height(), PixelFormat::xrgb8888));
  return [full](uint64_t frame) mutable {
    const Surface& pixels = full.pixels();
    for (int32_t y = 0; y < pixels.height(); ++y) {
      const uint32_t value = 0xff000000u | static_cast<uint32_t>((y + frame * 3) & 0xff) << 8 |
                             static_cast<uint32_t>(frame & 0xff);
      std::fill_n(pixels.row_as<uint32_t>(y), pixels.width(), value);
    }
    full.damage_all();
  };
}

}  // namespace

const std::vector<BenchScene>& bench_scenes() {
  static const std::vector<BenchScene> scenes = {
      {{"fill", "full-screen fill", "one colour over the whole screen, a new one every frame"},
       build_fill},
      {{"image", "full-screen image", "two full-screen pictures, the other one on top each frame"},
       build_image},
      {{"sprite", "one sprite", "a 64x64 round alpha sprite moving over a full-screen picture"},
       build_sprite},
      {{"sprites", "100 alpha sprites",
        "100 round 32x32 alpha sprites moving over a full-screen picture"},
       build_sprites},
      {{"dashboard", "Cairo dashboard",
        "two gauges and their text redrawn with Cairo every frame on a translucent 480x240 "
        "panel over a picture"},
       build_dashboard},
      {{"text", "scrolling text", "a screen of text drawn once, scrolling up 2 pixels a frame"},
       build_text},
      {{"fullchange", "full-screen change",
        "every pixel of the screen rewritten by the CPU every frame (video, software 3D)"},
       build_fullchange},
  };
  return scenes;
}

const BenchScene* find_bench_scene(const std::string& id) {
  for (const BenchScene& scene : bench_scenes())
    if (scene.description.id == id) return &scene;
  return nullptr;
}

}  // namespace fb::bench
