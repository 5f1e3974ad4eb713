// SPDX-License-Identifier: MIT
// AVX2 row kernels, 8 pixels (one 256-bit register) per step. This file alone is compiled with
// -mavx2 and is called only after the CPU reported AVX2. To keep AVX2 code out of baseline
// paths it is self-contained: intrinsics, plain C headers, and internal-linkage functions only
// (its own, and pixel_math.hpp's static ones); no C++ library templates or shared inline
// functions, which the linker could pick from here for code that runs on any x86-64.
#include <immintrin.h>
#include <string.h>

#include "raster/pixel_math.hpp"
#include "raster/row_kernels.hpp"
#include "raster/stream_over_walk.hpp"

namespace fb::raster {
namespace {

using namespace pixel;

// Row heads and tails use pixel_math.hpp: the reference formula itself.

// ---- Vector helpers. ----

inline __m256i load8(const uint32_t* p) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}

inline void store8(uint32_t* p, __m256i v) {
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v);
}

inline __m256i opaque_mask() {
  return _mm256_set1_epi32(static_cast<int>(kOpaque));
}

/// mul_div255 on 16-bit lanes holding a product a * b: (t + (t >> 8)) >> 8 with t = x + 128
/// equals (t * 257) >> 16 for every t below 65536, one multiply instead of two shifts and an add.
inline __m256i div255_16(__m256i product) {
  return _mm256_mulhi_epu16(_mm256_add_epi16(product, _mm256_set1_epi16(128)),
                            _mm256_set1_epi16(257));
}

/// Each pixel's byte 3 of `v`, zero-extended to 16 bits and repeated over its four channels,
/// for the pixels unpacklo (low) or unpackhi (high) takes from each 128-bit lane.
inline __m256i alpha_words_low(__m256i v) {
  const __m256i pick = _mm256_setr_epi8(3, -1, 3, -1, 3, -1, 3, -1, 7, -1, 7, -1, 7, -1, 7, -1,  //
                                        3, -1, 3, -1, 3, -1, 3, -1, 7, -1, 7, -1, 7, -1, 7, -1);
  return _mm256_shuffle_epi8(v, pick);
}

inline __m256i alpha_words_high(__m256i v) {
  const __m256i pick =
      _mm256_setr_epi8(11, -1, 11, -1, 11, -1, 11, -1, 15, -1, 15, -1, 15, -1, 15, -1,  //
                       11, -1, 11, -1, 11, -1, 11, -1, 15, -1, 15, -1, 15, -1, 15, -1);
  return _mm256_shuffle_epi8(v, pick);
}

/// Every byte of `v` times the 16-bit factors (low/high halves as unpack takes them), / 255.
inline __m256i scale_bytes(__m256i v, __m256i factor_low, __m256i factor_high) {
  const __m256i zero = _mm256_setzero_si256();
  __m256i low = div255_16(_mm256_mullo_epi16(_mm256_unpacklo_epi8(v, zero), factor_low));
  __m256i high = div255_16(_mm256_mullo_epi16(_mm256_unpackhi_epi8(v, zero), factor_high));
  return _mm256_packus_epi16(low, high);
}

/// 8 premultiplied pixels src over dst, all four channels, saturating like the reference.
inline __m256i over8(__m256i src, __m256i dst) {
  __m256i inverse = _mm256_xor_si256(src, _mm256_set1_epi32(-1));  // 255 - a in byte 3
  __m256i faded = scale_bytes(dst, alpha_words_low(inverse), alpha_words_high(inverse));
  return _mm256_adds_epu8(src, faded);
}

inline __m256i scale8(__m256i src, __m256i opacity_words) {
  return scale_bytes(src, opacity_words, opacity_words);
}

// ---- Cached-memory kernels. ----

/// Runs this long are filled with `rep stos`: the CPU's fast-string microcode writes whole
/// cache lines without reading them first, about as fast as memset on a frame, while the vector
/// loop wins on single rows.
constexpr size_t kRepStosBytes = 64 * 1024;

