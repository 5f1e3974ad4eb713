// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "fb/rect.hpp"
#include "fb/region.hpp"

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

/// How a panel is mounted: the angle, clockwise, by which the picture the application draws is
/// turned on its way into the scanout. With r90 on a 1024x600 panel the application draws a
/// 600x1024 portrait picture whose top edge runs down the panel's right-hand side (Qt's
/// linuxfb:rotation=90 turns the same way); r180 is a panel mounted upside down.
enum class Rotation : uint16_t { r0 = 0, r90 = 90, r180 = 180, r270 = 270 };

/// The environment variable DisplayOptions::rotation falls back to, beside FB_BACKEND.
inline constexpr const char* kRotationEnvironmentVariable = "FB_ROTATION";

constexpr int degrees(Rotation rotation) {
  return static_cast<int>(rotation);
}
/// True for r90 and r270: the picture's width runs along the panel's height.
constexpr bool swaps_axes(Rotation rotation) {
  return rotation == Rotation::r90 || rotation == Rotation::r270;
}
/// `first` then `second`.
constexpr Rotation combine(Rotation first, Rotation second) {
  return static_cast<Rotation>((degrees(first) + degrees(second)) % 360);
}
/// The rotation that undoes `rotation`.
constexpr Rotation inverse(Rotation rotation) {
  return static_cast<Rotation>((360 - degrees(rotation)) % 360);
}

/// "0", "90", "180" or "270" (nothing else: no sign, spaces or "deg"); nullopt otherwise.
std::optional<Rotation> parse_rotation(std::string_view text);

/// A panel of `scanout_width` x `scanout_height` pixels mounted with `rotation`: maps between
/// the logical picture the application and the compositor see and the scanout's pixels.
struct Orientation {
  Rotation rotation = Rotation::r0;
  int32_t scanout_width = 0;
  int32_t scanout_height = 0;

  /// The logical picture's size: the scanout's, swapped for r90 and r270.
  constexpr int32_t width() const { return swaps_axes(rotation) ? scanout_height : scanout_width; }
  constexpr int32_t height() const { return swaps_axes(rotation) ? scanout_width : scanout_height; }

  /// Where the logical pixel (x, y) lies in the scanout.
  constexpr Point to_scanout(Point p) const {
    switch (rotation) {
      case Rotation::r90:
        return Point{scanout_width - 1 - p.y, p.x};
      case Rotation::r180:
        return Point{scanout_width - 1 - p.x, scanout_height - 1 - p.y};
      case Rotation::r270:
        return Point{p.y, scanout_height - 1 - p.x};
      case Rotation::r0:
        break;
    }
    return p;
  }
  /// The logical pixel shown at the scanout's pixel (x, y).
  constexpr Point to_logical(Point p) const {
    switch (rotation) {
      case Rotation::r90:
        return Point{p.y, scanout_width - 1 - p.x};
      case Rotation::r180:
        return Point{scanout_width - 1 - p.x, scanout_height - 1 - p.y};
      case Rotation::r270:
        return Point{scanout_height - 1 - p.y, p.x};
      case Rotation::r0:
        break;
    }
    return p;
  }
  /// The scanout pixels a logical rectangle covers (any rectangle: nothing is clipped).
  constexpr Rect to_scanout(const Rect& r) const {
    if (r.empty()) return Rect{};
    switch (rotation) {
      case Rotation::r90:
        return Rect::from_edges(scanout_width - r.bottom(), r.left(), scanout_width - r.top(),
                                r.right());
      case Rotation::r180:
        return Rect::from_edges(scanout_width - r.right(), scanout_height - r.bottom(),
                                scanout_width - r.left(), scanout_height - r.top());
      case Rotation::r270:
        return Rect::from_edges(r.top(), scanout_height - r.right(), r.bottom(),
                                scanout_height - r.left());
      case Rotation::r0:
        break;
    }
    return r;
  }
  /// The logical rectangle shown on a rectangle of scanout pixels.
  constexpr Rect to_logical(const Rect& r) const {
    if (r.empty()) return Rect{};
    switch (rotation) {
      case Rotation::r90:
        return Rect::from_edges(r.top(), scanout_width - r.right(), r.bottom(),
                                scanout_width - r.left());
      case Rotation::r180:
        return Rect::from_edges(scanout_width - r.right(), scanout_height - r.bottom(),
                                scanout_width - r.left(), scanout_height - r.top());
      case Rotation::r270:
        return Rect::from_edges(scanout_height - r.bottom(), r.left(), scanout_height - r.top(),
                                r.right());
      case Rotation::r0:
        break;
    }
    return r;
  }
  Region to_scanout(const Region& region) const;
  Region to_logical(const Region& region) const;
};

}  // namespace fb

#pragma GCC visibility pop
