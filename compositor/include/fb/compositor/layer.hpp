// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

#include "fb/rect.hpp"
#include "fb/surface.hpp"

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

class Scene;

/// What a layer shows.
enum class LayerKind : uint8_t {
  image,  ///< An Image in cached memory: argb8888_premul or xrgb8888 (opaque).
  solid,  ///< A rectangle of one premultiplied colour.
};

/// Everything the renderer needs to know about one layer, in screen coordinates.
struct LayerState {
  uint32_t id = 0;
  LayerKind kind = LayerKind::solid;
  Rect rect;              ///< Where the layer lies on screen (may be partly or wholly off-screen).
  int32_t z = 0;          ///< Stacking key: higher is on top; equal z stack in order of addition.
  uint64_t order = 0;     ///< Tie-break for equal z: the later added or restacked is on top.
  uint8_t opacity = 255;  ///< Scales the whole layer; 0 draws nothing.
  bool visible = true;
  uint32_t color = 0;  ///< Solid layers: premultiplied 0xAARRGGBB.
  Surface pixels;      ///< Image layers: the content (rect.width x rect.height).

  /// True when the layer covers every pixel of `rect` with no transparency (visible, opacity
  /// 255, and an xrgb8888 image or a solid colour of alpha 255): what is below cannot show.
  bool opaque() const;
  /// True when the layer contributes pixels to the frame.
  bool drawn() const { return visible && opacity > 0 && !rect.empty(); }
};

/// A handle to a layer of a Scene: cheap to copy, compares by identity. Every change made
/// through it records the damage it causes in the scene, in screen coordinates:
///   move: the old and the new rectangle; content: the changed part; opacity, show/hide,
///   restack, colour: the layer's rectangle.
/// Changes to a hidden layer record no damage (it shows nothing) until it is shown.
/// A handle owns nothing: after Scene::remove() every use throws fb::Error; after the scene is
/// destroyed it must not be used at all.
class Layer {
 public:
  Layer() = default;  ///< A null handle; every operation on it throws fb::Error.

  uint32_t id() const { return id_; }
  Scene* scene() const { return scene_; }
  explicit operator bool() const { return scene_ != nullptr; }
  friend bool operator==(const Layer&, const Layer&) = default;

  /// The current state (throws fb::Error for a null or removed handle).
  const LayerState& state() const;
  LayerKind kind() const { return state().kind; }
  Point position() const { return Point{state().rect.x, state().rect.y}; }
  Rect rect() const { return state().rect; }
  int32_t z() const { return state().z; }
  uint8_t opacity() const { return state().opacity; }
  bool visible() const { return state().visible; }

  // --- Geometry and stacking -------------------------------------------------------------
  void move_to(Point position);
  void move_by(int32_t dx, int32_t dy);
  /// Restacks: the layer goes on top of every other layer with the same or a lower z.
  void set_z(int32_t z);
  /// Puts the layer on top of all layers (z = the highest z in the scene, stacked last).
  void raise_to_top();
  /// Solid layers only: a new size, top-left corner kept. Throws fb::Error for image layers.
  void resize(int32_t width, int32_t height);

  // --- Appearance --------------------------------------------------------------------------
  void set_opacity(uint8_t opacity);
  void set_visible(bool visible);
  void show() { set_visible(true); }
  void hide() { set_visible(false); }
  /// Solid layers only: the premultiplied colour. Throws fb::Error for image layers.
  void set_color(uint32_t premultiplied_argb);

  // --- Content (image layers) ----------------------------------------------------------------
  /// The layer's pixels, to draw into directly; afterwards call damage() with what changed
  /// (or use CairoCanvas, which does it for you). Throws fb::Error for solid layers.
  const Surface& pixels() const;
  /// Replaces the image (the size may change; the top-left corner stays). Same format rules
  /// as Scene::add_image.
  void set_image(Image image);
  /// Records that `layer_rect` (layer coordinates: 0,0 = the layer's top-left) of the content
  /// changed. Clipped to the layer.
  void damage(const Rect& layer_rect);
  /// Records that the whole content changed.
  void damage_all();

 private:
  friend class Scene;
  Layer(Scene* scene, uint32_t id) : scene_(scene), id_(id) {}
  Scene* scene_ = nullptr;
  uint32_t id_ = 0;
};

}  // namespace fb

#pragma GCC visibility pop