void fill_row32(uint32_t* dst, size_t count, uint32_t value) {
  if (count * 4 >= kRepStosBytes) {
    asm volatile("rep stosl" : "+D"(dst), "+c"(count) : "a"(value) : "memory");
    return;
  }
  size_t i = 0;
  // Align the stores to 32 bytes (pixels are 4-byte aligned).
  while (i < count && (reinterpret_cast<uintptr_t>(dst + i) & 31) != 0) dst[i++] = value;
  const __m256i v = _mm256_set1_epi32(static_cast<int>(value));
  for (; i + 32 <= count; i += 32) {
    _mm256_store_si256(reinterpret_cast<__m256i*>(dst + i), v);
    _mm256_store_si256(reinterpret_cast<__m256i*>(dst + i + 8), v);
    _mm256_store_si256(reinterpret_cast<__m256i*>(dst + i + 16), v);
    _mm256_store_si256(reinterpret_cast<__m256i*>(dst + i + 24), v);
  }
  for (; i + 8 <= count; i += 8) _mm256_store_si256(reinterpret_cast<__m256i*>(dst + i), v);
  for (; i < count; ++i) dst[i] = value;
}

void fill_row16(uint16_t* dst, size_t count, uint16_t value) {
  if (count * 2 >= kRepStosBytes) {
    asm volatile("rep stosw" : "+D"(dst), "+c"(count) : "a"(value) : "memory");
    return;
  }
  size_t i = 0;
  while (i < count && (reinterpret_cast<uintptr_t>(dst + i) & 31) != 0) dst[i++] = value;
  const __m256i v = _mm256_set1_epi16(static_cast<short>(value));
  for (; i + 16 <= count; i += 16) _mm256_store_si256(reinterpret_cast<__m256i*>(dst + i), v);
  for (; i < count; ++i) dst[i] = value;
}

// glibc's memmove is already tuned per CPU (vector loops, rep movsb); nothing to gain here.
void copy_row(std::byte* dst, const std::byte* src, size_t bytes) {
  memmove(dst, src, bytes);
}

/// Transparent source leaves dst as it is, except that an xrgb result is opaque.
template <bool kOntoXrgb>
inline void over_transparent8(uint32_t* dst) {
  if (kOntoXrgb) {
    const __m256i opaque = opaque_mask();
    __m256i d = load8(dst);
    if (!_mm256_testc_si256(d, opaque)) store8(dst, _mm256_or_si256(d, opaque));
  }
}

/// 8 pixels of src over dst at opacity 255, skipping the arithmetic for blocks that are all
/// transparent (src 0) or all opaque (every alpha 255: the result is src).
template <bool kOntoXrgb>
inline void over8_at(uint32_t* dst, __m256i s) {
  const __m256i opaque = opaque_mask();
  if (_mm256_testz_si256(s, s)) return over_transparent8<kOntoXrgb>(dst);
  if (_mm256_testc_si256(s, opaque)) return store8(dst, s);
  __m256i r = over8(s, load8(dst));
  store8(dst, kOntoXrgb ? _mm256_or_si256(r, opaque) : r);
}

