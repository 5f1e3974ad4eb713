// SPDX-License-Identifier: MIT
// SSSE3 row kernels: only the ones SSSE3 speeds up, the blends (sse_blend.hpp built with
// -mssse3, where one pshufb spreads each pixel's alpha). Everything else is the SSE2 table's,
// as pixman's implementations fall back along a chain. For x86 boards with SSSE3 but no AVX2
// (Atom, Celeron and Pentium Silver since Bonnell); used when the CPU reports SSSE3.
#include "raster/sse_blend.hpp"

#if defined(FB_RASTER_HAVE_SSSE3_KERNELS)

#if !defined(__SSSE3__)
#error "ssse3_kernels.cpp is built with -mssse3"
#endif

namespace fb::raster {
namespace {

void stream_over_rect(const StreamOverRect& r) {
  stream_over_rect_with(r, kSse2RowKernels.stream_row_same_order,
                        kSse2RowKernels.stream_lines_same_order);
}

}  // namespace

const RowKernels& ssse3_row_kernels() {
  static const RowKernels table = [] {
    RowKernels kernels = kSse2RowKernels;
    kernels.name = "ssse3";
    kernels.over_row_onto_xrgb = over_row_onto_xrgb;
    kernels.over_row_onto_argb = over_row_onto_argb;
    kernels.over_row_below_onto_xrgb = over_row_below_onto_xrgb;
    kernels.stream_over_rect = stream_over_rect;
    kernels.stream_over_row_reversed = stream_over_row_reversed;
    return kernels;
  }();
  return table;
}

}  // namespace fb::raster

#endif  // FB_RASTER_HAVE_SSSE3_KERNELS
