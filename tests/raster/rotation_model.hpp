// SPDX-License-Identifier: MIT
// The rotation model the tests check libfb against: which logical pixel each panel pixel shows,
// written out from the definition of fb::Rotation (the picture turned clockwise onto the panel;
// at r90 its top row runs down the panel's right column), never taken from fb::Orientation.
#pragma once

#include <cstdint>

#include "fb/rect.hpp"
#include "fb/rotation.hpp"

namespace fb::test_support {

/// The logical picture's size on a panel_width x panel_height panel.
inline Point logical_size(Rotation rotation, int32_t panel_width, int32_t panel_height) {
  bool quarter = rotation == Rotation::r90 || rotation == Rotation::r270;
  return quarter ? Point{panel_height, panel_width} : Point{panel_width, panel_height};
}

/// The logical pixel the panel pixel (px, py) shows, on a W x H panel.
///  r90:  the logical top row runs down the panel's right column, so logical (lx, ly) sits at
///        panel (W-1-ly, lx): panel (px, py) shows logical (py, W-1-px).
///  r180: the picture upside down: logical (W-1-px, H-1-py).
///  r270: the logical top row runs up the panel's left column: logical (lx, ly) sits at panel
///        (ly, H-1-lx), so panel (px, py) shows logical (H-1-py, px).
inline Point logical_pixel(Rotation rotation, int32_t w, int32_t h, int32_t px, int32_t py) {
  switch (rotation) {
    case Rotation::r90:
      return Point{py, w - 1 - px};
    case Rotation::r180:
      return Point{w - 1 - px, h - 1 - py};
    case Rotation::r270:
      return Point{h - 1 - py, px};
    case Rotation::r0:
      break;
  }
  return Point{px, py};
}

}  // namespace fb::test_support
