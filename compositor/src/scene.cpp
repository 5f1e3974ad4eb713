// SPDX-License-Identifier: MIT
#include "fb/compositor/scene.hpp"

#include <algorithm>
#include <string>

#include "fb/error.hpp"
#include "scene_record.hpp"

namespace fb {
namespace {

void check_layer_format(PixelFormat format) {
  if (format != PixelFormat::argb8888_premul && format != PixelFormat::xrgb8888) {
    throw UnsupportedFormat("a layer image must be argb8888_premul or xrgb8888, not " +
                            std::string(pixel_format_name(format)));
  }
}

}  // namespace

bool LayerState::opaque() const {
  if (!visible || opacity != 255 || rect.empty()) return false;
  if (kind == LayerKind::solid) return (color >> 24) == 0xff;
  return pixels.format() == PixelFormat::xrgb8888;
}

Scene::Scene(int32_t width, int32_t height, uint32_t background_argb)
    : width_(width), height_(height), background_(background_argb | 0xff000000u) {
  if (width <= 0 || height <= 0) {
    throw Error("scene size " + std::to_string(width) + "x" + std::to_string(height) +
                " is not positive");
  }
  // Whatever a buffer held before this scene, the first frame must paint all of it.
  pending_ = Region(bounds());
}

Scene::~Scene() = default;

void Scene::set_background(uint32_t argb) {
  argb |= 0xff000000u;
  if (argb == background_) return;
  background_ = argb;
  damage_all();
}

Layer Scene::add_image(Image image, Point position, int32_t z) {
  check_layer_format(image.format());
  auto record = std::make_unique<Record>();
  record->image = std::move(image);
  LayerState& state = record->state;
  state.id = next_id_++;
  state.kind = LayerKind::image;
  state.rect = Rect{position.x, position.y, record->image.width(), record->image.height()};
  state.z = z;
  state.order = next_order_++;
  state.pixels = record->image.surface();
  damage_layer_rect(state);
  uint32_t id = state.id;
  layers_.emplace(id, std::move(record));
  restacked();
  return Layer(this, id);
}

Layer Scene::add_solid(const Rect& rect, uint32_t premultiplied_argb, int32_t z) {
  auto record = std::make_unique<Record>();
  LayerState& state = record->state;
  state.id = next_id_++;
  state.kind = LayerKind::solid;
  state.rect = rect.empty() ? Rect{rect.x, rect.y, 0, 0} : rect;
  state.z = z;
  state.order = next_order_++;
  state.color = premultiplied_argb;
  damage_layer_rect(state);
  uint32_t id = state.id;
  layers_.emplace(id, std::move(record));
  restacked();
  return Layer(this, id);
}

void Scene::remove(Layer layer) {
  if (!layer) throw Error("Scene::remove: null layer handle");
  if (layer.scene() != this) throw Error("Scene::remove: the layer belongs to another scene");
  auto it = layers_.find(layer.id());
  if (it == layers_.end()) return;
  damage_layer_rect(it->second->state);
  layers_.erase(it);
  restacked();
}

Layer Scene::find(uint32_t id) const {
  if (layers_.count(id) == 0) return Layer();
  return Layer(const_cast<Scene*>(this), id);
}

std::vector<Layer> Scene::layers() const {
  std::vector<Layer> result;
  for (const LayerState* state : stacking()) result.push_back(find(state->id));
  return result;
}

const std::vector<const LayerState*>& Scene::stacking() const {
  if (!stacking_valid_) {
    stacking_.clear();
    for (const auto& [id, record] : layers_) stacking_.push_back(&record->state);
    std::sort(stacking_.begin(), stacking_.end(), [](const LayerState* a, const LayerState* b) {
      return a->z != b->z ? a->z < b->z : a->order < b->order;
    });
    stacking_valid_ = true;
  }
  return stacking_;
}

void Scene::damage(const Rect& screen_rect) {
  pending_.unite(intersect(screen_rect, bounds()));
}

void Scene::damage(const Region& screen_region) {
  Region clipped = screen_region;
  clipped.intersect(bounds());
  pending_.unite(clipped);
}

void Scene::damage_all() {
  pending_ = Region(bounds());
}

Region Scene::repaint_region(int buffer_age) const {
  if (buffer_age <= 0 || static_cast<size_t>(buffer_age - 1) > history_.size()) {
    return Region(bounds());
  }
  if (buffer_age == 1) return pending_;
  Region region = united(pending_, history_[0]);
  for (int i = 1; i < buffer_age - 1; ++i) region.unite(history_[i]);
  return region;
}

void Scene::end_frame() {
  history_.push_front(std::move(pending_));
  if (history_.size() > kDamageHistory) history_.pop_back();
  pending_ = Region();
  ++frames_ended_;
}

Scene::Record& Scene::record(uint32_t id) {
  auto it = layers_.find(id);
  if (it == layers_.end()) throw Error("layer " + std::to_string(id) + " was removed");
  return *it->second;
}

const Scene::Record& Scene::record(uint32_t id) const {
  return const_cast<Scene*>(this)->record(id);
}

void Scene::damage_layer_rect(const LayerState& state) {
  if (state.visible) damage(state.rect);
}

void Scene::restacked() {
  stacking_valid_ = false;
}

}  // namespace fb
