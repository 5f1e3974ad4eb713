// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "fb/pixel_format.hpp"
#include "fb/rect.hpp"
#include "fb/rotation.hpp"

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

/// A view of pixels in ordinary cached memory; owns nothing. Rows are `stride` bytes apart and
/// nothing assumes stride == width * bytes per pixel.
class Surface {
 public:
  Surface() = default;
  /// Throws fb::Error when the stride is shorter than a row or the pointer is null for a
  /// non-empty surface.
  Surface(void* data, int32_t width, int32_t height, ptrdiff_t stride, PixelFormat format);

  std::byte* data() const { return data_; }
  int32_t width() const { return width_; }
  int32_t height() const { return height_; }
  ptrdiff_t stride() const { return stride_; }
  PixelFormat format() const { return format_; }
  Rect bounds() const { return Rect{0, 0, width_, height_}; }
  bool empty() const { return width_ <= 0 || height_ <= 0; }

  std::byte* row(int32_t y) const { return data_ + y * stride_; }
  template <class Pixel>
  Pixel* row_as(int32_t y) const {
    return reinterpret_cast<Pixel*>(row(y));
  }
  /// 32-bit pixel at (x, y); the caller keeps (x, y) inside and the format 32 bpp.
  uint32_t& pixel32(int32_t x, int32_t y) const { return row_as<uint32_t>(y)[x]; }

  /// The part of this surface inside `rect` (clipped to the bounds).
  Surface subsurface(const Rect& rect) const;

 private:
  std::byte* data_ = nullptr;
  int32_t width_ = 0;
  int32_t height_ = 0;
  ptrdiff_t stride_ = 0;
  PixelFormat format_ = PixelFormat::xrgb8888;
};

/// An owning pixel buffer in cached memory, zero-filled. The base and every row are aligned to
/// 64 bytes (a cache line) so SIMD loads and streaming copies out of it stay aligned.
class Image {
 public:
  static constexpr size_t kRowAlignment = 64;
  /// Larger requests are refused with fb::Error before anything is allocated: no display
  /// buffer or layer comes near it, so such a size is a bug upstream.
  static constexpr size_t kMaxBytes = size_t{1} << 31;
  /// Neither side may exceed this (the largest display side; Cairo's own limit is 32767).
  static constexpr int32_t kMaxSide = 16384;

  Image() = default;
  Image(int32_t width, int32_t height, PixelFormat format);
  Image(Image&&) noexcept = default;
  Image& operator=(Image&&) noexcept = default;
  Image(const Image&) = delete;
  Image& operator=(const Image&) = delete;

  /// A deep copy (same size, format and contents; the stride may differ from the source's).
  Image clone() const;
  /// A deep copy of any surface into a new image.
  static Image copy_of(const Surface& surface);

  const Surface& surface() const { return surface_; }
  operator const Surface&() const { return surface_; }

  std::byte* data() const { return surface_.data(); }
  int32_t width() const { return surface_.width(); }
  int32_t height() const { return surface_.height(); }
  ptrdiff_t stride() const { return surface_.stride(); }
  PixelFormat format() const { return surface_.format(); }
  Rect bounds() const { return surface_.bounds(); }
  template <class Pixel>
  Pixel* row_as(int32_t y) const {
    return surface_.row_as<Pixel>(y);
  }
  uint32_t& pixel32(int32_t x, int32_t y) const { return surface_.pixel32(x, y); }

 private:
  struct FreeAligned {
    void operator()(std::byte* p) const;
  };
  std::unique_ptr<std::byte, FreeAligned> storage_;
  Surface surface_;
};

namespace detail {
struct ScanoutAccess;
}

/// A mapped scanout buffer: fbdev mmap or a DRM dumb buffer, usually write-combined memory where
/// each read stalls on the bus. This type offers no way to read its pixels: write to it only
/// through the raster ops for it (stream_copy, stream_fill, stream_over in raster.hpp), which
/// stream whole rows. Headless backends hand out the same type over ordinary memory.
///
/// A scanout may be seen rotated (a panel mounted turned, see rotation.hpp): width(), height(),
/// bounds() and every rectangle given to the raster ops are then logical, as the application
/// sees the picture, and the ops turn what they write on its way into the memory. stride() and
/// the scanout_ sizes stay the memory's own.
class ScanoutSurface {
 public:
  ScanoutSurface() = default;
  /// Throws fb::Error when the stride is shorter than a row or the pointer is null for a
  /// non-empty buffer.
  ScanoutSurface(void* mapped, int32_t width, int32_t height, ptrdiff_t stride, PixelFormat format);

  /// The same memory seen turned by `rotation` more (rotations add up).
  ScanoutSurface rotated(Rotation rotation) const;

  int32_t width() const { return orientation().width(); }
  int32_t height() const { return orientation().height(); }
  ptrdiff_t stride() const { return stride_; }
  PixelFormat format() const { return format_; }
  Rect bounds() const { return Rect{0, 0, width(), height()}; }
  bool empty() const { return width_ <= 0 || height_ <= 0; }
  Rotation rotation() const { return rotation_; }
  /// The memory's own size, rows of stride() bytes.
  int32_t scanout_width() const { return width_; }
  int32_t scanout_height() const { return height_; }
  /// Maps logical coordinates to the memory's and back.
  Orientation orientation() const { return Orientation{rotation_, width_, height_}; }

 private:
  friend struct detail::ScanoutAccess;
  std::byte* mapped_ = nullptr;
  int32_t width_ = 0;  // the memory's, before rotation
  int32_t height_ = 0;
  ptrdiff_t stride_ = 0;
  PixelFormat format_ = PixelFormat::xrgb8888;
  Rotation rotation_ = Rotation::r0;
};

/// A Surface over a scanout's pixels, reads allowed: the one way to read a mapping, named so it
/// is never called by accident. It shows the memory as it is, unrotated (scanout_width() x
/// scanout_height()), as the panel shows it. Every load from write-combined or uncached memory
/// stalls on the bus; no drawing path of libfb or the compositor calls this. It exists to measure
/// what a client that reads its framebuffer back pays (fb-frame-bench's naive strategy and
/// baselines) and for tests.
Surface readable_view_of_scanout(const ScanoutSurface& scanout);

}  // namespace fb

#pragma GCC visibility pop
