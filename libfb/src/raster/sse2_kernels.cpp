// SPDX-License-Identifier: MIT
// SSE2 row kernels, 4 pixels (one 128-bit register) per step. SSE2 is part of the x86-64 base
// architecture, so this file needs no special flags and no run-time check; it is the table for
// x86-64 CPUs without AVX2 (Atom, Celeron, Pentium Silver boards). Plain SSE2 only: no pshufb
// (SSSE3) or packusdw (SSE4.1), which some of those CPUs lack. It mirrors avx2_kernels.cpp step
// for step (same formulas, same streaming policy), so both give the scalar reference's bits.
#include <emmintrin.h>
#include <string.h>

#include "raster/pixel_math.hpp"
#include "raster/row_kernels.hpp"
#include "raster/stream_over_walk.hpp"

#if defined(FB_RASTER_HAVE_SSE2_KERNELS)

namespace fb::raster {
namespace {

using namespace pixel;

// Row heads and tails use pixel_math.hpp: the reference formula itself.

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
  __m128i alpha_red = _mm_shufflehi_epi16(_mm_shufflelo_epi16(src, _MM_SHUFFLE(3, 3, 1, 1)),
                                          _MM_SHUFFLE(3, 3, 1, 1));
  __m128i inverse = _mm_xor_si128(_mm_srli_epi16(alpha_red, 8), _mm_set1_epi16(0x00ff));
  return _mm_adds_epu8(src, scale_bytes(dst, inverse));
}

inline __m128i scale4(__m128i src, __m128i opacity_words) {
  return scale_bytes(src, opacity_words);
}

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

// ---- Streaming kernels. dst is never read. Long rows: plain stores up to a 16-byte boundary,
// then non-temporal 16-byte stores, plain stores for the tail. Short rows: plain stores only;
// a non-temporal store that fills part of a cache line costs a partial write of the line, and
// on write-combined memory plain stores are combined as well. ----

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
  for (size_t i = 0; i < block_rows; i += 4) {
    for (size_t j = 0; j < block_count; j += 4) {
      __m128i r0 = load4(pixel_at(src, src_stride, i, j));
      __m128i r1 = load4(pixel_at(src, src_stride, i + 1, j));
      __m128i r2 = load4(pixel_at(src, src_stride, i + 2, j));
      __m128i r3 = load4(pixel_at(src, src_stride, i + 3, j));
      __m128i ab01 = _mm_unpacklo_epi32(r0, r1), cd01 = _mm_unpacklo_epi32(r2, r3);
      __m128i ab23 = _mm_unpackhi_epi32(r0, r1), cd23 = _mm_unpackhi_epi32(r2, r3);
      store4(pixel_at(dst, dst_stride, j, i), _mm_unpacklo_epi64(ab01, cd01));
      store4(pixel_at(dst, dst_stride, j + 1, i), _mm_unpackhi_epi64(ab01, cd01));
      store4(pixel_at(dst, dst_stride, j + 2, i), _mm_unpacklo_epi64(ab23, cd23));
      store4(pixel_at(dst, dst_stride, j + 3, i), _mm_unpackhi_epi64(ab23, cd23));
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
    .solid_over_row_onto_xrgb = solid_over_row_onto_xrgb,
    .solid_over_row_onto_argb = solid_over_row_onto_argb,
    .stream_row_same_order = stream_row_same_order,
    .stream_lines_same_order = stream_lines_same_order,
    .stream_row_swap_rb = stream_row_swap_rb,
    .stream_row_rgb565 = stream_row_rgb565,
    .stream_row_bgr565 = stream_row_bgr565,
    .stream_over_rect = stream_over_rect,
    .stream_fill_row32 = stream_fill_row32,
    .stream_fill_row16 = stream_fill_row16,
    .transpose32 = transpose32,
    .reverse_row32 = reverse_row32,
    .stream_finish = stream_finish,
};

}  // namespace fb::raster

#endif  // FB_RASTER_HAVE_SSE2_KERNELS
