// SPDX-License-Identifier: MIT
// Property: for random scene histories and every rotation, every frame rendered on a rotated
// target equals the unrotated reference frame (compose_full) turned onto the panel by pixman's
// transform, pixel for pixel, and nothing outside the rotated damage is written.
#include <gtest/gtest.h>
#include <pixman.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "../raster/rotation_model.hpp"
#include "fb/compositor/renderer.hpp"
#include "fb/compositor/scene.hpp"
#include "fb/headless_display.hpp"
#include "fb/pixel_format.hpp"
#include "fb/raster.hpp"
#include "fb/rotation.hpp"
#include "fb/surface.hpp"
#include "scene_history.hpp"

namespace fb {
namespace {

using test_support::logical_pixel;
using test_support::logical_size;

using test::apply;
using test::describe;
using test::first_seed;
using test::Op;
using test::random_history;
using test::shrink;

constexpr Rotation kRotations[] = {Rotation::r0, Rotation::r90, Rotation::r180, Rotation::r270};
constexpr std::byte kSentinel{0xa5};

std::string hex(uint32_t v) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", v);
  return text;
}

std::string name(Rotation rotation) {
  return "r" + std::to_string(degrees(rotation));
}

/// The transform pixman applies to destination (panel) coordinates to find the source
/// (logical) ones, pixel centres at half-integers: logical = M * panel.
///  r90:  lx = py, ly = W - px     r180: lx = W - px, ly = H - py     r270: lx = H - py, ly = px
pixman_transform_t panel_to_logical(Rotation rotation, int32_t w, int32_t h) {
  int m[3][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
  switch (rotation) {
    case Rotation::r90:
      m[0][0] = 0, m[0][1] = 1, m[0][2] = 0;
      m[1][0] = -1, m[1][1] = 0, m[1][2] = w;
      break;
    case Rotation::r180:
      m[0][0] = -1, m[0][2] = w;
      m[1][1] = -1, m[1][2] = h;
      break;
    case Rotation::r270:
      m[0][0] = 0, m[0][1] = -1, m[0][2] = h;
      m[1][0] = 1, m[1][1] = 0, m[1][2] = 0;
      break;
    case Rotation::r0:
      break;
  }
  pixman_transform_t t;
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) t.matrix[r][c] = pixman_int_to_fixed(m[r][c]);
  }
  return t;
}

/// The logical xrgb8888 picture turned onto a panel_width x panel_height panel by pixman
/// (PIXMAN_OP_SRC through the transform, nearest filter); rows of panel_width pixels.
std::vector<uint32_t> turned_by_pixman(const Surface& logical, Rotation rotation,
                                       int32_t panel_width, int32_t panel_height) {
  std::vector<uint32_t> panel(size_t(panel_width) * size_t(panel_height), 0xdeadbeefu);
  pixman_image_t* src =
      pixman_image_create_bits(PIXMAN_x8r8g8b8, logical.width(), logical.height(),
                               reinterpret_cast<uint32_t*>(logical.data()), int(logical.stride()));
  pixman_image_t* dst = pixman_image_create_bits(PIXMAN_x8r8g8b8, panel_width, panel_height,
                                                 panel.data(), panel_width * 4);
  pixman_transform_t transform = panel_to_logical(rotation, panel_width, panel_height);
  pixman_image_set_transform(src, &transform);
  pixman_image_set_filter(src, PIXMAN_FILTER_NEAREST, nullptr, 0);
  pixman_image_set_repeat(src, PIXMAN_REPEAT_NONE);
  pixman_image_composite32(PIXMAN_OP_SRC, src, nullptr, dst, 0, 0, 0, 0, 0, 0, panel_width,
                           panel_height);
  pixman_image_unref(dst);
  pixman_image_unref(src);
  return panel;
}

uint32_t panel_pixel(const Surface& panel, int32_t x, int32_t y) {
  uint32_t v = 0;
  std::memcpy(&v, panel.row(y) + ptrdiff_t{x} * bytes_per_pixel(panel.format()),
              size_t(bytes_per_pixel(panel.format())));
  return v;
}

