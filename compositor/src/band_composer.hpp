// SPDX-License-Identifier: MIT
// Internal: one thread's share of the strip renderer. A band is a run of screen rows; the
// composer writes its part of the repaint region into the target, straight from the layers or
// through its own cached strip, and touches nothing outside it.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <pixman.h>

#include "fb/compositor/renderer.hpp"
#include "fb/rect.hpp"
#include "fb/surface.hpp"

namespace fb::compositor_detail {

/// Rows [top, bottom) of the repaint region, whose boxes (pixman's y-x banded order) start at
/// `first_box` with the first one reaching the band.
struct Band {
  int32_t top = 0;
  int32_t bottom = 0;
  size_t first_box = 0;
};

/// What composing bands added to a frame's RenderStats.
struct BandTotals {
  uint64_t bytes_written = 0;
  size_t rects = 0;
  uint64_t layers_composited = 0;
};

class BandComposer {
 public:
  /// Sizes the strip for `width` x `rows` (allocates only when that changed).
  void prepare(int32_t width, int32_t rows);

  /// Composes `band` of the region `boxes` into `target` and counts it in totals(). `stack` is
  /// scene.stacking(), taken once by the caller: the scene builds it lazily, which is not safe
  /// to do from several threads.
  void compose(const Scene& scene, std::span<const LayerState* const> stack, ScanoutSurface& target,
               std::span<const pixman_box32_t> boxes, const Band& band,
               const Renderer::Options& options);

  BandTotals take_totals();

 private:
  /// Composes `rect` of the band into the strip, every layer but `left_out` (may be null).
  void compose_rect(const Scene& scene, int32_t band_top, const Rect& rect, bool cull_occluded,
                    const LayerState* left_out);
  /// Draws the band's layers from `first` up into `rect` of the strip, all but `left_out`.
  void draw_layers(size_t first, const Rect& rect, int32_t band_top, const LayerState* left_out);
  /// compose_rect when band layer `bottom` is an opaque image covering `rect` and the topmost
  /// layer drawn there a premultiplied image covering at least half of it, with little between
  /// them: false (nothing drawn) otherwise.
  bool compose_pair(size_t bottom, const Rect& rect, int32_t band_top, const LayerState* left_out);
  /// The band's topmost layer when fb::stream_over can blend it from the strip into `target`
  /// (a premultiplied image covering at least half of `band_box`, an unturned 32-bit target);
  /// null otherwise.
  const LayerState* blended_on_write(const ScanoutSurface& target, const Rect& band_box) const;
  /// Writes `rect` straight into the target when at most two layers show there (see
  /// Renderer's class comment); false when it needs the strip.
  bool stream_direct(const Scene& scene, ScanoutSurface& target, const Rect& rect);

  Image strip_;
  Image scratch_;  // argb copy of an xrgb8888 layer's rows when it is drawn with opacity < 255
  std::vector<Rect> band_rects_;
  std::vector<Rect> compose_rects_;
  std::vector<Rect> between_;      // compose_pair: the layers between the pair, within a rect
  std::vector<Rect> strip_rects_;  // the band's rectangles composed in the strip, not direct
  std::vector<const LayerState*> band_layers_;  // the drawn layers reaching the current band
  BandTotals totals_;
};

}  // namespace fb::compositor_detail
