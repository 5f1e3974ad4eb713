// SPDX-License-Identifier: MIT
// NEON row kernels (aarch64, and 32-bit ARM built with -mfpu=neon), 8 pixels per step with
// vld4/vst4 splitting the channels. Like the AVX2 file it is self-contained: intrinsics, plain
// C headers and internal-linkage functions only, so nothing here can be merged by the linker
// into code that runs without NEON.
#include <arm_neon.h>
#include <string.h>

#include "raster/pixel_math.hpp"
#include "raster/row_kernels.hpp"
#include "raster/stream_over_walk.hpp"

namespace fb::raster {
namespace {

using namespace pixel;

// Row heads and tails use pixel_math.hpp: the reference formula itself.

inline void put32(std::byte* p, uint32_t v) {
  memcpy(p, &v, 4);
}
inline void put16(std::byte* p, uint16_t v) {
  memcpy(p, &v, 2);
}

// ---- Vector helpers. Channels after vld4_u8: val[0] blue, [1] green, [2] red, [3] alpha. ----

/// a * b / 255 rounded, from the 16-bit product: vrshr gives (x + 128) >> 8 and vraddhn adds
/// with another +128 before narrowing: (t + (t >> 8)) >> 8 with t = x + 128, exactly.
inline uint8x8_t div255(uint16x8_t product) {
  return vraddhn_u16(product, vrshrq_n_u16(product, 8));
}

inline bool all_zero(uint8x8_t v) {
  return vget_lane_u64(vreinterpret_u64_u8(v), 0) == 0;
}
inline bool all_ones(uint8x8_t v) {
  return vget_lane_u64(vreinterpret_u64_u8(v), 0) == ~0ull;
}

inline uint8x8x4_t load4(const uint32_t* p) {
  return vld4_u8(reinterpret_cast<const uint8_t*>(p));
}
inline void store4(uint32_t* p, uint8x8x4_t v) {
  vst4_u8(reinterpret_cast<uint8_t*>(p), v);
}

inline uint8x8x4_t over8(uint8x8x4_t s, uint8x8x4_t d) {
  uint8x8_t inverse_alpha = vmvn_u8(s.val[3]);
  uint8x8x4_t r;
  for (int c = 0; c < 4; ++c) {
    r.val[c] = vqadd_u8(s.val[c], div255(vmull_u8(d.val[c], inverse_alpha)));
  }
  return r;
}

// ---- Cached-memory kernels. ----

void fill_row32(uint32_t* dst, size_t count, uint32_t value) {
  const uint32x4_t v = vdupq_n_u32(value);
  size_t i = 0;
  for (; i + 4 <= count; i += 4) vst1q_u32(dst + i, v);
  for (; i < count; ++i) dst[i] = value;
}

void fill_row16(uint16_t* dst, size_t count, uint16_t value) {
  const uint16x8_t v = vdupq_n_u16(value);
  size_t i = 0;
  for (; i + 8 <= count; i += 8) vst1q_u16(dst + i, v);
  for (; i < count; ++i) dst[i] = value;
}

void copy_row(std::byte* dst, const std::byte* src, size_t bytes) {
  memmove(dst, src, bytes);
}

template <bool kOntoXrgb>
void over_row(uint32_t* dst, const uint32_t* src, size_t count, uint8_t opacity) {
  const uint8x8_t opacity8 = vdup_n_u8(opacity);
  const uint8x8_t ones = vdup_n_u8(0xff);
  size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    uint8x8x4_t s = load4(src + i);
    uint8x8_t any = vorr_u8(vorr_u8(s.val[0], s.val[1]), vorr_u8(s.val[2], s.val[3]));
    if (all_zero(any)) {
      // Transparent source leaves dst as it is, except that an xrgb result is opaque.
      if (kOntoXrgb) {
        uint8x8x4_t d = load4(dst + i);
        if (!all_ones(d.val[3])) {
          d.val[3] = ones;
          store4(dst + i, d);
        }
      }
      continue;
    }
    if (opacity == 255) {
      if (all_ones(s.val[3])) {  // all eight alphas 255: the result is src
        store4(dst + i, s);
        continue;
      }
    } else {
      for (int c = 0; c < 4; ++c) s.val[c] = div255(vmull_u8(s.val[c], opacity8));
    }
    uint8x8x4_t r = over8(s, load4(dst + i));
    if (kOntoXrgb) r.val[3] = ones;
    store4(dst + i, r);
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
  uint8x8x4_t s;
  for (int c = 0; c < 4; ++c) s.val[c] = vdup_n_u8(static_cast<uint8_t>(argb >> (8 * c)));
  size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    uint8x8x4_t r = over8(s, load4(dst + i));
    if (kOntoXrgb) r.val[3] = vdup_n_u8(0xff);
    store4(dst + i, r);
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

// ---- Scanout kernels: whole-vector stores, never reading dst. ARM has no streaming store
// intrinsic; write-combined mappings merge these stores into bursts. ----

void stream_row_same_order(std::byte* dst, const uint32_t* src, size_t count) {
  const uint32x4_t opaque = vdupq_n_u32(kOpaque);
  size_t i = 0;
  for (; i + 4 <= count; i += 4) {
    uint32x4_t v = vorrq_u32(vld1q_u32(src + i), opaque);
    vst1q_u8(reinterpret_cast<uint8_t*>(dst + i * 4), vreinterpretq_u8_u32(v));
  }
  for (; i < count; ++i) put32(dst + i * 4, src[i] | kOpaque);
}

void stream_row_swap_rb(std::byte* dst, const uint32_t* src, size_t count) {
  size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    uint8x8x4_t s = load4(src + i);
    uint8x8x4_t r;
    r.val[0] = s.val[2];
    r.val[1] = s.val[1];
    r.val[2] = s.val[0];
    r.val[3] = vdup_n_u8(0xff);
    vst4_u8(reinterpret_cast<uint8_t*>(dst + i * 4), r);
  }
  for (; i < count; ++i) {
    uint32_t p = src[i];
    put32(dst + i * 4, kOpaque | (p & 0xff) << 16 | (p & 0x0000ff00u) | ((p >> 16) & 0xff));
  }
}

/// (c * 31 + 127) / 255 == (c * 249 + 1014) >> 11 and (c * 63 + 127) / 255 ==
/// (c * 253 + 505) >> 10 for every 8-bit c, without overflowing 16 bits.
inline uint16x8_t narrow5(uint8x8_t c) {
  return vshrq_n_u16(vmlal_u8(vdupq_n_u16(1014), c, vdup_n_u8(249)), 11);
}
inline uint16x8_t narrow6(uint8x8_t c) {
  return vshrq_n_u16(vmlal_u8(vdupq_n_u16(505), c, vdup_n_u8(253)), 10);
}

template <bool kRedHigh>
void stream_row_565(std::byte* dst, const uint32_t* src, size_t count) {
  size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    uint8x8x4_t s = load4(src + i);
    uint16x8_t high = narrow5(kRedHigh ? s.val[2] : s.val[0]);
    uint16x8_t low = narrow5(kRedHigh ? s.val[0] : s.val[2]);
    // Shift-left-and-insert keeps the bits below the shift: low | green << 5 | high << 11.
    uint16x8_t v = vsliq_n_u16(vsliq_n_u16(low, narrow6(s.val[1]), 5), high, 11);
    vst1q_u8(reinterpret_cast<uint8_t*>(dst + i * 2), vreinterpretq_u8_u16(v));
  }
  for (; i < count; ++i) {
    uint32_t p = src[i];
    uint32_t r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
    put16(dst + i * 2, kRedHigh ? to_565(r, g, b) : to_565(b, g, r));
  }
}

void stream_row_rgb565(std::byte* dst, const uint32_t* src, size_t count) {
  stream_row_565<true>(dst, src, count);
}

void stream_row_bgr565(std::byte* dst, const uint32_t* src, size_t count) {
  stream_row_565<false>(dst, src, count);
}

/// 8 pixels of src (scaled by `opacity`, also given as opacity8) over below, made opaque;
/// transparent and opaque blocks skip the arithmetic.
inline uint8x8x4_t over_below8(const uint32_t* below, const uint32_t* src, uint8x8_t opacity8,
                               uint8_t opacity) {
  uint8x8x4_t s = load4(src);
  uint8x8x4_t r;
  if (all_zero(vorr_u8(vorr_u8(s.val[0], s.val[1]), vorr_u8(s.val[2], s.val[3])))) {
    r = load4(below);  // transparent: below as it is
  } else if (opacity == 255 && all_ones(s.val[3])) {
    r = s;  // all eight alphas 255: src as it is
  } else {
    if (opacity != 255) {
      for (int c = 0; c < 4; ++c) s.val[c] = div255(vmull_u8(s.val[c], opacity8));
    }
    r = over8(s, load4(below));
  }
  r.val[3] = vdup_n_u8(0xff);
  return r;
}

void stream_over_span(std::byte* dst, const uint32_t* below, const uint32_t* src, size_t count,
                      uint8_t opacity) {
  const uint8x8_t opacity8 = vdup_n_u8(opacity);
  size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    vst4_u8(reinterpret_cast<uint8_t*>(dst + i * 4),
            over_below8(below + i, src + i, opacity8, opacity));
  }
  for (; i < count; ++i)
    put32(dst + i * 4, over_pixel(scale_pixel(src[i], opacity), below[i]) | kOpaque);
}

