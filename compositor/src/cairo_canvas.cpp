// SPDX-License-Identifier: MIT
#include "fb/compositor/cairo_canvas.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "fb/error.hpp"

namespace fb {
namespace {

cairo_format_t cairo_format_for_layer(const Surface& pixels) {
  switch (pixels.format()) {
    case PixelFormat::argb8888_premul:
      return CAIRO_FORMAT_ARGB32;
    case PixelFormat::xrgb8888:
      return CAIRO_FORMAT_RGB24;
    default:
      throw UnsupportedFormat("CairoCanvas: layer format " +
                              std::string(pixel_format_name(pixels.format())) +
                              " has no Cairo equivalent");
  }
}

// Operators that change pixels outside the shape drawn (everywhere inside the clip).
bool operator_is_unbounded(cairo_operator_t op) {
  return op == CAIRO_OPERATOR_IN || op == CAIRO_OPERATOR_OUT || op == CAIRO_OPERATOR_DEST_IN ||
         op == CAIRO_OPERATOR_DEST_ATOP;
}

// Antialiasing and glyph hinting may touch a pixel beyond the exact extents.
constexpr int kMargin = 2;

}  // namespace

CairoCanvas::CairoCanvas(Layer layer) : layer_(layer) {
  const Surface& pixels = layer_.pixels();  // throws for null handles and solid layers
  cairo_format_t format = cairo_format_for_layer(pixels);
  int min_stride = cairo_format_stride_for_width(format, pixels.width());
  if (min_stride < 0 || pixels.stride() < min_stride || pixels.stride() % 4 != 0) {
    throw Error("CairoCanvas: stride " + std::to_string(pixels.stride()) + " of a " +
                std::to_string(pixels.width()) + " pixel wide layer is not usable by Cairo");
  }
  bounds_ = pixels.bounds();
  surface_ = cairo_image_surface_create_for_data(reinterpret_cast<unsigned char*>(pixels.data()),
                                                 format, pixels.width(), pixels.height(),
                                                 static_cast<int>(pixels.stride()));
  if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS) {
    std::string why = cairo_status_to_string(cairo_surface_status(surface_));
    cairo_surface_destroy(surface_);
    throw Error("CairoCanvas: cannot wrap the layer's pixels: " + why);
  }
  cr_ = cairo_create(surface_);
}

CairoCanvas::CairoCanvas(Layer layer, const Rect& layer_rect) : CairoCanvas(layer) {
  Rect stated = intersect(layer_rect, bounds_);
  damaged_.unite(stated);
  stated_ = true;
  // Drawing is clipped to the statement so it cannot under-report.
  cairo_rectangle(cr_, stated.x, stated.y, stated.width, stated.height);
  cairo_clip(cr_);
}

CairoCanvas::~CairoCanvas() {
  try {
    finish();
  } catch (...) {
    // A destructor cannot report; finish() explicitly to see errors.
  }
}

void CairoCanvas::add_extents_of(void (*extents)(cairo_t*, double*, double*, double*, double*)) {
  double x1, y1, x2, y2;
  extents(cr_, &x1, &y1, &x2, &y2);
  add_user_extents(x1, y1, x2, y2);
}

