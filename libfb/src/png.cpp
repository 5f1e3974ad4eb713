// SPDX-License-Identifier: MIT
#include "fb/png.hpp"

#include <cairo.h>

#include <cstdio>
#include <memory>
#include <string>

#include "fb/atomic_file.hpp"
#include "fb/error.hpp"

namespace fb {
namespace {

struct CairoSurfaceDeleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
using CairoSurface = std::unique_ptr<cairo_surface_t, CairoSurfaceDeleter>;

void check_status(cairo_surface_t* surface, const std::string& what, const std::string& path) {
  cairo_status_t status = cairo_surface_status(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    throw Error(what + " '" + path + "': " + cairo_status_to_string(status));
  }
}

uint32_t read_pixel(const Surface& surface, int32_t x, int32_t y) {
  if (bytes_per_pixel(surface.format()) == 2) return surface.row_as<uint16_t>(y)[x];
  return surface.row_as<uint32_t>(y)[x];
}

}  // namespace

void write_png(const Surface& surface, const std::string& path) {
  if (surface.empty()) throw Error("cannot write an empty surface to '" + path + "'");
  // Convert through 0xAARRGGBB so every format and stride takes the same, checked path.
  cairo_format_t format = has_alpha(surface.format()) ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24;
  CairoSurface out(cairo_image_surface_create(format, surface.width(), surface.height()));
  check_status(out.get(), "cannot create an image for", path);
  cairo_surface_flush(out.get());
  unsigned char* base = cairo_image_surface_get_data(out.get());
  int out_stride = cairo_image_surface_get_stride(out.get());
  for (int32_t y = 0; y < surface.height(); ++y) {
    auto* row = reinterpret_cast<uint32_t*>(base + ptrdiff_t{y} * out_stride);
    for (int32_t x = 0; x < surface.width(); ++x) {
      row[x] = argb_from_pixel(surface.format(), read_pixel(surface, x, y));
    }
  }
  cairo_surface_mark_dirty(out.get());
  // Through a temporary and a rename: a killed or failing write never leaves a truncated PNG
  // under the final name.
  write_file_atomically(path, [&](std::FILE* file) {
    cairo_status_t status = cairo_surface_write_to_png_stream(
        out.get(),
        [](void* closure, const unsigned char* data, unsigned int length) {
          return std::fwrite(data, 1, length, static_cast<std::FILE*>(closure)) == length
                     ? CAIRO_STATUS_SUCCESS
                     : CAIRO_STATUS_WRITE_ERROR;
        },
        file);
    if (status != CAIRO_STATUS_SUCCESS) {
      throw Error("cannot write PNG '" + path + "': " + cairo_status_to_string(status));
    }
  });
}

Image read_png(const std::string& path) {
  CairoSurface png(cairo_image_surface_create_from_png(path.c_str()));
  check_status(png.get(), "cannot read PNG", path);
  int width = cairo_image_surface_get_width(png.get());
  int height = cairo_image_surface_get_height(png.get());
  // Paint whatever format Cairo decoded into premultiplied ARGB32, then look for alpha.
  CairoSurface argb(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height));
  check_status(argb.get(), "cannot convert PNG", path);
  cairo_t* cr = cairo_create(argb.get());
  cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_surface(cr, png.get(), 0, 0);
  cairo_paint(cr);
  cairo_destroy(cr);
  cairo_surface_flush(argb.get());

  const unsigned char* base = cairo_image_surface_get_data(argb.get());
  int stride = cairo_image_surface_get_stride(argb.get());
  bool opaque = true;
  for (int y = 0; y < height && opaque; ++y) {
    const auto* row = reinterpret_cast<const uint32_t*>(base + ptrdiff_t{y} * stride);
    for (int x = 0; x < width; ++x) {
      if ((row[x] >> 24) != 0xff) {
        opaque = false;
        break;
      }
    }
  }
  Image image(width, height, opaque ? PixelFormat::xrgb8888 : PixelFormat::argb8888_premul);
  for (int y = 0; y < height; ++y) {
    const auto* row = reinterpret_cast<const uint32_t*>(base + ptrdiff_t{y} * stride);
    uint32_t* out = image.row_as<uint32_t>(y);
    for (int x = 0; x < width; ++x) out[x] = row[x];
  }
  return image;
}

}  // namespace fb
