// SPDX-License-Identifier: MIT
#include "fb/format_interop.hpp"

#include "fb/error.hpp"

namespace fb {

cairo_format_t cairo_format_of(PixelFormat format) {
  switch (format) {
    case PixelFormat::xrgb8888:
      return CAIRO_FORMAT_RGB24;
    case PixelFormat::argb8888_premul:
      return CAIRO_FORMAT_ARGB32;
    case PixelFormat::rgb565:
      return CAIRO_FORMAT_RGB16_565;
    case PixelFormat::xbgr8888:
    case PixelFormat::abgr8888_premul:
    case PixelFormat::bgr565:
      return CAIRO_FORMAT_INVALID;
  }
  throw Error("invalid PixelFormat value");
}

pixman_format_code_t pixman_format_of(PixelFormat format) {
  switch (format) {
    case PixelFormat::xrgb8888:
      return PIXMAN_x8r8g8b8;
    case PixelFormat::argb8888_premul:
      return PIXMAN_a8r8g8b8;
    case PixelFormat::xbgr8888:
      return PIXMAN_x8b8g8r8;
    case PixelFormat::abgr8888_premul:
      return PIXMAN_a8b8g8r8;
    case PixelFormat::rgb565:
      return PIXMAN_r5g6b5;
    case PixelFormat::bgr565:
      return PIXMAN_b5g6r5;
  }
  throw Error("invalid PixelFormat value");
}

}  // namespace fb
