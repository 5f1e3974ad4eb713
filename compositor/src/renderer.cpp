// SPDX-License-Identifier: MIT
#include "fb/compositor/renderer.hpp"

#include <algorithm>
#include <span>
#include <string>

#include "fb/compositor/scene.hpp"
#include "fb/error.hpp"
#include "fb/raster.hpp"
#include "layer_compose.hpp"

namespace fb {
namespace {

using compositor_detail::draw_layer;

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

// The region widened to whole 64-byte columns of the target's memory with `bytes_per_pixel`:
// columns of the panel, which are rows of the picture on a target turned by 90 or 270.
Region align_columns(const Region& region, int bytes_per_pixel, const Orientation& target) {
  const int64_t step = std::max(64 / bytes_per_pixel, 1);
  Region aligned;
  for (const Rect& r : target.to_scanout(region).rects()) {
    aligned.unite(Rect::from_edges(
        r.left() / step * step, r.top(),
        std::min<int64_t>((r.right() + step - 1) / step * step, target.scanout_width), r.bottom()));
  }
  return target.to_logical(aligned);
}

}  // namespace

Renderer::Renderer() : Renderer(Options{}) {}

Renderer::Renderer(Options options) : options_(options) {}

RenderStats Renderer::render(const Scene& scene, ScanoutSurface& target, Region region) {
  if (target.width() != scene.width() || target.height() != scene.height()) {
    throw Error("Renderer: target " + std::to_string(target.width()) + "x" +
                std::to_string(target.height()) + " does not match the scene's " +
                std::to_string(scene.width()) + "x" + std::to_string(scene.height()));
  }
  const int bpp = bytes_per_pixel(target.format());
  RenderStats stats;
  // The scene clips its damage already; the pixman calls are for regions from elsewhere.
  const Rect scene_bounds = scene.bounds();
  stats.repainted = std::move(region);
  Rect bounds = stats.repainted.bounds();
  if (intersect(bounds, scene_bounds) != bounds) {
    stats.repainted.intersect(scene_bounds);
    bounds = stats.repainted.bounds();
  }
  if (options_.align_writes) {
    stats.repainted = align_columns(stats.repainted, bpp, target.orientation());
    bounds = stats.repainted.bounds();
  }
  stats.damage_area = stats.repainted.area();
  stats.full_repaint = bounds == scene_bounds && stats.repainted.covers(scene_bounds);
  if (stats.repainted.empty()) return stats;

  // The strip: screen-wide, as many rows as fit the budget (64-byte aligned rows). On a target
  // turned by 90 or 270 its rows are columns of the panel, and each band writes a run of that
  // many pixels into every panel row: a budget of 2.5 times holds 256 rows of a 600-wide
  // picture, the runs the turned stream writes best (see rotated_stream.cpp), in bands of
  // whole 64-row steps on the panel's 64-column grid, so the runs are whole cache lines.
  const Orientation orientation = target.orientation();
  const bool rows_are_columns = swaps_axes(orientation.rotation);
  const size_t strip_bytes = rows_are_columns ? options_.strip_bytes * 5 / 2 : options_.strip_bytes;
  const ptrdiff_t row_bytes = (ptrdiff_t{scene.width()} * 4 + 63) / 64 * 64;
  int32_t rows = static_cast<int32_t>(
      std::clamp<ptrdiff_t>(static_cast<ptrdiff_t>(strip_bytes) / row_bytes, 1, scene.height()));
  const int32_t grid = 64;
  const int32_t grid_origin =
      orientation.rotation == Rotation::r90 ? orientation.scanout_width % grid : 0;
  if (rows_are_columns && rows > grid) rows = rows / grid * grid;
  if (strip_.width() != scene.width() || strip_.height() != rows) {
    strip_ = Image(scene.width(), rows, PixelFormat::xrgb8888);
  }
  auto band_end = [&](int32_t top) {
    int64_t end = int64_t{top} + rows;
    if (rows_are_columns && rows >= grid) {
      const int64_t aligned = (end - grid_origin) / grid * grid + grid_origin;
      if (aligned > top) end = aligned;
    }
    return static_cast<int32_t>(std::min<int64_t>(end, bounds.bottom()));
  };

  // The region's boxes are sorted by band (pixman's y-x banding): bands never overlap in y, so
  // both their tops and bottoms only grow and each strip band takes a run of them.
  const std::span<const pixman_box32_t> boxes = stats.repainted.boxes();
  const std::vector<const LayerState*>& stack = scene.stacking();
  size_t first = 0;
  for (int32_t top = bounds.y, bottom = 0; top < bounds.bottom(); top = bottom) {
    bottom = band_end(top);
    while (first < boxes.size() && boxes[first].y2 <= top) ++first;
    band_rects_.clear();
    int32_t left = bounds.right(), right = bounds.x;
    for (size_t i = first; i < boxes.size() && boxes[i].y1 < bottom; ++i) {
      const pixman_box32_t& b = boxes[i];
      band_rects_.push_back(
          Rect::from_edges(b.x1, std::max(b.y1, top), b.x2, std::min(b.y2, bottom)));
      left = std::min(left, b.x1);
      right = std::max(right, b.x2);
    }
    if (band_rects_.empty()) continue;
    // Only the layers that reach this band can draw into it.
    const Rect band_box = Rect::from_edges(left, top, right, bottom);
    band_layers_.clear();
    for (const LayerState* layer : stack) {
      if (layer->drawn() && !intersect(layer->rect, band_box).empty())
        band_layers_.push_back(layer);
    }
    // Rectangles one opaque layer (or the background alone) paints go straight to the target;
    // the rest are composed in the strip first.
    strip_rects_.clear();
    for (const Rect& r : band_rects_) {
      stats.bytes_written += static_cast<uint64_t>(r.area()) * bpp;
      ++stats.rects;
      if (!stream_direct(scene, target, r)) strip_rects_.push_back(r);
    }
    if (strip_rects_.empty()) continue;
    if (options_.merge_rects) {
      merge_nearby(strip_rects_, compose_rects_);
    } else {
      compose_rects_ = strip_rects_;
    }
    for (const Rect& r : compose_rects_) compose_rect(scene, top, r, stats);
    for (const Rect& r : strip_rects_) {
      stream_copy(target, Point{r.x, r.y}, strip_, r.translated(0, -int64_t{top}));
    }
  }
  return stats;
}

bool Renderer::stream_direct(const Scene& scene, ScanoutSurface& target, const Rect& r) {
  if (!options_.cull_occluded) return false;
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
  // Not on a turned target, where the blend needs a cached copy anyway: the strip is that copy,
  // and its bands turn in larger tiles than a blend's pieces.
  if (target.rotation() != Rotation::r0) return false;
  if (top->kind != LayerKind::image || top->pixels.format() != PixelFormat::argb8888_premul ||
      (target.format() != PixelFormat::xrgb8888 &&
       target.format() != PixelFormat::argb8888_premul)) {
    return false;
  }
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

void Renderer::compose_rect(const Scene& scene, int32_t band_top, const Rect& r,
                            RenderStats& stats) {
  // The topmost opaque layer covering the whole rectangle hides everything below it.
  const std::vector<const LayerState*>& stack = band_layers_;
  size_t start = 0;
  bool covered = false;
  if (options_.cull_occluded) {
    for (size_t i = stack.size(); i-- > 0;) {
      const LayerState& layer = *stack[i];
      if (layer.opaque() && intersect(layer.rect, r) == r) {
        start = i;
        covered = true;
        break;
      }
    }
  }
  if (!covered) fill(strip_, r.translated(0, -int64_t{band_top}), scene.background());
  const Point origin{0, band_top};
  for (size_t i = start; i < stack.size(); ++i) {
    if (intersect(stack[i]->rect, r).empty()) continue;
    if (draw_layer(strip_, origin, *stack[i], r, scratch_)) ++stats.layers_composited;
  }
}

RenderStats Renderer::render(const Scene& scene, BackBuffer& buffer) {
  RenderStats stats = render(scene, buffer.target, scene.repaint_region(buffer.age));
  stats.buffer_age = buffer.age;
  return stats;
}

RenderStats Renderer::render_frame(Scene& scene, Display& display) {
  BackBuffer buffer = display.acquire();
  RenderStats stats = render(scene, buffer);
  display.present(stats.repainted);
  scene.end_frame();
  return stats;
}

Image compose_full(const Scene& scene) {
  Image image(scene.width(), scene.height(), PixelFormat::xrgb8888);
  Image scratch;
  fill(image, image.bounds(), scene.background());
  for (const LayerState* layer : scene.stacking()) {
    draw_layer(image, Point{0, 0}, *layer, image.bounds(), scratch);
  }
  return image;
}

}  // namespace fb
