// SPDX-License-Identifier: MIT
// The public raster ops: clip to the surfaces, check formats, then hand whole rows to the
// active row kernels.
#include "fb/raster.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fb/error.hpp"
#include "fb/pixel_format.hpp"
#include "fb/rotation.hpp"
#include "raster/kernel_dispatch.hpp"
#include "raster/rotated_stream.hpp"
#include "raster/stream_over_walk.hpp"
#include "scanout_access.hpp"

namespace fb {
namespace {

using raster::active_row_kernels;
using raster::RowKernels;

constexpr uint32_t kOpaque = 0xff000000u;

std::string format_name(PixelFormat format) {
  return std::string(pixel_format_name(format));
}

[[noreturn, gnu::cold]] void throw_misaligned(PixelFormat format, const char* op,
                                              const char* what) {
  throw Error(std::string(op) + ": " + what + " rows are not aligned to its " +
              std::to_string(bytes_per_pixel(format)) + "-byte " + format_name(format) + " pixels");
}

/// The kernels take pixel pointers, so rows must start on a pixel boundary. Inline: every op
/// checks its surfaces, and small sprite frames make many ops.
inline void check_alignment(const std::byte* data, ptrdiff_t stride, PixelFormat format,
                            const char* op, const char* what) {
  auto mask = static_cast<uintptr_t>(bytes_per_pixel(format)) - 1;
  if (((reinterpret_cast<uintptr_t>(data) | static_cast<uintptr_t>(stride)) & mask) != 0)
    throw_misaligned(format, op, what);
}

/// Where a copy from `src_rect` of a source with `src_bounds` to `dst_origin` in a destination
/// with `dst_bounds` lands, clipped to both; `src_origin` receives the matching source corner.
/// Computed on 64-bit edges, so any int32 input is safe.
Rect clip_transfer(const Rect& dst_bounds, Point dst_origin, const Rect& src_bounds,
                   const Rect& src_rect, Point& src_origin) {
  Rect source = intersect(src_rect, src_bounds);
  if (source.empty()) return Rect{};
  int64_t dx = int64_t{dst_origin.x} - src_rect.x;
  int64_t dy = int64_t{dst_origin.y} - src_rect.y;
  Rect target = intersect(source.translated(dx, dy), dst_bounds);
  if (target.empty()) return Rect{};
  src_origin =
      Point{static_cast<int32_t>(target.left() - dx), static_cast<int32_t>(target.top() - dy)};
  return target;
}

/// Rows and pixels per row to process: when the rows of every surface involved lie back to
/// back (stride == the clipped row's bytes), the whole rectangle is one long row.
struct RowPlan {
  int32_t rows;
  size_t pixels;
};

RowPlan plan_rows(const Rect& rect, int bytes_per_pixel, ptrdiff_t stride_a, ptrdiff_t stride_b) {
  auto row_bytes = static_cast<ptrdiff_t>(rect.width) * bytes_per_pixel;
  if (row_bytes == stride_a && row_bytes == stride_b) {
    return RowPlan{1, static_cast<size_t>(rect.width) * static_cast<size_t>(rect.height)};
  }
  return RowPlan{rect.height, static_cast<size_t>(rect.width)};
}

std::byte* pixel_address(const Surface& surface, int32_t x, int32_t y) {
  return surface.row(y) + ptrdiff_t{x} * bytes_per_pixel(surface.format());
}

std::byte* pixel_address(const ScanoutSurface& surface, int32_t x, int32_t y) {
  return detail::ScanoutAccess::row(surface, y) + ptrdiff_t{x} * bytes_per_pixel(surface.format());
}

bool is_xrgb_or_premul_argb(PixelFormat format) {
  return format == PixelFormat::xrgb8888 || format == PixelFormat::argb8888_premul;
}

void fill_rows(const RowKernels& kernels, const Surface& dst, const Rect& rect, uint32_t value) {
  int size = bytes_per_pixel(dst.format());
  RowPlan plan = plan_rows(rect, size, dst.stride(), dst.stride());
  for (int32_t i = 0; i < plan.rows; ++i) {
    std::byte* row = pixel_address(dst, rect.x, rect.y + i);
    if (size == 4) {
      kernels.fill_row32(reinterpret_cast<uint32_t*>(row), plan.pixels, value);
    } else {
      kernels.fill_row16(reinterpret_cast<uint16_t*>(row), plan.pixels,
                         static_cast<uint16_t>(value));
    }
  }
}

/// The row kernel that writes 32-bit pixels into a scanout of `format`; nullptr for none.
raster::StreamRow stream_row_for(const RowKernels& kernels, PixelFormat format) {
  switch (format) {
    case PixelFormat::xrgb8888:
    case PixelFormat::argb8888_premul:
      return kernels.stream_row_same_order;
    case PixelFormat::xbgr8888:
    case PixelFormat::abgr8888_premul:
      return kernels.stream_row_swap_rb;
    case PixelFormat::rgb565:
      return kernels.stream_row_rgb565;
    case PixelFormat::bgr565:
      return kernels.stream_row_bgr565;
  }
  return nullptr;
}

}  // namespace

void fill(const Surface& dst, const Rect& rect, uint32_t argb) {
  Rect clipped = intersect(rect, dst.bounds());
  if (clipped.empty()) return;
  check_alignment(dst.data(), dst.stride(), dst.format(), "fill", "destination");
  fill_rows(active_row_kernels(), dst, clipped, pixel_from_argb(dst.format(), argb));
}

void copy(const Surface& dst, Point dst_origin, const Surface& src, const Rect& src_rect) {
  if (dst.format() != src.format()) {
    throw UnsupportedFormat("copy: source is " + format_name(src.format()) +
                            " but destination is " + format_name(dst.format()) +
                            " (copy does not convert)");
  }
  Point src_origin;
  Rect target = clip_transfer(dst.bounds(), dst_origin, src.bounds(), src_rect, src_origin);
  if (target.empty()) return;
  check_alignment(dst.data(), dst.stride(), dst.format(), "copy", "destination");
  check_alignment(src.data(), src.stride(), src.format(), "copy", "source");

  const RowKernels& kernels = active_row_kernels();
  int size = bytes_per_pixel(dst.format());
  RowPlan plan = plan_rows(target, size, dst.stride(), src.stride());
  size_t row_bytes = plan.pixels * static_cast<size_t>(size);
  // When the two overlap and the destination lies after the source, copy the last row first
  // so no source row is overwritten before it is read; copy_row handles overlap within a row.
  bool bottom_up = reinterpret_cast<uintptr_t>(pixel_address(dst, target.x, target.y)) >
                   reinterpret_cast<uintptr_t>(pixel_address(src, src_origin.x, src_origin.y));
  for (int32_t i = 0; i < plan.rows; ++i) {
    int32_t row = bottom_up ? plan.rows - 1 - i : i;
    kernels.copy_row(pixel_address(dst, target.x, target.y + row),
                     pixel_address(src, src_origin.x, src_origin.y + row), row_bytes);
  }
}

void composite_over(const Surface& dst, Point dst_origin, const Surface& src, const Rect& src_rect,
                    uint8_t opacity) {
  if (src.format() != PixelFormat::argb8888_premul) {
    throw UnsupportedFormat("composite_over: source must be argb8888_premul, not " +
                            format_name(src.format()));
  }
  if (!is_xrgb_or_premul_argb(dst.format())) {
    throw UnsupportedFormat(
        "composite_over: destination must be xrgb8888 or argb8888_premul, not " +
        format_name(dst.format()));
  }
  Point src_origin;
  Rect target = clip_transfer(dst.bounds(), dst_origin, src.bounds(), src_rect, src_origin);
  if (target.empty()) return;
  check_alignment(dst.data(), dst.stride(), dst.format(), "composite_over", "destination");
  check_alignment(src.data(), src.stride(), src.format(), "composite_over", "source");
  bool onto_xrgb = dst.format() == PixelFormat::xrgb8888;
  if (opacity == 0 && !onto_xrgb) return;  // src scaled to nothing: dst stays as it is

  const RowKernels& kernels = active_row_kernels();
  auto over_row = onto_xrgb ? kernels.over_row_onto_xrgb : kernels.over_row_onto_argb;
  RowPlan plan = plan_rows(target, 4, dst.stride(), src.stride());
  for (int32_t i = 0; i < plan.rows; ++i) {
    over_row(reinterpret_cast<uint32_t*>(pixel_address(dst, target.x, target.y + i)),
             reinterpret_cast<const uint32_t*>(pixel_address(src, src_origin.x, src_origin.y + i)),
             plan.pixels, opacity);
  }
}

namespace {

bool share_memory(const Surface& a, const Surface& b) {
  auto end = [](const Surface& s) { return s.data() + ptrdiff_t{s.height()} * s.stride(); };
  return a.data() < end(b) && b.data() < end(a);
}

/// `target` of dst (whose top-left pixel is at `dst_at`) as up to three StreamOverRects, handed
/// to `write` top to bottom: the rows above `over`, the rows it crosses (below, then src over
/// below, then below), the rows under it. `below` points at below's pixel for target's
/// top-left; `over` is the part of target src covers (may be empty), src's (0, 0) at `src_at`.
template <class Write>
void split_over_bands(std::byte* dst_at, ptrdiff_t dst_stride, const Rect& target,
                      const std::byte* below, ptrdiff_t below_stride, const Surface& src,
                      Point src_at, const Rect& over, uint8_t opacity, Write&& write) {
  raster::StreamOverRect band{};
  band.dst_stride = dst_stride;
  band.below_stride = below_stride;
  band.src_stride = src.stride();
  band.opacity = opacity;
  auto band_of = [&](int64_t top, int64_t bottom, const Rect& middle) {
    if (bottom <= top) return;
    band.dst = dst_at + (top - target.y) * dst_stride;
    band.below = below + (top - target.y) * below_stride;
    band.rows = static_cast<size_t>(bottom - top);
    if (middle.empty()) {
      band.src = nullptr;
      band.left = static_cast<size_t>(target.width), band.middle = 0, band.right = 0;
    } else {
      band.src = pixel_address(src, middle.x - src_at.x, static_cast<int32_t>(top) - src_at.y);
      band.left = static_cast<size_t>(middle.left() - target.left());
      band.middle = static_cast<size_t>(middle.width);
      band.right = static_cast<size_t>(target.right() - middle.right());
    }
    write(band);
  };
  if (over.empty()) {
    band_of(target.top(), target.bottom(), Rect{});
  } else {
    band_of(target.top(), over.top(), Rect{});
    band_of(over.top(), over.bottom(), over);
    band_of(over.bottom(), target.bottom(), Rect{});
  }
}

}  // namespace

void compose_over(const Surface& dst, const Rect& rect, const Surface& below, Point below_at,
                  const Surface& src, Point src_at, uint8_t opacity) {
  if (dst.format() != PixelFormat::xrgb8888 || below.format() != PixelFormat::xrgb8888) {
    throw UnsupportedFormat("compose_over: destination and below must be xrgb8888, not " +
                            format_name(dst.format()) + " and " + format_name(below.format()));
  }
  if (src.format() != PixelFormat::argb8888_premul) {
    throw UnsupportedFormat("compose_over: source must be argb8888_premul, not " +
                            format_name(src.format()));
  }
  if (share_memory(dst, below) || share_memory(dst, src)) {
    throw Error("compose_over: the destination shares memory with below or the source");
  }
  const Rect target =
      intersect(intersect(rect, dst.bounds()), below.bounds().translated(below_at.x, below_at.y));
  if (target.empty()) return;
  check_alignment(dst.data(), dst.stride(), dst.format(), "compose_over", "destination");
  check_alignment(below.data(), below.stride(), below.format(), "compose_over", "below");
  check_alignment(src.data(), src.stride(), src.format(), "compose_over", "source");
  // Even at opacity 0 src's part goes through the blend, which writes the X byte 0xff as
  // composite_over does.
  const Rect over = intersect(target, src.bounds().translated(src_at.x, src_at.y));
  const RowKernels& kernels = active_row_kernels();
  split_over_bands(
      pixel_address(dst, target.x, target.y), dst.stride(), target,
      pixel_address(below, target.x - below_at.x, target.y - below_at.y), below.stride(), src,
      src_at, over, opacity, [&](const raster::StreamOverRect& band) {
        raster::walk_stream_over_rect(
            band,
            [&](std::byte* out, const uint32_t* under, size_t count) {
              kernels.copy_row(out, reinterpret_cast<const std::byte*>(under), count * 4);
            },
            [&](std::byte* out, const uint32_t* under, const uint32_t* top, size_t count) {
              kernels.over_row_below_onto_xrgb(reinterpret_cast<uint32_t*>(out), under, top, count,
                                               opacity);
            });
      });
}

void composite_solid_over(const Surface& dst, const Rect& rect, uint32_t premultiplied_argb) {
  if (!is_xrgb_or_premul_argb(dst.format())) {
    throw UnsupportedFormat(
        "composite_solid_over: destination must be xrgb8888 or argb8888_premul, not " +
        format_name(dst.format()));
  }
  Rect clipped = intersect(rect, dst.bounds());
  if (clipped.empty()) return;
  check_alignment(dst.data(), dst.stride(), dst.format(), "composite_solid_over", "destination");
  bool onto_xrgb = dst.format() == PixelFormat::xrgb8888;
  const RowKernels& kernels = active_row_kernels();
  // An opaque colour replaces dst: a fill gives the same bits faster.
  if ((premultiplied_argb >> 24) == 0xff)
    return fill_rows(kernels, dst, clipped, premultiplied_argb);
  if (premultiplied_argb == 0 && !onto_xrgb) return;

  auto over_row = onto_xrgb ? kernels.solid_over_row_onto_xrgb : kernels.solid_over_row_onto_argb;
  RowPlan plan = plan_rows(clipped, 4, dst.stride(), dst.stride());
  for (int32_t i = 0; i < plan.rows; ++i) {
    over_row(reinterpret_cast<uint32_t*>(pixel_address(dst, clipped.x, clipped.y + i)), plan.pixels,
             premultiplied_argb);
  }
}

void stream_copy(ScanoutSurface& dst, Point dst_origin, const Surface& src, const Rect& src_rect) {
  if (!is_xrgb_or_premul_argb(src.format())) {
    throw UnsupportedFormat("stream_copy: source must be xrgb8888 or argb8888_premul, not " +
                            format_name(src.format()));
  }
  const RowKernels& kernels = active_row_kernels();
  const raster::StreamRow stream_row = stream_row_for(kernels, dst.format());
  if (stream_row == nullptr) {
    throw UnsupportedFormat("stream_copy: cannot write scanout format " +
                            format_name(dst.format()));
  }
  Point src_origin;
  Rect target = clip_transfer(dst.bounds(), dst_origin, src.bounds(), src_rect, src_origin);
  if (target.empty()) return;
  check_alignment(pixel_address(dst, 0, 0), dst.stride(), dst.format(), "stream_copy", "scanout");
  check_alignment(src.data(), src.stride(), src.format(), "stream_copy", "source");

  if (dst.rotation() != Rotation::r0) {
    raster::stream_turned(dst, target, src, src_origin, stream_row, target);
    kernels.stream_finish();
    return;
  }
  // Whole-surface copies between equal layouts become one long row.
  RowPlan plan = bytes_per_pixel(dst.format()) == 4
                     ? plan_rows(target, 4, dst.stride(), src.stride())
                     : RowPlan{target.height, static_cast<size_t>(target.width)};
  for (int32_t i = 0; i < plan.rows; ++i) {
    stream_row(
        pixel_address(dst, target.x, target.y + i),
        reinterpret_cast<const uint32_t*>(pixel_address(src, src_origin.x, src_origin.y + i)),
        plan.pixels);
  }
  kernels.stream_finish();
}

namespace {

void check_stream_over_formats(const ScanoutSurface& dst, const Surface& src, const char* op) {
  if (src.format() != PixelFormat::argb8888_premul) {
    throw UnsupportedFormat(std::string(op) + ": source must be argb8888_premul, not " +
                            format_name(src.format()));
  }
  if (!is_xrgb_or_premul_argb(dst.format())) {
    throw UnsupportedFormat(std::string(op) +
                            ": scanout must be xrgb8888 or argb8888_premul, not " +
                            format_name(dst.format()));
  }
}

/// Writes `target` (inside dst, unturned or turned by 180 degrees) as src over below, where
/// `below` is below's pixel at target's top-left and `below_stride` steps a row (0: one row
/// serves them all).
void stream_over_target(ScanoutSurface& dst, const Rect& target, const std::byte* below,
                        ptrdiff_t below_stride, const Surface& src, Point src_at, uint8_t opacity) {
  // An opacity of 0 scales src to nothing: every pixel is below's.
  const Rect over =
      opacity == 0 ? Rect{} : intersect(target, src.bounds().translated(src_at.x, src_at.y));
  const RowKernels& kernels = active_row_kernels();
  if (dst.rotation() == Rotation::r180) {
    raster::stream_over_reversed(dst, target, below, below_stride, src, src_at, over, opacity);
  } else {
    split_over_bands(pixel_address(dst, target.x, target.y), dst.stride(), target, below,
                     below_stride, src, src_at, over, opacity, kernels.stream_over_rect);
  }
  kernels.stream_finish();
}

}  // namespace

void stream_over(ScanoutSurface& dst, const Rect& rect, const Surface& below, Point below_at,
                 const Surface& src, Point src_at, uint8_t opacity) {
  check_stream_over_formats(dst, src, "stream_over");
  if (!is_xrgb_or_premul_argb(below.format())) {
    throw UnsupportedFormat("stream_over: below must be xrgb8888 or argb8888_premul, not " +
                            format_name(below.format()));
  }
  Rect target =
      intersect(intersect(rect, dst.bounds()), below.bounds().translated(below_at.x, below_at.y));
  if (target.empty()) return;
  check_alignment(pixel_address(dst, 0, 0), dst.stride(), dst.format(), "stream_over", "scanout");
  check_alignment(below.data(), below.stride(), below.format(), "stream_over", "below");
  check_alignment(src.data(), src.stride(), src.format(), "stream_over", "source");
  if (swaps_axes(dst.rotation())) {
    // Composed piece by piece in cached memory, then turned: the bits of the unrotated op.
    const RowKernels& kernels = active_row_kernels();
    raster::stream_composed_turned(
        dst, target, below.format(), stream_row_for(kernels, dst.format()),
        [&](const Surface& piece, const Rect& part) {
          copy(piece, Point{0, 0}, below,
               part.translated(-int64_t{below_at.x}, -int64_t{below_at.y}));
          composite_over(piece, Point{0, 0}, src,
                         part.translated(-int64_t{src_at.x}, -int64_t{src_at.y}), opacity);
        });
    kernels.stream_finish();
    return;
  }
  stream_over_target(dst, target,
                     pixel_address(below, target.x - below_at.x, target.y - below_at.y),
                     below.stride(), src, src_at, opacity);
}

void stream_over_solid(ScanoutSurface& dst, const Rect& rect, uint32_t below_argb,
                       const Surface& src, Point src_at, uint8_t opacity) {
  check_stream_over_formats(dst, src, "stream_over_solid");
  Rect target = intersect(rect, dst.bounds());
  if (target.empty()) return;
  check_alignment(pixel_address(dst, 0, 0), dst.stride(), dst.format(), "stream_over_solid",
                  "scanout");
  check_alignment(src.data(), src.stride(), src.format(), "stream_over_solid", "source");
  if (swaps_axes(dst.rotation())) {
    const RowKernels& kernels = active_row_kernels();
    raster::stream_composed_turned(
        dst, target, PixelFormat::xrgb8888, stream_row_for(kernels, dst.format()),
        [&](const Surface& piece, const Rect& part) {
          const Rect all{0, 0, part.width, part.height};
          fill(piece, all, below_argb | kOpaque);
          composite_over(piece, Point{0, 0}, src,
                         part.translated(-int64_t{src_at.x}, -int64_t{src_at.y}), opacity);
        });
    kernels.stream_finish();
    return;
  }
  // One row of the colour, read for every row (stride 0); kept per thread so a sprite frame
  // does not allocate.
  thread_local std::vector<uint32_t> colour_row;
  colour_row.assign(static_cast<size_t>(target.width), below_argb);
  stream_over_target(dst, target, reinterpret_cast<const std::byte*>(colour_row.data()), 0, src,
                     src_at, opacity);
}

void stream_fill(ScanoutSurface& dst, const Rect& rect, uint32_t argb) {
  // A fill is the same turned or not: only where it lands changes.
  Rect clipped = dst.orientation().to_scanout(intersect(rect, dst.bounds()));
  if (clipped.empty()) return;
  check_alignment(pixel_address(dst, 0, 0), dst.stride(), dst.format(), "stream_fill", "scanout");
  const RowKernels& kernels = active_row_kernels();
  uint32_t value = pixel_from_argb(dst.format(), argb | kOpaque);
  int size = bytes_per_pixel(dst.format());
  RowPlan plan = plan_rows(clipped, size, dst.stride(), dst.stride());
  for (int32_t i = 0; i < plan.rows; ++i) {
    std::byte* row = pixel_address(dst, clipped.x, clipped.y + i);
    if (size == 4) {
      kernels.stream_fill_row32(row, plan.pixels, value);
    } else {
      kernels.stream_fill_row16(row, plan.pixels, static_cast<uint16_t>(value));
    }
  }
  kernels.stream_finish();
}

const char* raster_kernels_name() {
  return active_row_kernels().name;
}

}  // namespace fb
