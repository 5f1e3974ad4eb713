// SPDX-License-Identifier: MIT
// Internal: the per-pixel arithmetic of the reference, one definition for every kernel file.
// The scalar table is built from these; the SIMD tables use them for row heads and tails.
// Every function is `static`, so each translation unit compiles its own copy with its own flags:
// nothing built with -mavx2 here can be picked by the linker for code that runs on any CPU.
#pragma once

#include <cstddef>
#include <cstdint>

namespace fb::raster::pixel {

static constexpr uint32_t kOpaque = 0xff000000u;

/// a * b / 255 rounded to nearest, exact for 8-bit inputs.
static constexpr uint32_t mul_div255(uint32_t a, uint32_t b) {
  uint32_t t = a * b + 128;
  return (t + (t >> 8)) >> 8;
}

static constexpr uint32_t channel(uint32_t pixel, int shift) {
  return (pixel >> shift) & 0xff;
}

/// Every channel of `pixel` scaled by `opacity`.
static constexpr uint32_t scale_pixel(uint32_t pixel, uint32_t opacity) {
  uint32_t out = 0;
  for (int shift = 0; shift < 32; shift += 8) {
    out |= mul_div255(channel(pixel, shift), opacity) << shift;
  }
  return out;
}

/// Premultiplied src over dst on all four channels. A sum above 255 (only possible when src is
/// not validly premultiplied) saturates.
static constexpr uint32_t over_pixel(uint32_t src, uint32_t dst) {
  uint32_t inverse_alpha = 255 - (src >> 24);
  uint32_t out = 0;
  for (int shift = 0; shift < 32; shift += 8) {
    uint32_t sum = channel(src, shift) + mul_div255(channel(dst, shift), inverse_alpha);
    out |= (sum > 255 ? 255 : sum) << shift;
  }
  return out;
}

/// (c * max + 127) / 255: the channel rounded to nearest on `bits` bits.
static constexpr uint32_t narrow(uint32_t value, int bits) {
  uint32_t max = (1u << bits) - 1;
  return (value * max + 127) / 255;
}

static constexpr uint16_t to_565(uint32_t high, uint32_t green, uint32_t low) {
  return static_cast<uint16_t>(narrow(high, 5) << 11 | narrow(green, 6) << 5 | narrow(low, 5));
}

static constexpr uint16_t rgb565_pixel(uint32_t p) {
  return to_565(channel(p, 16), channel(p, 8), channel(p, 0));
}

static constexpr uint16_t bgr565_pixel(uint32_t p) {
  return to_565(channel(p, 0), channel(p, 8), channel(p, 16));
}

/// xrgb -> xbgr, opaque.
static constexpr uint32_t swap_rb_pixel(uint32_t p) {
  return kOpaque | channel(p, 0) << 16 | (p & 0x0000ff00u) | channel(p, 16);
}

/// Pixel `column` of row `row` of a block whose rows are `stride` bytes apart (may be negative).
static inline uint32_t* pixel_at(uint32_t* base, ptrdiff_t stride, size_t row, size_t column) {
  return reinterpret_cast<uint32_t*>(reinterpret_cast<std::byte*>(base) +
                                     static_cast<ptrdiff_t>(row) * stride) +
         column;
}
static inline const uint32_t* pixel_at(const uint32_t* base, ptrdiff_t stride, size_t row,
                                       size_t column) {
  return reinterpret_cast<const uint32_t*>(reinterpret_cast<const std::byte*>(base) +
                                           static_cast<ptrdiff_t>(row) * stride) +
         column;
}

/// RowKernels::transpose32 for source rows [first_row, rows) and pixels [first_column, count):
/// the reference, and the SIMD kernels' edges outside their whole blocks.
static inline void transpose_part(uint32_t* dst, ptrdiff_t dst_stride, const uint32_t* src,
                                  ptrdiff_t src_stride, size_t first_row, size_t rows,
                                  size_t first_column, size_t count) {
  if (first_column >= count) return;  // no edge: don't walk the rows for nothing
  for (size_t i = first_row; i < rows; ++i) {
    const uint32_t* in = pixel_at(src, src_stride, i, 0);
    for (size_t j = first_column; j < count; ++j) *pixel_at(dst, dst_stride, j, i) = in[j];
  }
}

}  // namespace fb::raster::pixel