bool sentinel_bytes(const std::byte* p, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (p[i] != kSentinel) return false;
  }
  return true;
}

// The reference itself: pixman's transform turns a picture the way fb::Rotation is defined.
TEST(RendererRotation, PixmanReferenceTurnsAsRotationIsDefined) {
  const int32_t pw = 7, ph = 5;
  for (Rotation rotation : kRotations) {
    Point size = logical_size(rotation, pw, ph);
    Image logical(size.x, size.y, PixelFormat::xrgb8888);
    for (int32_t y = 0; y < size.y; ++y) {
      for (int32_t x = 0; x < size.x; ++x) logical.pixel32(x, y) = uint32_t(y * 100 + x);
    }
    std::vector<uint32_t> panel = turned_by_pixman(logical, rotation, pw, ph);
    for (int32_t py = 0; py < ph; ++py) {
      for (int32_t px = 0; px < pw; ++px) {
        Point l = logical_pixel(rotation, pw, ph, px, py);
        ASSERT_EQ(panel[size_t(py * pw + px)] & 0xffffffu, uint32_t(l.y * 100 + l.x))
            << name(rotation) << " panel (" << px << ", " << py << ")";
      }
    }
    // At r90 the logical top-left pixel is the panel's top-right one.
    if (rotation == Rotation::r90) {
      EXPECT_EQ(panel[pw - 1] & 0xffffffu, 0u);
    }
  }
}

struct Mode {
  const char* name;
  int buffers;
  PixelFormat format;
  bool small_strip = false;  // strips of five rows: bands split across strip boundaries
  bool merge_rects = true;
  bool align_writes = false;
  unsigned workers = 1;  // threads composing every frame, however small its repaint
};

const Mode kModes[] = {
    {"one buffer (age 1)", 1, PixelFormat::xrgb8888},
    {"two buffers (age 2), five-row strips", 2, PixelFormat::xrgb8888, true},
    {"three buffers (age 3)", 3, PixelFormat::xrgb8888},
    {"two buffers, rgb565", 2, PixelFormat::rgb565, true},
    {"one buffer, no rectangle merging, five-row strips", 1, PixelFormat::xrgb8888, true, false},
    {"three buffers, aligned writes", 3, PixelFormat::xrgb8888, false, true, true},
    {"two buffers, five-row strips, 2 workers", 2, PixelFormat::xrgb8888, true, true, false, 2},
    {"three buffers, rgb565, five-row strips, 4 workers", 3, PixelFormat::rgb565, true, true, false,
     4},
};

const Point kPanels[] = {{97, 61}, {64, 48}};

/// Checks one frame just rendered into `panel` (the back buffer's memory, unrotated) after it
/// was filled with the sentinel; restores `before` where nothing was to be written. Returns a
/// description of the first problem.
std::optional<std::string> check_written(const Surface& panel, Rotation rotation,
                                         const RenderStats& stats,
                                         const std::vector<std::byte>& before) {
  const int32_t pw = panel.width(), ph = panel.height();
  const int bpp = bytes_per_pixel(panel.format());
  const Orientation orientation{rotation, pw, ph};
  const Region scanout_repainted = orientation.to_scanout(stats.repainted);
  const Point size = logical_size(rotation, pw, ph);
  const Rect bounds = stats.repainted.bounds();
  if (intersect(bounds, Rect{0, 0, size.x, size.y}) != bounds) {
    return "the repaint region reaches outside the picture";
  }
  if (stats.bytes_written != stats.repainted.area() * uint64_t(bpp)) {
    return std::to_string(stats.bytes_written) + " bytes written for a repaint of " +
           std::to_string(stats.repainted.area()) + " pixels";
  }
  const auto row_bytes = size_t(pw) * size_t(bpp);
  for (int32_t py = 0; py < ph; ++py) {
    std::byte* row = panel.row(py);
    const std::byte* old = before.data() + size_t(py) * size_t(panel.stride());
    for (int32_t px = 0; px < pw; ++px) {
      Point l = logical_pixel(rotation, pw, ph, px, py);
      const bool inside = stats.repainted.contains(l);
      auto where = [&] {
        return "panel pixel (" + std::to_string(px) + "," + std::to_string(py) + ") = logical (" +
               std::to_string(l.x) + "," + std::to_string(l.y) + ")";
      };
      if (scanout_repainted.contains(Point{px, py}) != inside) {
        return where() + ": Orientation::to_scanout(repainted) disagrees with the rotation";
      }
      if (inside) continue;
      std::byte* p = row + ptrdiff_t{px} * bpp;
      if (!sentinel_bytes(p, size_t(bpp))) {
        return where() + ", outside the rotated repaint region, was written";
      }
      std::memcpy(p, old + ptrdiff_t{px} * bpp, size_t(bpp));
    }
    // Row padding is no pixel: never written.
    const size_t padding = size_t(panel.stride()) - row_bytes;
    if (!sentinel_bytes(row + row_bytes, padding)) {
      return "the padding of panel row " + std::to_string(py) + " was written";
    }
    std::memcpy(row + row_bytes, old + row_bytes, padding);
  }
  return std::nullopt;
}

