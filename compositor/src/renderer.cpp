// SPDX-License-Identifier: MIT
#include "fb/compositor/renderer.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>

#include "band_composer.hpp"
#include "fb/compositor/scene.hpp"
#include "fb/error.hpp"
#include "fb/raster.hpp"
#include "layer_compose.hpp"
#include "worker_pool.hpp"

namespace fb {
namespace {

using compositor_detail::Band;
using compositor_detail::BandComposer;
using compositor_detail::BandTotals;
using compositor_detail::draw_layer;
using compositor_detail::WorkerPool;

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

std::optional<unsigned> render_workers_from_environment() {
  const char* text = std::getenv(kRenderWorkersEnvironmentVariable);
  if (text == nullptr || *text == '\0') return std::nullopt;
  unsigned value = 0;
  const char* end = text + std::strlen(text);
  const auto [stop, error] = std::from_chars(text, end, value);
  if (error != std::errc{} || stop != end || value < 1 || value > kMaxRenderWorkers) {
    throw Error(std::string(kRenderWorkersEnvironmentVariable) + "='" + text +
                "': give a number of render workers from 1 to " +
                std::to_string(kMaxRenderWorkers));
  }
  return value;
}

Renderer::Renderer() : Renderer(Options{}) {}

Renderer::Renderer(Options options) : options_(options) {
  if (!options_.workers) options_.workers = render_workers_from_environment().value_or(1);
  if (*options_.workers < 1 || *options_.workers > kMaxRenderWorkers) {
    throw Error("Renderer: " + std::to_string(*options_.workers) + " workers; give 1 to " +
                std::to_string(kMaxRenderWorkers));
  }
  composers_.resize(*options_.workers);
  for (auto& composer : composers_) composer = std::make_unique<BandComposer>();
  if (*options_.workers > 1) pool_ = std::make_unique<WorkerPool>(*options_.workers);
}

Renderer::~Renderer() = default;
Renderer::Renderer(Renderer&&) noexcept = default;
Renderer& Renderer::operator=(Renderer&&) noexcept = default;

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
  // picture, the runs the turned stream writes best (see rotated_stream.cpp). The bands are
  // whole steps of 64 rows on the panel's 64-column grid, or of 16 (one cache line of the
  // panel, however small the budget) when it holds fewer than 64: runs ending mid-line are
  // written out in pieces, which made a turned full frame in bands of 42 rows 7x slower than in
  // bands of 64 (measured on an AMD EPYC).
  const Orientation orientation = target.orientation();
  const bool rows_are_columns = swaps_axes(orientation.rotation);
  const size_t strip_bytes = rows_are_columns ? options_.strip_bytes * 5 / 2 : options_.strip_bytes;
  const ptrdiff_t row_bytes = (ptrdiff_t{scene.width()} * 4 + 63) / 64 * 64;
  int32_t rows = static_cast<int32_t>(
      std::clamp<ptrdiff_t>(static_cast<ptrdiff_t>(strip_bytes) / row_bytes, 1, scene.height()));
  constexpr int32_t kPanelGrid = 64, kPanelLine = 16;
  const int32_t grid = rows >= kPanelGrid ? kPanelGrid : kPanelLine;
  const int32_t grid_origin =
      orientation.rotation == Rotation::r90 ? orientation.scanout_width % grid : 0;
  // Shared out, bands of half the height: twice as many to hand out, so the workers finish
  // closer together (the last band is the only wait).
  const bool parallel = pool_ && stats.damage_area >= options_.parallel_min_pixels;
  if (parallel && !rows_are_columns && rows >= 32) rows /= 2;
  if (rows_are_columns) rows = std::min(std::max(rows / grid * grid, kPanelLine), scene.height());
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
  bands_.clear();
  size_t first = 0;
  for (int32_t top = bounds.y, bottom = 0; top < bounds.bottom(); top = bottom) {
    bottom = band_end(top);
    while (first < boxes.size() && boxes[first].y2 <= top) ++first;
    if (first < boxes.size() && boxes[first].y1 < bottom) bands_.push_back({top, bottom, first});
  }

  // Large repaints share their bands out among the workers; each composes in its own strip and
  // writes only its bands' rows of the target.
  const bool shared = parallel && bands_.size() > 1;
  const size_t used = shared ? composers_.size() : 1;
  stats.workers = static_cast<unsigned>(used);
  for (size_t i = 0; i < used; ++i) composers_[i]->prepare(scene.width(), rows);
  const std::vector<const LayerState*>& stack = scene.stacking();
  auto compose_band = [&](unsigned worker, size_t band) {
    composers_[worker]->compose(scene, stack, target, boxes, bands_[band], options_);
  };
  if (shared) {
    pool_->run(bands_.size(), compose_band);
  } else {
    for (size_t band = 0; band < bands_.size(); ++band) compose_band(0, band);
  }
  for (size_t i = 0; i < used; ++i) {
    const BandTotals totals = composers_[i]->take_totals();
    stats.bytes_written += totals.bytes_written;
    stats.rects += totals.rects;
    stats.layers_composited += totals.layers_composited;
  }
  return stats;
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
