// SPDX-License-Identifier: MIT
// Internal: 128-bit blending (src over dst, in cached memory and on the way to a scanout) and
// the store helpers it needs, shared by the SSE2 and SSSE3 tables. Like pixel_math.hpp it has
// internal linkage only: each kernel file compiles its own copy with its own instruction set,
// and with SSSE3 (-mssse3) over4 takes each pixel's alpha with one pshufb instead of three
// shuffles and a shift.
#pragma once

#include <emmintrin.h>
#if defined(__SSSE3__)
#include <tmmintrin.h>
#endif
#include <string.h>

#include "raster/pixel_math.hpp"
#include "raster/row_kernels.hpp"
#include "raster/stream_over_walk.hpp"

namespace fb::raster {
namespace {

using namespace pixel;

// ---- Vector helpers. ----

inline __m128i load4(const uint32_t* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

inline void store4(uint32_t* p, __m128i v) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v);
}

inline __m128i opaque_mask() {
  return _mm_set1_epi32(static_cast<int>(kOpaque));
}

/// Every byte of `v` is zero. (SSE2 has no ptest: compare, then gather the byte signs.)
inline bool all_zero(__m128i v) {
  return _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())) == 0xffff;
}

/// Every pixel's byte 3 (alpha, or X) is 0xff.
inline bool all_opaque(__m128i v) {
  return (_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi32(-1))) & 0x8888) == 0x8888;
}

/// mul_div255 on 16-bit lanes holding a product a * b: (t + (t >> 8)) >> 8 with t = x + 128
/// equals (t * 257) >> 16 for every t below 65536, one multiply instead of two shifts and an add.
inline __m128i div255_16(__m128i product) {
  return _mm_mulhi_epu16(_mm_add_epi16(product, _mm_set1_epi16(128)), _mm_set1_epi16(257));
}

/// Every byte of `v` times the 16-bit factor in the same pixel's words, / 255. The even bytes
/// (blue, red) and odd bytes (green, alpha) are worked on as 16-bit lanes in place, which needs
/// no unpacking or packing.
inline __m128i scale_bytes(__m128i v, __m128i factor_words) {
  const __m128i even_bytes = _mm_set1_epi16(0x00ff);
  __m128i even = div255_16(_mm_mullo_epi16(_mm_and_si128(v, even_bytes), factor_words));
  __m128i odd = div255_16(_mm_mullo_epi16(_mm_srli_epi16(v, 8), factor_words));
  return _mm_or_si128(even, _mm_slli_epi16(odd, 8));
}

/// 4 premultiplied pixels src over dst, all four channels, saturating like the reference.
inline __m128i over4(__m128i src, __m128i dst) {
  // Each pixel's (alpha, red) word in both of its words, then 255 - alpha in each: the
  // shuffles copy from their source, which saves the register copies shifts would need.
#if defined(__SSSE3__)
  // One pshufb puts each pixel's alpha in both of its words (SSSE3 tables only).
  const __m128i alpha_to_words =
      _mm_setr_epi8(3, -1, 3, -1, 7, -1, 7, -1, 11, -1, 11, -1, 15, -1, 15, -1);
  __m128i inverse = _mm_xor_si128(_mm_shuffle_epi8(src, alpha_to_words), _mm_set1_epi16(0x00ff));
#else
  __m128i alpha_red = _mm_shufflehi_epi16(_mm_shufflelo_epi16(src, _MM_SHUFFLE(3, 3, 1, 1)),
                                          _MM_SHUFFLE(3, 3, 1, 1));
  __m128i inverse = _mm_xor_si128(_mm_srli_epi16(alpha_red, 8), _mm_set1_epi16(0x00ff));
#endif
  return _mm_adds_epu8(src, scale_bytes(dst, inverse));
}

inline __m128i scale4(__m128i src, __m128i opacity_words) {
  return scale_bytes(src, opacity_words);
}

// ---- Blending in cached memory. ----