/// Runs a history on a rotated headless display; returns a description of the first failure.
std::optional<std::string> run_rotated(const std::vector<Op>& ops, const Mode& mode,
                                       Rotation rotation, Point panel_size) {
  const int32_t pw = panel_size.x, ph = panel_size.y;
  const Point size = logical_size(rotation, pw, ph);
  Scene scene(size.x, size.y, 0xff203040);
  HeadlessDisplay display(pw, ph, mode.format, mode.buffers, rotation);
  if (display.info().width != size.x || display.info().height != size.y) {
    return "the display's logical size is " + std::to_string(display.info().width) + "x" +
           std::to_string(display.info().height);
  }
  Renderer::Options options;
  if (mode.small_strip) options.strip_bytes = size_t(size.x) * 4 * 5;
  options.merge_rects = mode.merge_rects;
  options.align_writes = mode.align_writes;
  options.workers = mode.workers;
  options.parallel_min_pixels = 0;
  Renderer renderer(options);
  int frame = 0;
  for (const Op& op : ops) {
    apply(scene, op);
    if (op.kind != Op::end_frame) continue;
    const std::string at = "frame " + std::to_string(frame);
    // The back buffer's memory: kept, then all sentinel, so any byte written shows.
    BackBuffer back = display.acquire();
    if (back.target.rotation() != rotation || back.target.width() != size.x) {
      return at + ": the back buffer is not the rotated view";
    }
    const Surface memory = readable_view_of_scanout(back.target);
    const size_t bytes = size_t(memory.stride()) * size_t(ph);
    std::vector<std::byte> before(memory.data(), memory.data() + bytes);
    std::memset(memory.data(), static_cast<int>(kSentinel), bytes);

    RenderStats stats = renderer.render_frame(scene, display);
    if (display.front().data() != memory.data()) return at + ": front() is not the buffer drawn";
    if (!(display.last_damage() == stats.repainted)) {
      return at + ": the damage presented is not the logical repaint region";
    }
    if (std::optional<std::string> problem = check_written(memory, rotation, stats, before)) {
      return at + " (buffer age " + std::to_string(stats.buffer_age) + "): " + *problem;
    }
    // The whole panel, new pixels and those kept from the buffer's older frame, against the
    // reference turned by pixman.
    Image full = compose_full(scene);
    std::vector<uint32_t> expected = turned_by_pixman(full, rotation, pw, ph);
    const Surface& shown = display.front();
    for (int32_t py = 0; py < ph; ++py) {
      for (int32_t px = 0; px < pw; ++px) {
        uint32_t want = pixel_from_argb(mode.format, expected[size_t(py * pw + px)] | 0xff000000u);
        if (panel_pixel(shown, px, py) != want) {
          Point l = logical_pixel(rotation, pw, ph, px, py);
          return at + " (buffer age " + std::to_string(stats.buffer_age) + "): panel pixel (" +
                 std::to_string(px) + "," + std::to_string(py) + ") = logical (" +
                 std::to_string(l.x) + "," + std::to_string(l.y) + ") is " +
                 hex(panel_pixel(shown, px, py)) + ", pixman's turned reference " + hex(want) +
                 (stats.repainted.contains(l) ? " (repainted)" : " (kept)");
        }
      }
    }
    ++frame;
  }
  return std::nullopt;
}

