// SPDX-License-Identifier: MIT
// Internal: what a Scene keeps per layer.
#pragma once

#include "fb/compositor/layer.hpp"
#include "fb/compositor/scene.hpp"
#include "fb/surface.hpp"

namespace fb {

struct Scene::Record {
  LayerState state;
  Image image;  // image layers: the content state.pixels views
};

}  // namespace fb