/// Transparent source leaves dst as it is, except that an xrgb result is opaque.
template <bool kOntoXrgb>
inline void over_transparent4(uint32_t* dst) {
  if (kOntoXrgb) {
    __m128i d = load4(dst);
    if (!all_opaque(d)) store4(dst, _mm_or_si128(d, opaque_mask()));
  }
}

/// over_transparent4 on 16 pixels onto xrgb, testing them all at once.
inline void over_transparent16(uint32_t* dst) {
  __m128i d0 = load4(dst), d1 = load4(dst + 4), d2 = load4(dst + 8), d3 = load4(dst + 12);
  if (all_opaque(_mm_and_si128(_mm_and_si128(d0, d1), _mm_and_si128(d2, d3)))) return;
  const __m128i opaque = opaque_mask();
  store4(dst, _mm_or_si128(d0, opaque));
  store4(dst + 4, _mm_or_si128(d1, opaque));
  store4(dst + 8, _mm_or_si128(d2, opaque));
  store4(dst + 12, _mm_or_si128(d3, opaque));
}

/// 4 pixels of src over dst at opacity 255, skipping the arithmetic for blocks that are all
/// transparent (src 0) or all opaque (every alpha 255: the result is src).
template <bool kOntoXrgb>
inline void over4_at(uint32_t* dst, __m128i s) {
  if (all_zero(s)) return over_transparent4<kOntoXrgb>(dst);
  if (all_opaque(s)) return store4(dst, s);
  __m128i r = over4(s, load4(dst));
  store4(dst, kOntoXrgb ? _mm_or_si128(r, opaque_mask()) : r);
}

template <bool kOntoXrgb>
void over_row(uint32_t* dst, const uint32_t* src, size_t count, uint8_t opacity) {
  const __m128i opaque = opaque_mask();
  size_t i = 0;
  if (opacity == 255) {
    // 16 pixels a step: UI sprites have long transparent and opaque runs, and one test for
    // the four registers saves branches there.
    for (; i + 16 <= count; i += 16) {
      __m128i s0 = load4(src + i), s1 = load4(src + i + 4);
      __m128i s2 = load4(src + i + 8), s3 = load4(src + i + 12);
      if (all_zero(_mm_or_si128(_mm_or_si128(s0, s1), _mm_or_si128(s2, s3)))) {
        if (kOntoXrgb) over_transparent16(dst + i);
        continue;
      }
      if (all_opaque(_mm_and_si128(_mm_and_si128(s0, s1), _mm_and_si128(s2, s3)))) {
        store4(dst + i, s0);
        store4(dst + i + 4, s1);
        store4(dst + i + 8, s2);
        store4(dst + i + 12, s3);
        continue;
      }
      // Mixed: blend all four. For a transparent or opaque register the blend gives exactly
      // what its fast path would; testing each register again measured slower (branches).
      __m128i r0 = over4(s0, load4(dst + i)), r1 = over4(s1, load4(dst + i + 4));
      __m128i r2 = over4(s2, load4(dst + i + 8)), r3 = over4(s3, load4(dst + i + 12));
      if (kOntoXrgb) {
        r0 = _mm_or_si128(r0, opaque), r1 = _mm_or_si128(r1, opaque);
        r2 = _mm_or_si128(r2, opaque), r3 = _mm_or_si128(r3, opaque);
      }
      store4(dst + i, r0);
      store4(dst + i + 4, r1);
      store4(dst + i + 8, r2);
      store4(dst + i + 12, r3);
    }
    for (; i + 4 <= count; i += 4) over4_at<kOntoXrgb>(dst + i, load4(src + i));
  } else {
    const __m128i opacity_words = _mm_set1_epi16(opacity);
    for (; i + 4 <= count; i += 4) {
      __m128i s = load4(src + i);
      if (all_zero(s)) {
        over_transparent4<kOntoXrgb>(dst + i);
        continue;
      }
      __m128i r = over4(scale4(s, opacity_words), load4(dst + i));
      store4(dst + i, kOntoXrgb ? _mm_or_si128(r, opaque) : r);
    }
  }
  for (; i < count; ++i) {
    uint32_t r = over_pixel(scale_pixel(src[i], opacity), dst[i]);
    dst[i] = kOntoXrgb ? (r | kOpaque) : r;
  }
}

