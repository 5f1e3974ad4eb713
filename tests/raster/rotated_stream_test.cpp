// SPDX-License-Identifier: MIT
// The stream ops onto rotated scanouts (ScanoutSurface::rotated), on every row-kernel table this
// CPU runs: the memory of the scanout must equal an independent per-pixel model, byte for byte,
// and every byte the op should not write (outside the rectangle, row padding, guards before and
// after the buffer) must keep its sentinel. The model maps each panel pixel to the logical
// pixel it shows by the formulas below, written from the definition of fb::Rotation (the
// logical picture turned clockwise onto the panel), not through fb::Orientation.
#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>
#include <optional>
#include <random>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "fb/pixel_format.hpp"
#include "fb/raster.hpp"
#include "fb/rotation.hpp"
#include "fb/surface.hpp"
#include "raster/kernel_dispatch.hpp"
#include "raster_test_support.hpp"
#include "rotation_model.hpp"

namespace fb {
namespace {

using test_support::logical_pixel;
using test_support::logical_size;

using raster::available_row_kernels;
using raster::RowKernels;
using raster::testing::AlignedBytes;
using raster::testing::model_over;
using raster::testing::ScopedRowKernels;

constexpr Rotation kRotations[] = {Rotation::r0, Rotation::r90, Rotation::r180, Rotation::r270};

std::string hex(uint32_t v) {
  std::ostringstream out;
  out << "0x" << std::hex << v;
  return out.str();
}

std::string describe(const Rect& r) {
  std::ostringstream out;
  out << "{" << r.x << ", " << r.y << ", " << r.width << ", " << r.height << "}";
  return out.str();
}

std::string describe(Point p) {
  return "(" + std::to_string(p.x) + ", " + std::to_string(p.y) + ")";
}

// ---- The model. ----

/// A colour 0xAARRGGBB as `format` stores it on a scanout: opaque, 565 rounded to nearest as
/// fb/raster.hpp specifies ((c * max + 127) / 255).
uint32_t scanout_value(PixelFormat format, uint32_t argb) {
  const uint32_t r = argb >> 16 & 0xff, g = argb >> 8 & 0xff, b = argb & 0xff;
  auto to5 = [](uint32_t c) { return (c * 31 + 127) / 255; };
  auto to6 = [](uint32_t c) { return (c * 63 + 127) / 255; };
  switch (format) {
    case PixelFormat::xrgb8888:
    case PixelFormat::argb8888_premul:
      return 0xff000000u | r << 16 | g << 8 | b;
    case PixelFormat::xbgr8888:
    case PixelFormat::abgr8888_premul:
      return 0xff000000u | b << 16 | g << 8 | r;
    case PixelFormat::rgb565:
      return to5(r) << 11 | to6(g) << 5 | to5(b);
    case PixelFormat::bgr565:
      return to5(b) << 11 | to6(g) << 5 | to5(r);
  }
  return 0;
}

bool inside(const Rect& r, int64_t x, int64_t y) {
  return r.width > 0 && r.height > 0 && x >= r.x && x < int64_t{r.x} + r.width && y >= r.y &&
         y < int64_t{r.y} + r.height;
}

// ---- Memory. ----

constexpr std::byte kSentinel{0xa5};

/// A panel's memory: rows `padding` pixels longer than the panel, `offset` bytes past a 64-byte
/// boundary, 64 guard bytes before and after, every byte the sentinel to begin with.
class PanelMemory {
 public:
  static constexpr size_t kGuard = 64;

  PanelMemory(int32_t width, int32_t height, PixelFormat format, int32_t padding = 3,
              size_t offset = 4)
      : width_(width),
        height_(height),
        format_(format),
        bpp_(bytes_per_pixel(format)),
        stride_(ptrdiff_t{width + padding} * bytes_per_pixel(format)),
        offset_(kGuard + offset),
        storage_(kGuard + offset + static_cast<size_t>(stride_) * static_cast<size_t>(height) +
                 kGuard),
        expected_(storage_.size(), kSentinel) {
    std::memset(storage_.data(), static_cast<int>(kSentinel), storage_.size());
  }