/// dst's pixels [i, i + 8) are src's [j, j + 8) backwards: blended in memory order (the blend
/// is per pixel), each colour channel's 8 bytes then reversed once.
void stream_over_row_reversed(std::byte* dst, const uint32_t* below, const uint32_t* src,
                              size_t count, uint8_t opacity) {
  const uint8x8_t opacity8 = vdup_n_u8(opacity);
  size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    const size_t j = count - 8 - i;
    uint8x8x4_t r = over_below8(below + j, src + j, opacity8, opacity);
    for (int c = 0; c < 3; ++c) r.val[c] = vrev64_u8(r.val[c]);
    vst4_u8(reinterpret_cast<uint8_t*>(dst + i * 4), r);
  }
  for (; i < count; ++i) {
    const size_t j = count - 1 - i;
    put32(dst + i * 4, over_pixel(scale_pixel(src[j], opacity), below[j]) | kOpaque);
  }
}

void over_row_below_onto_xrgb(uint32_t* dst, const uint32_t* below, const uint32_t* src,
                              size_t count, uint8_t opacity) {
  stream_over_span(reinterpret_cast<std::byte*>(dst), below, src, count, opacity);
}

void stream_over_rect(const StreamOverRect& r) {
  walk_stream_over_rect(r, stream_row_same_order,
                        [&](std::byte* dst, const uint32_t* below, const uint32_t* src,
                            size_t count) { stream_over_span(dst, below, src, count, r.opacity); });
}

