// SPDX-License-Identifier: MIT
// SSE2 row kernels, 4 pixels (one 128-bit register) per step. SSE2 is part of the x86-64 base
// architecture, so this file needs no special flags and no run-time check; it is the table for
// x86-64 CPUs without AVX2 (Atom, Celeron, Pentium Silver boards). Plain SSE2 only: no pshufb
// (SSSE3) or packusdw (SSE4.1), which some of those CPUs lack; ssse3_kernels.cpp builds the
// blending again for those that have SSSE3 and takes the rest from here. It mirrors
// avx2_kernels.cpp step for step (same formulas, same streaming policy), so both give the
// scalar reference's bits.
#include <emmintrin.h>
#include <string.h>

#include "raster/pixel_math.hpp"
#include "raster/row_kernels.hpp"
#include "raster/sse_blend.hpp"

#if defined(FB_RASTER_HAVE_SSE2_KERNELS)

namespace fb::raster {
namespace {

using namespace pixel;

// Row heads and tails use pixel_math.hpp: the reference formula itself. The vector helpers,
// blending and store helpers are in sse_blend.hpp.

// ---- Cached-memory kernels. ----

/// Runs this long are filled with `rep stos`: the CPU's fast-string microcode writes whole
/// cache lines without reading them first, about as fast as memset on a frame, while the vector
/// loop wins on single rows (same policy as the AVX2 table).
constexpr size_t kRepStosBytes = 64 * 1024;

void fill_row32(uint32_t* dst, size_t count, uint32_t value) {
  if (count * 4 >= kRepStosBytes) {
    asm volatile("rep stosl" : "+D"(dst), "+c"(count) : "a"(value) : "memory");
    return;
  }
  size_t i = 0;
  // Align the stores to 16 bytes (pixels are 4-byte aligned).
  while (i < count && (reinterpret_cast<uintptr_t>(dst + i) & 15) != 0) dst[i++] = value;
  const __m128i v = _mm_set1_epi32(static_cast<int>(value));
  for (; i + 16 <= count; i += 16) {
    _mm_store_si128(reinterpret_cast<__m128i*>(dst + i), v);
    _mm_store_si128(reinterpret_cast<__m128i*>(dst + i + 4), v);
    _mm_store_si128(reinterpret_cast<__m128i*>(dst + i + 8), v);
    _mm_store_si128(reinterpret_cast<__m128i*>(dst + i + 12), v);
  }
  for (; i + 4 <= count; i += 4) _mm_store_si128(reinterpret_cast<__m128i*>(dst + i), v);
  for (; i < count; ++i) dst[i] = value;
}

void fill_row16(uint16_t* dst, size_t count, uint16_t value) {
  if (count * 2 >= kRepStosBytes) {
    asm volatile("rep stosw" : "+D"(dst), "+c"(count) : "a"(value) : "memory");
    return;
  }
  size_t i = 0;
  while (i < count && (reinterpret_cast<uintptr_t>(dst + i) & 15) != 0) dst[i++] = value;
  const __m128i v = _mm_set1_epi16(static_cast<short>(value));
  for (; i + 32 <= count; i += 32) {
    _mm_store_si128(reinterpret_cast<__m128i*>(dst + i), v);
    _mm_store_si128(reinterpret_cast<__m128i*>(dst + i + 8), v);
    _mm_store_si128(reinterpret_cast<__m128i*>(dst + i + 16), v);
    _mm_store_si128(reinterpret_cast<__m128i*>(dst + i + 24), v);
  }
  for (; i + 8 <= count; i += 8) _mm_store_si128(reinterpret_cast<__m128i*>(dst + i), v);
  for (; i < count; ++i) dst[i] = value;
}

// glibc's memmove is already tuned per CPU (vector loops, rep movsb); nothing to gain here.
void copy_row(std::byte* dst, const std::byte* src, size_t bytes) {
  memmove(dst, src, bytes);
}

template <bool kOntoXrgb>
void solid_over_row(uint32_t* dst, size_t count, uint32_t argb) {
  const __m128i src = _mm_set1_epi32(static_cast<int>(argb));
  const __m128i inverse_alpha = _mm_set1_epi16(static_cast<short>(255 - (argb >> 24)));
  const __m128i opaque = opaque_mask();
  size_t i = 0;
  for (; i + 4 <= count; i += 4) {
    __m128i r = _mm_adds_epu8(src, scale_bytes(load4(dst + i), inverse_alpha));
    store4(dst + i, kOntoXrgb ? _mm_or_si128(r, opaque) : r);
  }
  for (; i < count; ++i) {
    uint32_t r = over_pixel(argb, dst[i]);
    dst[i] = kOntoXrgb ? (r | kOpaque) : r;
  }
}

void solid_over_row_onto_xrgb(uint32_t* dst, size_t count, uint32_t argb) {
  solid_over_row<true>(dst, count, argb);
}

void solid_over_row_onto_argb(uint32_t* dst, size_t count, uint32_t argb) {
  solid_over_row<false>(dst, count, argb);
}

// ---- Streaming kernels. dst is never read; the store policy is sse_blend.hpp's. ----

/// Streams 32-bit pixels: `convert4` maps 4 source pixels (vector), `convert1` one (scalar).
/// Rows shorter than kStreamMinBytes take plain stores unless kAlwaysStream.
template <bool kAlwaysStream = false, class Vector, class Scalar>
inline void stream_row32(std::byte* dst, const uint32_t* src, size_t count, Vector convert4,
                         Scalar convert1) {
  size_t i = 0;
  if (!kAlwaysStream && count * 4 < kStreamMinBytes) {
    for (; i + 4 <= count; i += 4) put128(dst + i * 4, convert4(load4(src + i)));
  } else {
    for (size_t head = head_pixels(dst, count, 4); i < head; ++i)
      put32(dst + i * 4, convert1(src[i]));
    for (; i + 8 <= count; i += 8) {
      stream16(dst + i * 4, convert4(load4(src + i)));
      stream16(dst + i * 4 + 16, convert4(load4(src + i + 4)));
    }
    for (; i + 4 <= count; i += 4) stream16(dst + i * 4, convert4(load4(src + i)));
  }
  for (; i < count; ++i) put32(dst + i * 4, convert1(src[i]));
}

void stream_row_same_order(std::byte* dst, const uint32_t* src, size_t count) {
  const __m128i opaque = opaque_mask();
  stream_row32(
      dst, src, count, [&](__m128i v) { return _mm_or_si128(v, opaque); },
      [](uint32_t p) { return p | kOpaque; });
}

void stream_lines_same_order(std::byte* dst, const uint32_t* src, size_t count) {
  const __m128i opaque = opaque_mask();
  stream_row32<true>(
      dst, src, count, [&](__m128i v) { return _mm_or_si128(v, opaque); },
      [](uint32_t p) { return p | kOpaque; });
}

/// Red and blue swapped with shifts (no pshufb in SSE2): the 0x00ff00ff bytes shifted by 16
/// either way land in each other's place, the rest falls off the 32-bit lane.
void stream_row_swap_rb(std::byte* dst, const uint32_t* src, size_t count) {
  const __m128i green = _mm_set1_epi32(0x0000ff00);
  const __m128i red_blue = _mm_set1_epi32(0x00ff00ff);
  const __m128i opaque = opaque_mask();
  stream_row32(
      dst, src, count,
      [&](__m128i v) {
        __m128i rb = _mm_and_si128(v, red_blue);
        __m128i swapped = _mm_or_si128(_mm_slli_epi32(rb, 16), _mm_srli_epi32(rb, 16));
        return _mm_or_si128(_mm_or_si128(swapped, opaque), _mm_and_si128(v, green));
      },
      swap_rb_pixel);
}

/// 4 pixels to 565 in the low half of each 32-bit lane. (c * 31 + 127) / 255 equals
/// (c * 249 + 1014) >> 11 and (c * 63 + 127) / 255 equals (c * 253 + 505) >> 10 for every 8-bit
/// c (checked exhaustively by the tests through the scalar reference), and neither overflows
/// 16 bits; pmaddwd then places red and blue with one instruction.
template <bool kRedHigh>
inline __m128i to565x4(__m128i p) {
  const __m128i low_bytes = _mm_set1_epi32(0x00ff00ff);
  // Words: blue, red.
  __m128i rb = _mm_mullo_epi16(_mm_and_si128(p, low_bytes), _mm_set1_epi16(249));
  rb = _mm_srli_epi16(_mm_add_epi16(rb, _mm_set1_epi16(1014)), 11);
  // Words: green, alpha (multiplied by 0: (0 + 505) >> 10 leaves 0 in the high word).
  __m128i ga = _mm_mullo_epi16(_mm_srli_epi16(p, 8), _mm_set1_epi32(253));
  ga = _mm_srli_epi16(_mm_add_epi16(ga, _mm_set1_epi32(505)), 10);
  // blue * 1 + red * 2048 (or the other way round) summed into each lane, green shifted in.
  const __m128i place_rb =
      kRedHigh ? _mm_set1_epi32(2048 << 16 | 1) : _mm_set1_epi32(1 << 16 | 2048);
  return _mm_or_si128(_mm_madd_epi16(rb, place_rb), _mm_slli_epi32(ga, 5));
}

/// 8 pixels to 565. SSE2 packs 32-bit lanes only with signed saturation (packusdw is SSE4.1):
/// biasing by -0x8000 makes every 16-bit value fit a signed word, and the bias is undone after.
template <bool kRedHigh>
inline __m128i to565x8(const uint32_t* s) {
  const __m128i bias32 = _mm_set1_epi32(0x8000);
  __m128i low = _mm_sub_epi32(to565x4<kRedHigh>(load4(s)), bias32);
  __m128i high = _mm_sub_epi32(to565x4<kRedHigh>(load4(s + 4)), bias32);
  return _mm_xor_si128(_mm_packs_epi32(low, high), _mm_set1_epi16(static_cast<short>(0x8000)));
}

template <bool kRedHigh>
void stream_row_565(std::byte* dst, const uint32_t* src, size_t count) {
  auto convert1 = [](uint32_t p) { return kRedHigh ? rgb565_pixel(p) : bgr565_pixel(p); };
  size_t i = 0;
  if (count * 2 < kStreamMinBytes) {
    for (; i + 8 <= count; i += 8) put128(dst + i * 2, to565x8<kRedHigh>(src + i));
  } else {
    for (size_t head = head_pixels(dst, count, 2); i < head; ++i)
      put16(dst + i * 2, convert1(src[i]));
    for (; i + 8 <= count; i += 8) stream16(dst + i * 2, to565x8<kRedHigh>(src + i));
  }
  for (; i < count; ++i) put16(dst + i * 2, convert1(src[i]));
}

void stream_row_rgb565(std::byte* dst, const uint32_t* src, size_t count) {
  stream_row_565<true>(dst, src, count);
}

void stream_row_bgr565(std::byte* dst, const uint32_t* src, size_t count) {
  stream_row_565<false>(dst, src, count);
}

/// Fills `count` pixels of `bytes_per_pixel` with the repeated vector `v` (scalar `put1` for the
/// head and tail), streaming long rows.
template <class Put1>
inline void stream_fill(std::byte* dst, size_t count, size_t bytes_per_pixel, __m128i v,
                        Put1 put1) {
  const size_t per_vector = 16 / bytes_per_pixel;
  size_t i = 0;
  if (count * bytes_per_pixel < kStreamMinBytes) {
    for (; i + per_vector <= count; i += per_vector) put128(dst + i * bytes_per_pixel, v);
  } else {
    for (size_t head = head_pixels(dst, count, bytes_per_pixel); i < head; ++i)
      put1(dst + i * bytes_per_pixel);
    for (; i + 4 * per_vector <= count; i += 4 * per_vector) {
      std::byte* p = dst + i * bytes_per_pixel;
      stream16(p, v);
      stream16(p + 16, v);
      stream16(p + 32, v);
      stream16(p + 48, v);
    }
    for (; i + per_vector <= count; i += per_vector) stream16(dst + i * bytes_per_pixel, v);
  }
  for (; i < count; ++i) put1(dst + i * bytes_per_pixel);
}

void stream_over_rect(const StreamOverRect& r) {
  stream_over_rect_with(r, stream_row_same_order, stream_lines_same_order);
}

void stream_fill_row32(std::byte* dst, size_t count, uint32_t value) {
  stream_fill(dst, count, 4, _mm_set1_epi32(static_cast<int>(value)),
              [value](std::byte* p) { put32(p, value); });
}

void stream_fill_row16(std::byte* dst, size_t count, uint16_t value) {
  stream_fill(dst, count, 2, _mm_set1_epi16(static_cast<short>(value)),
              [value](std::byte* p) { put16(p, value); });
}

void stream_finish() {
  _mm_sfence();
}

// ---- Turning tiles for rotated scanouts: 4x4 blocks transposed in registers. ----

void transpose32(uint32_t* dst, ptrdiff_t dst_stride, const uint32_t* src, ptrdiff_t src_stride,
                 size_t count, size_t rows) {
  const size_t block_rows = rows & ~size_t{3}, block_count = count & ~size_t{3};
  for (size_t j = 0; j < block_count; j += 4) {
    // Down the source four rows at a time, into four dst rows found once (as the AVX2 kernel).
    uint32_t* const d0 = pixel_at(dst, dst_stride, j, 0);
    uint32_t* const d1 = pixel_at(dst, dst_stride, j + 1, 0);
    uint32_t* const d2 = pixel_at(dst, dst_stride, j + 2, 0);
    uint32_t* const d3 = pixel_at(dst, dst_stride, j + 3, 0);
    const uint32_t* p = src + j;
    for (size_t i = 0; i < block_rows; i += 4, p = pixel_at(p, src_stride, 4, 0)) {
      const __m128i r0 = load4(p);
      const __m128i r1 = load4(pixel_at(p, src_stride, 1, 0));
      const __m128i r2 = load4(pixel_at(p, src_stride, 2, 0));
      const __m128i r3 = load4(pixel_at(p, src_stride, 3, 0));
      const __m128i ab01 = _mm_unpacklo_epi32(r0, r1), cd01 = _mm_unpacklo_epi32(r2, r3);
      const __m128i ab23 = _mm_unpackhi_epi32(r0, r1), cd23 = _mm_unpackhi_epi32(r2, r3);
      store4(d0 + i, _mm_unpacklo_epi64(ab01, cd01));
      store4(d1 + i, _mm_unpackhi_epi64(ab01, cd01));
      store4(d2 + i, _mm_unpacklo_epi64(ab23, cd23));
      store4(d3 + i, _mm_unpackhi_epi64(ab23, cd23));
    }
  }
  transpose_part(dst, dst_stride, src, src_stride, 0, block_rows, block_count, count);
  transpose_part(dst, dst_stride, src, src_stride, block_rows, rows, 0, count);
}

void reverse_row32(uint32_t* dst, const uint32_t* src, size_t count) {
  size_t i = 0;
  for (; i + 4 <= count; i += 4) {
    store4(dst + i, _mm_shuffle_epi32(load4(src + count - 4 - i), _MM_SHUFFLE(0, 1, 2, 3)));
  }
  for (; i < count; ++i) dst[i] = src[count - 1 - i];
}

}  // namespace

const RowKernels kSse2RowKernels = {
    .name = "sse2",
    .fill_row32 = fill_row32,
    .fill_row16 = fill_row16,
    .copy_row = copy_row,
    .over_row_onto_xrgb = over_row_onto_xrgb,
    .over_row_onto_argb = over_row_onto_argb,
    .over_row_below_onto_xrgb = over_row_below_onto_xrgb,
    .solid_over_row_onto_xrgb = solid_over_row_onto_xrgb,
    .solid_over_row_onto_argb = solid_over_row_onto_argb,
    .stream_row_same_order = stream_row_same_order,
    .stream_lines_same_order = stream_lines_same_order,
    .stream_row_swap_rb = stream_row_swap_rb,
    .stream_row_rgb565 = stream_row_rgb565,
    .stream_row_bgr565 = stream_row_bgr565,
    .stream_over_rect = stream_over_rect,
    .stream_over_row_reversed = stream_over_row_reversed,
    .stream_fill_row32 = stream_fill_row32,
    .stream_fill_row16 = stream_fill_row16,
    .transpose32 = transpose32,
    .reverse_row32 = reverse_row32,
    .stream_finish = stream_finish,
};

}  // namespace fb::raster

#endif  // FB_RASTER_HAVE_SSE2_KERNELS