void CairoCanvas::add_user_extents(double x1, double y1, double x2, double y2) {
  if (stated_) return;
  if (operator_is_unbounded(cairo_get_operator(cr_))) {
    cairo_clip_extents(cr_, &x1, &y1, &x2, &y2);
  }
  if (!(x1 < x2) || !(y1 < y2)) return;  // nothing inked (or NaN)
  double cx1, cy1, cx2, cy2;
  cairo_clip_extents(cr_, &cx1, &cy1, &cx2, &cy2);
  x1 = std::max(x1, cx1), y1 = std::max(y1, cy1);
  x2 = std::min(x2, cx2), y2 = std::min(y2, cy2);
  if (!(x1 < x2) || !(y1 < y2)) return;

  // Corners to device space: with a rotation the user box turns, so take all four.
  double xs[4] = {x1, x2, x1, x2};
  double ys[4] = {y1, y1, y2, y2};
  double dx1 = INFINITY, dy1 = INFINITY, dx2 = -INFINITY, dy2 = -INFINITY;
  for (int i = 0; i < 4; ++i) {
    cairo_user_to_device(cr_, &xs[i], &ys[i]);
    dx1 = std::min(dx1, xs[i]), dy1 = std::min(dy1, ys[i]);
    dx2 = std::max(dx2, xs[i]), dy2 = std::max(dy2, ys[i]);
  }
  auto to_edge = [](double v) {
    return static_cast<int64_t>(std::clamp(v, -double(kCoordinateLimit), double(kCoordinateLimit)));
  };
  Rect device =
      Rect::from_edges(to_edge(std::floor(dx1)) - kMargin, to_edge(std::floor(dy1)) - kMargin,
                       to_edge(std::ceil(dx2)) + kMargin, to_edge(std::ceil(dy2)) + kMargin);
  damaged_.unite(intersect(device, bounds_));
}

void CairoCanvas::fill() {
  add_extents_of(cairo_fill_extents);
  cairo_fill(cr_);
}

void CairoCanvas::fill_preserve() {
  add_extents_of(cairo_fill_extents);
  cairo_fill_preserve(cr_);
}

void CairoCanvas::stroke() {
  add_extents_of(cairo_stroke_extents);
  cairo_stroke(cr_);
}

void CairoCanvas::stroke_preserve() {
  add_extents_of(cairo_stroke_extents);
  cairo_stroke_preserve(cr_);
}

void CairoCanvas::paint() {
  add_extents_of(cairo_clip_extents);
  cairo_paint(cr_);
}

void CairoCanvas::paint_with_alpha(double alpha) {
  add_extents_of(cairo_clip_extents);
  cairo_paint_with_alpha(cr_, alpha);
}

void CairoCanvas::clear() {
  cairo_save(cr_);
  cairo_set_operator(cr_, CAIRO_OPERATOR_CLEAR);
  paint();
  cairo_restore(cr_);
}

void CairoCanvas::show_text(std::string_view utf8) {
  std::string text(utf8);
  if (!cairo_has_current_point(cr_)) cairo_move_to(cr_, 0, 0);
  double x, y;
  cairo_get_current_point(cr_, &x, &y);
  cairo_text_extents_t ink;
  cairo_text_extents(cr_, text.c_str(), &ink);
  // Ink box in user space, widened to the font's full height and advance in case hinting moves
  // a glyph's outline past its ink box.
  cairo_font_extents_t font;
  cairo_font_extents(cr_, &font);
  double x1 = x + std::min(ink.x_bearing, 0.0);
  double x2 = x + std::max(ink.x_bearing + ink.width, ink.x_advance);
  double y1 = y + std::min(ink.y_bearing, -font.ascent);
  double y2 = y + std::max(ink.y_bearing + ink.height, font.descent);
  add_user_extents(x1, y1, x2, y2);
  cairo_show_text(cr_, text.c_str());
}

void CairoCanvas::mask_surface(cairo_surface_t* surface, double x, double y) {
  add_extents_of(cairo_clip_extents);
  cairo_mask_surface(cr_, surface, x, y);
}

void CairoCanvas::damage(const Rect& layer_rect) {
  damaged_.unite(intersect(layer_rect, bounds_));
}

void CairoCanvas::damage_all() {
  damaged_.unite(bounds_);
}

void CairoCanvas::finish() {
  if (finished_) return;
  finished_ = true;
  cairo_status_t status = cairo_status(cr_);
  cairo_surface_flush(surface_);
  cairo_destroy(cr_);
  cairo_surface_destroy(surface_);
  cr_ = nullptr;
  surface_ = nullptr;
  // Report what may have changed even when Cairo failed part way.
  for (const Rect& r : damaged_.rects()) layer_.damage(r);
  if (status != CAIRO_STATUS_SUCCESS) {
    throw Error(std::string("CairoCanvas: drawing failed: ") + cairo_status_to_string(status));
  }
}

}  // namespace fb
