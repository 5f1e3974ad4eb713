// SPDX-License-Identifier: MIT
// Internal: the row walk of RowKernels::stream_over_rect, shared by the kernel files, which
// pass their own row functions, and by fb::compose_over, which passes the cached row kernels. Like
// pixel_math.hpp it has internal linkage only (an anonymous namespace), so each translation unit
// compiles its own copy with its own instruction set.
#pragma once

#include <cstddef>
#include <cstdint>

#include "raster/row_kernels.hpp"

namespace fb::raster {
namespace {

// Not std::min and std::max: they are shared inline templates, and a copy compiled into an
// instruction-set file (avx2_kernels.cpp) could be the one the linker keeps for all code.
constexpr size_t smaller(size_t a, size_t b) {
  return a < b ? a : b;
}
constexpr size_t larger(size_t a, size_t b) {
  return a < b ? b : a;
}

/// Each row of `r`: copy_row(dst, below, count) for the parts left and right of src, and
/// over_span(dst, below, src, count) for the middle.
template <class CopyRow, class OverSpan>
inline void walk_stream_over_rect(const StreamOverRect& r, CopyRow copy_row, OverSpan over_span) {
  for (size_t y = 0; y < r.rows; ++y) {
    std::byte* dst = r.dst + static_cast<ptrdiff_t>(y) * r.dst_stride;
    auto below =
        reinterpret_cast<const uint32_t*>(r.below + static_cast<ptrdiff_t>(y) * r.below_stride);
    if (r.left != 0) copy_row(dst, below, r.left);
    if (r.middle != 0) {
      auto src =
          reinterpret_cast<const uint32_t*>(r.src + static_cast<ptrdiff_t>(y) * r.src_stride);
      over_span(dst + r.left * 4, below + r.left, src, r.middle);
    }
    if (r.right != 0) {
      size_t skip = r.left + r.middle;
      copy_row(dst + skip * 4, below + skip, r.right);
    }
  }
}

/// walk_stream_over_rect for kernels with streaming stores. Rows shorter than
/// `stream_min_bytes` are written with plain stores: copy_row and over_span(..., false).
/// Longer rows are written in whole 64-byte lines of dst, each by streaming stores alone:
/// stream_lines for the copied parts, over_span(..., true) for the middle, and the (at most two)
/// lines holding both copied and blended pixels are put together in a cached buffer first and
/// streamed from there. Ending a streaming run mid-line, or mixing plain stores into a streamed
/// line, makes the CPU write the line out in pieces: written part by part that way, blending a
/// sprite on top of full-width bands on the way out made compositor_bench's alpha50 full
/// repaint 1.2x slower than blending it in the strip, measured on an AMD EPYC.
template <class CopyRow, class OverSpan>
inline void walk_stream_over_rect_in_lines(const StreamOverRect& r, size_t stream_min_bytes,
                                           CopyRow copy_row, CopyRow stream_lines,
                                           OverSpan over_span) {
  const size_t total = r.left + r.middle + r.right;
  if (total * 4 < stream_min_bytes || r.middle == 0) {
    walk_stream_over_rect(
        r, copy_row, [&](std::byte* dst, const uint32_t* below, const uint32_t* src, size_t count) {
          over_span(dst, below, src, count, false);
        });
    return;
  }
  constexpr size_t kLine = 16;  // pixels in a 64-byte line
  const size_t mid0 = r.left, mid1 = r.left + r.middle;
  for (size_t y = 0; y < r.rows; ++y) {
    std::byte* dst = r.dst + static_cast<ptrdiff_t>(y) * r.dst_stride;
    auto below =
        reinterpret_cast<const uint32_t*>(r.below + static_cast<ptrdiff_t>(y) * r.below_stride);
    auto src = reinterpret_cast<const uint32_t*>(r.src + static_cast<ptrdiff_t>(y) * r.src_stride);
    // Line boundaries of dst, in pixels from the row's start: `lead`, lead + 16, ...
    const size_t lead = ((64 - (reinterpret_cast<uintptr_t>(dst) & 63)) & 63) / 4;
    auto line_start = [&](size_t x) { return x < lead ? 0 : lead + (x - lead) / kLine * kLine; };
    auto line_end = [&](size_t x) {
      return smaller(total, x < lead ? lead : lead + ((x - lead) / kLine + 1) * kLine);
    };
    // Pixels [c0, c1) of one line, part copied and part blended, streamed from a cached copy.
    auto mixed_line = [&](size_t c0, size_t c1) {
      alignas(64) uint32_t line[kLine];
      for (size_t x = c0; x < c1; ++x) line[x - c0] = below[x];
      const size_t o0 = larger(c0, mid0), o1 = smaller(c1, mid1);
      auto* into = reinterpret_cast<std::byte*>(line + (o0 - c0));
      over_span(into, below + o0, src + (o0 - mid0), o1 - o0, false);
      stream_lines(dst + c0 * 4, line, c1 - c0);
    };
    const size_t first = line_start(mid0);
    const bool middle_ends_line = mid1 == total || mid1 == line_start(mid1);
    const size_t last = middle_ends_line ? mid1 : line_end(mid1 - 1);
    if (first != 0) stream_lines(dst, below, first);
    size_t x = first;
    if (mid0 != first) {
      const size_t end = smaller(last, line_end(mid0));
      mixed_line(x, end);
      x = end;
    }
    const size_t blended_end = middle_ends_line ? mid1 : larger(x, line_start(mid1));
    if (blended_end > x) {
      over_span(dst + x * 4, below + x, src + (x - mid0), blended_end - x, true);
      x = blended_end;
    }
    if (x < last) mixed_line(x, last);
    if (last < total) stream_lines(dst + last * 4, below + last, total - last);
  }
}

}  // namespace
}  // namespace fb::raster
