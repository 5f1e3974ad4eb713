// SPDX-License-Identifier: MIT
// Row kernels: the scalar reference against an independent model of the formula, then every
// table this CPU runs against the scalar reference, bit for bit.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "raster/kernel_dispatch.hpp"
#include "raster/row_kernels.hpp"
#include "raster_test_support.hpp"

namespace fb::raster {
namespace {

using testing::model_mul;
using testing::model_over;

std::string hex(uint32_t v) {
  std::ostringstream out;
  out << "0x" << std::hex << v;
  return out.str();
}

/// Destination values every blend is checked against.
const std::vector<uint32_t> kDestinations = {0x00000000u, 0xffffffffu, 0xff000000u, 0x00ffffffu,
                                             0x80808080u, 0x7f7f7f7fu, 0x12345678u, 0xfe01fd02u};

/// All 256 x 256 (colour, alpha) pairs as source pixels: colour c on red, c ^ 0xa5 on green,
/// 255 - c on blue, so every channel sees every value with every alpha. `alpha_major`: rows of
/// one alpha (whole SIMD blocks share it) or rows of one colour (alpha varies in each block).
std::vector<uint32_t> all_colour_alpha_pairs(bool alpha_major) {
  std::vector<uint32_t> src;
  src.reserve(256 * 256);
  for (uint32_t i = 0; i < 256; ++i) {
    for (uint32_t j = 0; j < 256; ++j) {
      uint32_t a = alpha_major ? i : j, c = alpha_major ? j : i;
      src.push_back(a << 24 | c << 16 | (c ^ 0xa5) << 8 | (255 - c));
    }
  }
  return src;
}

/// Every alpha with a dozen colours (valid and invalid premultiplication), in runs long enough
/// for whole SIMD blocks: for the tests that go through every opacity.
std::vector<uint32_t> every_alpha_with_a_dozen_colours() {
  std::vector<uint32_t> src;
  for (uint32_t a = 0; a < 256; ++a) {
    for (uint32_t c : {0u, 1u, 2u, 64u, 127u, 128u, 200u, 254u, 255u, a, a / 2, a / 3}) {
      src.push_back(a << 24 | c << 16 | (255 - c) << 8 | (c ^ 0x5a));
    }
  }
  return src;
}

/// First mismatch between what a kernel gave and what was expected, with its inputs.
::testing::AssertionResult same_pixels(const std::vector<uint32_t>& got,
                                       const std::vector<uint32_t>& expected,
                                       const std::vector<uint32_t>& src,
                                       const std::vector<uint32_t>& dst_before) {
  for (size_t i = 0; i < expected.size(); ++i) {
    if (got[i] != expected[i]) {
      return ::testing::AssertionFailure()
             << "pixel " << i << ": src " << hex(i < src.size() ? src[i] : 0) << " dst "
             << hex(dst_before[i]) << " gave " << hex(got[i]) << ", expected " << hex(expected[i]);
    }
  }
  return ::testing::AssertionSuccess();
}

// ---- The scalar reference against the model. ----

TEST(ScalarReference, OverEqualsModelForEveryColourAlphaPair) {
  const RowKernels& scalar = kScalarRowKernels;
  std::vector<uint32_t> src = all_colour_alpha_pairs(true);
  for (bool onto_xrgb : {true, false}) {
    for (uint32_t d : kDestinations) {
      SCOPED_TRACE("dst " + hex(d) + (onto_xrgb ? " onto xrgb" : " onto argb"));
      std::vector<uint32_t> before(src.size(), d), dst = before, expected(src.size());
      for (size_t i = 0; i < src.size(); ++i) expected[i] = model_over(src[i], d, 255, onto_xrgb);
      (onto_xrgb ? scalar.over_row_onto_xrgb : scalar.over_row_onto_argb)(dst.data(), src.data(),
                                                                          src.size(), 255);
      ASSERT_TRUE(same_pixels(dst, expected, src, before));
    }
  }
}

TEST(ScalarReference, OpacityEqualsModelForEveryOpacity) {
  const RowKernels& scalar = kScalarRowKernels;
  // Every alpha with a few colours (both valid and invalid premultiplication), every opacity.
  std::vector<uint32_t> src;
  for (uint32_t a = 0; a < 256; ++a) {
    for (uint32_t c : {0u, 1u, 127u, 128u, 254u, 255u, a, a / 2}) {
      src.push_back(a << 24 | c << 16 | (255 - c) << 8 | (c ^ 0x5a));
    }
  }
  for (uint32_t opacity = 0; opacity < 256; ++opacity) {
    for (uint32_t d : {0x00000000u, 0xffffffffu, 0x80402010u}) {
      SCOPED_TRACE("opacity " + std::to_string(opacity) + " dst " + hex(d));
      std::vector<uint32_t> before(src.size(), d), dst = before, expected(src.size());
      for (size_t i = 0; i < src.size(); ++i) expected[i] = model_over(src[i], d, opacity, false);
      scalar.over_row_onto_argb(dst.data(), src.data(), src.size(), static_cast<uint8_t>(opacity));
      ASSERT_TRUE(same_pixels(dst, expected, src, before));
    }
  }
}

TEST(ScalarReference, MulDiv255IsRoundedDivision) {
  // Through the solid kernel with a zero colour: dst * (255 - a) / 255 for every pair.
  for (uint32_t a = 0; a < 256; ++a) {
    std::vector<uint32_t> dst(256);
    for (uint32_t v = 0; v < 256; ++v) dst[v] = v * 0x01010101u;
    kScalarRowKernels.solid_over_row_onto_argb(dst.data(), dst.size(), a << 24);
    for (uint32_t v = 0; v < 256; ++v) {
      uint32_t expected_channel = model_mul(v, 255 - a);
      uint32_t expected_alpha = a + expected_channel > 255 ? 255 : a + expected_channel;
      ASSERT_EQ(dst[v], expected_alpha << 24 | expected_channel * 0x010101u)
          << "value " << v << " alpha " << a;
    }
  }
}

TEST(ScalarReference, StreamConversionsEqualModel) {
  std::mt19937 rng(7);
  std::vector<uint32_t> src(4096);
  for (size_t i = 0; i < src.size(); ++i) src[i] = i < 256 ? i * 0x01010101u : rng();
  auto round5 = [](uint32_t c) { return static_cast<uint32_t>(std::lround(c * 31 / 255.0)); };
  auto round6 = [](uint32_t c) { return static_cast<uint32_t>(std::lround(c * 63 / 255.0)); };
  std::vector<uint32_t> out32(src.size());
  std::vector<uint16_t> out16(src.size());
  auto bytes32 = reinterpret_cast<std::byte*>(out32.data());
  auto bytes16 = reinterpret_cast<std::byte*>(out16.data());

  kScalarRowKernels.stream_row_same_order(bytes32, src.data(), src.size());
  for (size_t i = 0; i < src.size(); ++i) ASSERT_EQ(out32[i], src[i] | 0xff000000u) << i;
  kScalarRowKernels.stream_row_swap_rb(bytes32, src.data(), src.size());
  for (size_t i = 0; i < src.size(); ++i) {
    uint32_t p = src[i];
    ASSERT_EQ(out32[i], 0xff000000u | (p & 0xff) << 16 | (p & 0xff00) | (p >> 16 & 0xff)) << i;
  }
  kScalarRowKernels.stream_row_rgb565(bytes16, src.data(), src.size());
  for (size_t i = 0; i < src.size(); ++i) {
    uint32_t p = src[i];
    ASSERT_EQ(out16[i],
              round5(p >> 16 & 0xff) << 11 | round6(p >> 8 & 0xff) << 5 | round5(p & 0xff))
        << i;
  }
  kScalarRowKernels.stream_row_bgr565(bytes16, src.data(), src.size());
  for (size_t i = 0; i < src.size(); ++i) {
    uint32_t p = src[i];
    ASSERT_EQ(out16[i],
              round5(p & 0xff) << 11 | round6(p >> 8 & 0xff) << 5 | round5(p >> 16 & 0xff))
        << i;
  }
}

// ---- Every table against the scalar reference. ----

TEST(RowKernelTables, ScalarIsAvailableAndFirst) {
  std::vector<const RowKernels*> tables = available_row_kernels();
  ASSERT_FALSE(tables.empty());
  EXPECT_EQ(tables.front(), &kScalarRowKernels);
#if defined(FB_RASTER_HAVE_SSE2_KERNELS)
  // SSE2 is the x86-64 baseline: always there, right after the reference (the fallback for
  // CPUs without AVX2).
  ASSERT_GE(tables.size(), 2u);
  EXPECT_EQ(tables[1], &kSse2RowKernels);
#endif
#if defined(FB_RASTER_HAVE_SSSE3_KERNELS)
  // SSSE3 next when the CPU has it: the SSE2 table with its blends rebuilt, the rest the same.
  const bool has_ssse3 = __builtin_cpu_supports("ssse3") != 0;
  EXPECT_EQ(tables.size() >= 3 && tables[2] == &ssse3_row_kernels(), has_ssse3);
  const RowKernels& ssse3 = ssse3_row_kernels();
  EXPECT_STREQ(ssse3.name, "ssse3");
  EXPECT_NE(ssse3.over_row_onto_xrgb, kSse2RowKernels.over_row_onto_xrgb);
  EXPECT_NE(ssse3.stream_over_rect, kSse2RowKernels.stream_over_rect);
  EXPECT_EQ(ssse3.stream_row_same_order, kSse2RowKernels.stream_row_same_order);
  EXPECT_EQ(ssse3.transpose32, kSse2RowKernels.transpose32);
#endif
#if defined(FB_RASTER_HAVE_AVX2_KERNELS)
  bool has_avx2 = false;
  for (const RowKernels* t : tables) has_avx2 |= t == &kAvx2RowKernels;
  EXPECT_EQ(has_avx2, __builtin_cpu_supports("avx2") != 0);
  if (has_avx2) {
    EXPECT_EQ(tables.back(), &kAvx2RowKernels);  // preferred when the CPU has it
  }
#endif
}

TEST(RowKernelTables, OverEqualsScalarForEveryColourAlphaPair) {
  for (const RowKernels* table : available_row_kernels()) {
    SCOPED_TRACE(table->name);
    for (bool alpha_major : {true, false}) {
      std::vector<uint32_t> src = all_colour_alpha_pairs(alpha_major);
      for (bool onto_xrgb : {true, false}) {
        auto row = [&](const RowKernels& k) {
          return onto_xrgb ? k.over_row_onto_xrgb : k.over_row_onto_argb;
        };
        for (uint32_t d : kDestinations) {
          SCOPED_TRACE("dst " + hex(d) + (onto_xrgb ? " onto xrgb" : " onto argb") +
                       (alpha_major ? " alpha-major" : " colour-major"));
          std::vector<uint32_t> before(src.size(), d), expected = before, got = before;
          row(kScalarRowKernels)(expected.data(), src.data(), src.size(), 255);
          row (*table)(got.data(), src.data(), src.size(), 255);
          ASSERT_TRUE(same_pixels(got, expected, src, before));
        }
      }
    }
  }
}

TEST(RowKernelTables, OverEqualsScalarForEveryOpacity) {
  std::mt19937 rng(11);
  std::vector<uint32_t> src = every_alpha_with_a_dozen_colours();
  std::vector<uint32_t> random_dst(src.size());
  for (uint32_t& d : random_dst) d = rng();
  for (const RowKernels* table : available_row_kernels()) {
    SCOPED_TRACE(table->name);
    for (uint32_t opacity = 0; opacity < 256; ++opacity) {
      for (bool onto_xrgb : {true, false}) {
        SCOPED_TRACE("opacity " + std::to_string(opacity) + (onto_xrgb ? " onto xrgb" : ""));
        auto row = [&](const RowKernels& k) {
          return onto_xrgb ? k.over_row_onto_xrgb : k.over_row_onto_argb;
        };
        std::vector<uint32_t> expected = random_dst, got = random_dst;
        row(kScalarRowKernels)(expected.data(), src.data(), src.size(),
                               static_cast<uint8_t>(opacity));
        row (*table)(got.data(), src.data(), src.size(), static_cast<uint8_t>(opacity));
        ASSERT_TRUE(same_pixels(got, expected, src, random_dst));
      }
    }
  }
}

TEST(RowKernelTables, OverRowBelowEqualsOverOntoACopyForEveryOpacityAndLength) {
  // The reference first: over_row_below_onto_xrgb is over_row_onto_xrgb onto a copy of below.
  std::mt19937 rng(12);
  std::vector<uint32_t> src = every_alpha_with_a_dozen_colours();
  std::vector<uint32_t> below(src.size());
  for (uint32_t& b : below) b = rng();
  for (uint32_t opacity : {0u, 1u, 97u, 254u, 255u}) {
    std::vector<uint32_t> copy_then_over = below, one_pass(src.size(), 0xdeadbeefu);
    kScalarRowKernels.over_row_onto_xrgb(copy_then_over.data(), src.data(), src.size(),
                                         static_cast<uint8_t>(opacity));
    kScalarRowKernels.over_row_below_onto_xrgb(one_pass.data(), below.data(), src.data(),
                                               src.size(), static_cast<uint8_t>(opacity));
    ASSERT_EQ(one_pass, copy_then_over) << "opacity " << opacity;
  }
  // Then every table against it, at every opacity and at lengths around the vector steps,
  // the destination's words past `count` untouched.
  for (const RowKernels* table : available_row_kernels()) {
    SCOPED_TRACE(table->name);
    for (uint32_t opacity = 0; opacity < 256; ++opacity) {
      std::vector<uint32_t> expected(src.size(), 0u), got(src.size(), 0u);
      kScalarRowKernels.over_row_below_onto_xrgb(expected.data(), below.data(), src.data(),
                                                 src.size(), static_cast<uint8_t>(opacity));
      table->over_row_below_onto_xrgb(got.data(), below.data(), src.data(), src.size(),
                                      static_cast<uint8_t>(opacity));
      ASSERT_EQ(got, expected) << "opacity " << opacity;
    }
    for (size_t count = 0; count <= 70; ++count) {
      for (size_t offset : {size_t{0}, size_t{1}, size_t{3}}) {
        std::vector<uint32_t> expected(80, 0x5a5a5a5au), got = expected;
        kScalarRowKernels.over_row_below_onto_xrgb(expected.data() + offset, below.data() + 7,
                                                   src.data() + 300, count, 200);
        table->over_row_below_onto_xrgb(got.data() + offset, below.data() + 7, src.data() + 300,
                                        count, 200);
        ASSERT_EQ(got, expected) << "count " << count << " offset " << offset;
      }
    }
  }
}

TEST(RowKernelTables, SolidOverEqualsScalar) {
  std::mt19937 rng(13);
  std::vector<uint32_t> before(67);  // not a multiple of any vector width: tails too
  for (uint32_t& d : before) d = rng();
  before[0] = 0, before[1] = 0xffffffffu;
  for (const RowKernels* table : available_row_kernels()) {
    SCOPED_TRACE(table->name);
    for (uint32_t a = 0; a < 256; ++a) {
      for (uint32_t c = 0; c < 256; c += 3) {
        uint32_t colour = a << 24 | c << 16 | (c ^ 0xa5) << 8 | (255 - c);
        for (bool onto_xrgb : {true, false}) {
          std::vector<uint32_t> expected = before, got = before;
          auto row = [&](const RowKernels& k) {
            return onto_xrgb ? k.solid_over_row_onto_xrgb : k.solid_over_row_onto_argb;
          };
          row(kScalarRowKernels)(expected.data(), expected.size(), colour);
          row (*table)(got.data(), got.size(), colour);
          ASSERT_TRUE(same_pixels(got, expected, {}, before))
              << "colour " << hex(colour) << (onto_xrgb ? " onto xrgb" : " onto argb");
        }
      }
    }
  }
}

/// Randomized rows: sizes 0..70 pixels (every SIMD tail), source and destination offset in
/// 4-byte steps from a 64-byte boundary, guards of 16 pixels either side compared too, so a
/// kernel writing outside its row fails.
class RandomRows : public ::testing::Test {
 protected:
  static constexpr size_t kGuardPixels = 16;
  static constexpr size_t kMaxPixels = 70;
  static constexpr size_t kBufferPixels = kGuardPixels + 8 + kMaxPixels + kGuardPixels;

