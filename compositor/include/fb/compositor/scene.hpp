// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <vector>

#include "fb/compositor/layer.hpp"
#include "fb/region.hpp"
#include "fb/surface.hpp"

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

/// The layers of one screen, bottom to top over an opaque background colour, and the damage
/// log: what changed in each of the last frames, in screen coordinates, clipped to the screen.
///
/// A frame's damage accumulates from every change made since the previous end_frame(); a back
/// buffer of age N holds the frame shown N frames ago, so it must be repainted where the last N
/// frames (the current one included) changed: repaint_region(N).
///
/// Layer handles point at the scene, so a Scene is neither copied nor moved.
class Scene {
 public:
  /// Frames of damage kept; a buffer older than this is repainted in full.
  static constexpr int kDamageHistory = 8;

  /// A width x height screen showing `background_argb` (made opaque) where no layer covers
  /// it. Throws fb::Error for a non-positive size. The first frame is damaged in full.
  Scene(int32_t width, int32_t height, uint32_t background_argb = 0xff000000);
  ~Scene();
  Scene(const Scene&) = delete;
  Scene& operator=(const Scene&) = delete;

  int32_t width() const { return width_; }
  int32_t height() const { return height_; }
  Rect bounds() const { return Rect{0, 0, width_, height_}; }

  /// The opaque colour under all layers (0xAARRGGBB; alpha is forced to 0xff).
  uint32_t background() const { return background_; }
  void set_background(uint32_t argb);

  // --- Layers --------------------------------------------------------------------------------
  /// Adds a visible image layer with its top-left corner at `position`, stacked on top of the
  /// layers of the same or a lower z. The image must be argb8888_premul or xrgb8888 (throws
  /// fb::UnsupportedFormat otherwise) and is owned by the scene from now on.
  Layer add_image(Image image, Point position = {}, int32_t z = 0);
  /// Adds a visible solid layer covering `rect` in one premultiplied colour.
  Layer add_solid(const Rect& rect, uint32_t premultiplied_argb, int32_t z = 0);
  /// Removes the layer (damaging its rectangle if it was visible). Throws fb::Error for a null
  /// handle or one of another scene; a handle already removed is ignored.
  void remove(Layer layer);
  /// The layer with this id, or a null handle.
  Layer find(uint32_t id) const;
  size_t layer_count() const { return layers_.size(); }
  /// All layers, bottom to top (hidden ones included).
  std::vector<Layer> layers() const;
  /// All layers' states, bottom to top (hidden ones included). Valid until the next change.
  const std::vector<const LayerState*>& stacking() const;

  // --- Damage --------------------------------------------------------------------------------
  /// Records damage in screen coordinates (clipped to the screen), e.g. after drawing into a
  /// layer's pixels without telling the layer.
  void damage(const Rect& screen_rect);
  void damage(const Region& screen_region);
  void damage_all();
  /// The damage recorded since the last end_frame().
  const Region& frame_damage() const { return pending_; }
  /// What a back buffer of `buffer_age` must repaint: the union of this frame's damage and the
  /// damage of the previous buffer_age - 1 frames. Age 0 (unknown contents), an age beyond the
  /// log, or beyond the frames the scene has had gives the whole screen.
  Region repaint_region(int buffer_age) const;
  /// Closes the current frame: its damage enters the log and a new, empty frame begins. The
  /// renderer calls this after presenting (Renderer::render_frame); call it yourself when you
  /// drive Renderer::render directly.
  void end_frame();
  /// Frames closed by end_frame() so far.
  uint64_t frames_ended() const { return frames_ended_; }

 private:
  friend class Layer;
  struct Record;

  Record& record(uint32_t id);
  const Record& record(uint32_t id) const;
  void damage_layer_rect(const LayerState& state);
  void restacked();

  int32_t width_;
  int32_t height_;
  uint32_t background_;
  uint32_t next_id_ = 1;
  uint64_t next_order_ = 1;
  std::map<uint32_t, std::unique_ptr<Record>> layers_;
  mutable std::vector<const LayerState*> stacking_;
  mutable bool stacking_valid_ = false;
  Region pending_;
  std::deque<Region> history_;  // newest first: history_[0] is the previous frame's damage
  uint64_t frames_ended_ = 0;
};

}  // namespace fb

#pragma GCC visibility pop