void over_row_onto_xrgb(uint32_t* dst, const uint32_t* src, size_t count, uint8_t opacity) {
  over_row<true>(dst, src, count, opacity);
}

void over_row_onto_argb(uint32_t* dst, const uint32_t* src, size_t count, uint8_t opacity) {
  over_row<false>(dst, src, count, opacity);
}

// ---- Stores to a scanout. Long rows: plain stores up to a 16-byte boundary, then
// non-temporal 16-byte stores, plain stores for the tail. Short rows: plain stores only; a
// non-temporal store that fills part of a cache line costs a partial write of the line, and on
// write-combined memory plain stores are combined as well. ----

/// Rows of at least this many bytes are written with non-temporal stores; the threshold the
/// AVX2 table measured (see kStreamMinBytes there).
constexpr size_t kStreamMinBytes = 2048;

inline void stream16(std::byte* p, __m128i v) {
  _mm_stream_si128(reinterpret_cast<__m128i*>(p), v);
}

inline void put32(std::byte* p, uint32_t v) {
  memcpy(p, &v, 4);
}
inline void put16(std::byte* p, uint16_t v) {
  memcpy(p, &v, 2);
}
inline void put128(std::byte* p, __m128i v) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v);
}

/// Pixels of `bytes_per_pixel` before `dst` reaches a 16-byte boundary, at most `count`.
inline size_t head_pixels(const std::byte* dst, size_t count, size_t bytes_per_pixel) {
  size_t gap = (16 - (reinterpret_cast<uintptr_t>(dst) & 15)) & 15;
  size_t pixels = gap / bytes_per_pixel;
  return pixels < count ? pixels : count;
}

// ---- Blending on the way to a scanout. ----

/// 4 pixels of src over below, made opaque; transparent and opaque blocks skip the arithmetic.
template <bool kFullOpacity>
inline __m128i over_below4(__m128i s, const uint32_t* below, __m128i opacity_words) {
  const __m128i opaque = opaque_mask();
  if (all_zero(s)) return _mm_or_si128(load4(below), opaque);
  if (kFullOpacity) {
    if (all_opaque(s)) return s;
  } else {
    s = scale4(s, opacity_words);
  }
  return _mm_or_si128(over4(s, load4(below)), opaque);
}

template <bool kFullOpacity, bool kStream>
void stream_over_span(std::byte* dst, const uint32_t* below, const uint32_t* src, size_t count,
                      uint8_t opacity) {
  const __m128i opacity_words = _mm_set1_epi16(opacity);
  auto over1 = [&](size_t i) {
    return over_pixel(scale_pixel(src[i], opacity), below[i]) | kOpaque;
  };
  auto put = [](std::byte* p, __m128i v) { kStream ? stream16(p, v) : put128(p, v); };
  size_t i = 0;
  if (kStream) {
    for (size_t head = head_pixels(dst, count, 4); i < head; ++i) put32(dst + i * 4, over1(i));
  }
  const __m128i opaque = opaque_mask();
  for (; i + 16 <= count; i += 16) {
    // Four registers a step, tested together: sprites have long transparent and opaque runs.
    __m128i s[4] = {load4(src + i), load4(src + i + 4), load4(src + i + 8), load4(src + i + 12)};
    __m128i any = _mm_or_si128(_mm_or_si128(s[0], s[1]), _mm_or_si128(s[2], s[3]));
    __m128i all = _mm_and_si128(_mm_and_si128(s[0], s[1]), _mm_and_si128(s[2], s[3]));
    if (all_zero(any)) {
      for (int k = 0; k < 4; ++k)
        put(dst + (i + 4 * k) * 4, _mm_or_si128(load4(below + i + 4 * k), opaque));
    } else if (kFullOpacity && all_opaque(all)) {
      for (int k = 0; k < 4; ++k) put(dst + (i + 4 * k) * 4, s[k]);
    } else {
      for (int k = 0; k < 4; ++k) {
        __m128i scaled = kFullOpacity ? s[k] : scale4(s[k], opacity_words);
        put(dst + (i + 4 * k) * 4, _mm_or_si128(over4(scaled, load4(below + i + 4 * k)), opaque));
      }
    }
  }
  for (; i + 4 <= count; i += 4)
    put(dst + i * 4, over_below4<kFullOpacity>(load4(src + i), below + i, opacity_words));
  for (; i < count; ++i) put32(dst + i * 4, over1(i));
}

