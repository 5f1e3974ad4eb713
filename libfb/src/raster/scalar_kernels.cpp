// SPDX-License-Identifier: MIT
// The scalar reference row kernels: straightforward per-channel code that defines the exact
// results every SIMD table must reproduce.
#include <cstring>

#include "raster/pixel_math.hpp"
#include "raster/row_kernels.hpp"
#include "raster/stream_over_walk.hpp"

namespace fb::raster {
namespace {

using namespace pixel;

void fill_row32(uint32_t* dst, size_t count, uint32_t value) {
  for (size_t i = 0; i < count; ++i) dst[i] = value;
}

void fill_row16(uint16_t* dst, size_t count, uint16_t value) {
  for (size_t i = 0; i < count; ++i) dst[i] = value;
}

void copy_row(std::byte* dst, const std::byte* src, size_t bytes) {
  std::memmove(dst, src, bytes);
}

void over_row_onto_xrgb(uint32_t* dst, const uint32_t* src, size_t count, uint8_t opacity) {
  for (size_t i = 0; i < count; ++i) {
    dst[i] = over_pixel(scale_pixel(src[i], opacity), dst[i]) | kOpaque;
  }
}

void over_row_onto_argb(uint32_t* dst, const uint32_t* src, size_t count, uint8_t opacity) {
  for (size_t i = 0; i < count; ++i) dst[i] = over_pixel(scale_pixel(src[i], opacity), dst[i]);
}

void over_row_below_onto_xrgb(uint32_t* dst, const uint32_t* below, const uint32_t* src,
                              size_t count, uint8_t opacity) {
  for (size_t i = 0; i < count; ++i)
    dst[i] = over_pixel(scale_pixel(src[i], opacity), below[i]) | kOpaque;
}

void solid_over_row_onto_xrgb(uint32_t* dst, size_t count, uint32_t argb) {
  for (size_t i = 0; i < count; ++i) dst[i] = over_pixel(argb, dst[i]) | kOpaque;
}

void solid_over_row_onto_argb(uint32_t* dst, size_t count, uint32_t argb) {
  for (size_t i = 0; i < count; ++i) dst[i] = over_pixel(argb, dst[i]);
}

// The scanout rows: plain stores, one pixel at a time, never reading dst.
void store32(std::byte* dst, size_t index, uint32_t value) {
  std::memcpy(dst + index * 4, &value, 4);
}

void store16(std::byte* dst, size_t index, uint16_t value) {
  std::memcpy(dst + index * 2, &value, 2);
}

void stream_row_same_order(std::byte* dst, const uint32_t* src, size_t count) {
  for (size_t i = 0; i < count; ++i) store32(dst, i, src[i] | kOpaque);
}

void stream_row_swap_rb(std::byte* dst, const uint32_t* src, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    uint32_t p = src[i];
    store32(dst, i, kOpaque | channel(p, 0) << 16 | (p & 0x0000ff00u) | channel(p, 16));
  }
}

void stream_row_rgb565(std::byte* dst, const uint32_t* src, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    uint32_t p = src[i];
    store16(dst, i, to_565(channel(p, 16), channel(p, 8), channel(p, 0)));
  }
}

void stream_row_bgr565(std::byte* dst, const uint32_t* src, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    uint32_t p = src[i];
    store16(dst, i, to_565(channel(p, 0), channel(p, 8), channel(p, 16)));
  }
}

void stream_over_rect(const StreamOverRect& r) {
  walk_stream_over_rect(
      r,
      [](std::byte* dst, const uint32_t* below, size_t count) {
        for (size_t i = 0; i < count; ++i) store32(dst, i, below[i] | kOpaque);
      },
      [&](std::byte* dst, const uint32_t* below, const uint32_t* src, size_t count) {
        for (size_t i = 0; i < count; ++i)
          store32(dst, i, over_pixel(scale_pixel(src[i], r.opacity), below[i]) | kOpaque);
      });
}

void stream_over_row_reversed(std::byte* dst, const uint32_t* below, const uint32_t* src,
                              size_t count, uint8_t opacity) {
  for (size_t i = 0, j = count; i < count; ++i) {
    --j;
    store32(dst, i, over_pixel(scale_pixel(src[j], opacity), below[j]) | kOpaque);
  }
}

void stream_fill_row32(std::byte* dst, size_t count, uint32_t value) {
  for (size_t i = 0; i < count; ++i) store32(dst, i, value);
}

void stream_fill_row16(std::byte* dst, size_t count, uint16_t value) {
  for (size_t i = 0; i < count; ++i) store16(dst, i, value);
}

void stream_finish() {}

void transpose32(uint32_t* dst, ptrdiff_t dst_stride, const uint32_t* src, ptrdiff_t src_stride,
                 size_t count, size_t rows) {
  transpose_part(dst, dst_stride, src, src_stride, 0, rows, 0, count);
}

void reverse_row32(uint32_t* dst, const uint32_t* src, size_t count) {
  for (size_t i = 0; i < count; ++i) dst[i] = src[count - 1 - i];
}

}  // namespace

const RowKernels kScalarRowKernels = {
    .name = "scalar",
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
