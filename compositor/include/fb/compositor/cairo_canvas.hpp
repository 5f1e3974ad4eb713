// SPDX-License-Identifier: MIT
#pragma once

#include <cairo.h>

#include <string_view>

#include "fb/compositor/layer.hpp"
#include "fb/rect.hpp"
#include "fb/region.hpp"

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

/// Draws on an image layer with Cairo, and turns what was drawn into the layer's damage.
///
///   {
///     fb::CairoCanvas canvas(gauge);          // opens a cairo_t on the layer's pixels
///     cairo_t* cr = canvas.cr();
///     cairo_arc(cr, 50, 50, 40, 0, 3.14);     // build paths with plain Cairo calls...
///     canvas.stroke();                        // ...and paint through the canvas
///     canvas.show_text("42 km/h");
///   }                                         // flushed; the damage goes to the scene
///
/// Damage is conservative, never under-reported: the canvas's painting methods (fill, stroke,
/// paint, show_text, mask_surface) add the device-space bounds of what they touch, clipped to
/// the current clip and the layer, plus a pixel of margin for antialiasing. Painting done by
/// calling Cairo directly on cr() (cairo_fill, cairo_stroke, cairo_paint, ...) is NOT seen: state
/// it with damage(rect), or construct the canvas with a stated rectangle, or call damage_all().
///
/// Pixel formats: argb8888_premul layers open as CAIRO_FORMAT_ARGB32, xrgb8888 layers as
/// CAIRO_FORMAT_RGB24. Throws fb::Error for solid layers and strides Cairo cannot use.
class CairoCanvas {
 public:
  /// Damage = what the canvas's painting methods touch, plus damage() calls.
  explicit CairoCanvas(Layer layer);
  /// Damage = `layer_rect` (layer coordinates), whatever is drawn; the canvas clips drawing to
  /// it so the statement holds (so do not cairo_reset_clip() it).
  CairoCanvas(Layer layer, const Rect& layer_rect);
  /// Flushes Cairo and records the damage (see finish()).
  ~CairoCanvas();
  CairoCanvas(const CairoCanvas&) = delete;
  CairoCanvas& operator=(const CairoCanvas&) = delete;

  /// The Cairo context; device space = layer pixels, (0,0) = the layer's top-left.
  cairo_t* cr() const { return cr_; }

  // Painting that records its own damage (same semantics as the cairo_* functions).
  void fill();
  void fill_preserve();
  void stroke();
  void stroke_preserve();
  void paint();
  void paint_with_alpha(double alpha);
  /// Clears the whole layer to transparent (or black for xrgb8888).
  void clear();
  /// cairo_show_text at the current point.
  void show_text(std::string_view utf8);
  /// cairo_mask_surface.
  void mask_surface(cairo_surface_t* surface, double x, double y);

  /// States that `layer_rect` changed (layer coordinates).
  void damage(const Rect& layer_rect);
  void damage_all();
  /// The damage collected so far (layer coordinates, clipped to the layer).
  const Region& damaged() const { return damaged_; }

  /// Flushes Cairo's drawing into the pixels and records the damage in the scene. Called by the
  /// destructor; after it the canvas must not be used.
  void finish();

 private:
  void add_user_extents(double x1, double y1, double x2, double y2);
  /// Records what `extents` (cairo_fill_extents, cairo_stroke_extents, cairo_clip_extents)
  /// reports for the painting about to be done.
  void add_extents_of(void (*extents)(cairo_t*, double*, double*, double*, double*));

  Layer layer_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  Rect bounds_;  // the layer's bounds, in layer coordinates
  Region damaged_;
  bool stated_ = false;  // damage was stated up front: painting methods add nothing
  bool finished_ = false;
};

}  // namespace fb

#pragma GCC visibility pop