/// Histories per panel size (each runs on every rotation and mode); FB_PROPERTY_RUNS overrides.
int history_count() {
  const char* env = std::getenv("FB_PROPERTY_RUNS");
  if (std::getenv("FB_PROPERTY_SEED") && !env) return 1;
  return env ? std::atoi(env) : 12;
}

TEST(RendererRotation, RotatedFramesEqualTheReferenceTurnedByPixman) {
  const uint32_t base = first_seed();
  const int runs = history_count();
  for (int run = 0; run < runs; ++run) {
    const uint32_t seed = base + 200000 + uint32_t(run);
    for (Point panel : kPanels) {
      for (Rotation rotation : kRotations) {
        const Point size = logical_size(rotation, panel.x, panel.y);
        const std::vector<Op> ops = random_history(seed, size.x, size.y);
        for (const Mode& mode : kModes) {
          std::optional<std::string> failure = run_rotated(ops, mode, rotation, panel);
          if (!failure) continue;
          std::vector<Op> smallest = shrink(ops, [&](const std::vector<Op>& candidate) {
            return run_rotated(candidate, mode, rotation, panel).has_value();
          });
          ADD_FAILURE() << "seed " << seed << " (rerun: FB_PROPERTY_SEED=" << seed - 200000
                        << "), panel " << panel.x << "x" << panel.y << " " << name(rotation) << ", "
                        << mode.name << ": " << *failure << "\nsmallest failing history ("
                        << smallest.size() << " of " << ops.size()
                        << " steps): " << *run_rotated(smallest, mode, rotation, panel) << "\n"
                        << describe(smallest);
          return;
        }
      }
    }
  }
}

// Renderer::render with any region (not only the scene's damage: partly outside the picture,
// scattered rectangles) into a rotated target over memory with padded rows that start off a
// 64-byte boundary: inside the turned region the reference turned by pixman, outside it the
// sentinel, every byte.
TEST(RendererRotation, RenderOfAnyRegionWritesExactlyItsTurnedPixels) {
  const uint32_t base = first_seed();
  const int runs = std::max(1, history_count() / 2);
  for (int run = 0; run < runs; ++run) {
    const uint32_t seed = base + 300000 + uint32_t(run);
    std::mt19937 random(seed);
    auto uniform = [&](int lo, int hi) {
      return std::uniform_int_distribution<int>(lo, hi)(random);
    };
    for (Rotation rotation : kRotations) {
      for (PixelFormat format : {PixelFormat::xrgb8888, PixelFormat::xbgr8888, PixelFormat::rgb565,
                                 PixelFormat::argb8888_premul}) {
        const int32_t pw = 61 + uniform(0, 40), ph = 37 + uniform(0, 30);
        const Point size = logical_size(rotation, pw, ph);
        Scene scene(size.x, size.y, 0xff405060);
        for (const Op& op : random_history(seed, size.x, size.y)) apply(scene, op);
        Region region;
        for (int i = uniform(1, 6); i > 0; --i) {
          region.unite(Rect{uniform(-10, size.x), uniform(-10, size.y), uniform(1, size.x),
                            uniform(1, size.y)});
        }
        const int bpp = bytes_per_pixel(format);
        const ptrdiff_t stride = ptrdiff_t{pw + uniform(0, 9)} * bpp + 4 * uniform(0, 3);
        const size_t offset = 4 * size_t(uniform(0, 15));
        std::vector<std::byte> memory(offset + size_t(stride) * size_t(ph), kSentinel);
        ScanoutSurface target =
            ScanoutSurface(memory.data() + offset, pw, ph, stride, format).rotated(rotation);
        Renderer::Options options;
        options.strip_bytes = size_t(size.x) * 4 * size_t(uniform(1, 9));
        Renderer renderer(options);
        RenderStats stats = renderer.render(scene, target, region);

        SCOPED_TRACE("seed " + std::to_string(seed) + " " + name(rotation) + " " +
                     std::string(pixel_format_name(format)) + " panel " + std::to_string(pw) + "x" +
                     std::to_string(ph));
        Region expected_region = region;
        expected_region.intersect(Rect{0, 0, size.x, size.y});
        ASSERT_TRUE(stats.repainted == expected_region);
        ASSERT_EQ(stats.bytes_written, expected_region.area() * uint64_t(bpp));
        ASSERT_TRUE(sentinel_bytes(memory.data(), offset)) << "written before the first row";
        Image full = compose_full(scene);
        std::vector<uint32_t> turned = turned_by_pixman(full, rotation, pw, ph);
        const Surface panel = readable_view_of_scanout(target);
        for (int32_t py = 0; py < ph; ++py) {
          for (int32_t px = 0; px < pw; ++px) {
            Point l = logical_pixel(rotation, pw, ph, px, py);
            const std::byte* p = panel.row(py) + ptrdiff_t{px} * bpp;
            if (!expected_region.contains(l)) {
              ASSERT_TRUE(sentinel_bytes(p, size_t(bpp)))
                  << "panel pixel (" << px << "," << py << ") outside the turned region written";
              continue;
            }
            ASSERT_EQ(panel_pixel(panel, px, py),
                      pixel_from_argb(format, turned[size_t(py * pw + px)] | 0xff000000u))
                << "panel pixel (" << px << "," << py << ") = logical (" << l.x << "," << l.y
                << ")";
          }
          const std::byte* padding = panel.row(py) + ptrdiff_t{pw} * bpp;
          ASSERT_TRUE(sentinel_bytes(padding, size_t(stride - ptrdiff_t{pw} * bpp)))
              << "padding of panel row " << py << " written";
        }
      }
    }
  }
}