/// RowKernels::stream_over_row_reversed: dst's pixels [i, i + 4) are src's [j, j + 4)
/// backwards, blended in memory order (the blend is per pixel) and reversed once.
template <bool kFullOpacity>
void stream_over_span_reversed(std::byte* dst, const uint32_t* below, const uint32_t* src,
                               size_t count, uint8_t opacity) {
  const __m128i opacity_words = _mm_set1_epi16(opacity);
  auto over1 = [&](size_t i) {
    const size_t j = count - 1 - i;
    return over_pixel(scale_pixel(src[j], opacity), below[j]) | kOpaque;
  };
  auto step = [&](size_t i) {
    const size_t j = count - 4 - i;
    return _mm_shuffle_epi32(over_below4<kFullOpacity>(load4(src + j), below + j, opacity_words),
                             _MM_SHUFFLE(0, 1, 2, 3));
  };
  size_t i = 0;
  if (count * 4 < kStreamMinBytes) {
    for (; i + 4 <= count; i += 4) put128(dst + i * 4, step(i));
  } else {
    for (size_t head = head_pixels(dst, count, 4); i < head; ++i) put32(dst + i * 4, over1(i));
    for (; i + 4 <= count; i += 4) stream16(dst + i * 4, step(i));
  }
  for (; i < count; ++i) put32(dst + i * 4, over1(i));
}

inline void stream_over_row_reversed(std::byte* dst, const uint32_t* below, const uint32_t* src,
                                     size_t count, uint8_t opacity) {
  opacity == 255 ? stream_over_span_reversed<true>(dst, below, src, count, opacity)
                 : stream_over_span_reversed<false>(dst, below, src, count, opacity);
}

using StreamRow = void (*)(std::byte* dst, const uint32_t* src, size_t count);

/// The rows of a StreamOverRect, each written as a whole (see walk_stream_over_rect_in_lines).
template <bool kFullOpacity>
void stream_over_rows(const StreamOverRect& r, StreamRow stream_row, StreamRow stream_lines) {
  walk_stream_over_rect_in_lines(
      r, kStreamMinBytes, stream_row, stream_lines,
      [&](std::byte* dst, const uint32_t* below, const uint32_t* src, size_t count, bool stream) {
        stream ? stream_over_span<kFullOpacity, true>(dst, below, src, count, r.opacity)
               : stream_over_span<kFullOpacity, false>(dst, below, src, count, r.opacity);
      });
}

/// RowKernels::stream_over_rect with the table's stream_row_same_order and
/// stream_lines_same_order for the parts beside src.
inline void stream_over_rect_with(const StreamOverRect& r, StreamRow stream_row,
                                  StreamRow stream_lines) {
  r.opacity == 255 ? stream_over_rows<true>(r, stream_row, stream_lines)
                   : stream_over_rows<false>(r, stream_row, stream_lines);
}

/// RowKernels::over_row_below_onto_xrgb: stream_over_span with plain stores.
inline void over_row_below_onto_xrgb(uint32_t* dst, const uint32_t* below, const uint32_t* src,
                                     size_t count, uint8_t opacity) {
  auto* out = reinterpret_cast<std::byte*>(dst);
  opacity == 255 ? stream_over_span<true, false>(out, below, src, count, opacity)
                 : stream_over_span<false, false>(out, below, src, count, opacity);
}

}  // namespace
}  // namespace fb::raster
