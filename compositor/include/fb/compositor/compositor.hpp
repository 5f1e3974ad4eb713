// SPDX-License-Identifier: MIT
// fbmmap compositor: one include for layers, scenes, the damage-tracking renderer, Cairo
// drawing on layers and the frame loop. Link fbmmap::compositor.
#pragma once

#include "fb/compositor/cairo_canvas.hpp"
#include "fb/compositor/frame_loop.hpp"
#include "fb/compositor/frame_stats.hpp"
#include "fb/compositor/layer.hpp"
#include "fb/compositor/renderer.hpp"
#include "fb/compositor/scene.hpp"