void stream_fill_row32(std::byte* dst, size_t count, uint32_t value) {
  const uint8x16_t v = vreinterpretq_u8_u32(vdupq_n_u32(value));
  size_t i = 0;
  for (; i + 4 <= count; i += 4) vst1q_u8(reinterpret_cast<uint8_t*>(dst + i * 4), v);
  for (; i < count; ++i) put32(dst + i * 4, value);
}

void stream_fill_row16(std::byte* dst, size_t count, uint16_t value) {
  const uint8x16_t v = vreinterpretq_u8_u16(vdupq_n_u16(value));
  size_t i = 0;
  for (; i + 8 <= count; i += 8) vst1q_u8(reinterpret_cast<uint8_t*>(dst + i * 2), v);
  for (; i < count; ++i) put16(dst + i * 2, value);
}

// Plain stores: the kernel's flip path orders them before the device reads the buffer.
void stream_finish() {}

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
      // vtrn interleaves pairs of rows; the 64-bit halves then hold columns 0/2 and 1/3.
      const uint32x4x2_t ab = vtrnq_u32(vld1q_u32(p), vld1q_u32(pixel_at(p, src_stride, 1, 0)));
      const uint32x4x2_t cd = vtrnq_u32(vld1q_u32(pixel_at(p, src_stride, 2, 0)),
                                        vld1q_u32(pixel_at(p, src_stride, 3, 0)));
      vst1q_u32(d0 + i, vcombine_u32(vget_low_u32(ab.val[0]), vget_low_u32(cd.val[0])));
      vst1q_u32(d1 + i, vcombine_u32(vget_low_u32(ab.val[1]), vget_low_u32(cd.val[1])));
      vst1q_u32(d2 + i, vcombine_u32(vget_high_u32(ab.val[0]), vget_high_u32(cd.val[0])));
      vst1q_u32(d3 + i, vcombine_u32(vget_high_u32(ab.val[1]), vget_high_u32(cd.val[1])));
    }
  }
  transpose_part(dst, dst_stride, src, src_stride, 0, block_rows, block_count, count);
  transpose_part(dst, dst_stride, src, src_stride, block_rows, rows, 0, count);
}

void reverse_row32(uint32_t* dst, const uint32_t* src, size_t count) {
  size_t i = 0;
  for (; i + 4 <= count; i += 4) {
    uint32x4_t pairs_swapped = vrev64q_u32(vld1q_u32(src + count - 4 - i));
    vst1q_u32(dst + i, vcombine_u32(vget_high_u32(pairs_swapped), vget_low_u32(pairs_swapped)));
  }
  for (; i < count; ++i) dst[i] = src[count - 1 - i];
}

}  // namespace

const RowKernels kNeonRowKernels = {
    .name = "neon",
    .fill_row32 = fill_row32,
    .fill_row16 = fill_row16,
    .copy_row = copy_row,
    .over_row_onto_xrgb = over_row_onto_xrgb,
    .over_row_onto_argb = over_row_onto_argb,
    .over_row_below_onto_xrgb = over_row_below_onto_xrgb,
    .solid_over_row_onto_xrgb = solid_over_row_onto_xrgb,
    .solid_over_row_onto_argb = solid_over_row_onto_argb,
    .stream_row_same_order = stream_row_same_order,
    .stream_lines_same_order = stream_row_same_order,  // no cache-bypassing stores here
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
