// SPDX-License-Identifier: MIT
// Internal: the row walk of RowKernels::stream_over_rect, shared by the kernel files, which
// pass their own row functions. Like pixel_math.hpp it has internal linkage only (an anonymous
// namespace), so each translation unit compiles its own copy with its own instruction set.
#pragma once

#include <cstddef>
#include <cstdint>

#include "raster/row_kernels.hpp"

namespace fb::raster {
namespace {

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

}  // namespace
}  // namespace fb::raster
