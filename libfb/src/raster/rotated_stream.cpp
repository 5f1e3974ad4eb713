// SPDX-License-Identifier: MIT
#include "raster/rotated_stream.hpp"

#include <algorithm>

#include "fb/pixel_format.hpp"
#include "raster/kernel_dispatch.hpp"
#include "scanout_access.hpp"

namespace fb::raster {
namespace {

// A tile is 256 scanout columns by 8 rows (8 KiB): it stays in L1 between the transpose and
// the stream. Its rows are 1 KiB of a scanout row each, written in one run: long runs are what
// the memory takes well (a turned full frame streamed in 256-byte runs took 1.4x as long as in
// 1 KiB runs). Each source row gives it 8 pixels, half a cache line; the next tile down takes
// the other half while the line is still in L1. A turned frame took 1.1x as long in tiles of 16
// rows, whose 16 KiB shared L1 with the 256 source lines (both measured on an AMD EPYC).
constexpr size_t kTileColumns = 256;
constexpr size_t kTileRows = 8;
// Tiles end on multiples of this many scanout columns.
constexpr int64_t kLine = 16;
// Turned rectangles of at least this many bytes stream their tile rows past the cache: 64 KiB,
// well above a sprite, well below a band of a full repaint (compositor_bench's rotated cases).
constexpr int64_t kStreamPastCacheBytes = 64 * 1024;
// An r180 row is reversed this many pixels at a time.
constexpr size_t kReverseChunk = kTileColumns * kTileRows;

struct alignas(64) Tile {
  uint32_t pixels[kTileColumns * kTileRows];
};

Tile& turn_tile() {
  thread_local Tile tile;
  return tile;
}

/// Streams `count` pixels from `first` on into the scanout at `out`, last first, through
/// stream_row (`bpp` bytes a scanout pixel): reversed into the L1 tile a piece at a time.
void stream_backwards(const RowKernels& kernels, StreamRow stream_row, std::byte* out,
                      ptrdiff_t bpp, const uint32_t* first, int64_t count) {
  uint32_t* const tile = turn_tile().pixels;
  for (int64_t done = 0; done < count;) {
    const int64_t n = std::min<int64_t>(count - done, static_cast<int64_t>(kReverseChunk));
    kernels.reverse_row32(tile, first + (count - done - n), static_cast<size_t>(n));
    stream_row(out + done * bpp, tile, static_cast<size_t>(n));
    done += n;
  }
}

}  // namespace

void stream_turned(ScanoutSurface& dst, const Rect& target, const Surface& src, Point src_origin,
                   StreamRow stream_row, const Rect& whole) {
  if (target.empty()) return;
  const RowKernels& kernels = active_row_kernels();
  const Orientation orientation = dst.orientation();
  const Rect scanout_rect = orientation.to_scanout(target);
  const int64_t scanout_width = orientation.scanout_width;
  const int64_t scanout_height = orientation.scanout_height;
  const ptrdiff_t bpp = bytes_per_pixel(dst.format());
  auto scanout_at = [&](int64_t x, int64_t y) {
    return detail::ScanoutAccess::row(dst, static_cast<int32_t>(y)) + x * bpp;
  };
  // The source pixel for the logical pixel (x, y) of target.
  auto source_at = [&](int64_t x, int64_t y) {
    return src.row_as<const uint32_t>(static_cast<int32_t>(src_origin.y + (y - target.y))) +
           (src_origin.x + (x - target.x));
  };
  uint32_t* tile = turn_tile().pixels;
  constexpr auto tile_stride = static_cast<ptrdiff_t>(kTileColumns * sizeof(uint32_t));

  if (orientation.rotation == Rotation::r180) {
    // Scanout row y shows logical row H-1-y, right to left.
    for (int64_t y = scanout_rect.top(); y < scanout_rect.bottom(); ++y) {
      stream_backwards(kernels, stream_row, scanout_at(scanout_rect.left(), y), bpp,
                       source_at(target.x, scanout_height - 1 - y), target.width);
    }
    return;
  }
  // r90 and r270: each tile's columns are rows of the source, read in order. Tiles end on the
  // panel's 16-column grid (64 bytes at 4 bytes a pixel), so their rows are whole cache lines
  // of the scanout where the rectangle allows. A large rectangle streams them past the cache
  // however short they are: they lie a scanout row apart (4 KiB), where plain stores would
  // crowd a few cache sets and evict each other. A small one (a sprite) is faster with plain
  // stores, as unrotated short rows are.
  if (stream_row == kernels.stream_row_same_order && whole.area() * bpp >= kStreamPastCacheBytes) {
    stream_row = kernels.stream_lines_same_order;
  }
  constexpr auto tile_columns = static_cast<int64_t>(kTileColumns);
  constexpr auto tile_rows = static_cast<int64_t>(kTileRows);
  for (int64_t x0 = scanout_rect.left(), x1 = 0; x0 < scanout_rect.right(); x0 = x1) {
    x1 = std::min(scanout_rect.right(), (x0 + tile_columns) / kLine * kLine);
    const auto columns = static_cast<size_t>(x1 - x0);
    for (int64_t y0 = scanout_rect.top(); y0 < scanout_rect.bottom(); y0 += tile_rows) {
      const auto rows = static_cast<size_t>(std::min(scanout_rect.bottom() - y0, tile_rows));
      if (orientation.rotation == Rotation::r90) {
        // Scanout (x, y) shows logical (y, W-1-x): tile row r, column c is logical
        // (y0 + r, W-1-x0-c), so source rows go upwards.
        kernels.transpose32(tile, tile_stride, source_at(y0, scanout_width - 1 - x0), -src.stride(),
                            rows, columns);
      } else {
        // Scanout (x, y) shows logical (H-1-y, x): tile row r, column c is logical
        // (H-1-y0-r, x0 + c), so the tile fills from its last row upwards.
        kernels.transpose32(tile + (rows - 1) * kTileColumns, -tile_stride,
                            source_at(scanout_height - y0 - static_cast<int64_t>(rows), x0),
                            src.stride(), rows, columns);
      }
      for (size_t r = 0; r < rows; ++r) {
        stream_row(scanout_at(x0, y0 + static_cast<int64_t>(r)), tile + r * kTileColumns, columns);
      }
    }
  }
}

void stream_over_reversed(ScanoutSurface& dst, const Rect& target, const std::byte* below,
                          ptrdiff_t below_stride, const Surface& src, Point src_at,
                          const Rect& over, uint8_t opacity) {
  if (target.empty()) return;
  const RowKernels& kernels = active_row_kernels();
  const Orientation orientation = dst.orientation();
  const Rect scanout_rect = orientation.to_scanout(target);
  const ptrdiff_t bpp = bytes_per_pixel(dst.format());
  auto copy_backwards = [&](std::byte* out, const uint32_t* first, int64_t count) {
    stream_backwards(kernels, kernels.stream_row_same_order, out, bpp, first, count);
  };
  for (int64_t y = scanout_rect.top(); y < scanout_rect.bottom(); ++y) {
    // Scanout row y shows logical row H-1-y, right to left: first what lies right of src.
    const int64_t logical_y = orientation.scanout_height - 1 - y;
    const auto* under =
        reinterpret_cast<const uint32_t*>(below + (logical_y - target.y) * below_stride);
    std::byte* out =
        detail::ScanoutAccess::row(dst, static_cast<int32_t>(y)) + scanout_rect.left() * bpp;
    if (logical_y < over.top() || logical_y >= over.bottom()) {
      copy_backwards(out, under, target.width);
      continue;
    }
    const int64_t right = target.right() - over.right(), left = over.left() - target.left();
    copy_backwards(out, under + (over.right() - target.x), right);
    const uint32_t* top = src.row_as<const uint32_t>(static_cast<int32_t>(logical_y - src_at.y)) +
                          (over.x - src_at.x);
    kernels.stream_over_row_reversed(out + right * bpp, under + left, top,
                                     static_cast<size_t>(over.width), opacity);
    copy_backwards(out + (right + over.width) * bpp, under, left);
  }
}

Surface turn_piece_surface(PixelFormat format) {
  struct alignas(64) Piece {
    uint32_t pixels[kTurnPiece * kTurnPiece];
  };
  thread_local Piece piece;
  return Surface(piece.pixels, kTurnPiece, kTurnPiece, kTurnPiece * sizeof(uint32_t), format);
}

}  // namespace fb::raster
