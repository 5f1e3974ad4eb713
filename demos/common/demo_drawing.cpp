// SPDX-License-Identifier: MIT
#include "demo_drawing.hpp"

#include <cmath>

#include "fb/error.hpp"
#include "fb/format_interop.hpp"

namespace fb::demo {

void draw_with_cairo(const Image& image, const std::function<void(cairo_t*)>& draw) {
  const cairo_format_t format = cairo_format_of(image.format());
  if (format == CAIRO_FORMAT_INVALID) throw Error("demo: Cairo cannot draw this image format");
  cairo_surface_t* surface = cairo_image_surface_create_for_data(
      reinterpret_cast<unsigned char*>(image.data()), format, image.width(), image.height(),
      static_cast<int>(image.stride()));
  cairo_t* cr = cairo_create(surface);
  draw(cr);
  cairo_destroy(cr);
  cairo_surface_flush(surface);
  cairo_surface_destroy(surface);
}

Image make_image(int32_t width, int32_t height, PixelFormat format,
                 const std::function<void(cairo_t*)>& draw) {
  Image image(width, height, format);
  draw_with_cairo(image, draw);
  return image;
}

double bounce(double start, double velocity, double range, double seconds) {
  if (range <= 0) return 0;
  // Unfold the bounces: travel on a line of length 2 * range, then fold back.
  double travelled = std::fmod(start + velocity * seconds, 2 * range);
  if (travelled < 0) travelled += 2 * range;
  return travelled <= range ? travelled : 2 * range - travelled;
}

}  // namespace fb::demo
