// SPDX-License-Identifier: MIT
// Internal: the row kernels behind the raster ops. One table per instruction set; every table
// gives the same bits as the scalar reference.
//
// This header declares plain data only (no inline functions, no templates): it is included by
// translation units compiled for other instruction sets (-mavx2), and any inline code shared
// with them could be merged by the linker into baseline code.
#pragma once

#include <cstddef>
#include <cstdint>

namespace fb::raster {

/// A rectangle for RowKernels::stream_over_rect. Each of its `rows` rows is `left` pixels of
/// below, then `middle` pixels of src (scaled by `opacity`) over below, then `right` pixels of
/// below, written opaque in the same byte order (xrgb8888 or argb8888_premul). Strides are in
/// bytes; `below` and `dst` point at the rectangle's first pixel, `src` at its first middle
/// pixel (read only when middle != 0).
struct StreamOverRect {
  std::byte* dst;
  ptrdiff_t dst_stride;
  const std::byte* below;
  ptrdiff_t below_stride;
  const std::byte* src;
  ptrdiff_t src_stride;
  size_t left, middle, right, rows;
  uint8_t opacity;
};

/// Row kernels. Counts are in pixels. 32-bit pixel pointers are 4-byte aligned and 16-bit
/// ones 2-byte aligned (the public ops check); nothing else about alignment is assumed.
/// Colours are 0xAARRGGBB, premultiplied; `opacity` scales every source channel first.
struct RowKernels {
  const char* name;

  // Cached memory.
  void (*fill_row32)(uint32_t* dst, size_t count, uint32_t value);
  void (*fill_row16)(uint16_t* dst, size_t count, uint16_t value);
  /// memmove semantics: src and dst may overlap.
  void (*copy_row)(std::byte* dst, const std::byte* src, size_t bytes);
  /// src over dst; dst xrgb8888, the result's X byte is 0xff.
  void (*over_row_onto_xrgb)(uint32_t* dst, const uint32_t* src, size_t count, uint8_t opacity);
  /// src over dst; dst argb8888 premultiplied, alpha blended like the colour channels.
  void (*over_row_onto_argb)(uint32_t* dst, const uint32_t* src, size_t count, uint8_t opacity);
  /// dst = src over below, all three cached rows (plain stores, no overlap): over_row_onto_xrgb
  /// onto a copy of below in one pass, the result's X byte 0xff.
  void (*over_row_below_onto_xrgb)(uint32_t* dst, const uint32_t* below, const uint32_t* src,
                                   size_t count, uint8_t opacity);
  void (*solid_over_row_onto_xrgb)(uint32_t* dst, size_t count, uint32_t premultiplied_argb);
  void (*solid_over_row_onto_argb)(uint32_t* dst, size_t count, uint32_t premultiplied_argb);

  // Write-only (scanout) memory: streaming stores where the instruction set has them, dst is
  // never read. The source is xrgb8888 or argb8888 premultiplied; its alpha is dropped.
  /// To the same byte order, X/A byte written 0xff (xrgb8888, argb8888_premul).
  void (*stream_row_same_order)(std::byte* dst, const uint32_t* src, size_t count);
  /// stream_row_same_order with streaming stores whatever the length: for a turned tile's
  /// short rows, each a run of whole cache lines in another scanout row (4 KiB apart, where
  /// plain stores would crowd a few cache sets), the way rows of any length stream.
  void (*stream_lines_same_order)(std::byte* dst, const uint32_t* src, size_t count);
  /// Red and blue swapped, X/A byte written 0xff (xbgr8888, abgr8888_premul).
  void (*stream_row_swap_rb)(std::byte* dst, const uint32_t* src, size_t count);
  /// To 16-bit 565, each channel rounded to nearest: (c * max + 127) / 255.
  void (*stream_row_rgb565)(std::byte* dst, const uint32_t* src, size_t count);
  void (*stream_row_bgr565)(std::byte* dst, const uint32_t* src, size_t count);
  /// A layer composited onto the one under it on the way to the scanout, with no copy in
  /// between; a whole rectangle per call, as its rows are short where it matters (sprites).
  void (*stream_over_rect)(const StreamOverRect& rect);
  /// A row of a scanout turned by 180 degrees with a layer blended on the way: dst's pixel i is
  /// src[count - 1 - i] (scaled by `opacity`) over below[count - 1 - i], opaque, as
  /// reverse_row32 reads. Streaming stores from kStreamMinBytes on, as stream_row_same_order.
  void (*stream_over_row_reversed)(std::byte* dst, const uint32_t* below, const uint32_t* src,
                                   size_t count, uint8_t opacity);
  void (*stream_fill_row32)(std::byte* dst, size_t count, uint32_t value);
  void (*stream_fill_row16)(std::byte* dst, size_t count, uint16_t value);
  // Turning pixels for a rotated scanout, cached memory to cached memory (a small tile that
  // stays in L1 on its way out). Strides are in bytes and may be negative.
  /// dst's row j, pixel i = src's row i, pixel j, for i < rows and j < count: each of `rows`
  /// source rows of `count` pixels becomes a column of dst.
  void (*transpose32)(uint32_t* dst, ptrdiff_t dst_stride, const uint32_t* src,
                      ptrdiff_t src_stride, size_t count, size_t rows);
  /// dst[i] = src[count - 1 - i].
  void (*reverse_row32)(uint32_t* dst, const uint32_t* src, size_t count);
  /// Orders the streamed stores before anything written after (sfence); called once per op.
  void (*stream_finish)();
};

/// The reference every other table is checked against; runs everywhere.
extern const RowKernels kScalarRowKernels;
#if defined(__x86_64__) || (defined(__i386__) && defined(__SSE2__))
/// Needs SSE2 only, which every x86-64 CPU has (32-bit x86: only in builds that assume SSE2).
extern const RowKernels kSse2RowKernels;
#define FB_RASTER_HAVE_SSE2_KERNELS 1
#endif
#if defined(FB_RASTER_HAVE_SSE2_KERNELS)
/// Needs SSSE3 (check with __builtin_cpu_supports first): the SSE2 table with its blends built
/// for SSSE3. A function, not a constant: the table is copied from kSse2RowKernels on first use.
const RowKernels& ssse3_row_kernels();
#define FB_RASTER_HAVE_SSSE3_KERNELS 1
#endif
#if defined(__x86_64__) || defined(__i386__)
/// Needs AVX2 (check with __builtin_cpu_supports first).
extern const RowKernels kAvx2RowKernels;
#define FB_RASTER_HAVE_AVX2_KERNELS 1
#endif
#if defined(__aarch64__) || (defined(__arm__) && defined(FB_RASTER_NEON))
/// Needs NEON: always there on aarch64; on 32-bit ARM checked through AT_HWCAP.
extern const RowKernels kNeonRowKernels;
#define FB_RASTER_HAVE_NEON_KERNELS 1
#endif

}  // namespace fb::raster