  template <class Body>
  void for_each_case(Body body) {
    uint32_t seed = testing::test_seed(20240601);
    SCOPED_TRACE("seed " + std::to_string(seed) +
                 " (rerun with FB_TEST_SEED=" + std::to_string(seed) + ")");
    std::mt19937 rng(seed);
    for (const RowKernels* table : available_row_kernels()) {
      if (table == &kScalarRowKernels) continue;
      SCOPED_TRACE(table->name);
      for (size_t count = 0; count <= kMaxPixels; ++count) {
        for (int repeat = 0; repeat < 6; ++repeat) {
          size_t src_offset = rng() % 8, dst_offset = rng() % 8;
          SCOPED_TRACE("count " + std::to_string(count) + " src offset " +
                       std::to_string(src_offset * 4) + " dst offset " +
                       std::to_string(dst_offset * 4));
          body(*table, rng, count, src_offset, dst_offset);
          if (::testing::Test::HasFatalFailure()) return;
        }
      }
    }
  }

  /// 64-byte aligned pixel buffer of kBufferPixels, random content.
  static testing::AlignedBytes random_buffer(std::mt19937& rng) {
    testing::AlignedBytes bytes(kBufferPixels * 4);
    for (size_t i = 0; i < kBufferPixels; ++i) {
      uint32_t v = rng();
      std::memcpy(bytes.data() + i * 4, &v, 4);
    }
    return bytes;
  }