  /// The memory seen turned by `rotation`.
  ScanoutSurface view(Rotation rotation) const {
    return ScanoutSurface(storage_.data() + offset_, width_, height_, stride_, format_)
        .rotated(rotation);
  }

  /// The model: panel pixel (px, py) must hold `value` (already in the format).
  void expect(int32_t px, int32_t py, uint32_t value) {
    std::memcpy(expected_.data() + at(px, py), &value, static_cast<size_t>(bpp_));
  }

  /// Every byte against the model: pixels, row padding and guards.
  ::testing::AssertionResult matches() const {
    const auto* got = storage_.data();
    if (std::memcmp(got, expected_.data(), expected_.size()) == 0) {
      return ::testing::AssertionSuccess();
    }
    for (size_t i = 0; i < expected_.size(); ++i) {
      if (got[i] == expected_[i]) continue;
      auto from_first = static_cast<ptrdiff_t>(i) - static_cast<ptrdiff_t>(offset_);
      std::ostringstream where;
      if (from_first < 0 || from_first >= stride_ * height_) {
        where << "guard byte " << from_first << " from the first pixel";
      } else {
        ptrdiff_t py = from_first / stride_, px = from_first % stride_ / bpp_;
        if (px >= width_) {
          where << "padding of panel row " << py;
        } else {
          uint32_t have = 0, want = 0;
          std::memcpy(&have, got + at(static_cast<int32_t>(px), static_cast<int32_t>(py)),
                      static_cast<size_t>(bpp_));
          std::memcpy(&want,
                      expected_.data() + at(static_cast<int32_t>(px), static_cast<int32_t>(py)),
                      static_cast<size_t>(bpp_));
          where << "panel pixel (" << px << ", " << py << ") is " << hex(have) << ", expected "
                << hex(want);
        }
      }
      return ::testing::AssertionFailure()
             << where.str() << (expected_[i] == kSentinel ? " (should not have been written)" : "");
    }
    return ::testing::AssertionSuccess();
  }

  int32_t width() const { return width_; }
  int32_t height() const { return height_; }

 private:
  size_t at(int32_t px, int32_t py) const {
    return offset_ + static_cast<size_t>(py * stride_ + ptrdiff_t{px} * bpp_);
  }

  int32_t width_, height_;
  PixelFormat format_;
  int bpp_;
  ptrdiff_t stride_;
  size_t offset_;
  AlignedBytes storage_;
  std::vector<std::byte> expected_;
};

/// A cached 32-bit source surface with rows `padding` pixels longer than its width.
struct Source {
  Source(int32_t width, int32_t height, PixelFormat format, std::mt19937& rng, bool sprite,
         int32_t padding = 7)
      : pitch(width + padding), pixels(static_cast<size_t>(pitch) * static_cast<size_t>(height)) {
    for (int32_t y = 0; y < height; ++y) {
      std::vector<uint32_t> row = sprite ? raster::testing::sprite_like_row(rng, size_t(width))
                                         : std::vector<uint32_t>(size_t(width));
      for (int32_t x = 0; x < width; ++x) {
        pixels[size_t(y) * size_t(pitch) + size_t(x)] = sprite ? row[size_t(x)] : rng();
      }
    }
    surface = Surface(pixels.data(), width, height, ptrdiff_t{pitch} * 4, format);
  }
  uint32_t get(int64_t x, int64_t y) const { return pixels[size_t(y) * size_t(pitch) + size_t(x)]; }

