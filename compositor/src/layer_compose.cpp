// SPDX-License-Identifier: MIT
#include "layer_compose.hpp"

#include "fb/raster.hpp"

namespace fb::compositor_detail {
namespace {

uint32_t mul_div255(uint32_t a, uint32_t b) {
  uint32_t t = a * b + 128;
  return (t + (t >> 8)) >> 8;
}

// An xrgb8888 image has no alpha (its X bits may hold anything, e.g. after Cairo's RGB24), so
// to blend it translucently its rows are copied with alpha forced opaque.
Surface as_opaque_argb(const Surface& src, const Rect& src_rect, Image& scratch) {
  if (scratch.width() < src_rect.width || scratch.height() < src_rect.height) {
    scratch = Image(std::max(scratch.width(), src_rect.width),
                    std::max(scratch.height(), src_rect.height), PixelFormat::argb8888_premul);
  }
  for (int32_t y = 0; y < src_rect.height; ++y) {
    const uint32_t* in = src.row_as<uint32_t>(src_rect.y + y) + src_rect.x;
    uint32_t* out = scratch.row_as<uint32_t>(y);
    for (int32_t x = 0; x < src_rect.width; ++x) out[x] = in[x] | 0xff000000u;
  }
  return scratch.surface().subsurface(Rect{0, 0, src_rect.width, src_rect.height});
}

}  // namespace

uint32_t scale_premultiplied(uint32_t argb, uint8_t opacity) {
  if (opacity == 255) return argb;
  uint32_t result = 0;
  for (int shift = 0; shift < 32; shift += 8) {
    result |= mul_div255((argb >> shift) & 0xff, opacity) << shift;
  }
  return result;
}

bool draw_layer(const Surface& dst, Point dst_origin, const LayerState& layer,
                const Rect& screen_rect, Image& scratch) {
  if (!layer.drawn()) return false;
  Rect area = intersect(layer.rect, screen_rect);
  if (area.empty()) return false;
  Rect dst_rect = area.translated(-int64_t{dst_origin.x}, -int64_t{dst_origin.y});
  Point at{dst_rect.x, dst_rect.y};

  if (layer.kind == LayerKind::solid) {
    uint32_t color = scale_premultiplied(layer.color, layer.opacity);
    if ((color >> 24) == 0xff) {
      fill(dst, dst_rect, color);
    } else if (color != 0) {
      composite_solid_over(dst, dst_rect, color);
    }
    return true;
  }

  Rect src_rect = area.translated(-int64_t{layer.rect.x}, -int64_t{layer.rect.y});
  if (layer.pixels.format() == PixelFormat::xrgb8888) {
    if (layer.opacity == 255) {
      copy(dst, at, layer.pixels, src_rect);
    } else {
      Surface opaque = as_opaque_argb(layer.pixels, src_rect, scratch);
      composite_over(dst, at, opaque, opaque.bounds(), layer.opacity);
    }
  } else {
    composite_over(dst, at, layer.pixels, src_rect, layer.opacity);
  }
  return true;
}

}  // namespace fb::compositor_detail
