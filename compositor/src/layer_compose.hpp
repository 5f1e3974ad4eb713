// SPDX-License-Identifier: MIT
// Internal: drawing one layer's part of a rectangle, shared by the strip renderer and the
// reference repaint so both blend identically.
#pragma once

#include <cstdint>

#include "fb/compositor/layer.hpp"
#include "fb/rect.hpp"
#include "fb/surface.hpp"

namespace fb::compositor_detail {

/// A premultiplied colour scaled by an opacity, channel by channel, with libfb's rounding.
uint32_t scale_premultiplied(uint32_t argb, uint8_t opacity);

/// Draws the part of `layer` inside `screen_rect` onto `dst` (xrgb8888), whose pixel (0, 0) is
/// the screen point `dst_origin`. Opaque parts are copied or filled, the rest composited over
/// with the layer's opacity. `scratch` is reused for xrgb8888 images drawn translucently.
/// Returns false when the layer had nothing to draw there.
bool draw_layer(const Surface& dst, Point dst_origin, const LayerState& layer,
                const Rect& screen_rect, Image& scratch);

}  // namespace fb::compositor_detail