  int32_t pitch;
  std::vector<uint32_t> pixels;
  Surface surface;
};

/// Fills the model: each panel pixel gets logical_value(logical pixel) in the panel's format,
/// or keeps the sentinel when that is nullopt.
template <class LogicalValue>
void expect_logical(PanelMemory& memory, Rotation rotation, PixelFormat format,
                    const LogicalValue& logical_value) {
  for (int32_t py = 0; py < memory.height(); ++py) {
    for (int32_t px = 0; px < memory.width(); ++px) {
      Point l = logical_pixel(rotation, memory.width(), memory.height(), px, py);
      std::optional<uint32_t> argb = logical_value(l.x, l.y);
      if (argb) memory.expect(px, py, scanout_value(format, *argb));
    }
  }
}

/// Runs `body` once per row-kernel table with that table active (restored afterwards).
template <class Body>
void for_each_table(Body body) {
  for (const RowKernels* table : available_row_kernels()) {
    SCOPED_TRACE(std::string("kernels ") + table->name);
    ScopedRowKernels active(*table);
    body();
    if (::testing::Test::HasFatalFailure()) return;
  }
}

/// Panels: a single pixel, one row or column, narrower and wider than a 64-pixel tile, odd
/// sizes and sides that are no multiple of 4 or 8, and rows longer than the 2048 pixels an
/// r180 row is reversed in at a time.
const Point kPanels[] = {{1, 1},    {1, 97},   {97, 1},    {3, 130},
                         {67, 129}, {130, 67}, {200, 150}, {2100, 2}};

constexpr PixelFormat kStreamFormats[] = {PixelFormat::xrgb8888, PixelFormat::xbgr8888,
                                          PixelFormat::rgb565, PixelFormat::bgr565};

std::string describe_case(Rotation rotation, PixelFormat format, Point panel) {
  return "r" + std::to_string(degrees(rotation)) + " " + std::string(pixel_format_name(format)) +
         " panel " + std::to_string(panel.x) + "x" + std::to_string(panel.y);
}

/// How many of a test's cases run on `panel`: on the largest panel only the first three (the
/// whole picture, a rectangle inside, one past the edges), which keeps sanitizer builds quick.
template <class Cases>
auto cases_for(Point panel, const Cases& cases) {
  size_t n = std::size(cases);
  if (int64_t{panel.x} * panel.y > 10000) n = std::min<size_t>(n, 3);
  return std::span(std::data(cases), n);
}

/// A random rectangle around a w x h picture: often partly outside, sometimes empty.
Rect random_rect(std::mt19937& rng, int32_t w, int32_t h) {
  auto pick = [&](int32_t side) { return static_cast<int32_t>(rng() % uint32_t(side + 8)) - 4; };
  int32_t x = pick(w), y = pick(h);
  return Rect{x, y, static_cast<int32_t>(rng() % uint32_t(w + 4)),
              static_cast<int32_t>(rng() % uint32_t(h + 4))};
}

TEST(RotatedStream, ViewsHaveTheLogicalSizeAndAddUp) {
  PanelMemory memory(130, 67, PixelFormat::xrgb8888);
  for (Rotation a : kRotations) {
    ScanoutSurface view = memory.view(a);
    Point size = logical_size(a, 130, 67);
    EXPECT_EQ(view.width(), size.x) << degrees(a);
    EXPECT_EQ(view.height(), size.y) << degrees(a);
    EXPECT_EQ(view.bounds(), (Rect{0, 0, size.x, size.y}));
    EXPECT_EQ(view.scanout_width(), 130);
    EXPECT_EQ(view.scanout_height(), 67);
    EXPECT_EQ(view.rotation(), a);
    for (Rotation b : kRotations) {
      EXPECT_EQ(view.rotated(b).rotation(), static_cast<Rotation>((degrees(a) + degrees(b)) % 360))
          << degrees(a) << " then " << degrees(b);
    }
  }
}

// stream_copy: whole pictures, sub-rectangles of a larger source placed inside, rectangles and
// origins that reach past every edge of the source and the scanout, the extremes of int32_t,
// random ones; source rows longer than the picture (stride > row).
TEST(RotatedStream, CopyEqualsThePerPixelModel) {
  std::mt19937 rng(raster::testing::test_seed(4242));
  for_each_table([&] {
    for (Rotation rotation : kRotations) {
      for (PixelFormat format : kStreamFormats) {
        for (Point panel : kPanels) {
          const Point size = logical_size(rotation, panel.x, panel.y);
          const int32_t w = size.x, h = size.y;
          const PixelFormat src_format =
              rng() % 2 ? PixelFormat::xrgb8888 : PixelFormat::argb8888_premul;
          Source src(w + 5, h + 3, src_format, rng, false);
          struct Case {
            Point origin;
            Rect src_rect;
          };
          std::vector<Case> cases = {
              {{0, 0}, {0, 0, w, h}},  // the whole picture
              {{w / 3, h / 4}, {2, 1, std::max(1, w / 2), std::max(1, h / 2)}},  // inside
              {{-3, -2}, {1, 2, w + 9, h + 9}},  // past every edge of source and scanout
              {{w - 2, h - 3}, {4, 0, 9, 7}},    // past the right and bottom edges
              {{1, 0}, {0, 1, w + 5, 1}},        // one row
              {{0, 1}, {3, 0, 1, h + 3}},        // one column
              {{w, 0}, {0, 0, w, h}},            // nothing: right of the scanout
              {{INT32_MIN, INT32_MIN}, {INT32_MIN, INT32_MIN, INT32_MAX, INT32_MAX}},
              {{-1, -1}, {-1, -1, INT32_MAX, INT32_MAX}},
          };
          for (int i = 0; i < 3; ++i) {
            Rect r = random_rect(rng, w + 5, h + 3);
            Point origin{static_cast<int32_t>(rng() % uint32_t(w + 6)) - 3,
                         static_cast<int32_t>(rng() % uint32_t(h + 6)) - 3};
            cases.push_back({origin, r});
          }
          for (const Case& c : cases_for(panel, cases)) {
            SCOPED_TRACE(describe_case(rotation, format, panel) + " from " +
                         std::string(pixel_format_name(src_format)) + ", source rect " +
                         describe(c.src_rect) + " to " + describe(c.origin));
            PanelMemory memory(panel.x, panel.y, format);
            ScanoutSurface view = memory.view(rotation);
            stream_copy(view, c.origin, src.surface, c.src_rect);
            expect_logical(
                memory, rotation, format, [&](int32_t lx, int32_t ly) -> std::optional<uint32_t> {
                  int64_t sx = int64_t{lx} - c.origin.x + c.src_rect.x;
                  int64_t sy = int64_t{ly} - c.origin.y + c.src_rect.y;
                  if (!inside(c.src_rect, sx, sy) || !inside(src.surface.bounds(), sx, sy))
                    return std::nullopt;
                  return src.get(sx, sy);
                });
            ASSERT_TRUE(memory.matches());
          }
        }
      }
    }
  });
}

TEST(RotatedStream, FillEqualsThePerPixelModel) {
  std::mt19937 rng(raster::testing::test_seed(4343));
  for_each_table([&] {
    for (Rotation rotation : kRotations) {
      for (PixelFormat format : kStreamFormats) {
        for (Point panel : kPanels) {
          const Point size = logical_size(rotation, panel.x, panel.y);
          const int32_t w = size.x, h = size.y;
          std::vector<Rect> rects = {
              {0, 0, w, h},
              {w / 3, h / 4, std::max(1, w / 2), std::max(1, h / 3)},
              {-5, -5, w / 2 + 5, h / 2 + 5},
              {w - 3, h - 2, 100, 100},
              {0, h - 1, w, 1},
              {w - 1, 0, 1, h},
              {w, 0, 4, 4},
              {INT32_MIN, INT32_MIN, INT32_MAX, INT32_MAX},
              {-1, -1, INT32_MAX, INT32_MAX},
          };
          for (int i = 0; i < 3; ++i) rects.push_back(random_rect(rng, w, h));
          // The colour's alpha is dropped: scanouts are opaque.
          const uint32_t colour = (rng() & 0x00ffffffu) | 0x20000000u;
          for (const Rect& rect : cases_for(panel, rects)) {
            SCOPED_TRACE(describe_case(rotation, format, panel) + " rect " + describe(rect) +
                         " colour " + hex(colour));
            PanelMemory memory(panel.x, panel.y, format);
            ScanoutSurface view = memory.view(rotation);
            stream_fill(view, rect, colour);
            expect_logical(memory, rotation, format,
                           [&](int32_t lx, int32_t ly) -> std::optional<uint32_t> {
                             if (!inside(rect, lx, ly)) return std::nullopt;
                             return colour;
                           });
            ASSERT_TRUE(memory.matches());
          }
        }
      }
    }
  });
}

constexpr PixelFormat kOverFormats[] = {PixelFormat::xrgb8888, PixelFormat::argb8888_premul};

// stream_over: a sprite (premultiplied, sprite-like runs of opaque, clear and translucent
// pixels) over an image below that reaches past the scanout's edges and leaves a band of it
// uncovered, at several opacities, into xrgb8888 and argb8888_premul scanouts.
TEST(RotatedStream, OverEqualsThePerPixelModel) {
  std::mt19937 rng(raster::testing::test_seed(4444));
  for_each_table([&] {
    for (Rotation rotation : kRotations) {
      for (PixelFormat format : kOverFormats) {
        for (Point panel : kPanels) {
          const Point size = logical_size(rotation, panel.x, panel.y);
          const int32_t w = size.x, h = size.y;
          // below covers logical x in [-2, w + 2), y in [1, h + 3): row 0 is outside it.
          const Point below_at{-2, 1};
          Source below_xrgb(w + 4, h + 2, PixelFormat::xrgb8888, rng, false);
          Source below_argb(w + 4, h + 2, PixelFormat::argb8888_premul, rng, true);
          Source src(w / 2 + 3, h / 2 + 2, PixelFormat::argb8888_premul, rng, true);
          struct Case {
            const Source* below;
            Rect rect;
            Point src_at;
            uint8_t opacity;
          };
          const Case cases[] = {
              {&below_xrgb, {0, 0, w, h}, {w / 4, h / 3}, 255},
              {&below_argb, {0, 0, w, h}, {-3, -1}, 97},
              {&below_xrgb, {-4, -4, w + 8, h + 8}, {w - 4, h - 2}, 255},
              {&below_argb, {w / 3, h / 3, std::max(1, w / 2), std::max(1, h / 2)}, {1, 0}, 200},
              {&below_xrgb, {1, 0, std::max(1, w - 2), h}, {0, 0}, 0},
              {&below_xrgb, random_rect(rng, w, h), {w / 3, -2}, 255},
              // src under all of the rectangle (turned by 180, one pass down each row).
              {&below_xrgb, {1, 1, w / 2, h / 2}, {0, 0}, 255},
              {&below_argb, {w / 4, h / 4, w / 2, h / 2}, {w / 4 - 1, h / 4}, 97},
          };
          for (const Case& c : cases_for(panel, cases)) {
            const Source& below = *c.below;
            SCOPED_TRACE(describe_case(rotation, format, panel) + " below " +
                         std::string(pixel_format_name(below.surface.format())) + " rect " +
                         describe(c.rect) + " src at " + describe(c.src_at) + " opacity " +
                         std::to_string(c.opacity));
            PanelMemory memory(panel.x, panel.y, format);
            ScanoutSurface view = memory.view(rotation);
            stream_over(view, c.rect, below.surface, below_at, src.surface, c.src_at, c.opacity);
            expect_logical(memory, rotation, format,
                           [&](int32_t lx, int32_t ly) -> std::optional<uint32_t> {
                             int64_t bx = int64_t{lx} - below_at.x, by = int64_t{ly} - below_at.y;
                             if (!inside(c.rect, lx, ly) || !inside(below.surface.bounds(), bx, by))
                               return std::nullopt;
                             uint32_t under = below.get(bx, by);
                             int64_t sx = int64_t{lx} - c.src_at.x, sy = int64_t{ly} - c.src_at.y;
                             if (!inside(src.surface.bounds(), sx, sy)) return under;
                             return model_over(src.get(sx, sy), under, c.opacity, true);
                           });
            ASSERT_TRUE(memory.matches());
          }
        }
      }
    }
  });
}

TEST(RotatedStream, OverSolidEqualsThePerPixelModel) {
  std::mt19937 rng(raster::testing::test_seed(4545));
  for_each_table([&] {
    for (Rotation rotation : kRotations) {
      for (PixelFormat format : kOverFormats) {
        for (Point panel : kPanels) {
          const Point size = logical_size(rotation, panel.x, panel.y);
          const int32_t w = size.x, h = size.y;
          Source src(w / 2 + 3, h / 2 + 2, PixelFormat::argb8888_premul, rng, true);
          // The colour's alpha is dropped, as the background's is.
          const uint32_t colour = rng();
          struct Case {
            Rect rect;
            Point src_at;
            uint8_t opacity;
          };
          const Case cases[] = {
              {{0, 0, w, h}, {w / 4, h / 3}, 255},
              {{-4, -4, w + 8, h + 8}, {-3, h - 2}, 97},
              {{w / 3, h / 3, std::max(1, w / 2), std::max(1, h / 2)}, {w / 3 + 1, 0}, 255},
              {{0, 0, w, h}, {0, 0}, 0},
              {random_rect(rng, w, h), {1, 1}, 180},
              // src under all of the rectangle (turned by 180, one pass down each row).
              {{1, 1, w / 2, h / 2}, {0, 0}, 255},
              {{w / 4, h / 4, w / 2, h / 2}, {w / 4 - 1, h / 4}, 97},
          };
          for (const Case& c : cases_for(panel, cases)) {
            SCOPED_TRACE(describe_case(rotation, format, panel) + " rect " + describe(c.rect) +
                         " src at " + describe(c.src_at) + " opacity " + std::to_string(c.opacity) +
                         " colour " + hex(colour));
            PanelMemory memory(panel.x, panel.y, format);
            ScanoutSurface view = memory.view(rotation);
            stream_over_solid(view, c.rect, colour, src.surface, c.src_at, c.opacity);
            expect_logical(memory, rotation, format,
                           [&](int32_t lx, int32_t ly) -> std::optional<uint32_t> {
                             if (!inside(c.rect, lx, ly)) return std::nullopt;
                             int64_t sx = int64_t{lx} - c.src_at.x, sy = int64_t{ly} - c.src_at.y;
                             if (!inside(src.surface.bounds(), sx, sy)) return colour;
                             return model_over(src.get(sx, sy), colour, c.opacity, true);
                           });
            ASSERT_TRUE(memory.matches());
          }
        }
      }
    }
  });
}

// A view turned twice writes as one turned by the sum: r90 of an r180 view is an r270 view.
TEST(RotatedStream, TurningAViewTwiceAddsTheRotations) {
  std::mt19937 rng(raster::testing::test_seed(4646));
  const int32_t pw = 67, ph = 129;
  for (Rotation a : kRotations) {
    for (Rotation b : kRotations) {
      const auto sum = static_cast<Rotation>((degrees(a) + degrees(b)) % 360);
      SCOPED_TRACE("r" + std::to_string(degrees(a)) + " then r" + std::to_string(degrees(b)));
      const Point size = logical_size(sum, pw, ph);
      Source src(size.x, size.y, PixelFormat::xrgb8888, rng, false);
      PanelMemory memory(pw, ph, PixelFormat::xrgb8888);
      ScanoutSurface view = memory.view(a).rotated(b);
      ASSERT_EQ(view.width(), size.x);
      stream_copy(view, Point{0, 0}, src.surface, src.surface.bounds());
      expect_logical(
          memory, sum, PixelFormat::xrgb8888,
          [&](int32_t lx, int32_t ly) -> std::optional<uint32_t> { return src.get(lx, ly); });
      ASSERT_TRUE(memory.matches());
    }
  }
}

}  // namespace
}  // namespace fb
