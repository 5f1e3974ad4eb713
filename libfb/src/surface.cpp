// SPDX-License-Identifier: MIT
#include "fb/surface.hpp"

#include <cstdlib>
#include <cstring>
#include <string>

#include "fb/error.hpp"
#include "scanout_access.hpp"

namespace fb {
namespace {

void check_layout(const void* data, int32_t width, int32_t height, ptrdiff_t stride,
                  PixelFormat format, const char* what) {
  auto fail = [&](const std::string& why) {
    throw Error(std::string(what) + " " + std::to_string(width) + "x" + std::to_string(height) +
                " stride " + std::to_string(stride) + " " + std::string(pixel_format_name(format)) +
                ": " + why);
  };
  if (width < 0 || height < 0) fail("negative size");
  if (width == 0 || height == 0) return;
  if (data == nullptr) fail("null pixel pointer");
  if (stride < ptrdiff_t{width} * bytes_per_pixel(format)) fail("stride shorter than a row");
}

}  // namespace

Surface::Surface(void* data, int32_t width, int32_t height, ptrdiff_t stride, PixelFormat format)
    : data_(static_cast<std::byte*>(data)),
      width_(width),
      height_(height),
      stride_(stride),
      format_(format) {
  check_layout(data, width, height, stride, format, "surface");
}

Surface Surface::subsurface(const Rect& rect) const {
  Rect clipped = intersect(rect, bounds());
  if (clipped.empty()) return Surface(nullptr, 0, 0, stride_, format_);
  return Surface(row(clipped.y) + ptrdiff_t{clipped.x} * bytes_per_pixel(format_), clipped.width,
                 clipped.height, stride_, format_);
}

void Image::FreeAligned::operator()(std::byte* p) const {
  std::free(p);
}

Image::Image(int32_t width, int32_t height, PixelFormat format) {
  if (width < 0 || height < 0) {
    throw Error("image size " + std::to_string(width) + "x" + std::to_string(height) +
                " is negative");
  }
  if (width > kMaxSide || height > kMaxSide) {
    throw Error("image size " + std::to_string(width) + "x" + std::to_string(height) + " exceeds " +
                std::to_string(kMaxSide) + " pixels per side");
  }
  size_t row_bytes = size_t(width) * bytes_per_pixel(format);
  size_t stride = (row_bytes + kRowAlignment - 1) / kRowAlignment * kRowAlignment;
  if (height != 0 && stride > Image::kMaxBytes / size_t(height)) {
    throw Error("image size " + std::to_string(width) + "x" + std::to_string(height) +
                " needs more than the " + std::to_string(Image::kMaxBytes >> 20) +
                " MiB an image may take");
  }
  size_t bytes = stride * size_t(height);
  if (bytes != 0) {
    void* memory = std::aligned_alloc(kRowAlignment, bytes);
    if (memory == nullptr) {
      throw Error("cannot allocate " + std::to_string(bytes) + " bytes for a " +
                  std::to_string(width) + "x" + std::to_string(height) + " image");
    }
    std::memset(memory, 0, bytes);
    storage_.reset(static_cast<std::byte*>(memory));
  }
  surface_ = Surface(storage_.get(), width, height, static_cast<ptrdiff_t>(stride), format);
}

Image Image::clone() const {
  return copy_of(surface_);
}

Image Image::copy_of(const Surface& surface) {
  Image image(surface.width(), surface.height(), surface.format());
  size_t row_bytes = size_t(surface.width()) * bytes_per_pixel(surface.format());
  for (int32_t y = 0; y < surface.height(); ++y) {
    std::memcpy(image.surface_.row(y), surface.row(y), row_bytes);
  }
  return image;
}

ScanoutSurface::ScanoutSurface(void* mapped, int32_t width, int32_t height, ptrdiff_t stride,
                               PixelFormat format)
    : mapped_(static_cast<std::byte*>(mapped)),
      width_(width),
      height_(height),
      stride_(stride),
      format_(format) {
  check_layout(mapped, width, height, stride, format, "scanout buffer");
}

ScanoutSurface ScanoutSurface::rotated(Rotation rotation) const {
  ScanoutSurface turned = *this;
  turned.rotation_ = combine(rotation_, rotation);
  return turned;
}

Surface readable_view_of_scanout(const ScanoutSurface& scanout) {
  if (scanout.empty()) return Surface();
  return Surface(detail::ScanoutAccess::row(scanout, 0), scanout.scanout_width(),
                 scanout.scanout_height(), scanout.stride(), scanout.format());
}

}  // namespace fb
