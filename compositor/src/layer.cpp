// SPDX-License-Identifier: MIT
#include "fb/compositor/layer.hpp"

#include <algorithm>
#include <limits>

#include "fb/compositor/scene.hpp"
#include "fb/error.hpp"
#include "scene_record.hpp"

namespace fb {
namespace {

Scene& scene_of(Scene* scene) {
  if (scene == nullptr) throw Error("operation on a null layer handle");
  return *scene;
}

}  // namespace

const LayerState& Layer::state() const {
  return scene_of(scene_).record(id_).state;
}

void Layer::move_to(Point position) {
  Scene& scene = scene_of(scene_);
  LayerState& state = scene.record(id_).state;
  if (state.rect.x == position.x && state.rect.y == position.y) return;
  scene.damage_layer_rect(state);
  state.rect.x = position.x;
  state.rect.y = position.y;
  scene.damage_layer_rect(state);
}

void Layer::move_by(int32_t dx, int32_t dy) {
  Point p = position();
  auto add = [](int32_t a, int32_t b) {
    return static_cast<int32_t>(std::clamp(int64_t{a} + b, -kCoordinateLimit, kCoordinateLimit));
  };
  move_to(Point{add(p.x, dx), add(p.y, dy)});
}

void Layer::set_z(int32_t z) {
  Scene& scene = scene_of(scene_);
  LayerState& state = scene.record(id_).state;
  state.z = z;
  state.order = scene.next_order_++;
  scene.damage_layer_rect(state);
  scene.restacked();
}

void Layer::raise_to_top() {
  Scene& scene = scene_of(scene_);
  int32_t top = std::numeric_limits<int32_t>::min();
  for (const LayerState* other : scene.stacking()) top = std::max(top, other->z);
  set_z(top);
}

void Layer::resize(int32_t width, int32_t height) {
  Scene& scene = scene_of(scene_);
  LayerState& state = scene.record(id_).state;
  if (state.kind != LayerKind::solid) throw Error("Layer::resize: only solid layers resize");
  width = std::max(width, 0);
  height = std::max(height, 0);
  if (state.rect.width == width && state.rect.height == height) return;
  scene.damage_layer_rect(state);
  state.rect.width = width;
  state.rect.height = height;
  scene.damage_layer_rect(state);
}

void Layer::set_opacity(uint8_t opacity) {
  Scene& scene = scene_of(scene_);
  LayerState& state = scene.record(id_).state;
  if (state.opacity == opacity) return;
  state.opacity = opacity;
  scene.damage_layer_rect(state);
}

void Layer::set_visible(bool visible) {
  Scene& scene = scene_of(scene_);
  LayerState& state = scene.record(id_).state;
  if (state.visible == visible) return;
  state.visible = true;  // so the rectangle is damaged either way
  scene.damage_layer_rect(state);
  state.visible = visible;
}

void Layer::set_color(uint32_t premultiplied_argb) {
  Scene& scene = scene_of(scene_);
  LayerState& state = scene.record(id_).state;
  if (state.kind != LayerKind::solid) throw Error("Layer::set_color: only solid layers have one");
  if (state.color == premultiplied_argb) return;
  state.color = premultiplied_argb;
  scene.damage_layer_rect(state);
}

const Surface& Layer::pixels() const {
  const LayerState& s = state();
  if (s.kind != LayerKind::image) throw Error("Layer::pixels: a solid layer has no pixels");
  return s.pixels;
}

void Layer::set_image(Image image) {
  Scene& scene = scene_of(scene_);
  auto& record = scene.record(id_);
  if (record.state.kind != LayerKind::image) {
    throw Error("Layer::set_image: a solid layer has no image");
  }
  if (image.format() != PixelFormat::argb8888_premul && image.format() != PixelFormat::xrgb8888) {
    throw UnsupportedFormat("a layer image must be argb8888_premul or xrgb8888, not " +
                            std::string(pixel_format_name(image.format())));
  }
  scene.damage_layer_rect(record.state);
  record.image = std::move(image);
  record.state.pixels = record.image.surface();
  record.state.rect.width = record.image.width();
  record.state.rect.height = record.image.height();
  scene.damage_layer_rect(record.state);
}

void Layer::damage(const Rect& layer_rect) {
  Scene& scene = scene_of(scene_);
  const LayerState& state = scene.record(id_).state;
  if (!state.visible) return;
  Rect local = intersect(layer_rect, Rect{0, 0, state.rect.width, state.rect.height});
  scene.damage(local.translated(state.rect.x, state.rect.y));
}

void Layer::damage_all() {
  damage(Rect{0, 0, rect().width, rect().height});
}

}  // namespace fb