template <bool kOntoXrgb>
void over_row(uint32_t* dst, const uint32_t* src, size_t count, uint8_t opacity) {
  const __m256i opaque = opaque_mask();
  size_t i = 0;
  if (opacity == 255) {
    // 16 pixels a step: UI sprites have long transparent and opaque runs, and one test for
    // both halves halves the branches there.
    for (; i + 16 <= count; i += 16) {
      __m256i s0 = load8(src + i), s1 = load8(src + i + 8);
      __m256i any = _mm256_or_si256(s0, s1);
      if (_mm256_testz_si256(any, any)) {
        over_transparent8<kOntoXrgb>(dst + i);
        over_transparent8<kOntoXrgb>(dst + i + 8);
        continue;
      }
      if (_mm256_testc_si256(_mm256_and_si256(s0, s1), opaque)) {
        store8(dst + i, s0);
        store8(dst + i + 8, s1);
        continue;
      }
      // Mixed: blend both halves. For a transparent or opaque half the blend gives exactly
      // what its fast path would, and more tests here only cost on anti-aliased content.
      __m256i r0 = over8(s0, load8(dst + i)), r1 = over8(s1, load8(dst + i + 8));
      store8(dst + i, kOntoXrgb ? _mm256_or_si256(r0, opaque) : r0);
      store8(dst + i + 8, kOntoXrgb ? _mm256_or_si256(r1, opaque) : r1);
    }
    for (; i + 8 <= count; i += 8) over8_at<kOntoXrgb>(dst + i, load8(src + i));
  } else {
    const __m256i opacity_words = _mm256_set1_epi16(opacity);
    for (; i + 8 <= count; i += 8) {
      __m256i s = load8(src + i);
      if (_mm256_testz_si256(s, s)) {
        over_transparent8<kOntoXrgb>(dst + i);
        continue;
      }
      __m256i r = over8(scale8(s, opacity_words), load8(dst + i));
      store8(dst + i, kOntoXrgb ? _mm256_or_si256(r, opaque) : r);
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

template <bool kOntoXrgb>
void solid_over_row(uint32_t* dst, size_t count, uint32_t argb) {
  const __m256i src = _mm256_set1_epi32(static_cast<int>(argb));
  const __m256i inverse_alpha = _mm256_set1_epi16(static_cast<short>(255 - (argb >> 24)));
  const __m256i opaque = opaque_mask();
  size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    __m256i r = _mm256_adds_epu8(src, scale_bytes(load8(dst + i), inverse_alpha, inverse_alpha));
    store8(dst + i, kOntoXrgb ? _mm256_or_si256(r, opaque) : r);
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

// ---- Streaming kernels. dst is never read. Long rows: plain stores up to a 32-byte boundary,
// then non-temporal 32-byte stores, plain stores for the tail. Short rows: plain stores only;
// a non-temporal store that fills part of a cache line costs a partial write of the line, and
// on write-combined memory plain stores are combined as well. ----

/// Rows of at least this many bytes are written with non-temporal stores. Measured with
/// compositor_bench by varying this constant: all-streaming cost a moving 64x64 sprite
/// 9.0 us a frame and 50 alpha sprites 350 us; plain stores below 1-4 KiB gave 3.1-3.4 us and
/// 188-204 us, with full repaints (256 KiB rows) unchanged within noise.
constexpr size_t kStreamMinBytes = 2048;

inline void stream32(std::byte* p, __m256i v) {
  _mm256_stream_si256(reinterpret_cast<__m256i*>(p), v);
}

inline void put32(std::byte* p, uint32_t v) {
  memcpy(p, &v, 4);
}
inline void put16(std::byte* p, uint16_t v) {
  memcpy(p, &v, 2);
}
inline void put8(std::byte* p, __m256i v) {
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v);
}
/// The low 4 pixels of `v`.
inline void put4(std::byte* p, __m256i v) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm256_castsi256_si128(v));
}
/// 4 pixels in the low half (the high half is whatever: the kernels work per 128-bit lane).
inline __m256i load4_low(const uint32_t* p) {
  return _mm256_castsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}

/// Pixels of `bytes_per_pixel` before `dst` reaches a 32-byte boundary, at most `count`.
inline size_t head_pixels(const std::byte* dst, size_t count, size_t bytes_per_pixel) {
  size_t gap = (32 - (reinterpret_cast<uintptr_t>(dst) & 31)) & 31;
  size_t pixels = gap / bytes_per_pixel;
  return pixels < count ? pixels : count;
}

/// Streams 32-bit pixels: `convert` maps 8 source pixels (vector) and one (scalar). Rows
/// shorter than kStreamMinBytes take plain stores unless kAlwaysStream.
template <bool kAlwaysStream = false, class Vector, class Scalar>
[[gnu::always_inline]] inline void stream_row32(std::byte* dst, const uint32_t* src, size_t count,
                                                Vector convert8, Scalar convert1) {
  size_t i = 0;
  if (!kAlwaysStream && count * 4 < kStreamMinBytes) {
    // Short rows end with vector steps that overlap the pixels before them, writing the same
    // values again (dst is never read), instead of a scalar tail: the edges of damage are short.
    if (count >= 8) {
      for (; i + 8 <= count; i += 8) put8(dst + i * 4, convert8(load8(src + i)));
      if (i < count) put8(dst + (count - 8) * 4, convert8(load8(src + count - 8)));
      return;
    }
    if (count >= 4) {
      put4(dst, convert8(load4_low(src)));
      put4(dst + (count - 4) * 4, convert8(load4_low(src + count - 4)));
      return;
    }
  } else {
    for (size_t head = head_pixels(dst, count, 4); i < head; ++i)
      put32(dst + i * 4, convert1(src[i]));
    for (; i + 8 <= count; i += 8) stream32(dst + i * 4, convert8(load8(src + i)));
  }
  for (; i < count; ++i) put32(dst + i * 4, convert1(src[i]));
}

/// Inlined into stream_over_rect too, whose rows start and end with short runs of below.
[[gnu::always_inline]] inline void stream_opaque_row(std::byte* dst, const uint32_t* src,
                                                     size_t count) {
  const __m256i opaque = opaque_mask();
  stream_row32(
      dst, src, count, [&](__m256i v) { return _mm256_or_si256(v, opaque); },
      [](uint32_t p) { return p | kOpaque; });
}

void stream_row_same_order(std::byte* dst, const uint32_t* src, size_t count) {
  stream_opaque_row(dst, src, count);
}

void stream_lines_same_order(std::byte* dst, const uint32_t* src, size_t count) {
  const __m256i opaque = opaque_mask();
  stream_row32<true>(
      dst, src, count, [&](__m256i v) { return _mm256_or_si256(v, opaque); },
      [](uint32_t p) { return p | kOpaque; });
}

void stream_row_swap_rb(std::byte* dst, const uint32_t* src, size_t count) {
  const __m256i opaque = opaque_mask();
  const __m256i swap = _mm256_setr_epi8(2, 1, 0, 3, 6, 5, 4, 7, 10, 9, 8, 11, 14, 13, 12, 15,  //
                                        2, 1, 0, 3, 6, 5, 4, 7, 10, 9, 8, 11, 14, 13, 12, 15);
  stream_row32(
      dst, src, count,
      [&](__m256i v) { return _mm256_or_si256(_mm256_shuffle_epi8(v, swap), opaque); },
      swap_rb_pixel);
}

/// 8 pixels to 565 in the low half of each 32-bit lane. (c * 31 + 127) / 255 equals
/// (c * 249 + 1014) >> 11 and (c * 63 + 127) / 255 equals (c * 253 + 505) >> 10 for every 8-bit
/// c (checked exhaustively by the tests through the scalar reference), and neither overflows
/// 16 bits; pmaddwd then places two channels with one instruction.
template <bool kRedHigh>
inline __m256i to565x8(__m256i p) {
  const __m256i low_bytes = _mm256_set1_epi32(0x00ff00ff);
  // Words: blue, red.
  __m256i rb = _mm256_mullo_epi16(_mm256_and_si256(p, low_bytes), _mm256_set1_epi16(249));
  rb = _mm256_srli_epi16(_mm256_add_epi16(rb, _mm256_set1_epi16(1014)), 11);
  // Words: green, alpha (multiplied by 0 and dropped).
  __m256i ga = _mm256_and_si256(_mm256_srli_epi32(p, 8), low_bytes);
  ga = _mm256_mullo_epi16(ga, _mm256_set1_epi32(253));
  ga = _mm256_srli_epi16(_mm256_add_epi16(ga, _mm256_set1_epi32(505)), 10);
  // blue * 1 + red * 2048 (or the other way round), green * 32, each summed into its lane.
  const __m256i place_rb =
      kRedHigh ? _mm256_set1_epi32(2048 << 16 | 1) : _mm256_set1_epi32(1 << 16 | 2048);
  return _mm256_or_si256(_mm256_madd_epi16(rb, place_rb),
                         _mm256_madd_epi16(ga, _mm256_set1_epi32(32)));
}

template <bool kRedHigh>
void stream_row_565(std::byte* dst, const uint32_t* src, size_t count) {
  auto convert1 = [](uint32_t p) { return kRedHigh ? rgb565_pixel(p) : bgr565_pixel(p); };
  // packus works per 128-bit lane: a0-3 b0-3 a4-7 b4-7; the permute restores pixel order.
  auto convert16 = [](const uint32_t* s) {
    __m256i packed =
        _mm256_packus_epi32(to565x8<kRedHigh>(load8(s)), to565x8<kRedHigh>(load8(s + 8)));
    return _mm256_permute4x64_epi64(packed, _MM_SHUFFLE(3, 1, 2, 0));
  };
  size_t i = 0;
  if (count * 2 < kStreamMinBytes) {
    for (; i + 16 <= count; i += 16) put8(dst + i * 2, convert16(src + i));
  } else {
    for (size_t head = head_pixels(dst, count, 2); i < head; ++i)
      put16(dst + i * 2, convert1(src[i]));
    for (; i + 16 <= count; i += 16) stream32(dst + i * 2, convert16(src + i));
  }
  for (; i < count; ++i) put16(dst + i * 2, convert1(src[i]));
}

void stream_row_rgb565(std::byte* dst, const uint32_t* src, size_t count) {
  stream_row_565<true>(dst, src, count);
}

void stream_row_bgr565(std::byte* dst, const uint32_t* src, size_t count) {
  stream_row_565<false>(dst, src, count);
}

/// 8 pixels of src over below, made opaque; transparent and opaque blocks skip the arithmetic.
template <bool kFullOpacity>
inline __m256i over_below8(__m256i s, const uint32_t* below, __m256i opacity_words) {
  const __m256i opaque = opaque_mask();
  if (_mm256_testz_si256(s, s)) return _mm256_or_si256(load8(below), opaque);
  if (kFullOpacity) {
    if (_mm256_testc_si256(s, opaque)) return s;
  } else {
    s = scale8(s, opacity_words);
  }
  return _mm256_or_si256(over8(s, load8(below)), opaque);
}

/// 16 pixels of src over below (from `src` and `below` on), made opaque: the first 8 in r0,
/// the next 8 in r1. Two blocks a step, tested together: sprites have long transparent and
/// opaque runs.
template <bool kFullOpacity>
inline void over_below16(const uint32_t* src, const uint32_t* below, __m256i opacity_words,
                         __m256i& r0, __m256i& r1) {
  const __m256i opaque = opaque_mask();
  __m256i s0 = load8(src), s1 = load8(src + 8);
  const __m256i any = _mm256_or_si256(s0, s1);
  if (_mm256_testz_si256(any, any)) {
    r0 = _mm256_or_si256(load8(below), opaque);
    r1 = _mm256_or_si256(load8(below + 8), opaque);
  } else if (kFullOpacity && _mm256_testc_si256(_mm256_and_si256(s0, s1), opaque)) {
    r0 = s0, r1 = s1;
  } else {
    if (!kFullOpacity) s0 = scale8(s0, opacity_words), s1 = scale8(s1, opacity_words);
    r0 = _mm256_or_si256(over8(s0, load8(below)), opaque);
    r1 = _mm256_or_si256(over8(s1, load8(below + 8)), opaque);
  }
}

template <bool kFullOpacity, bool kStream>
void stream_over_span(std::byte* dst, const uint32_t* below, const uint32_t* src, size_t count,
                      uint8_t opacity) {
  const __m256i opacity_words = _mm256_set1_epi16(opacity);
  auto put = [](std::byte* p, __m256i v) { kStream ? stream32(p, v) : put8(p, v); };
  size_t i = 0;
  if (kStream) {
    for (size_t head = head_pixels(dst, count, 4); i < head; ++i)
      put32(dst + i * 4, over_pixel(scale_pixel(src[i], opacity), below[i]) | kOpaque);
  }
  for (; i + 16 <= count; i += 16) {
    __m256i r0, r1;
    over_below16<kFullOpacity>(src + i, below + i, opacity_words, r0, r1);
    put(dst + i * 4, r0);
    put(dst + i * 4 + 32, r1);
  }
  for (; i + 8 <= count; i += 8)
    put(dst + i * 4, over_below8<kFullOpacity>(load8(src + i), below + i, opacity_words));
  if (i == count) return;
  if (count >= 8) {
    // The last 8 pixels again, overlapping the ones just written with the same values: one
    // vector step instead of a scalar tail (dst is never read, so the order does not matter).
    i = count - 8;
    put8(dst + i * 4, over_below8<kFullOpacity>(load8(src + i), below + i, opacity_words));
    return;
  }
  for (; i < count; ++i)
    put32(dst + i * 4, over_pixel(scale_pixel(src[i], opacity), below[i]) | kOpaque);
}

/// The rows of a StreamOverRect, each written as a whole (see walk_stream_over_rect_in_lines).
template <bool kFullOpacity>
void stream_over_rows(const StreamOverRect& r) {
  walk_stream_over_rect_in_lines(
      r, kStreamMinBytes, stream_row_same_order, stream_lines_same_order,
      [&](std::byte* dst, const uint32_t* below, const uint32_t* src, size_t count, bool stream) {
        stream ? stream_over_span<kFullOpacity, true>(dst, below, src, count, r.opacity)
               : stream_over_span<kFullOpacity, false>(dst, below, src, count, r.opacity);
      });
}

void stream_over_rect(const StreamOverRect& r) {
  r.opacity == 255 ? stream_over_rows<true>(r) : stream_over_rows<false>(r);
}

template <bool kFullOpacity>
void stream_over_span_reversed(std::byte* dst, const uint32_t* below, const uint32_t* src,
                               size_t count, uint8_t opacity) {
  const __m256i opacity_words = _mm256_set1_epi16(opacity);
  const __m256i backwards = _mm256_setr_epi32(7, 6, 5, 4, 3, 2, 1, 0);
  auto over1 = [&](size_t i) {
    const size_t j = count - 1 - i;
    return over_pixel(scale_pixel(src[j], opacity), below[j]) | kOpaque;
  };
  auto put = [&](std::byte* p, __m256i v, bool stream) { stream ? stream32(p, v) : put8(p, v); };
  const bool stream = count * 4 >= kStreamMinBytes;
  size_t i = 0;
  if (stream) {
    for (size_t head = head_pixels(dst, count, 4); i < head; ++i) put32(dst + i * 4, over1(i));
  }
  // dst's pixels [i, i + 16) are src's [j, j + 16) backwards: blended in memory order (the
  // blend is per pixel) and each 8 reversed once. Reversing both inputs instead took 1.8x as
  // long, and steps of 8 pixels 1.05x as long (AMD EPYC).
  for (; i + 16 <= count; i += 16) {
    const size_t j = count - 16 - i;
    __m256i first, second;
    over_below16<kFullOpacity>(src + j, below + j, opacity_words, first, second);
    put(dst + i * 4, _mm256_permutevar8x32_epi32(second, backwards), stream);
    put(dst + i * 4 + 32, _mm256_permutevar8x32_epi32(first, backwards), stream);
  }
  for (; i + 8 <= count; i += 8) {
    const size_t j = count - 8 - i;
    put(dst + i * 4,
        _mm256_permutevar8x32_epi32(
            over_below8<kFullOpacity>(load8(src + j), below + j, opacity_words), backwards),
        stream);
  }
  for (; i < count; ++i) put32(dst + i * 4, over1(i));
}

void stream_over_row_reversed(std::byte* dst, const uint32_t* below, const uint32_t* src,
                              size_t count, uint8_t opacity) {
  opacity == 255 ? stream_over_span_reversed<true>(dst, below, src, count, opacity)
                 : stream_over_span_reversed<false>(dst, below, src, count, opacity);
}

void over_row_below_onto_xrgb(uint32_t* dst, const uint32_t* below, const uint32_t* src,
                              size_t count, uint8_t opacity) {
  auto* out = reinterpret_cast<std::byte*>(dst);
  opacity == 255 ? stream_over_span<true, false>(out, below, src, count, opacity)
                 : stream_over_span<false, false>(out, below, src, count, opacity);
}

void stream_fill_row32(std::byte* dst, size_t count, uint32_t value) {
  size_t i = 0;
  const __m256i v = _mm256_set1_epi32(static_cast<int>(value));
  if (count * 4 < kStreamMinBytes) {
    for (; i + 8 <= count; i += 8) put8(dst + i * 4, v);
  } else {
    for (size_t head = head_pixels(dst, count, 4); i < head; ++i) put32(dst + i * 4, value);
    for (; i + 8 <= count; i += 8) stream32(dst + i * 4, v);
  }
  for (; i < count; ++i) put32(dst + i * 4, value);
}

void stream_fill_row16(std::byte* dst, size_t count, uint16_t value) {
  size_t i = 0;
  const __m256i v = _mm256_set1_epi16(static_cast<short>(value));
  if (count * 2 < kStreamMinBytes) {
    for (; i + 16 <= count; i += 16) put8(dst + i * 2, v);
  } else {
    for (size_t head = head_pixels(dst, count, 2); i < head; ++i) put16(dst + i * 2, value);
    for (; i + 16 <= count; i += 16) stream32(dst + i * 2, v);
  }
  for (; i < count; ++i) put16(dst + i * 2, value);
}

void stream_finish() {
  _mm_sfence();
}

// ---- Turning tiles for rotated scanouts: 8x8 blocks transposed in registers. ----

void transpose32(uint32_t* dst, ptrdiff_t dst_stride, const uint32_t* src, ptrdiff_t src_stride,
                 size_t count, size_t rows) {
  const size_t block_rows = rows & ~size_t{7}, block_count = count & ~size_t{7};
  for (size_t j = 0; j < block_count; j += 8) {
    // Down the source eight rows at a time, into eight dst rows whose starts are worked out
    // once: a turned frame took 1.2x as long with every address computed from (i, j) again
    // (measured on an AMD EPYC). The loaded rows are named, not an array, which GCC kept on
    // the stack.
    uint32_t* const d0 = pixel_at(dst, dst_stride, j, 0);
    uint32_t* const d1 = pixel_at(dst, dst_stride, j + 1, 0);
    uint32_t* const d2 = pixel_at(dst, dst_stride, j + 2, 0);
    uint32_t* const d3 = pixel_at(dst, dst_stride, j + 3, 0);
    uint32_t* const d4 = pixel_at(dst, dst_stride, j + 4, 0);
    uint32_t* const d5 = pixel_at(dst, dst_stride, j + 5, 0);
    uint32_t* const d6 = pixel_at(dst, dst_stride, j + 6, 0);
    uint32_t* const d7 = pixel_at(dst, dst_stride, j + 7, 0);
    const uint32_t* p = src + j;
    for (size_t i = 0; i < block_rows; i += 8, p = pixel_at(p, src_stride, 8, 0)) {
      const __m256i r0 = load8(p);
      const __m256i r1 = load8(pixel_at(p, src_stride, 1, 0));
      const __m256i r2 = load8(pixel_at(p, src_stride, 2, 0));
      const __m256i r3 = load8(pixel_at(p, src_stride, 3, 0));
      const __m256i r4 = load8(pixel_at(p, src_stride, 4, 0));
      const __m256i r5 = load8(pixel_at(p, src_stride, 5, 0));
      const __m256i r6 = load8(pixel_at(p, src_stride, 6, 0));
      const __m256i r7 = load8(pixel_at(p, src_stride, 7, 0));
      // Pairs of rows interleaved, then pairs of pairs: each 128-bit half holds one column's
      // four pixels from rows 0-3 or 4-7.
      const __m256i ab_lo = _mm256_unpacklo_epi32(r0, r1), ab_hi = _mm256_unpackhi_epi32(r0, r1);
      const __m256i cd_lo = _mm256_unpacklo_epi32(r2, r3), cd_hi = _mm256_unpackhi_epi32(r2, r3);
      const __m256i ef_lo = _mm256_unpacklo_epi32(r4, r5), ef_hi = _mm256_unpackhi_epi32(r4, r5);
      const __m256i gh_lo = _mm256_unpacklo_epi32(r6, r7), gh_hi = _mm256_unpackhi_epi32(r6, r7);
      const __m256i top0 = _mm256_unpacklo_epi64(ab_lo, cd_lo);
      const __m256i top1 = _mm256_unpackhi_epi64(ab_lo, cd_lo);
      const __m256i top2 = _mm256_unpacklo_epi64(ab_hi, cd_hi);
      const __m256i top3 = _mm256_unpackhi_epi64(ab_hi, cd_hi);
      const __m256i low0 = _mm256_unpacklo_epi64(ef_lo, gh_lo);
      const __m256i low1 = _mm256_unpackhi_epi64(ef_lo, gh_lo);
      const __m256i low2 = _mm256_unpacklo_epi64(ef_hi, gh_hi);
      const __m256i low3 = _mm256_unpackhi_epi64(ef_hi, gh_hi);
      store8(d0 + i, _mm256_permute2x128_si256(top0, low0, 0x20));
      store8(d1 + i, _mm256_permute2x128_si256(top1, low1, 0x20));
      store8(d2 + i, _mm256_permute2x128_si256(top2, low2, 0x20));
      store8(d3 + i, _mm256_permute2x128_si256(top3, low3, 0x20));
      store8(d4 + i, _mm256_permute2x128_si256(top0, low0, 0x31));
      store8(d5 + i, _mm256_permute2x128_si256(top1, low1, 0x31));
      store8(d6 + i, _mm256_permute2x128_si256(top2, low2, 0x31));
      store8(d7 + i, _mm256_permute2x128_si256(top3, low3, 0x31));
    }
  }
  transpose_part(dst, dst_stride, src, src_stride, 0, block_rows, block_count, count);
  transpose_part(dst, dst_stride, src, src_stride, block_rows, rows, 0, count);
}

void reverse_row32(uint32_t* dst, const uint32_t* src, size_t count) {
  const __m256i backwards = _mm256_setr_epi32(7, 6, 5, 4, 3, 2, 1, 0);
  size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    store8(dst + i, _mm256_permutevar8x32_epi32(load8(src + count - 8 - i), backwards));
  }
  for (; i < count; ++i) dst[i] = src[count - 1 - i];
}

}  // namespace

const RowKernels kAvx2RowKernels = {
    .name = "avx2",
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
