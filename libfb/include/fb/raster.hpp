// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

#include "fb/rect.hpp"
#include "fb/surface.hpp"

/// Raster operations. Every operation clips to its surfaces: rectangles that are negative,
/// empty, huge or partly outside are cut to what exists, never undefined behaviour. Row kernels
/// are picked once at run time by CPU feature (AVX2 on x86-64, NEON on ARM, a scalar reference
/// everywhere); every fast path equals the scalar reference bit for bit.
///
/// Colours are 0xAARRGGBB. Blending uses premultiplied alpha with exact rounding:
///   mul_div255(a, b) = t = a * b + 128; (t + (t >> 8)) >> 8
///   src over dst, per channel c: c = src_c + mul_div255(dst_c, 255 - src_a)
/// and an opacity o first scales every source channel: src_c = mul_div255(src_c, o).
/// Onto an opaque (x) format the result's X bits are written 0xff.
// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

/// Fills `rect` of `dst` with `argb` converted to dst's format (opaque formats store it opaque).
void fill(const Surface& dst, const Rect& rect, uint32_t argb);

/// Copies `src_rect` of `src` to `dst` with its top-left at `dst_origin`. Formats must be equal
/// (throws UnsupportedFormat otherwise). Overlapping source and destination are handled.
void copy(const Surface& dst, Point dst_origin, const Surface& src, const Rect& src_rect);

/// Composites `src_rect` of a premultiplied ARGB8888 `src` over `dst` at `dst_origin`, with the
/// source scaled by `opacity` (255 = as is). dst is xrgb8888 or argb8888_premul; anything else
/// throws UnsupportedFormat.
void composite_over(const Surface& dst, Point dst_origin, const Surface& src, const Rect& src_rect,
                    uint8_t opacity = 255);

/// Writes `rect` of the cached xrgb8888 `dst` with `src` composited over `below` in one pass:
/// the bits of copy() of below then composite_over() of src, without the copy (stream_over's
/// cached twin). `below_at` and `src_at` are where the surfaces' pixel (0, 0) lies in dst;
/// `rect` is clipped to dst and to below, and outside src below shows as it is. below is
/// xrgb8888, src argb8888_premul scaled by `opacity`; other formats throw UnsupportedFormat.
/// dst's rows must not share bytes with below's or src's (from each surface's first row to the
/// end of its last): Error otherwise, even for side-by-side parts of one image.
void compose_over(const Surface& dst, const Rect& rect, const Surface& below, Point below_at,
                  const Surface& src, Point src_at, uint8_t opacity = 255);

/// Composites one premultiplied colour over `rect` of dst (xrgb8888 or argb8888_premul).
void composite_solid_over(const Surface& dst, const Rect& rect, uint32_t premultiplied_argb);

/// Writes `src_rect` of an xrgb8888 or argb8888_premul cached `src` into the scanout `dst` at
/// `dst_origin` with streaming stores, converting to dst's format (BGR orders, 565). The scanout
/// is never read. Alpha is dropped: scanouts are opaque.
void stream_copy(ScanoutSurface& dst, Point dst_origin, const Surface& src, const Rect& src_rect);

/// Writes `rect` of the scanout with `src` composited over `below`, never reading the scanout:
/// the bits stream_copy would write after composite_over of src onto a copy of below, without
/// the copy. `below_at` and `src_at` are where the surfaces' pixel (0, 0) lies in dst. `rect`
/// is clipped to dst and to below; outside src, below shows as it is. src is argb8888_premul
/// scaled by `opacity`, below xrgb8888 or argb8888_premul (its alpha dropped), dst xrgb8888 or
/// argb8888_premul; anything else throws UnsupportedFormat.
void stream_over(ScanoutSurface& dst, const Rect& rect, const Surface& below, Point below_at,
                 const Surface& src, Point src_at, uint8_t opacity = 255);

/// stream_over onto a plain colour: `rect` of the scanout (clipped to it) gets `src` composited
/// over `below_argb` (its alpha dropped), the scanout never read. For a sprite on a solid
/// background.
void stream_over_solid(ScanoutSurface& dst, const Rect& rect, uint32_t below_argb,
                       const Surface& src, Point src_at, uint8_t opacity = 255);

/// Fills `rect` of the scanout with an opaque colour using streaming stores.
void stream_fill(ScanoutSurface& dst, const Rect& rect, uint32_t argb);

/// The name of the row kernels in use ("scalar", "avx2", "neon"), for logs and benchmarks.
const char* raster_kernels_name();

}  // namespace fb

#pragma GCC visibility pop
