// SPDX-License-Identifier: MIT
#include "band_composer.hpp"

#include <algorithm>
#include <utility>

#include "fb/compositor/scene.hpp"
#include "fb/raster.hpp"
#include "layer_compose.hpp"

namespace fb::compositor_detail {
namespace {

// Groups rectangles into fewer, larger ones to compose: two merge when their bounding box
// wastes at most a quarter of their area (or a few cache lines' worth). Every input rectangle
// lies inside some output rectangle.
void merge_nearby(const std::vector<Rect>& rects, std::vector<Rect>& merged) {
  merged.assign(rects.begin(), rects.end());
  bool changed = true;
  while (changed) {
    changed = false;
    for (size_t i = 0; i < merged.size(); ++i) {
      for (size_t j = i + 1; j < merged.size(); ++j) {
        Rect both = bounding_union(merged[i], merged[j]);
        int64_t parts = merged[i].area() + merged[j].area();
        if (both.area() <= parts + std::max<int64_t>(parts / 4, 256)) {
          merged[i] = both;
          merged[j] = merged.back();
          merged.pop_back();
          changed = true;
          --j;
        }
      }
    }
  }
}

// fb::stream_over can blend `layer` onto what lies below it on its way into `target`: a
// premultiplied image, into a 32-bit target unturned or turned by 180 degrees (each scanout row
// is then a logical row read backwards, blended in one pass). Turned by 90 or 270, the pixels
// need a cached copy to turn anyway, and the strip is that copy, turned in larger tiles than a
// blend's pieces.
bool blends_into(const LayerState& layer, const ScanoutSurface& target) {
  return (target.rotation() == Rotation::r0 || target.rotation() == Rotation::r180) &&
         (target.format() == PixelFormat::xrgb8888 ||
          target.format() == PixelFormat::argb8888_premul) &&
         layer.kind == LayerKind::image && layer.pixels.format() == PixelFormat::argb8888_premul;
}

}  // namespace

void BandComposer::prepare(int32_t width, int32_t rows) {
  if (strip_.width() != width || strip_.height() != rows) {
    strip_ = Image(width, rows, PixelFormat::xrgb8888);
  }
}

BandTotals BandComposer::take_totals() {
  return std::exchange(totals_, BandTotals{});
}

void BandComposer::compose(const Scene& scene, std::span<const LayerState* const> stack,
                           ScanoutSurface& target, std::span<const pixman_box32_t> boxes,
                           const Band& band, const Renderer::Options& options) {
  const int32_t top = band.top, bottom = band.bottom;
  const int bpp = bytes_per_pixel(target.format());
  band_rects_.clear();
  int32_t left = target.width(), right = 0;
  for (size_t i = band.first_box; i < boxes.size() && boxes[i].y1 < bottom; ++i) {
    const pixman_box32_t& b = boxes[i];
    band_rects_.push_back(
        Rect::from_edges(b.x1, std::max(b.y1, top), b.x2, std::min(b.y2, bottom)));
    left = std::min(left, b.x1);
    right = std::max(right, b.x2);
  }
  if (band_rects_.empty()) return;
  // Only the layers that reach this band can draw into it.
  const Rect band_box = Rect::from_edges(left, top, right, bottom);
  band_layers_.clear();
  for (const LayerState* layer : stack) {
    if (layer->drawn() && !intersect(layer->rect, band_box).empty()) band_layers_.push_back(layer);
  }
  // Rectangles one opaque layer (or the background alone) paints go straight to the target;
  // the rest are composed in the strip first.
  strip_rects_.clear();
  for (const Rect& r : band_rects_) {
    totals_.bytes_written += static_cast<uint64_t>(r.area()) * bpp;
    ++totals_.rects;
    if (!(options.cull_occluded && stream_direct(scene, target, r))) strip_rects_.push_back(r);
  }
  if (strip_rects_.empty()) return;
  if (options.merge_rects) {
    merge_nearby(strip_rects_, compose_rects_);
  } else {
    compose_rects_ = strip_rects_;
  }
  // The band's topmost layer, when it can be, is left out of the strip and blended on the way
  // from the strip to the target: the strip's pixels are then written once and read once.
  const LayerState* blended =
      options.blend_top_on_write ? blended_on_write(target, band_box) : nullptr;
  for (const Rect& r : compose_rects_) compose_rect(scene, top, r, options.cull_occluded, blended);
  const Point strip_at{0, top};
  for (const Rect& r : strip_rects_) {
    if (blended != nullptr && !intersect(blended->rect, r).empty()) {
      stream_over(target, r, strip_, strip_at, blended->pixels,
                  Point{blended->rect.x, blended->rect.y}, blended->opacity);
      ++totals_.layers_composited;
    } else {
      stream_copy(target, Point{r.x, r.y}, strip_, r.translated(0, -int64_t{top}));
    }
  }
}

const LayerState* BandComposer::blended_on_write(const ScanoutSurface& target,
                                                 const Rect& band_box) const {
  if (band_layers_.empty()) return nullptr;
  const LayerState* top = band_layers_.back();
  if (!blends_into(*top, target)) return nullptr;
  // A top layer covering less than half the band (a sprite) stays in the strip: out of it, it
  // saves little and splits every row's write (compositor_bench's alpha50 and dashboard, whose
  // bands are topped by sprites and needles, were no faster that way).
  if (intersect(top->rect, band_box).area() * 2 < band_box.area()) return nullptr;
  return top;
}

bool BandComposer::stream_direct(const Scene& scene, ScanoutSurface& target, const Rect& r) {
  // The two topmost layers reaching r: what a single direct pass could show.
  const LayerState* top = nullptr;
  const LayerState* under = nullptr;
  for (size_t i = band_layers_.size(); i-- > 0 && under == nullptr;) {
    if (intersect(band_layers_[i]->rect, r).empty()) continue;
    (top == nullptr ? top : under) = band_layers_[i];
  }
  if (top == nullptr) {
    stream_fill(target, r, scene.background());
    return true;
  }
  if (top->opaque() && intersect(top->rect, r) == r) {
    if (top->kind == LayerKind::solid) {
      stream_fill(target, r, top->color);
      return true;
    }
    if (top->pixels.format() != PixelFormat::xrgb8888) return false;
    stream_copy(target, Point{r.x, r.y}, top->pixels,
                r.translated(-int64_t{top->rect.x}, -int64_t{top->rect.y}));
    return true;
  }
  // A translucent image over what fills r below it (an opaque image, an opaque solid or the
  // background): a sprite on a background, blended on the way to the target with no strip.
  if (!blends_into(*top, target)) return false;
  const Point top_at{top->rect.x, top->rect.y};
  if (under == nullptr) {
    stream_over_solid(target, r, scene.background(), top->pixels, top_at, top->opacity);
    return true;
  }
  if (!under->opaque() || intersect(under->rect, r) != r) return false;
  if (under->kind == LayerKind::solid) {
    stream_over_solid(target, r, under->color, top->pixels, top_at, top->opacity);
    return true;
  }
  if (under->pixels.format() != PixelFormat::xrgb8888) return false;
  stream_over(target, r, under->pixels, Point{under->rect.x, under->rect.y}, top->pixels, top_at,
              top->opacity);
  return true;
}

void BandComposer::compose_rect(const Scene& scene, int32_t band_top, const Rect& r,
                                bool cull_occluded, const LayerState* left_out) {
  // The topmost opaque layer covering the whole rectangle hides everything below it.
  const std::vector<const LayerState*>& stack = band_layers_;
  size_t start = 0;
  bool covered = false;
  if (cull_occluded) {
    for (size_t i = stack.size(); i-- > 0;) {
      const LayerState& layer = *stack[i];
      if (layer.opaque() && intersect(layer.rect, r) == r) {
        start = i;
        covered = true;
        break;
      }
    }
  }
  if (covered && compose_pair(start, r, band_top, left_out)) return;
  if (!covered) fill(strip_, r.translated(0, -int64_t{band_top}), scene.background());
  draw_layers(start, r, band_top, left_out);
}

void BandComposer::draw_layers(size_t first, const Rect& r, int32_t band_top,
                               const LayerState* left_out) {
  const Point origin{0, band_top};
  for (size_t i = first; i < band_layers_.size(); ++i) {
    const LayerState* layer = band_layers_[i];
    if (layer == left_out || intersect(layer->rect, r).empty()) continue;
    if (draw_layer(strip_, origin, *layer, r, scratch_)) ++totals_.layers_composited;
  }
}

bool BandComposer::compose_pair(size_t bottom, const Rect& r, int32_t band_top,
                                const LayerState* left_out) {
  // An opaque image under a translucent one covering most of r (a full-screen overlay over a
  // picture): the strip takes the top one over a copy of the bottom one in one pass, and only
  // where layers between them lie is it composed layer by layer. Copying first and blending
  // in place wrote and read every pixel of the strip once more.
  const LayerState& under = *band_layers_[bottom];
  if (under.kind != LayerKind::image || under.pixels.format() != PixelFormat::xrgb8888) {
    return false;
  }
  size_t top_index = band_layers_.size();
  for (size_t i = band_layers_.size(); i-- > bottom + 1;) {
    const LayerState* layer = band_layers_[i];
    if (layer != left_out && !intersect(layer->rect, r).empty()) {
      top_index = i;
      break;
    }
  }
  if (top_index == band_layers_.size()) return false;
  const LayerState& top = *band_layers_[top_index];
  if (top.kind != LayerKind::image || top.pixels.format() != PixelFormat::argb8888_premul ||
      intersect(top.rect, r).area() * 2 < r.area()) {
    return false;
  }
  between_.clear();
  int64_t between_area = 0;
  for (size_t i = bottom + 1; i < top_index; ++i) {
    const LayerState* layer = band_layers_[i];
    const Rect part = intersect(layer->rect, r);
    if (layer == left_out || part.empty()) continue;
    between_.push_back(part);
    between_area += part.area();
  }
  // Where layers lie between, r is composed twice: worth it only while they are small.
  if (between_area * 2 > r.area()) return false;
  compose_over(strip_, r.translated(0, -int64_t{band_top}), under.pixels,
               Point{under.rect.x, under.rect.y - band_top}, top.pixels,
               Point{top.rect.x, top.rect.y - band_top}, top.opacity);
  totals_.layers_composited += 2;
  if (between_.empty()) return true;
  for (const Rect& part : Region(between_).rects()) draw_layers(bottom, part, band_top, left_out);
  return true;
}

}  // namespace fb::compositor_detail
