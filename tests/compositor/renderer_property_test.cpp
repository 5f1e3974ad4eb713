// SPDX-License-Identifier: MIT
// Property: whatever the history of scene changes and whatever the back buffer's age, the
// damage-tracked frame equals a full repaint of the same scene, pixel for pixel, and nothing
// outside the repaint region of the target changes.
#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "fb/compositor/renderer.hpp"
#include "fb/compositor/scene.hpp"
#include "fb/headless_display.hpp"
#include "fb/raster.hpp"
#include "test_displays.hpp"

namespace fb {
namespace {

constexpr int32_t kWidth = 48;
constexpr int32_t kHeight = 36;

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

const char* kind_name(Op::Kind kind) {
  static const char* names[] = {"add_argb", "add_xrgb",   "add_solid", "remove",     "move",
                                "content",  "opacity",    "restack",   "visibility", "color",
                                "resize",   "background", "new_image", "end_frame"};
  return names[kind];
}

std::string describe(const std::vector<Op>& ops) {
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

uint32_t premultiply(uint32_t argb) {
  uint32_t a = argb >> 24;
  auto scale = [a](uint32_t c) { return (c * a + 127) / 255; };
  return (a << 24) | (scale((argb >> 16) & 0xff) << 16) | (scale((argb >> 8) & 0xff) << 8) |
         scale(argb & 0xff);
}

// Pixels from a seed: premultiplied with varied alpha (some 0 and 255), or opaque with random
// X bits for xrgb8888 (what Cairo's RGB24 may leave there).
Image make_image(int32_t width, int32_t height, PixelFormat format, uint32_t seed) {
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

void apply(Scene& scene, const Op& op) {
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

std::vector<Op> random_history(uint32_t seed) {
  std::mt19937 random(seed);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  std::vector<Op> ops;
  auto op_with = [&](Op::Kind kind) {
    Op op{};
    op.kind = kind;
    op.layer = uint32_t(uniform(0, 1000));
    // Positions reach past every edge so layers are partly or wholly off-screen.
    op.a = uniform(-kWidth / 2, kWidth + 4);
    op.b = uniform(-kHeight / 2, kHeight + 4);
    op.c = uniform(1, kWidth);
    op.d = uniform(1, kHeight);
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
      op.a = uniform(-4, kWidth / 2), op.b = uniform(-4, kHeight / 2);
      op.c = uniform(1, 20), op.d = uniform(1, 20);
    }
    return op;
  };
  // Half the scenes start as most UIs do: a full-screen image under everything, so sprites
  // are often composited straight onto it (the renderer's one-pass path).
  if (uniform(0, 1) == 0) {
    Op background = op_with(Op::add_xrgb);
    background.layer = 0, background.a = 0, background.b = 0;
    background.c = kWidth, background.d = kHeight;
    ops.push_back(background);
  }
  int layers = uniform(1, 5);
  for (int i = 0; i < layers; ++i) {
    ops.push_back(op_with(Op::Kind(uniform(Op::add_argb, Op::add_solid))));
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

struct Mode {
  const char* name;
  int buffers;
  test::AgedDisplay::Policy policy;
  PixelFormat format;
  bool merge_rects = true;
  bool align_writes = false;
};

const Mode kModes[] = {
    {"age 0", 2, test::AgedDisplay::Policy::age_zero, PixelFormat::xrgb8888},
    {"age 1 (one buffer)", 1, test::AgedDisplay::Policy::round_robin, PixelFormat::xrgb8888},
    {"age 2 (two buffers)", 2, test::AgedDisplay::Policy::round_robin, PixelFormat::xrgb8888},
    {"age 3 (three buffers)", 3, test::AgedDisplay::Policy::round_robin, PixelFormat::xrgb8888},
    {"random ages (four buffers)", 4, test::AgedDisplay::Policy::random, PixelFormat::xrgb8888},
    {"age 2, rgb565 target", 2, test::AgedDisplay::Policy::round_robin, PixelFormat::rgb565},
    {"age 1, no rectangle merging", 1, test::AgedDisplay::Policy::round_robin,
     PixelFormat::xrgb8888, false},
    {"random ages, aligned writes", 3, test::AgedDisplay::Policy::random, PixelFormat::xrgb8888,
     true, true},
};

// What the reference frame looks like in the target's format: the full repaint streamed into
// a fresh buffer through the same conversion.
test::MemoryTarget reference_frame(const Scene& scene, PixelFormat format) {
  Image full = compose_full(scene);
  test::MemoryTarget target(scene.width(), scene.height(), format);
  ScanoutSurface out = target.scanout();
  stream_copy(out, Point{0, 0}, full, full.bounds());
  return target;
}

// Runs a history; returns a description of the first difference, or nothing.
std::optional<std::string> run_history(const std::vector<Op>& ops, const Mode& mode,
                                       uint32_t seed) {
  Scene scene(kWidth, kHeight, 0xff203040);
  test::AgedDisplay display(kWidth, kHeight, mode.format, mode.buffers, mode.policy, seed);
  // A strip of five rows: bands and rectangles split across strip boundaries.
  Renderer::Options options;
  options.strip_bytes = size_t(kWidth) * 4 * 5;
  options.merge_rects = mode.merge_rects;
  options.align_writes = mode.align_writes;
  Renderer renderer(options);
  const int bpp = bytes_per_pixel(mode.format);
  int frame = 0;
  for (const Op& op : ops) {
    apply(scene, op);
    if (op.kind != Op::end_frame) continue;
    display.acquire();
    std::vector<std::byte> before = display.back().bytes();
    RenderStats stats = renderer.render_frame(scene, display);
    const test::MemoryTarget& shown = display.front();
    test::MemoryTarget expected = reference_frame(scene, mode.format);
    for (int32_t y = 0; y < kHeight; ++y) {
      for (int32_t x = 0; x < kWidth; ++x) {
        size_t at = size_t(y) * size_t(shown.stride()) + size_t(x) * bpp;
        bool inside = stats.repainted.contains(Point{x, y});
        for (int i = 0; i < bpp; ++i) {
          if (shown.bytes()[at + i] != expected.bytes()[at + i]) {
            return "frame " + std::to_string(frame) + " (buffer age " +
                   std::to_string(stats.buffer_age) + "): pixel (" + std::to_string(x) + "," +
                   std::to_string(y) + ") differs from the full repaint";
          }
          if (!inside && shown.bytes()[at + i] != before[at + i]) {
            return "frame " + std::to_string(frame) + ": pixel (" + std::to_string(x) + "," +
                   std::to_string(y) + ") outside the repaint region was written";
          }
        }
      }
    }
    if (stats.bytes_written != stats.repainted.area() * bpp) {
      return "frame " + std::to_string(frame) + ": " + std::to_string(stats.bytes_written) +
             " bytes written for a repaint of " + std::to_string(stats.repainted.area()) +
             " pixels";
    }
    ++frame;
  }
  return std::nullopt;
}

// Drops operations while the history still fails: chunks first, then single steps.
std::vector<Op> shrink(std::vector<Op> ops,
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

uint32_t first_seed() {
  const char* env = std::getenv("FB_PROPERTY_SEED");
  return env ? uint32_t(std::strtoul(env, nullptr, 0)) : 1;
}

int history_count() {
  const char* env = std::getenv("FB_PROPERTY_RUNS");
  return env ? std::atoi(env) : 150;
}

TEST(RendererProperty, DamageTrackedFramesEqualFullRepaint) {
  const uint32_t base = first_seed();
  const int runs =
      std::getenv("FB_PROPERTY_SEED") && !std::getenv("FB_PROPERTY_RUNS") ? 1 : history_count();
  for (int run = 0; run < runs; ++run) {
    const uint32_t seed = base + uint32_t(run);
    std::vector<Op> ops = random_history(seed);
    for (const Mode& mode : kModes) {
      std::optional<std::string> failure = run_history(ops, mode, seed);
      if (!failure) continue;
      std::vector<Op> smallest = shrink(ops, [&](const std::vector<Op>& candidate) {
        return run_history(candidate, mode, seed).has_value();
      });
      ADD_FAILURE() << "seed " << seed << " (rerun: FB_PROPERTY_SEED=" << seed << "), mode "
                    << mode.name << ": " << *failure << "\nsmallest failing history ("
                    << smallest.size() << " of " << ops.size()
                    << " steps): " << *run_history(smallest, mode, seed) << "\n"
                    << describe(smallest);
      return;
    }
  }
}

// The same property through libfb's own headless backend (1, 2 and 3 buffers: ages 1 to 3).
std::optional<std::string> run_on_headless(const std::vector<Op>& ops, int buffers) {
  Scene scene(kWidth, kHeight, 0xff203040);
  HeadlessDisplay display(kWidth, kHeight, PixelFormat::xrgb8888, buffers);
  Renderer renderer;
  int frame = 0;
  for (const Op& op : ops) {
    apply(scene, op);
    if (op.kind != Op::end_frame) continue;
    renderer.render_frame(scene, display);
    test::MemoryTarget expected = reference_frame(scene, PixelFormat::xrgb8888);
    for (int32_t y = 0; y < kHeight; ++y) {
      for (int32_t x = 0; x < kWidth; ++x) {
        if (display.front().pixel32(x, y) != expected.view().pixel32(x, y)) {
          return "frame " + std::to_string(frame) + ": pixel (" + std::to_string(x) + "," +
                 std::to_string(y) + ") differs from the full repaint";
        }
      }
    }
    ++frame;
  }
  return std::nullopt;
}

TEST(RendererProperty, HeadlessDisplayFramesEqualFullRepaint) {
  const uint32_t base = first_seed();
  for (int run = 0; run < 40; ++run) {
    const uint32_t seed = base + 100000 + uint32_t(run);
    std::vector<Op> ops = random_history(seed);
    for (int buffers = 1; buffers <= 3; ++buffers) {
      std::optional<std::string> failure = run_on_headless(ops, buffers);
      if (!failure) continue;
      std::vector<Op> smallest = shrink(ops, [&](const std::vector<Op>& candidate) {
        return run_on_headless(candidate, buffers).has_value();
      });
      ADD_FAILURE() << "seed " << seed << ", headless display with " << buffers
                    << " buffers: " << *failure << "\nsmallest failing history (" << smallest.size()
                    << " of " << ops.size() << " steps):\n"
                    << describe(smallest);
      return;
    }
  }
}

}  // namespace
}  // namespace fb