  static void expect_same(const testing::AlignedBytes& got, const testing::AlignedBytes& expected) {
    for (size_t i = 0; i < expected.size(); ++i) {
      if (got.data()[i] != expected.data()[i]) {
        FAIL() << "byte " << i << " (pixel "
               << static_cast<long>(i / 4) - static_cast<long>(kGuardPixels)
               << " of the row) differs: got " << static_cast<int>(got.data()[i]) << ", expected "
               << static_cast<int>(expected.data()[i]);
      }
    }
  }
};

TEST_F(RandomRows, OverEqualsScalar) {
  for_each_case([](const RowKernels& table, std::mt19937& rng, size_t count, size_t src_offset,
                   size_t dst_offset) {
    std::vector<uint32_t> sprite = testing::sprite_like_row(rng, count);
    testing::AlignedBytes src(kBufferPixels * 4);
    uint32_t* src_row = reinterpret_cast<uint32_t*>(src.data()) + src_offset;
    if (count > 0) std::memcpy(src_row, sprite.data(), count * 4);
    uint8_t opacity = rng() % 3 == 0 ? static_cast<uint8_t>(rng()) : 255;
    for (bool onto_xrgb : {true, false}) {
      testing::AlignedBytes expected = random_buffer(rng), got(expected.size());
      std::memcpy(got.data(), expected.data(), expected.size());
      auto at = [&](const testing::AlignedBytes& b) {
        return reinterpret_cast<uint32_t*>(b.data()) + kGuardPixels + dst_offset;
      };
      auto row = [&](const RowKernels& k) {
        return onto_xrgb ? k.over_row_onto_xrgb : k.over_row_onto_argb;
      };
      row(kScalarRowKernels)(at(expected), src_row, count, opacity);
      row(table)(at(got), src_row, count, opacity);
      SCOPED_TRACE(std::string(onto_xrgb ? "onto xrgb" : "onto argb") + " opacity " +
                   std::to_string(opacity));
      expect_same(got, expected);
    }
  });
}

TEST_F(RandomRows, FillsAndSolidOverEqualScalar) {
  for_each_case(
      [](const RowKernels& table, std::mt19937& rng, size_t count, size_t, size_t dst_offset) {
        uint32_t value = rng();
        if (rng() % 4 == 0) value &= 0x00ffffff;  // transparent-ish colours too
        testing::AlignedBytes expected = random_buffer(rng), got(expected.size());
        auto reset = [&] { std::memcpy(got.data(), expected.data(), expected.size()); };
        auto at32 = [&](const testing::AlignedBytes& b) {
          return reinterpret_cast<uint32_t*>(b.data()) + kGuardPixels + dst_offset;
        };
        // 16-bit rows move in 2-byte steps.
        auto at16 = [&](const testing::AlignedBytes& b) {
          return reinterpret_cast<uint16_t*>(b.data()) + 2 * kGuardPixels + dst_offset;
        };
        reset();
        kScalarRowKernels.fill_row32(at32(expected), count, value);
        table.fill_row32(at32(got), count, value);
        expect_same(got, expected);
        reset();
        kScalarRowKernels.fill_row16(at16(expected), count, static_cast<uint16_t>(value));
        table.fill_row16(at16(got), count, static_cast<uint16_t>(value));
        expect_same(got, expected);
        uint32_t alpha = value >> 24, premultiplied = alpha << 24;
        for (int c = 0; c < 3; ++c) premultiplied |= (alpha ? rng() % (alpha + 1) : 0) << (8 * c);
        for (uint32_t colour : {premultiplied, value}) {
          reset();
          kScalarRowKernels.solid_over_row_onto_xrgb(at32(expected), count, colour);
          table.solid_over_row_onto_xrgb(at32(got), count, colour);
          expect_same(got, expected);
          reset();
          kScalarRowKernels.solid_over_row_onto_argb(at32(expected), count, colour);
          table.solid_over_row_onto_argb(at32(got), count, colour);
          expect_same(got, expected);
        }
      });
}

TEST_F(RandomRows, CopyRowEqualsMemmoveEvenOverlapping) {
  for_each_case([](const RowKernels& table, std::mt19937& rng, size_t count, size_t src_offset,
                   size_t dst_offset) {
    testing::AlignedBytes expected = random_buffer(rng), got(expected.size());
    std::memcpy(got.data(), expected.data(), expected.size());
    // Source and destination in the same buffer, up to 8 pixels apart: overlapping both ways.
    size_t src_at = (kGuardPixels + src_offset) * 4, dst_at = (kGuardPixels + dst_offset) * 4;
    std::memmove(expected.data() + dst_at, expected.data() + src_at, count * 4);
    table.copy_row(got.data() + dst_at, got.data() + src_at, count * 4);
    expect_same(got, expected);
  });
}

TEST_F(RandomRows, StreamRowsEqualScalar) {
  for_each_case([](const RowKernels& table, std::mt19937& rng, size_t count, size_t src_offset,
                   size_t dst_offset) {
    std::vector<uint32_t> src(count + 8);
    for (uint32_t& p : src) p = rng();
    const uint32_t* src_row = src.data() + src_offset;
    using Stream = void (*)(std::byte*, const uint32_t*, size_t);
    struct Case {
      const char* name;
      Stream RowKernels::*kernel;
      size_t bytes_per_pixel;
    };
    for (Case c : {Case{"same order", &RowKernels::stream_row_same_order, 4},
                   Case{"lines, same order", &RowKernels::stream_lines_same_order, 4},
                   Case{"swap rb", &RowKernels::stream_row_swap_rb, 4},
                   Case{"rgb565", &RowKernels::stream_row_rgb565, 2},
                   Case{"bgr565", &RowKernels::stream_row_bgr565, 2}}) {
      SCOPED_TRACE(c.name);
      testing::AlignedBytes expected = random_buffer(rng), got(expected.size());
      std::memcpy(got.data(), expected.data(), expected.size());
      size_t at = kGuardPixels * 4 + dst_offset * c.bytes_per_pixel;
      (kScalarRowKernels.*c.kernel)(expected.data() + at, src_row, count);
      (table.*c.kernel)(got.data() + at, src_row, count);
      table.stream_finish();
      expect_same(got, expected);
    }
    uint32_t value = rng();
    testing::AlignedBytes expected = random_buffer(rng), got(expected.size());
    auto reset = [&] { std::memcpy(got.data(), expected.data(), expected.size()); };
    reset();
    kScalarRowKernels.stream_fill_row32(expected.data() + kGuardPixels * 4 + dst_offset * 4, count,
                                        value);
    table.stream_fill_row32(got.data() + kGuardPixels * 4 + dst_offset * 4, count, value);
    table.stream_finish();
    expect_same(got, expected);
    reset();
    kScalarRowKernels.stream_fill_row16(expected.data() + kGuardPixels * 4 + dst_offset * 2, count,
                                        static_cast<uint16_t>(value));
    table.stream_fill_row16(got.data() + kGuardPixels * 4 + dst_offset * 2, count,
                            static_cast<uint16_t>(value));
    table.stream_finish();
    expect_same(got, expected);
  });
}

// Rows long enough for the streaming (non-temporal) path, which kernels take only above a
// length threshold (a few KiB), and rows just either side of such thresholds: every table
// must give the scalar bits on both paths, at every destination alignment, inside the row only.
TEST(RowKernelTables, LongStreamRowsEqualScalar) {
  constexpr size_t kGuardBytes = 64;
  std::mt19937 rng(testing::test_seed(20240602));
  using Stream = void (*)(std::byte*, const uint32_t*, size_t);
  struct Case {
    const char* name;
    Stream RowKernels::*kernel;
    size_t bytes_per_pixel;
  };
  for (const RowKernels* table : available_row_kernels()) {
    if (table == &kScalarRowKernels) continue;
    SCOPED_TRACE(table->name);
    for (size_t count :
         {255, 256, 257, 263, 511, 512, 513, 519, 1023, 1024, 1025, 1031, 2049, 4103}) {
      std::vector<uint32_t> src(count + 8);
      for (uint32_t& p : src) p = rng();
      for (size_t offset = 0; offset < 8; ++offset) {
        SCOPED_TRACE("count " + std::to_string(count) + " dst offset " + std::to_string(offset));
        const uint32_t* src_row = src.data() + (offset * 3) % 8;
        for (Case c : {Case{"same order", &RowKernels::stream_row_same_order, 4},
                       Case{"lines, same order", &RowKernels::stream_lines_same_order, 4},
                       Case{"swap rb", &RowKernels::stream_row_swap_rb, 4},
                       Case{"rgb565", &RowKernels::stream_row_rgb565, 2},
                       Case{"bgr565", &RowKernels::stream_row_bgr565, 2},
                       Case{"fill32", nullptr, 4}, Case{"fill16", nullptr, 2}}) {
          SCOPED_TRACE(c.name);
          testing::AlignedBytes expected(2 * kGuardBytes + (count + 8) * 4), got(expected.size());
          for (size_t i = 0; i < expected.size(); ++i) expected.data()[i] = std::byte(rng());
          std::memcpy(got.data(), expected.data(), expected.size());
          std::byte* want = expected.data() + kGuardBytes + offset * c.bytes_per_pixel;
          std::byte* have = got.data() + kGuardBytes + offset * c.bytes_per_pixel;
          if (c.kernel != nullptr) {
            (kScalarRowKernels.*c.kernel)(want, src_row, count);
            (table->*c.kernel)(have, src_row, count);
          } else if (c.bytes_per_pixel == 4) {
            kScalarRowKernels.stream_fill_row32(want, count, src[0]);
            table->stream_fill_row32(have, count, src[0]);
          } else {
            kScalarRowKernels.stream_fill_row16(want, count, static_cast<uint16_t>(src[0]));
            table->stream_fill_row16(have, count, static_cast<uint16_t>(src[0]));
          }
          table->stream_finish();
          ASSERT_EQ(0, std::memcmp(got.data(), expected.data(), expected.size()));
        }
      }
    }
  }
}

TEST(RowKernelTables, StreamConversionsEqualScalarForEveryChannelValue) {
  // Every value on every channel, in both red/blue positions, plus alpha that must be dropped.
  std::vector<uint32_t> src;
  for (uint32_t v = 0; v < 256; ++v) {
    src.push_back(v * 0x01010101u);
    src.push_back((255 - v) << 24 | v << 16 | (v ^ 0x5a) << 8 | (255 - v));
  }
  using Stream = void (*)(std::byte*, const uint32_t*, size_t);
  for (const RowKernels* table : available_row_kernels()) {
    SCOPED_TRACE(table->name);
    for (Stream RowKernels::*kernel :
         {&RowKernels::stream_row_same_order, &RowKernels::stream_row_swap_rb,
          &RowKernels::stream_row_rgb565, &RowKernels::stream_row_bgr565}) {
      std::vector<uint32_t> expected(src.size(), 0xdeadbeefu), got = expected;
      (kScalarRowKernels.*kernel)(reinterpret_cast<std::byte*>(expected.data()), src.data(),
                                  src.size());
      (table->*kernel)(reinterpret_cast<std::byte*>(got.data()), src.data(), src.size());
      table->stream_finish();
      ASSERT_TRUE(same_pixels(got, expected, {}, std::vector<uint32_t>(src.size(), 0xdeadbeefu)));
    }
  }
}

/// Rows far longer than a frame's: kernels may switch strategy on length (rep stos fills).
TEST(RowKernelTables, LongRowsEqualScalar) {
  std::mt19937 rng(17);
  for (const RowKernels* table : available_row_kernels()) {
    SCOPED_TRACE(table->name);
    for (size_t count :
         {size_t{16383}, size_t{16384}, size_t{16385}, size_t{32769}, size_t{70001}}) {
      for (size_t offset : {size_t{0}, size_t{1}, size_t{3}}) {
        SCOPED_TRACE("count " + std::to_string(count) + " offset " + std::to_string(offset));
        std::vector<uint32_t> src(count + 8), before(count + 16);
        for (uint32_t& p : src) p = rng() % 3 == 0 ? 0 : rng();
        for (uint32_t& p : before) p = rng();
        auto check32 = [&](auto run) {
          std::vector<uint32_t> expected = before, got = before;
          run(kScalarRowKernels, expected.data() + offset);
          run(*table, got.data() + offset);
          ASSERT_TRUE(same_pixels(got, expected, {}, before));
        };
        check32([&](const RowKernels& k, uint32_t* d) { k.fill_row32(d, count, 0x89abcdefu); });
        check32([&](const RowKernels& k, uint32_t* d) {
          k.fill_row16(reinterpret_cast<uint16_t*>(d) + 1, count, 0x1234);
        });
        check32([&](const RowKernels& k, uint32_t* d) {
          k.over_row_onto_xrgb(d, src.data() + offset, count, 255);
        });
        check32([&](const RowKernels& k, uint32_t* d) {
          k.stream_row_rgb565(reinterpret_cast<std::byte*>(d), src.data(), count);
          k.stream_finish();
        });
        check32([&](const RowKernels& k, uint32_t* d) {
          k.stream_fill_row32(reinterpret_cast<std::byte*>(d), count, 0x13572468u);
          k.stream_finish();
        });
      }
    }
  }
}

// ---- Choosing a table. ----

// ---- stream_over_rect: a layer composited onto the one below on the way to the scanout. ----

/// One row through stream_over_rect: `left` pixels of below, src over below, `right` of below.
std::vector<uint32_t> stream_over_row(const RowKernels& table, const std::vector<uint32_t>& below,
                                      const std::vector<uint32_t>& src, size_t left,
                                      uint8_t opacity) {
  std::vector<uint32_t> out(below.size(), 0x5a5a5a5au);
  StreamOverRect rect{};
  rect.dst = reinterpret_cast<std::byte*>(out.data());
  rect.below = reinterpret_cast<const std::byte*>(below.data());
  rect.src = reinterpret_cast<const std::byte*>(src.data());
  rect.left = left;
  rect.middle = src.size();
  rect.right = below.size() - left - src.size();
  rect.rows = 1;
  rect.opacity = opacity;
  table.stream_over_rect(rect);
  table.stream_finish();
  return out;
}

TEST(ScalarReference, StreamOverEqualsModel) {
  std::mt19937 rng(17);
  std::vector<uint32_t> src = all_colour_alpha_pairs(true);
  const size_t left = 5, right = 7;
  std::vector<uint32_t> below(left + src.size() + right);
  for (uint32_t& b : below) b = rng();
  for (uint32_t opacity : {255u, 0u, 1u, 128u, 254u}) {
    SCOPED_TRACE("opacity " + std::to_string(opacity));
    std::vector<uint32_t> got =
        stream_over_row(kScalarRowKernels, below, src, left, static_cast<uint8_t>(opacity));
    std::vector<uint32_t> expected(below.size());
    for (size_t i = 0; i < below.size(); ++i) {
      bool in_src = i >= left && i < left + src.size();
      // Written opaque whatever the X byte of below: scanouts are opaque.
      expected[i] =
          in_src ? model_over(src[i - left], below[i], opacity, true) : (below[i] | 0xff000000u);
    }
    ASSERT_TRUE(same_pixels(got, expected, {}, below));
  }
}

TEST(RowKernelTables, StreamOverEqualsScalarForEveryColourAlphaPair) {
  std::mt19937 rng(19);
  for (const RowKernels* table : available_row_kernels()) {
    SCOPED_TRACE(table->name);
    for (bool alpha_major : {true, false}) {
      std::vector<uint32_t> src = all_colour_alpha_pairs(alpha_major);
      std::vector<uint32_t> random_below(src.size() + 3);
      for (uint32_t& b : random_below) b = rng();
      std::vector<std::vector<uint32_t>> belows = {random_below};
      for (uint32_t d : kDestinations) belows.emplace_back(src.size() + 3, d);
      for (const std::vector<uint32_t>& below : belows) {
        SCOPED_TRACE("below " + hex(below[0]) + (alpha_major ? " alpha-major" : " colour-major"));
        ASSERT_TRUE(same_pixels(stream_over_row(*table, below, src, 1, 255),
                                stream_over_row(kScalarRowKernels, below, src, 1, 255), {}, below));
      }
    }
  }
}

TEST(RowKernelTables, StreamOverEqualsScalarForEveryOpacity) {
  std::mt19937 rng(23);
  std::vector<uint32_t> src = every_alpha_with_a_dozen_colours();
  std::vector<uint32_t> below(src.size() + 2);
  for (uint32_t& b : below) b = rng();
  for (const RowKernels* table : available_row_kernels()) {
    SCOPED_TRACE(table->name);
    for (uint32_t opacity = 0; opacity < 256; ++opacity) {
      SCOPED_TRACE("opacity " + std::to_string(opacity));
      auto o = static_cast<uint8_t>(opacity);
      ASSERT_TRUE(same_pixels(stream_over_row(*table, below, src, 2, o),
                              stream_over_row(kScalarRowKernels, below, src, 2, o), {}, below));
    }
  }
}

// Random rectangles: every split of a row into below / src over below / below, from a pixel
// to rows long enough for streaming stores, random strides and alignments. The whole
// destination buffer is compared, so a write into a row's padding or past the last row fails.
TEST(RowKernelTables, StreamOverRectEqualsScalarOnRandomRectangles) {
  uint32_t seed = testing::test_seed(20261121);
  SCOPED_TRACE("seed " + std::to_string(seed) +
               " (rerun with FB_TEST_SEED=" + std::to_string(seed) + ")");
  std::mt19937 rng(seed);
  auto length = [&rng]() -> size_t {
    switch (rng() % 8) {
      case 0:
        return 0;
      case 1:
        return 500 + rng() % 700;  // long: streaming stores in the tables that have them
      default:
        return rng() % 40;
    }
  };
  for (const RowKernels* table : available_row_kernels()) {
    if (table == &kScalarRowKernels) continue;
    SCOPED_TRACE(table->name);
    for (int trial = 0; trial < 600; ++trial) {
      StreamOverRect rect{};
      rect.left = length(), rect.middle = length(), rect.right = length();
      rect.rows = 1 + rng() % 4;
      size_t width = rect.left + rect.middle + rect.right;
      if (width == 0) continue;
      uint32_t opacity_kind = rng() % 4;
      rect.opacity = opacity_kind == 0 ? 0 : opacity_kind == 1 ? static_cast<uint8_t>(rng()) : 255;
      size_t dst_offset = rng() % 16, below_offset = rng() % 16, src_offset = rng() % 16;
      size_t dst_pitch = width + rng() % 9, below_pitch = width + rng() % 9;
      size_t src_pitch = rect.middle + rng() % 9;
      SCOPED_TRACE("trial " + std::to_string(trial) + ": " + std::to_string(rect.left) + "+" +
                   std::to_string(rect.middle) + "+" + std::to_string(rect.right) + " x " +
                   std::to_string(rect.rows) + " opacity " + std::to_string(rect.opacity) +
                   " dst offset " + std::to_string(dst_offset * 4));

      std::vector<uint32_t> below(below_offset + below_pitch * rect.rows), src;
      for (uint32_t& b : below) b = rng();
      src.resize(src_offset + src_pitch * rect.rows);
      for (size_t y = 0; y < rect.rows; ++y) {
        std::vector<uint32_t> row = testing::sprite_like_row(rng, src_pitch);
        std::copy(row.begin(), row.end(),
                  src.begin() + static_cast<ptrdiff_t>(src_offset + y * src_pitch));
      }
      testing::AlignedBytes expected((dst_offset + dst_pitch * rect.rows + 16) * 4),
          got(expected.size());
      for (size_t i = 0; i < expected.size(); ++i) expected.data()[i] = std::byte(rng());
      std::memcpy(got.data(), expected.data(), expected.size());

      rect.dst_stride = static_cast<ptrdiff_t>(dst_pitch * 4);
      rect.below = reinterpret_cast<const std::byte*>(below.data() + below_offset);
      rect.below_stride = static_cast<ptrdiff_t>(below_pitch * 4);
      rect.src = reinterpret_cast<const std::byte*>(src.data() + src_offset);
      rect.src_stride = static_cast<ptrdiff_t>(src_pitch * 4);
      StreamOverRect want = rect, have = rect;
      want.dst = expected.data() + dst_offset * 4;
      have.dst = got.data() + dst_offset * 4;
      kScalarRowKernels.stream_over_rect(want);
      table->stream_over_rect(have);
      table->stream_finish();
      for (size_t i = 0; i < expected.size(); ++i) {
        ASSERT_EQ(got.data()[i], expected.data()[i])
            << "byte " << i << " (pixel "
            << static_cast<long>(i / 4) - static_cast<long>(dst_offset) << " of the buffer)";
      }
    }
  }
}

// ---- Turning tiles for rotated scanouts: transpose32 and reverse_row32. ----

/// A buffer of `rows` rows of `pitch` pixels with `kTurnGuard` guard pixels before and after,
/// random content; `first_row` is where a kernel's row 0 starts: the lowest row for a positive
/// stride, the highest one for a negative stride (rows then go upwards in memory).
struct TurnBuffer {
  static constexpr size_t kTurnGuard = 8;

