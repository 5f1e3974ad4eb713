// SPDX-License-Identifier: MIT
// The public raster ops, on every row-kernel table this CPU runs: clipping of any rectangle and
// origin (nothing outside the surfaces is touched: canaries around and between rows), stride,
// overlap, formats and conversions, against a per-pixel model.
#include "fb/raster.hpp"

#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <cstring>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "fb/error.hpp"
#include "fb/pixel_format.hpp"
#include "raster/kernel_dispatch.hpp"
#include "raster_test_support.hpp"

namespace fb {
namespace {

using raster::available_row_kernels;
using raster::RowKernels;
using raster::testing::GuardedPixels;
using raster::testing::model_over;
using raster::testing::ScopedRowKernels;

std::string describe(const Rect& r) {
  std::ostringstream out;
  out << "rect {" << r.x << ", " << r.y << ", " << r.width << ", " << r.height << "}";
  return out.str();
}

std::string hex(uint32_t v) {
  std::ostringstream out;
  out << "0x" << std::hex << v;
  return out.str();
}

std::string describe(Point p) {
  return "origin {" + std::to_string(p.x) + ", " + std::to_string(p.y) + "}";
}

/// Rectangles every op must clip: inside, partly outside, empty, negative, huge, at the limits.
const std::vector<Rect> kRects = {
    {0, 0, 13, 7},
    {2, 1, 5, 3},
    {-5, -5, 10, 10},
    {10, 4, 100, 100},
    {12, 6, 1, 1},
    {13, 0, 5, 5},
    {0, 7, 5, 5},
    {3, 2, 0, 5},
    {3, 2, 4, -1},
    {-3, 1, -4, 2},
    {-1, -1, INT32_MAX, INT32_MAX},
    {2, 3, INT32_MAX, INT32_MAX},
    {INT32_MIN, INT32_MIN, INT32_MAX, INT32_MAX},
    {INT32_MIN, 0, INT32_MAX, 3},
    {INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX},
    {INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN},
    {INT32_MAX - 1, 0, 2, 5},
};

const std::vector<Point> kOrigins = {
    {0, 0},
    {3, 2},
    {-3, 2},
    {5, -4},
    {12, 6},
    {-10, -8},
    {INT32_MIN, 0},
    {0, INT32_MAX},
    {INT32_MAX, INT32_MAX},
    {INT32_MIN, INT32_MIN},
};

bool inside(const Rect& r, int64_t x, int64_t y) {
  return r.width > 0 && r.height > 0 && x >= r.x && x < int64_t{r.x} + r.width && y >= r.y &&
         y < int64_t{r.y} + r.height;
}

/// A surface of `format` over guarded memory: row padding of `padding_pixels`, starting
/// `offset` bytes past a 64-byte boundary, pixels random.
struct TestSurface {
  TestSurface(int32_t width, int32_t height, PixelFormat format, std::mt19937& rng,
              int32_t padding_pixels = 3, size_t offset = 4)
      : memory(width, height, ptrdiff_t{width + padding_pixels} * bytes_per_pixel(format),
               bytes_per_pixel(format), offset),
        surface(memory.pixels(), width, height, memory.stride(), format) {
    for (int32_t y = 0; y < height; ++y) {
      for (int32_t x = 0; x < width; ++x) memory.set(x, y, static_cast<uint32_t>(rng()));
    }
  }
  /// Pixels of an argb8888_premul surface made validly premultiplied and sprite-like.
  void make_sprite(std::mt19937& rng) {
    for (int32_t y = 0; y < memory.height(); ++y) {
      std::vector<uint32_t> row = raster::testing::sprite_like_row(rng, memory.width());
      for (int32_t x = 0; x < memory.width(); ++x) memory.set(x, y, row[x]);
    }
  }
  std::vector<uint32_t> pixels() const {
    std::vector<uint32_t> out;
    for (int32_t y = 0; y < memory.height(); ++y) {
      for (int32_t x = 0; x < memory.width(); ++x) out.push_back(memory.get(x, y));
    }
    return out;
  }