// Renderer::Options::align_writes promises whole 64-byte columns of the target (16 pixels at 4
// bytes per pixel, rows 64-byte aligned as a headless display's are). On a rotated target those
// are columns of the panel's memory: the repaint region, turned onto the panel, must start and
// end on them (or at the panel's right edge), and still cover the damage.
TEST(RendererRotation, AlignedWritesCoverWholeCacheLinesOfThePanel) {
  std::mt19937 random(first_seed());
  for (Point panel : kPanels) {
    for (Rotation rotation : kRotations) {
      const Point size = logical_size(rotation, panel.x, panel.y);
      Scene scene(size.x, size.y, 0xff000000);
      HeadlessDisplay display(panel.x, panel.y, PixelFormat::xrgb8888, 1, rotation);
      Renderer::Options options;
      options.align_writes = true;
      Renderer renderer(options);
      renderer.render_frame(scene, display);  // the first frame is a full repaint
      Layer dot = scene.add_solid(Rect{size.x / 2, size.y / 3, 3, 2}, 0xffff0000u);
      for (int step = 0; step < 12; ++step) {
        dot.move_to(Point{std::uniform_int_distribution<int>(-2, size.x)(random),
                          std::uniform_int_distribution<int>(-2, size.y)(random)});
        const Region damage = scene.repaint_region(1);
        RenderStats stats = renderer.render_frame(scene, display);
        Region uncovered = damage;
        uncovered.subtract(stats.repainted);
        EXPECT_TRUE(uncovered.empty()) << name(rotation) << " step " << step;
        const Region on_panel = Orientation{rotation, panel.x, panel.y}.to_scanout(stats.repainted);
        for (const Rect& r : on_panel.rects()) {
          EXPECT_TRUE(r.left() % 16 == 0 && (r.right() % 16 == 0 || r.right() == panel.x))
              << "panel " << panel.x << "x" << panel.y << " " << name(rotation) << " step " << step
              << ": panel rectangle {" << r.x << ", " << r.y << ", " << r.width << ", " << r.height
              << "} is not made of whole 64-byte columns";
        }
      }
    }
  }
}

}  // namespace
}  // namespace fb
