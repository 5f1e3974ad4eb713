// SPDX-License-Identifier: MIT
// Internal: writing into a rotated scanout (ScanoutSurface::rotation() != r0). The pixels are
// turned in a small cached tile that stays in L1: source rows are read in order, the tile is
// transposed (r90, r270) or reversed (r180) by the row kernels, and its rows stream into the
// scanout with the same row kernels as unrotated writes, so the scanout is never read and
// exactly the rectangle's pixels are written.
#pragma once

#include <cstddef>
#include <cstdint>

#include "fb/rect.hpp"
#include "fb/surface.hpp"

namespace fb::raster {

/// A row kernel writing 32-bit pixels into the scanout's format (RowKernels::stream_row_*).
using StreamRow = void (*)(std::byte* dst, const uint32_t* src, size_t count);

/// Writes `target` (logical coordinates, inside dst) of a rotated scanout from the 32-bit
/// pixels of `src`, whose pixel `src_origin` goes to target's top-left. `whole` is the
/// rectangle of the op `target` is part of, which decides how its rows are stored.
void stream_turned(ScanoutSurface& dst, const Rect& target, const Surface& src, Point src_origin,
                   StreamRow stream_row, const Rect& whole);

/// stream_over onto a scanout turned by 180 degrees, `target` logical and inside dst: each
/// scanout row is a logical row read backwards, blended on its way out by
/// RowKernels::stream_over_row_reversed where src lies, as an unturned row is, with no cached
/// copy between (beside src, below is reversed in a tile in L1 and streamed). `below` points at
/// below's pixel for target's top-left and `below_stride` steps a row (0: one row serves them
/// all). `over` is the part of target src covers (empty when the opacity is 0), src's (0, 0)
/// at `src_at`.
void stream_over_reversed(ScanoutSurface& dst, const Rect& target, const std::byte* below,
                          ptrdiff_t below_stride, const Surface& src, Point src_at,
                          const Rect& over, uint8_t opacity);

/// Largest side of the pieces stream_composed_turned() composes at a time.
inline constexpr int32_t kTurnPiece = 64;

/// For the blending stream ops onto a rotated scanout: `target` (logical, inside dst) is cut
/// into pieces of at most kTurnPiece x kTurnPiece; for each, `compose(piece_surface, piece)`
/// draws the logical rectangle `piece` into a cached surface of `format` at (0, 0), which is
/// then written turned with stream_row (alpha dropped, as every scanout write does).
template <class Compose>
void stream_composed_turned(ScanoutSurface& dst, const Rect& target, PixelFormat format,
                            StreamRow stream_row, Compose&& compose);

/// Cached scratch for stream_composed_turned: kTurnPiece x kTurnPiece 32-bit pixels, one per
/// thread, so sprite frames do not allocate.
Surface turn_piece_surface(PixelFormat format);

template <class Compose>
void stream_composed_turned(ScanoutSurface& dst, const Rect& target, PixelFormat format,
                            StreamRow stream_row, Compose&& compose) {
  const Surface scratch = turn_piece_surface(format);
  for (int64_t y = target.top(); y < target.bottom(); y += kTurnPiece) {
    for (int64_t x = target.left(); x < target.right(); x += kTurnPiece) {
      const Rect piece = intersect(
          Rect{static_cast<int32_t>(x), static_cast<int32_t>(y), kTurnPiece, kTurnPiece}, target);
      compose(scratch, piece);
      stream_turned(dst, piece, scratch, Point{0, 0}, stream_row, target);
    }
  }
}

}  // namespace fb::raster
