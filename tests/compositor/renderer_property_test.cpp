// SPDX-License-Identifier: MIT
// Property: whatever the history of scene changes, whatever the back buffer's age and however
// many worker threads compose it, the damage-tracked frame equals a full single-threaded
// repaint of the same scene, pixel for pixel, and nothing outside the repaint region of the
// target changes.
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
#include "scene_history.hpp"
#include "test_displays.hpp"

namespace fb {
namespace {

using test::apply;
using test::describe;
using test::first_seed;
using test::Op;
using test::shrink;

constexpr int32_t kWidth = 48;
constexpr int32_t kHeight = 36;

struct Mode {
  const char* name;
  int buffers;
  test::AgedDisplay::Policy policy;
  PixelFormat format;
  bool merge_rects = true;
  bool align_writes = false;
  bool blend_top_on_write = true;
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
    {"age 2, top layer blended in the strip", 2, test::AgedDisplay::Policy::round_robin,
     PixelFormat::xrgb8888, true, false, false},
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
// `workers` threads compose every frame, however small its repaint.
std::optional<std::string> run_history(const std::vector<Op>& ops, const Mode& mode,
                                       unsigned workers, uint32_t seed) {
  Scene scene(kWidth, kHeight, 0xff203040);
  test::AgedDisplay display(kWidth, kHeight, mode.format, mode.buffers, mode.policy, seed);
  // A strip of five rows: bands and rectangles split across strip boundaries.
  Renderer::Options options;
  options.strip_bytes = size_t(kWidth) * 4 * 5;
  options.merge_rects = mode.merge_rects;
  options.align_writes = mode.align_writes;
  options.blend_top_on_write = mode.blend_top_on_write;
  options.workers = workers;
  options.parallel_min_pixels = 0;
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
    const size_t bands = (size_t(stats.repainted.bounds().height) + 4) / 5;
    if (bands > 1 && stats.workers != workers) {
      return "frame " + std::to_string(frame) + ": composed by " + std::to_string(stats.workers) +
             " workers, not " + std::to_string(workers);
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
    std::vector<Op> ops = test::random_history(seed, kWidth, kHeight);
    for (const Mode& mode : kModes) {
      for (unsigned workers : {1u, 2u, 4u}) {
        std::optional<std::string> failure = run_history(ops, mode, workers, seed);
        if (!failure) continue;
        std::vector<Op> smallest = shrink(ops, [&](const std::vector<Op>& candidate) {
          return run_history(candidate, mode, workers, seed).has_value();
        });
        ADD_FAILURE() << "seed " << seed << " (rerun: FB_PROPERTY_SEED=" << seed << "), mode "
                      << mode.name << ", " << workers << " workers: " << *failure
                      << "\nsmallest failing history (" << smallest.size() << " of " << ops.size()
                      << " steps): " << *run_history(smallest, mode, workers, seed) << "\n"
                      << describe(smallest);
        return;
      }
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
    std::vector<Op> ops = test::random_history(seed, kWidth, kHeight);
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