  TurnBuffer(size_t rows_, size_t pitch_, bool upwards_, size_t offset_, std::mt19937& rng)
      : rows(rows_),
        pitch(pitch_),
        upwards(upwards_),
        offset(offset_),
        pixels(2 * kTurnGuard + offset_ + rows_ * pitch_) {
    for (uint32_t& p : pixels) p = rng();
  }
  uint32_t* first_row() {
    size_t row = upwards && rows > 0 ? rows - 1 : 0;
    return pixels.data() + kTurnGuard + offset + row * pitch;
  }
  ptrdiff_t stride() const {
    auto bytes = static_cast<ptrdiff_t>(pitch * sizeof(uint32_t));
    return upwards ? -bytes : bytes;
  }
  /// Row r, pixel i as the kernel sees it.
  uint32_t& at(size_t r, size_t i) {
    return *(reinterpret_cast<uint32_t*>(reinterpret_cast<std::byte*>(first_row()) +
                                         static_cast<ptrdiff_t>(r) * stride()) +
             i);
  }

  size_t rows, pitch;
  bool upwards;
  size_t offset;
  std::vector<uint32_t> pixels;
};

// transpose32: the scalar reference against the definition (dst row j, pixel i = src row i,
// pixel j; nothing else written), then every table against the scalar reference on random data,
// every size from 0x0 to 20x20, source and destination strides positive and negative, rows
// padded and not, at several alignments. Whole buffers (guards, padding) are compared.
TEST(RowKernelTables, Transpose32EqualsScalarAndTheDefinition) {
  uint32_t seed = testing::test_seed(20250301);
  SCOPED_TRACE("seed " + std::to_string(seed) +
               " (rerun with FB_TEST_SEED=" + std::to_string(seed) + ")");
  std::mt19937 rng(seed);
  std::vector<const RowKernels*> tables = available_row_kernels();
  for (size_t rows = 0; rows <= 20; ++rows) {
    for (size_t count = 0; count <= 20; ++count) {
      for (int variant = 0; variant < 4; ++variant) {
        const bool src_upwards = (variant & 1) != 0, dst_upwards = (variant & 2) != 0;
        const size_t src_pitch = count + rng() % 4, dst_pitch = rows + rng() % 4;
        const size_t src_offset = rng() % 4, dst_offset = rng() % 4;
        SCOPED_TRACE(std::to_string(rows) + " source rows of " + std::to_string(count) +
                     " pixels, source stride " + (src_upwards ? "-" : "+") +
                     std::to_string(src_pitch) + " pixels, destination stride " +
                     (dst_upwards ? "-" : "+") + std::to_string(dst_pitch) + " pixels");
        TurnBuffer src(rows, src_pitch, src_upwards, src_offset, rng);
        const std::vector<uint32_t> src_before = src.pixels;
        TurnBuffer reference(count, dst_pitch, dst_upwards, dst_offset, rng);
        const std::vector<uint32_t> dst_before = reference.pixels;

        kScalarRowKernels.transpose32(reference.first_row(), reference.stride(), src.first_row(),
                                      src.stride(), count, rows);
        // The definition, on a copy of the buffer as it was.
        TurnBuffer model = reference;
        model.pixels = dst_before;
        for (size_t i = 0; i < rows; ++i) {
          for (size_t j = 0; j < count; ++j) model.at(j, i) = src.at(i, j);
        }
        ASSERT_EQ(reference.pixels, model.pixels) << "scalar transpose32 against the definition";
        ASSERT_EQ(src.pixels, src_before) << "the source changed";

        for (const RowKernels* table : tables) {
          if (table == &kScalarRowKernels) continue;
          SCOPED_TRACE(table->name);
          TurnBuffer got = reference;
          got.pixels = dst_before;
          table->transpose32(got.first_row(), got.stride(), src.first_row(), src.stride(), count,
                             rows);
          ASSERT_TRUE(same_pixels(got.pixels, reference.pixels, {}, dst_before));
          ASSERT_EQ(src.pixels, src_before) << "the source changed";
        }
      }
    }
  }
}

// A whole 64x64 tile, as the rotated streams use it (every SIMD block full), and tile-sized
// rectangles short of it by one to seven pixels either way.
TEST(RowKernelTables, Transpose32EqualsScalarOnTileSizes) {
  std::mt19937 rng(testing::test_seed(20250302));
  for (const RowKernels* table : available_row_kernels()) {
    if (table == &kScalarRowKernels) continue;
    SCOPED_TRACE(table->name);
    for (size_t rows : {57u, 63u, 64u}) {
      for (size_t count : {57u, 61u, 64u}) {
        for (int variant = 0; variant < 4; ++variant) {
          SCOPED_TRACE(std::to_string(rows) + "x" + std::to_string(count) + " variant " +
                       std::to_string(variant));
          TurnBuffer src(rows, 64 + rng() % 3, (variant & 1) != 0, rng() % 4, rng);
          TurnBuffer want(count, 64, (variant & 2) != 0, 0, rng);
          TurnBuffer got = want;
          const std::vector<uint32_t> before = want.pixels;
          kScalarRowKernels.transpose32(want.first_row(), want.stride(), src.first_row(),
                                        src.stride(), count, rows);
          table->transpose32(got.first_row(), got.stride(), src.first_row(), src.stride(), count,
                             rows);
          ASSERT_TRUE(same_pixels(got.pixels, want.pixels, {}, before));
        }
      }
    }
  }
}

// reverse_row32: the scalar reference against the definition, every table against it, counts
// 0..70 (every SIMD tail, several whole blocks) at every 4-byte alignment of source and
// destination, guards either side compared.
TEST(RowKernelTables, ReverseRow32EqualsScalarAndTheDefinition) {
  std::mt19937 rng(testing::test_seed(20250303));
  constexpr size_t kGuard = 8;
  for (size_t count = 0; count <= 70; ++count) {
    for (size_t src_offset = 0; src_offset < 4; ++src_offset) {
      for (size_t dst_offset = 0; dst_offset < 4; ++dst_offset) {
        SCOPED_TRACE("count " + std::to_string(count) + " src offset " +
                     std::to_string(src_offset * 4) + " dst offset " +
                     std::to_string(dst_offset * 4));
        std::vector<uint32_t> src(2 * kGuard + 4 + count);
        for (uint32_t& p : src) p = rng();
        std::vector<uint32_t> before(src.size());
        for (uint32_t& p : before) p = rng();
        const uint32_t* in = src.data() + kGuard + src_offset;
        std::vector<uint32_t> reference = before;
        kScalarRowKernels.reverse_row32(reference.data() + kGuard + dst_offset, in, count);
        std::vector<uint32_t> model = before;
        for (size_t i = 0; i < count; ++i) model[kGuard + dst_offset + i] = in[count - 1 - i];
        ASSERT_EQ(reference, model) << "scalar reverse_row32 against the definition";
        for (const RowKernels* table : available_row_kernels()) {
          if (table == &kScalarRowKernels) continue;
          SCOPED_TRACE(table->name);
          std::vector<uint32_t> got = before;
          table->reverse_row32(got.data() + kGuard + dst_offset, in, count);
          ASSERT_TRUE(same_pixels(got, reference, {}, before));
        }
      }
    }
  }
}

TEST(RowKernelTables, StreamOverRowReversedEqualsScalarAndTheDefinition) {
  // The reference against its definition: src over below, read from the end.
  std::mt19937 rng(testing::test_seed(20261127));
  std::vector<uint32_t> src = every_alpha_with_a_dozen_colours();
  std::vector<uint32_t> below(src.size());
  for (uint32_t& b : below) b = rng();
  for (uint32_t opacity : {0u, 1u, 97u, 254u, 255u}) {
    std::vector<uint32_t> backwards_src(src.rbegin(), src.rend());
    std::vector<uint32_t> backwards_below(below.rbegin(), below.rend());
    std::vector<uint32_t> model(src.size()), reference(src.size(), 0xdeadbeefu);
    kScalarRowKernels.over_row_below_onto_xrgb(model.data(), backwards_below.data(),
                                               backwards_src.data(), src.size(),
                                               static_cast<uint8_t>(opacity));
    kScalarRowKernels.stream_over_row_reversed(reinterpret_cast<std::byte*>(reference.data()),
                                               below.data(), src.data(), src.size(),
                                               static_cast<uint8_t>(opacity));
    ASSERT_EQ(reference, model) << "opacity " << opacity;
  }
  // Every table against it: every opacity over every alpha, lengths around the vector steps
  // with the destination at each offset in a cache line (the words around it untouched), and
  // rows long enough to be streamed.
  for (const RowKernels* table : available_row_kernels()) {
    if (table == &kScalarRowKernels) continue;
    SCOPED_TRACE(table->name);
    for (uint32_t opacity = 0; opacity < 256; ++opacity) {
      std::vector<uint32_t> expected(src.size(), 0u), got(src.size(), 0u);
      kScalarRowKernels.stream_over_row_reversed(reinterpret_cast<std::byte*>(expected.data()),
                                                 below.data(), src.data(), src.size(),
                                                 static_cast<uint8_t>(opacity));
      table->stream_over_row_reversed(reinterpret_cast<std::byte*>(got.data()), below.data(),
                                      src.data(), src.size(), static_cast<uint8_t>(opacity));
      table->stream_finish();
      ASSERT_EQ(got, expected) << "opacity " << opacity;
    }
    for (size_t count : {0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 70, 511, 512, 513, 1031}) {
      for (size_t offset = 0; offset < 16; offset += 5) {
        SCOPED_TRACE("count " + std::to_string(count) + " offset " + std::to_string(offset));
        testing::AlignedBytes expected((count + 32) * 4), got(expected.size());
        for (size_t i = 0; i < expected.size(); ++i) expected.data()[i] = std::byte(rng());
        std::memcpy(got.data(), expected.data(), expected.size());
        const uint32_t* over = src.data() + 300;
        const uint32_t* under = below.data() + 7;
        kScalarRowKernels.stream_over_row_reversed(expected.data() + (8 + offset) * 4, under, over,
                                                   count, 200);
        table->stream_over_row_reversed(got.data() + (8 + offset) * 4, under, over, count, 200);
        table->stream_finish();
        ASSERT_EQ(0, std::memcmp(got.data(), expected.data(), expected.size()));
      }
    }
  }
}

TEST(RowKernelSelection, NamesPickTheirTableAndUnknownNamesTheFastest) {
  std::vector<const RowKernels*> tables = available_row_kernels();
  EXPECT_EQ(&select_row_kernels(""), tables.back());
  EXPECT_EQ(&select_row_kernels("scalar"), &kScalarRowKernels);
  for (const RowKernels* t : tables) EXPECT_EQ(&select_row_kernels(t->name), t);
  EXPECT_EQ(&select_row_kernels("no-such-kernels"), tables.back());
}

TEST(RowKernelSelection, EnvironmentPicksTheActiveTable) {
  // ctest runs this binary again with FB_RASTER_KERNELS=scalar (and =sse2, =ssse3 on x86).
  const char* requested = std::getenv("FB_RASTER_KERNELS");
  const RowKernels& expected = select_row_kernels(requested ? requested : "");
  EXPECT_EQ(&active_row_kernels(), &expected);
  if (requested != nullptr && std::string(requested) == "scalar") {
    EXPECT_STREQ(active_row_kernels().name, "scalar");
  }
#if defined(FB_RASTER_HAVE_SSE2_KERNELS)
  if (requested != nullptr && std::string(requested) == "sse2") {
    EXPECT_EQ(&active_row_kernels(), &kSse2RowKernels);
  }
#endif
#if defined(FB_RASTER_HAVE_SSSE3_KERNELS)
  if (requested != nullptr && std::string(requested) == "ssse3" &&
      __builtin_cpu_supports("ssse3")) {
    EXPECT_EQ(&active_row_kernels(), &ssse3_row_kernels());
  }
#endif
}

}  // namespace
}  // namespace fb::raster
