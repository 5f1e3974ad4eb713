// SPDX-License-Identifier: MIT
// Random scene histories for the renderer's property tests: steps that add, remove, move,
// resize, restack, hide and recolour layers, change their pixels and opacity, and end frames;
// applying them to a Scene, describing them, and shrinking a failing history.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "fb/compositor/scene.hpp"
#include "fb/raster.hpp"
#include "fb/surface.hpp"

namespace fb::test {

// One step of a history. Layers are named by index modulo the live layer count, so any
// sub-sequence of a history is still a valid history (which the shrinker relies on).
struct Op {
  enum Kind {
    add_argb,
    add_xrgb,
    add_solid,
    remove,
    move,
    content,
    opacity,
    restack,
    visibility,
    color,
    resize,
    background,
    new_image,
    end_frame
  };
  Kind kind;
  uint32_t layer;      // index into the live layers (mod count)
  int32_t a, b, c, d;  // kind-specific numbers
  uint32_t value;      // a colour or a seed for pixels
};

inline const char* kind_name(Op::Kind kind) {
  static const char* names[] = {"add_argb", "add_xrgb",   "add_solid", "remove",     "move",
                                "content",  "opacity",    "restack",   "visibility", "color",
                                "resize",   "background", "new_image", "end_frame"};
  return names[kind];
}

inline std::string describe(const std::vector<Op>& ops) {
  std::ostringstream out;
  for (const Op& op : ops) {
    out << "  " << kind_name(op.kind);
    if (op.kind != Op::end_frame) {
      out << " layer=" << op.layer << " a=" << op.a << " b=" << op.b << " c=" << op.c
          << " d=" << op.d << " value=0x" << std::hex << op.value << std::dec;
    }
    out << "\n";
  }
  return out.str();
}

inline uint32_t premultiply(uint32_t argb) {
  uint32_t a = argb >> 24;
  auto scale = [a](uint32_t c) { return (c * a + 127) / 255; };
  return (a << 24) | (scale((argb >> 16) & 0xff) << 16) | (scale((argb >> 8) & 0xff) << 8) |
         scale(argb & 0xff);
}

// Pixels from a seed: premultiplied with varied alpha (some 0 and 255), or opaque with random
// X bits for xrgb8888 (what Cairo's RGB24 may leave there).
inline Image make_image(int32_t width, int32_t height, PixelFormat format, uint32_t seed) {
  Image image(width, height, format);
  std::mt19937 random(seed);
  for (int32_t y = 0; y < height; ++y) {
    for (int32_t x = 0; x < width; ++x) {
      uint32_t v = random();
      if (format == PixelFormat::argb8888_premul) {
        uint32_t a = v >> 24;
        if (a < 40) a = 0;
        if (a > 215) a = 255;
        v = premultiply((a << 24) | (v & 0xffffff));
      }
      image.pixel32(x, y) = v;
    }
  }
  return image;
}

inline void apply(Scene& scene, const Op& op) {
  std::vector<Layer> layers = scene.layers();
  auto pick = [&]() { return layers[op.layer % layers.size()]; };
  switch (op.kind) {
    case Op::add_argb:
    case Op::add_xrgb: {
      PixelFormat format =
          op.kind == Op::add_argb ? PixelFormat::argb8888_premul : PixelFormat::xrgb8888;
      scene.add_image(make_image(op.c, op.d, format, op.value), Point{op.a, op.b},
                      int32_t(op.layer % 4));
      break;
    }
    case Op::add_solid:
      scene.add_solid(Rect{op.a, op.b, op.c, op.d}, op.value, int32_t(op.layer % 4));
      break;
    case Op::end_frame:
      break;  // the runner renders here
    default:
      if (layers.empty()) break;
      Layer layer = pick();
      switch (op.kind) {
        case Op::remove:
          scene.remove(layer);
          break;
        case Op::move:
          layer.move_to(Point{op.a, op.b});
          break;
        case Op::content:
          if (layer.kind() == LayerKind::image) {
            const Surface& pixels = layer.pixels();
            Rect changed = intersect(Rect{op.a, op.b, op.c, op.d}, pixels.bounds());
            Image patch = make_image(changed.width, changed.height, pixels.format(), op.value);
            copy(pixels, Point{changed.x, changed.y}, patch, patch.bounds());
            layer.damage(changed);
          }
          break;
        case Op::opacity:
          layer.set_opacity(uint8_t(op.value));
          break;
        case Op::restack:
          if (op.a % 3 == 0) {
            layer.raise_to_top();
          } else {
            layer.set_z(op.b % 4);
          }
          break;
        case Op::visibility:
          layer.set_visible(op.a % 2 == 0);
          break;
        case Op::color:
          if (layer.kind() == LayerKind::solid) layer.set_color(op.value);
          break;
        case Op::resize:
          if (layer.kind() == LayerKind::solid) layer.resize(op.c, op.d);
          break;
        case Op::background:
          scene.set_background(op.value);
          break;
        case Op::new_image:
          if (layer.kind() == LayerKind::image) {
            layer.set_image(make_image(op.c, op.d, layer.pixels().format(), op.value));
          }
          break;
        default:
          break;
      }
  }
}

/// A random history for a width x height scene: a few layers, then 10 to 40 steps, frames
/// ending between them.
inline std::vector<Op> random_history(uint32_t seed, int32_t width, int32_t height) {
  std::mt19937 random(seed);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  std::vector<Op> ops;
  auto op_with = [&](Op::Kind kind) {
    Op op{};
    op.kind = kind;
    op.layer = uint32_t(uniform(0, 1000));
    // Positions reach past every edge so layers are partly or wholly off-screen.
    op.a = uniform(-width / 2, width + 4);
    op.b = uniform(-height / 2, height + 4);
    op.c = uniform(1, width);
    op.d = uniform(1, height);
    op.value = uint32_t(random());
    if (kind == Op::add_solid || kind == Op::color) {
      // Opaque half of the time, so opaque culling is exercised.
      op.value = premultiply(uniform(0, 1) ? (op.value | 0xff000000u) : op.value);
    }
    if (kind == Op::opacity) {
      int choice = uniform(0, 3);
      op.value = choice == 0 ? 255 : choice == 1 ? 0 : uint32_t(uniform(1, 254));
    }
    if (kind == Op::content) {
      op.a = uniform(-4, width / 2), op.b = uniform(-4, height / 2);
      op.c = uniform(1, 20), op.d = uniform(1, 20);
    }
    return op;
  };
  // Half the scenes start as most UIs do: a full-screen image under everything, so sprites
  // are often composited straight onto it (the renderer's one-pass path).
  if (uniform(0, 1) == 0) {
    Op background = op_with(Op::add_xrgb);
    background.layer = 0, background.a = 0, background.b = 0;
    background.c = width, background.d = height;
    ops.push_back(background);
  }
  int layers = uniform(1, 5);
  for (int i = 0; i < layers; ++i) {
    ops.push_back(op_with(Op::Kind(uniform(Op::add_argb, Op::add_solid))));
  }
  // A third of them put a translucent full-screen image over those (a vignette, a HUD): the
  // renderer composes it over the picture under it in one pass, the layers between apart.
  if (uniform(0, 2) == 0) {
    Op overlay = op_with(Op::add_argb);
    overlay.layer = 3;  // z 3: on top of every layer so far
    overlay.a = 0, overlay.b = 0, overlay.c = width, overlay.d = height;
    ops.push_back(overlay);
  }
  ops.push_back(op_with(Op::end_frame));
  int steps = uniform(10, 40);
  for (int i = 0; i < steps; ++i) {
    int roll = uniform(0, 99);
    Op::Kind kind = roll < 25   ? Op::end_frame
                    : roll < 35 ? Op::move
                    : roll < 45 ? Op::content
                                : Op::Kind(uniform(Op::add_argb, Op::new_image));
    ops.push_back(op_with(kind));
  }
  ops.push_back(op_with(Op::end_frame));
  return ops;
}

/// The first history's seed: $FB_PROPERTY_SEED (to replay a failure), else 1.
inline uint32_t first_seed() {
  const char* env = std::getenv("FB_PROPERTY_SEED");
  return env ? uint32_t(std::strtoul(env, nullptr, 0)) : 1;
}

// Drops operations while the history still fails: chunks first, then single steps.
inline std::vector<Op> shrink(std::vector<Op> ops,
                              const std::function<bool(const std::vector<Op>&)>& fails) {
  for (size_t chunk = ops.size() / 2; chunk >= 1; chunk /= 2) {
    bool removed = true;
    while (removed) {
      removed = false;
      for (size_t start = 0; start + chunk <= ops.size(); start += chunk) {
        std::vector<Op> candidate = ops;
        candidate.erase(candidate.begin() + long(start), candidate.begin() + long(start + chunk));
        if (fails(candidate)) {
          ops = std::move(candidate);
          removed = true;
          break;
        }
      }
    }
    if (chunk == 1) break;
  }
  return ops;
}

}  // namespace fb::test