  GuardedPixels memory;
  Surface surface;
};

/// Compares a surface with expected pixels (row-major) and checks its canaries.
::testing::AssertionResult matches(const GuardedPixels& memory,
                                   const std::vector<uint32_t>& expected) {
  std::string guard = memory.damaged_guard();
  if (!guard.empty()) return ::testing::AssertionFailure() << guard;
  for (int32_t y = 0; y < memory.height(); ++y) {
    for (int32_t x = 0; x < memory.width(); ++x) {
      uint32_t want = expected[static_cast<size_t>(y) * memory.width() + x];
      if (memory.get(x, y) != want) {
        return ::testing::AssertionFailure() << "pixel (" << x << ", " << y << ") is "
                                             << hex(memory.get(x, y)) << ", expected " << hex(want);
      }
    }
  }
  return ::testing::AssertionSuccess();
}

/// Runs `body` once per row-kernel table with that table active.
template <class Body>
void for_each_table(Body body) {
  for (const RowKernels* table : available_row_kernels()) {
    SCOPED_TRACE(std::string("kernels ") + table->name);
    ScopedRowKernels active(*table);
    ASSERT_STREQ(raster_kernels_name(), table->name);
    body();
    if (::testing::Test::HasFatalFailure()) return;
  }
}

TEST(RasterFill, ClipsEveryRectangleAndHonoursStride) {
  std::mt19937 rng(1);
  for_each_table([&] {
    for (PixelFormat format : {PixelFormat::xrgb8888, PixelFormat::argb8888_premul,
                               PixelFormat::xbgr8888, PixelFormat::rgb565, PixelFormat::bgr565}) {
      for (const Rect& rect : kRects) {
        SCOPED_TRACE(std::string(pixel_format_name(format)) + " " + describe(rect));
        TestSurface dst(13, 7, format, rng);
        std::vector<uint32_t> expected = dst.pixels();
        uint32_t colour = 0x80c06030u;
        uint32_t value = pixel_from_argb(format, colour);
        for (int32_t y = 0; y < 7; ++y) {
          for (int32_t x = 0; x < 13; ++x) {
            if (inside(rect, x, y)) expected[y * 13 + x] = value;
          }
        }
        fill(dst.surface, rect, colour);
        ASSERT_TRUE(matches(dst.memory, expected));
      }
    }
  });
}

TEST(RasterFill, WholeContiguousSurface) {
  std::mt19937 rng(2);
  for_each_table([&] {
    TestSurface dst(37, 5, PixelFormat::xrgb8888, rng, /*padding_pixels=*/0, /*offset=*/8);
    fill(dst.surface, dst.surface.bounds(), 0x00123456u);
    ASSERT_TRUE(matches(dst.memory, std::vector<uint32_t>(37 * 5, 0xff123456u)));
  });
}

/// What copy (or any src-to-dst op) does to dst pixel (x, y): the source pixel it comes from,
/// if that lies inside both the source rectangle and the source surface.
bool source_of(const Surface& src, Point origin, const Rect& src_rect, int32_t x, int32_t y,
               int32_t& sx, int32_t& sy) {
  int64_t fx = int64_t{x} - origin.x + src_rect.x, fy = int64_t{y} - origin.y + src_rect.y;
  if (!inside(src_rect, fx, fy) || !inside(src.bounds(), fx, fy)) return false;
  sx = static_cast<int32_t>(fx), sy = static_cast<int32_t>(fy);
  return true;
}

TEST(RasterCopy, ClipsEveryRectangleAndOrigin) {
  std::mt19937 rng(3);
  for_each_table([&] {
    for (PixelFormat format : {PixelFormat::xrgb8888, PixelFormat::rgb565}) {
      TestSurface src(11, 9, format, rng, 5, 12);
      for (const Rect& rect : kRects) {
        for (Point origin : kOrigins) {
          SCOPED_TRACE(std::string(pixel_format_name(format)) + " " + describe(rect) + " " +
                       describe(origin));
          TestSurface dst(13, 7, format, rng);
          std::vector<uint32_t> expected = dst.pixels();
          for (int32_t y = 0; y < 7; ++y) {
            for (int32_t x = 0; x < 13; ++x) {
              int32_t sx, sy;
              if (source_of(src.surface, origin, rect, x, y, sx, sy)) {
                expected[y * 13 + x] = src.memory.get(sx, sy);
              }
            }
          }
          std::vector<uint32_t> src_before = src.pixels();
          copy(dst.surface, origin, src.surface, rect);
          ASSERT_TRUE(matches(dst.memory, expected));
          ASSERT_TRUE(matches(src.memory, src_before)) << "the source changed";
        }
      }
    }
  });
}

TEST(RasterCopy, OverlappingSourceAndDestinationInBothDirections) {
  std::mt19937 rng(4);
  for_each_table([&] {
    for (int32_t dy = -3; dy <= 3; ++dy) {
      for (int32_t dx : {-4, -3, -1, 0, 1, 3, 5}) {  // kept inside: clipping is tested apart
        SCOPED_TRACE("shift " + std::to_string(dx) + ", " + std::to_string(dy));
        TestSurface both(24, 12, PixelFormat::xrgb8888, rng);
        std::vector<uint32_t> before = both.pixels(), expected = before;
        Rect rect{4, 4, 15, 5};
        for (int32_t y = 0; y < 5; ++y) {
          for (int32_t x = 0; x < 15; ++x) {
            expected[(4 + dy + y) * 24 + 4 + dx + x] = before[(4 + y) * 24 + 4 + x];
          }
        }
        copy(both.surface, Point{4 + dx, 4 + dy}, both.surface, rect);
        ASSERT_TRUE(matches(both.memory, expected));
      }
    }
  });
}

TEST(RasterCopy, WholeContiguousSurfaces) {
  std::mt19937 rng(5);
  for_each_table([&] {
    TestSurface src(40, 6, PixelFormat::argb8888_premul, rng, 0, 0);
    TestSurface dst(40, 6, PixelFormat::argb8888_premul, rng, 0, 0);
    copy(dst.surface, Point{}, src.surface, src.surface.bounds());
    ASSERT_TRUE(matches(dst.memory, src.pixels()));
  });
}

TEST(RasterCopy, DifferentFormatsThrow) {
  std::mt19937 rng(6);
  TestSurface a(4, 4, PixelFormat::xrgb8888, rng), b(4, 4, PixelFormat::xbgr8888, rng);
  EXPECT_THROW(copy(a.surface, Point{}, b.surface, b.surface.bounds()), UnsupportedFormat);
}

TEST(RasterCompositeOver, ClipsAndBlendsLikeTheModel) {
  std::mt19937 rng(7);
  for_each_table([&] {
    TestSurface src(11, 9, PixelFormat::argb8888_premul, rng, 2, 8);
    src.make_sprite(rng);
    for (PixelFormat format : {PixelFormat::xrgb8888, PixelFormat::argb8888_premul}) {
      bool onto_xrgb = format == PixelFormat::xrgb8888;
      for (uint8_t opacity : {255, 200, 1, 0}) {
        for (const Rect& rect : kRects) {
          for (Point origin : kOrigins) {
            SCOPED_TRACE(std::string(pixel_format_name(format)) + " opacity " +
                         std::to_string(opacity) + " " + describe(rect) + " " + describe(origin));
            TestSurface dst(13, 7, format, rng);
            std::vector<uint32_t> expected = dst.pixels();
            for (int32_t y = 0; y < 7; ++y) {
              for (int32_t x = 0; x < 13; ++x) {
                int32_t sx, sy;
                if (source_of(src.surface, origin, rect, x, y, sx, sy)) {
                  uint32_t& d = expected[y * 13 + x];
                  d = model_over(src.memory.get(sx, sy), d, opacity, onto_xrgb);
                }
              }
            }
            composite_over(dst.surface, origin, src.surface, rect, opacity);
            ASSERT_TRUE(matches(dst.memory, expected));
          }
        }
      }
    }
  });
}

TEST(RasterCompositeOver, UnsupportedFormatsThrow) {
  std::mt19937 rng(8);
  TestSurface argb(4, 4, PixelFormat::argb8888_premul, rng);
  TestSurface xrgb(4, 4, PixelFormat::xrgb8888, rng);
  TestSurface rgb565(4, 4, PixelFormat::rgb565, rng);
  TestSurface abgr(4, 4, PixelFormat::abgr8888_premul, rng);
  EXPECT_THROW(composite_over(argb.surface, Point{}, xrgb.surface, xrgb.surface.bounds()),
               UnsupportedFormat);
  EXPECT_THROW(composite_over(rgb565.surface, Point{}, argb.surface, argb.surface.bounds()),
               UnsupportedFormat);
  EXPECT_THROW(composite_over(argb.surface, Point{}, abgr.surface, abgr.surface.bounds()),
               UnsupportedFormat);
  EXPECT_THROW(composite_solid_over(rgb565.surface, rgb565.surface.bounds(), 0x80808080u),
               UnsupportedFormat);
  EXPECT_THROW(composite_solid_over(abgr.surface, abgr.surface.bounds(), 0x80808080u),
               UnsupportedFormat);
}

TEST(RasterComposeOver, BlendsOntoACopyOfBelowClippedToDestinationAndBelow) {
  std::mt19937 rng(18);
  for_each_table([&] {
    TestSurface below(40, 6, PixelFormat::xrgb8888, rng, 2, 8);
    TestSurface src(21, 4, PixelFormat::argb8888_premul, rng, 1, 4);
    src.make_sprite(rng);
    for (const Rect& rect : kRects) {
      // below at (2, -1) reaches past the destination's bottom-right; src at several places,
      // partly outside below and the destination.
      for (Point src_at : {Point{3, 1}, Point{-5, 2}, Point{30, -2}, Point{0, 0}}) {
        for (uint8_t opacity : {uint8_t{255}, uint8_t{0}, uint8_t{97}}) {
          SCOPED_TRACE(describe(rect) + " src " + describe(src_at) + " opacity " +
                       std::to_string(opacity));
          const Point below_at{2, -1};
          TestSurface dst(37, 5, PixelFormat::xrgb8888, rng, 3, 12);
          std::vector<uint32_t> expected = dst.pixels();
          for (int32_t y = 0; y < 5; ++y) {
            for (int32_t x = 0; x < 37; ++x) {
              int32_t bx = x - below_at.x, by = y - below_at.y;
              if (!inside(rect, x, y) || !inside(below.surface.bounds(), bx, by)) continue;
              // copy() keeps below's X byte; composite_over onto xrgb writes it 0xff.
              uint32_t under = below.memory.get(bx, by);
              int32_t sx = x - src_at.x, sy = y - src_at.y;
              expected[size_t(y) * 37 + x] =
                  inside(src.surface.bounds(), sx, sy)
                      ? model_over(src.memory.get(sx, sy), under, opacity, true)
                      : under;
            }
          }
          compose_over(dst.surface, rect, below.surface, below_at, src.surface, src_at, opacity);
          ASSERT_TRUE(matches(dst.memory, expected));
        }
      }
    }
  });
}

TEST(RasterComposeOver, EqualsCopyThenCompositeOverOnLongRows) {
  // Rows long enough for every vector loop and its tail, src covering part of each.
  std::mt19937 rng(19);
  for_each_table([&] {
    for (int32_t width : {1, 7, 8, 15, 16, 17, 33, 100, 613}) {
      TestSurface below(width, 3, PixelFormat::xrgb8888, rng, 1, 4);
      TestSurface src(width, 3, PixelFormat::argb8888_premul, rng, 0, 8);
      src.make_sprite(rng);
      for (uint8_t opacity : {uint8_t{255}, uint8_t{143}, uint8_t{0}}) {
        SCOPED_TRACE("width " + std::to_string(width) + " opacity " + std::to_string(opacity));
        const Point src_at{width / 3, 1};
        TestSurface one_pass(width, 3, PixelFormat::xrgb8888, rng, 2, 0);
        TestSurface steps(width, 3, PixelFormat::xrgb8888, rng, 2, 0);
        compose_over(one_pass.surface, Rect{0, 0, width, 3}, below.surface, Point{}, src.surface,
                     src_at, opacity);
        copy(steps.surface, Point{}, below.surface, below.surface.bounds());
        composite_over(steps.surface, src_at, src.surface, src.surface.bounds(), opacity);
        ASSERT_TRUE(matches(one_pass.memory, steps.pixels()));
      }
    }
  });
}

TEST(RasterComposeOver, UnsupportedFormatsAndSharedMemoryThrow) {
  std::mt19937 rng(20);
  TestSurface xrgb(8, 2, PixelFormat::xrgb8888, rng), argb(8, 2, PixelFormat::argb8888_premul, rng);
  TestSurface dst(8, 2, PixelFormat::xrgb8888, rng);
  const Rect all{0, 0, 8, 2};
  EXPECT_THROW(compose_over(argb.surface, all, xrgb.surface, {}, argb.surface, {}),
               UnsupportedFormat);  // the destination must be xrgb8888
  EXPECT_THROW(compose_over(dst.surface, all, argb.surface, {}, argb.surface, {}),
               UnsupportedFormat);  // below too
  EXPECT_THROW(compose_over(dst.surface, all, xrgb.surface, {}, xrgb.surface, {}),
               UnsupportedFormat);  // src must be premultiplied ARGB
  const std::vector<uint32_t> before = dst.pixels();
  EXPECT_THROW(compose_over(dst.surface, all, dst.surface, {}, argb.surface, {}), Error);
  Surface row = dst.surface.subsurface(Rect{0, 1, 8, 1});
  Surface argb_alias(row.data(), 8, 1, row.stride(), PixelFormat::argb8888_premul);
  EXPECT_THROW(compose_over(dst.surface, all, xrgb.surface, {}, argb_alias, {}), Error);
  EXPECT_TRUE(matches(dst.memory, before));  // nothing written before the errors
}

TEST(RasterCompositeSolidOver, ClipsAndBlendsLikeTheModel) {
  std::mt19937 rng(9);
  for_each_table([&] {
    for (PixelFormat format : {PixelFormat::xrgb8888, PixelFormat::argb8888_premul}) {
      bool onto_xrgb = format == PixelFormat::xrgb8888;
      for (uint32_t colour : {0x00000000u, 0x80402010u, 0xff112233u, 0x01010101u, 0xfe7f00feu}) {
        for (const Rect& rect : kRects) {
          SCOPED_TRACE(std::string(pixel_format_name(format)) + " colour " +
                       std::to_string(colour) + " " + describe(rect));
          TestSurface dst(13, 7, format, rng);
          std::vector<uint32_t> expected = dst.pixels();
          for (int32_t y = 0; y < 7; ++y) {
            for (int32_t x = 0; x < 13; ++x) {
              uint32_t& d = expected[y * 13 + x];
              if (inside(rect, x, y)) d = model_over(colour, d, 255, onto_xrgb);
            }
          }
          composite_solid_over(dst.surface, rect, colour);
          ASSERT_TRUE(matches(dst.memory, expected));
        }
      }
    }
  });
}

const PixelFormat kAllFormats[] = {PixelFormat::xrgb8888, PixelFormat::argb8888_premul,
                                   PixelFormat::xbgr8888, PixelFormat::abgr8888_premul,
                                   PixelFormat::rgb565,   PixelFormat::bgr565};

/// A scanout over guarded memory; the test reads it back only through the guarded memory.
struct TestScanout {
  TestScanout(int32_t width, int32_t height, PixelFormat format, size_t offset = 4)
      : memory(width, height, ptrdiff_t{width + 5} * bytes_per_pixel(format),
               bytes_per_pixel(format), offset),
        scanout(memory.pixels(), width, height, memory.stride(), format) {
    for (int32_t y = 0; y < height; ++y) {
      for (int32_t x = 0; x < width; ++x) memory.set(x, y, 0x5a5a5a5au);
    }
  }
  GuardedPixels memory;
  ScanoutSurface scanout;
};

TEST(RasterStreamCopy, ConvertsToEveryFormatAndClips) {
  std::mt19937 rng(10);
  for_each_table([&] {
    for (PixelFormat src_format : {PixelFormat::xrgb8888, PixelFormat::argb8888_premul}) {
      // Wide enough for whole SIMD blocks plus tails on every row.
      TestSurface src(45, 5, src_format, rng, 1, 4);
      for (PixelFormat format : kAllFormats) {
        for (const Rect& rect : {Rect{0, 0, 45, 5}, Rect{-7, -1, 50, 3}, Rect{3, 1, 37, 3},
                                 Rect{INT32_MIN, INT32_MIN, INT32_MAX, INT32_MAX},
                                 Rect{-1, -1, INT32_MAX, INT32_MAX}, Rect{5, 5, 0, 0}}) {
          for (Point origin : {Point{0, 0}, Point{1, 1}, Point{-4, 2}, Point{INT32_MAX, 0},
                               Point{INT32_MIN, INT32_MIN}}) {
            SCOPED_TRACE(std::string(pixel_format_name(src_format)) + " to " +
                         std::string(pixel_format_name(format)) + " " + describe(rect) + " " +
                         describe(origin));
            TestScanout dst(47, 6, format);
            std::vector<uint32_t> expected;
            for (int32_t y = 0; y < 6; ++y) {
              for (int32_t x = 0; x < 47; ++x) {
                int32_t sx, sy;
                expected.push_back(dst.memory.get(x, y));
                if (source_of(src.surface, origin, rect, x, y, sx, sy)) {
                  expected.back() = pixel_from_argb(format, src.memory.get(sx, sy) | 0xff000000u);
                }
              }
            }
            stream_copy(dst.scanout, origin, src.surface, rect);
            ASSERT_TRUE(matches(dst.memory, expected));
          }
        }
      }
    }
  });
}

TEST(RasterStreamCopy, WholeFrameOfEqualLayout) {
  std::mt19937 rng(11);
  for_each_table([&] {
    TestSurface src(64, 4, PixelFormat::xrgb8888, rng, 0, 0);
    TestScanout dst(64, 4, PixelFormat::xrgb8888, 0);
    stream_copy(dst.scanout, Point{}, src.surface, src.surface.bounds());
    std::vector<uint32_t> expected = src.pixels();
    for (uint32_t& p : expected) p |= 0xff000000u;
    // TestScanout pads rows by 5 pixels; only the pixels must match.
    ASSERT_TRUE(matches(dst.memory, expected));
  });
}

TEST(RasterStreamCopy, UnsupportedSourceThrows) {
  std::mt19937 rng(12);
  TestScanout dst(8, 2, PixelFormat::xrgb8888);
  for (PixelFormat format : {PixelFormat::xbgr8888, PixelFormat::abgr8888_premul,
                             PixelFormat::rgb565, PixelFormat::bgr565}) {
    TestSurface src(8, 2, format, rng);
    EXPECT_THROW(stream_copy(dst.scanout, Point{}, src.surface, src.surface.bounds()),
                 UnsupportedFormat)
        << pixel_format_name(format);
  }
}

TEST(RasterStreamOver, BlendsOntoBelowClippedToScanoutAndBelow) {
  std::mt19937 rng(14);
  for_each_table([&] {
    for (PixelFormat below_format : {PixelFormat::xrgb8888, PixelFormat::argb8888_premul}) {
      TestSurface below(40, 6, below_format, rng, 2, 8);
      TestSurface src(21, 4, PixelFormat::argb8888_premul, rng, 1, 4);
      src.make_sprite(rng);
      for (PixelFormat format : {PixelFormat::xrgb8888, PixelFormat::argb8888_premul}) {
        for (const Rect& rect : kRects) {
          // below at (2, -1) reaches past the scanout's bottom-right; src at several places,
          // partly outside below and the scanout.
          for (Point src_at : {Point{3, 1}, Point{-5, 2}, Point{30, -2}, Point{0, 0}}) {
            for (uint8_t opacity : {uint8_t{255}, uint8_t{0}, uint8_t{97}}) {
              SCOPED_TRACE(std::string(pixel_format_name(below_format)) + " below, " +
                           std::string(pixel_format_name(format)) + " scanout, " + describe(rect) +
                           " src " + describe(src_at) + " opacity " + std::to_string(opacity));
              const Point below_at{2, -1};
              TestScanout dst(37, 5, format);
              std::vector<uint32_t> expected;
              for (int32_t y = 0; y < 5; ++y) {
                for (int32_t x = 0; x < 37; ++x) {
                  expected.push_back(dst.memory.get(x, y));
                  int32_t bx = x - below_at.x, by = y - below_at.y;
                  if (!inside(rect, x, y) || !inside(below.surface.bounds(), bx, by)) continue;
                  uint32_t under = below.memory.get(bx, by);
                  int32_t sx = x - src_at.x, sy = y - src_at.y;
                  expected.back() = inside(src.surface.bounds(), sx, sy)
                                        ? model_over(src.memory.get(sx, sy), under, opacity, true)
                                        : (under | 0xff000000u);
                }
              }
              stream_over(dst.scanout, rect, below.surface, below_at, src.surface, src_at, opacity);
              ASSERT_TRUE(matches(dst.memory, expected));
            }
          }
        }
      }
    }
  });
}

TEST(RasterStreamOver, EqualsTheStripsTwoSteps) {
  // What the strip renderer does in steps (below into a strip, src over it, stream the strip),
  // in one pass: onto an image (stream_over) and onto a colour (stream_over_solid).
  std::mt19937 rng(15);
  for_each_table([&] {
    TestSurface below(70, 9, PixelFormat::xrgb8888, rng, 3, 4);
    TestSurface src(64, 7, PixelFormat::argb8888_premul, rng, 0, 12);
    src.make_sprite(rng);
    const uint32_t colour = 0xff203040u;
    for (bool onto_image : {true, false}) {
      for (uint8_t opacity : {uint8_t{255}, uint8_t{180}}) {
        SCOPED_TRACE(std::string(onto_image ? "onto an image" : "onto a colour") + " opacity " +
                     std::to_string(opacity));
        TestScanout direct(70, 9, PixelFormat::xrgb8888), steps(70, 9, PixelFormat::xrgb8888);
        Image strip(70, 9, PixelFormat::xrgb8888);
        if (onto_image) {
          copy(strip.surface(), Point{}, below.surface, below.surface.bounds());
          stream_over(direct.scanout, Rect{0, 0, 70, 9}, below.surface, Point{}, src.surface,
                      Point{5, 1}, opacity);
        } else {
          fill(strip.surface(), strip.bounds(), colour);
          stream_over_solid(direct.scanout, Rect{0, 0, 70, 9}, colour, src.surface, Point{5, 1},
                            opacity);
        }
        composite_over(strip.surface(), Point{5, 1}, src.surface, src.surface.bounds(), opacity);
        stream_copy(steps.scanout, Point{}, strip.surface(), strip.bounds());
        ASSERT_EQ(direct.memory.snapshot(), steps.memory.snapshot());
      }
    }
  });
}

TEST(RasterStreamOverSolid, BlendsOntoTheColourClippedToTheScanout) {
  std::mt19937 rng(17);
  for_each_table([&] {
    TestSurface src(21, 4, PixelFormat::argb8888_premul, rng, 1, 4);
    src.make_sprite(rng);
    for (PixelFormat format : {PixelFormat::xrgb8888, PixelFormat::argb8888_premul}) {
      for (const Rect& rect : kRects) {
        for (Point src_at : {Point{3, 1}, Point{-5, 2}, Point{30, -2}}) {
          for (uint8_t opacity : {uint8_t{255}, uint8_t{0}, uint8_t{97}}) {
            // The colour's alpha is dropped, as the background's is.
            const uint32_t colour = 0x40a0b0c0u;
            SCOPED_TRACE(std::string(pixel_format_name(format)) + " " + describe(rect) + " src " +
                         describe(src_at) + " opacity " + std::to_string(opacity));
            TestScanout dst(37, 5, format);
            std::vector<uint32_t> expected;
            for (int32_t y = 0; y < 5; ++y) {
              for (int32_t x = 0; x < 37; ++x) {
                expected.push_back(dst.memory.get(x, y));
                if (!inside(rect, x, y)) continue;
                int32_t sx = x - src_at.x, sy = y - src_at.y;
                expected.back() = inside(src.surface.bounds(), sx, sy)
                                      ? model_over(src.memory.get(sx, sy), colour, opacity, true)
                                      : (colour | 0xff000000u);
              }
            }
            stream_over_solid(dst.scanout, rect, colour, src.surface, src_at, opacity);
            ASSERT_TRUE(matches(dst.memory, expected));
          }
        }
      }
    }
  });
}

TEST(RasterStreamOver, UnsupportedFormatsAndMisalignedRowsThrow) {
  std::mt19937 rng(16);
  TestSurface below(8, 2, PixelFormat::xrgb8888, rng), src(8, 2, PixelFormat::argb8888_premul, rng);
  for (PixelFormat format : {PixelFormat::xbgr8888, PixelFormat::rgb565}) {
    TestScanout dst(8, 2, format);
    EXPECT_THROW(stream_over(dst.scanout, Rect{0, 0, 8, 2}, below.surface, {}, src.surface, {}),
                 UnsupportedFormat)
        << "scanout " << pixel_format_name(format);
    TestSurface other(8, 2, format, rng);
    EXPECT_THROW(stream_over(dst.scanout, Rect{0, 0, 8, 2}, other.surface, {}, src.surface, {}),
                 UnsupportedFormat)
        << "below " << pixel_format_name(format);
  }
  TestScanout dst(8, 2, PixelFormat::xrgb8888);
  EXPECT_THROW(stream_over(dst.scanout, Rect{0, 0, 8, 2}, below.surface, {}, below.surface, {}),
               UnsupportedFormat);  // src must be premultiplied ARGB
  EXPECT_THROW(stream_over_solid(dst.scanout, Rect{0, 0, 8, 2}, 0, below.surface, {}),
               UnsupportedFormat);
  TestScanout rgb565(8, 2, PixelFormat::rgb565);
  EXPECT_THROW(stream_over_solid(rgb565.scanout, Rect{0, 0, 8, 2}, 0, src.surface, {}),
               UnsupportedFormat);
  alignas(16) uint32_t storage[32] = {};
  Surface odd(reinterpret_cast<std::byte*>(storage) + 2, 4, 2, 16, PixelFormat::xrgb8888);
  EXPECT_THROW(stream_over(dst.scanout, Rect{0, 0, 4, 2}, odd, {}, src.surface, {}), Error);
  EXPECT_EQ(dst.memory.damaged_guard(), "");
}

TEST(RasterStreamFill, EveryFormatOpaqueAndClipped) {
  for_each_table([&] {
    for (PixelFormat format : kAllFormats) {
      for (const Rect& rect : kRects) {
        SCOPED_TRACE(std::string(pixel_format_name(format)) + " " + describe(rect));
        TestScanout dst(13, 7, format);
        std::vector<uint32_t> expected;
        uint32_t value = pixel_from_argb(format, 0xff3366ccu);
        for (int32_t y = 0; y < 7; ++y) {
          for (int32_t x = 0; x < 13; ++x) {
            expected.push_back(inside(rect, x, y) ? value : dst.memory.get(x, y));
          }
        }
        stream_fill(dst.scanout, rect, 0x203366ccu);  // alpha dropped: scanouts are opaque
        ASSERT_TRUE(matches(dst.memory, expected));
      }
    }
  });
}

TEST(RasterOps, MisalignedRowsAreRejected) {
  alignas(16) uint32_t storage[32] = {};
  auto* bytes = reinterpret_cast<std::byte*>(storage);
  Surface odd_start(bytes + 1, 4, 2, 16, PixelFormat::xrgb8888);
  Surface odd_stride(bytes, 4, 2, 18, PixelFormat::xrgb8888);
  EXPECT_THROW(fill(odd_start, odd_start.bounds(), 0), Error);
  EXPECT_THROW(fill(odd_stride, odd_stride.bounds(), 0), Error);
  Surface aligned(bytes, 4, 2, 16, PixelFormat::xrgb8888);
  EXPECT_THROW(copy(aligned, Point{}, odd_start, odd_start.bounds()), Error);
  // Nothing to do (clipped away) is not an error.
  EXPECT_NO_THROW(fill(odd_start, Rect{10, 10, 1, 1}, 0));
}

TEST(RasterOps, ReportsTheActiveKernels) {
  std::string name = raster_kernels_name();
  bool known = false;
  for (const RowKernels* table : available_row_kernels()) known |= name == table->name;
  EXPECT_TRUE(known) << name;
  // ctest forces tables through the environment (scalar, sse2, ssse3): the public ops use them.
  const char* requested = std::getenv("FB_RASTER_KERNELS");
  if (requested != nullptr) {
    EXPECT_EQ(name, raster::select_row_kernels(requested).name);
  }
}

/// Random surfaces, strides, rectangles and origins: every table's public ops give the same
/// bytes as the scalar reference's, padding included.
TEST(RasterOps, RandomOpsEqualScalarOnEveryTable) {
  uint32_t seed = raster::testing::test_seed(777);
  SCOPED_TRACE("seed " + std::to_string(seed) +
               " (rerun with FB_TEST_SEED=" + std::to_string(seed) + ")");
  std::mt19937 rng(seed);
  auto random_rect = [&] {
    return Rect{static_cast<int32_t>(rng() % 90) - 10, static_cast<int32_t>(rng() % 9) - 2,
                static_cast<int32_t>(rng() % 90), static_cast<int32_t>(rng() % 9)};
  };
  for (int iteration = 0; iteration < 300; ++iteration) {
    SCOPED_TRACE("iteration " + std::to_string(iteration));
    int32_t width = 1 + static_cast<int32_t>(rng() % 75),
            height = 1 + static_cast<int32_t>(rng() % 5);
    int32_t padding = static_cast<int32_t>(rng() % 4);
    size_t offset = 4 * (rng() % 16);
    PixelFormat dst_format = rng() % 2 ? PixelFormat::xrgb8888 : PixelFormat::argb8888_premul;
    uint32_t op = rng() % 5;
    Rect rect = random_rect();
    Point origin{static_cast<int32_t>(rng() % 40) - 20, static_cast<int32_t>(rng() % 6) - 3};
    uint8_t opacity = rng() % 2 ? 255 : static_cast<uint8_t>(rng());
    uint32_t colour = rng();
    uint32_t state = static_cast<uint32_t>(rng());

    std::vector<std::vector<uint32_t>> results;
    for (const RowKernels* table : available_row_kernels()) {
      ScopedRowKernels active(*table);
      std::mt19937 content(state);  // the same surfaces for every table
      TestSurface src(width, height, PixelFormat::argb8888_premul, content, padding, offset);
      src.make_sprite(content);
      TestSurface dst(width, height, dst_format, content, padding, offset);
      switch (op) {
        case 0:
          composite_over(dst.surface, origin, src.surface, rect, opacity);
          break;
        case 1:
          composite_solid_over(dst.surface, rect, colour);
          break;
        case 2:
          fill(dst.surface, rect, colour);
          break;
        case 3: {
          TestSurface other(width, height, dst_format, content, padding, offset);
          copy(dst.surface, origin, other.surface, rect);
          break;
        }
        default: {
          TestScanout scanout(width, height, kAllFormats[colour % 6], offset);
          stream_copy(scanout.scanout, origin, src.surface, rect);
          ASSERT_EQ(scanout.memory.damaged_guard(), "");
          std::vector<std::byte> bytes = scanout.memory.snapshot();
          results.emplace_back((bytes.size() + 3) / 4, 0u);
          std::memcpy(results.back().data(), bytes.data(), bytes.size());
          continue;
        }
      }
      ASSERT_EQ(dst.memory.damaged_guard(), "") << table->name;
      results.push_back(dst.pixels());
    }
    for (size_t t = 1; t < results.size(); ++t) {
      ASSERT_EQ(results[t], results[0])
          << "op " << op << " " << describe(rect) << " " << describe(origin) << " table "
          << available_row_kernels()[t]->name;
    }
  }
}

}  // namespace
}  // namespace fb
