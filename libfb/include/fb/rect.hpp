// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstdint>

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

struct Point {
  int32_t x = 0;
  int32_t y = 0;
  friend bool operator==(const Point&, const Point&) = default;
};

/// Coordinates are clamped to +-2^29 whenever a rectangle is built from edges, so edges,
/// widths (at most 2^30) and areas never overflow, whatever the caller passed.
inline constexpr int64_t kCoordinateLimit = int64_t{1} << 29;

/// A rectangle of pixels [x, x + width) x [y, y + height). A non-positive width or height is
/// empty; every operation treats all empty rectangles alike.
struct Rect {
  int32_t x = 0;
  int32_t y = 0;
  int32_t width = 0;
  int32_t height = 0;

  /// The rectangle between two edges, clamped to the coordinate limit; empty when x2 <= x1 or
  /// y2 <= y1.
  static constexpr Rect from_edges(int64_t x1, int64_t y1, int64_t x2, int64_t y2) {
    auto clamp = [](int64_t v) { return std::clamp(v, -kCoordinateLimit, kCoordinateLimit); };
    x1 = clamp(x1), y1 = clamp(y1), x2 = clamp(x2), y2 = clamp(y2);
    if (x2 <= x1 || y2 <= y1) return Rect{};
    return Rect{static_cast<int32_t>(x1), static_cast<int32_t>(y1), static_cast<int32_t>(x2 - x1),
                static_cast<int32_t>(y2 - y1)};
  }

  constexpr bool empty() const { return width <= 0 || height <= 0; }
  constexpr int64_t left() const { return x; }
  constexpr int64_t top() const { return y; }
  constexpr int64_t right() const { return int64_t{x} + width; }
  constexpr int64_t bottom() const { return int64_t{y} + height; }
  constexpr int64_t area() const { return empty() ? 0 : int64_t{width} * height; }

  constexpr bool contains(Point p) const {
    return !empty() && p.x >= left() && p.x < right() && p.y >= top() && p.y < bottom();
  }
  /// Moved by (dx, dy), any int64_t values, then clamped as from_edges() does.
  constexpr Rect translated(int64_t dx, int64_t dy) const {
    if (empty()) return Rect{};
    // Edges lie within +-2^32, so offsets held to +-2^40 cannot overflow when added, and any
    // move beyond that already takes every edge past the coordinate limit, where the clamp
    // gives the same result as the full move would.
    constexpr int64_t kMaxOffset = int64_t{1} << 40;
    dx = std::clamp(dx, -kMaxOffset, kMaxOffset);
    dy = std::clamp(dy, -kMaxOffset, kMaxOffset);
    return from_edges(left() + dx, top() + dy, right() + dx, bottom() + dy);
  }
  /// Empty rectangles compare equal to each other whatever their fields.
  friend constexpr bool operator==(const Rect& a, const Rect& b) {
    if (a.empty() || b.empty()) return a.empty() && b.empty();
    return a.x == b.x && a.y == b.y && a.width == b.width && a.height == b.height;
  }
};

/// The part both cover. It lies inside both (an empty one has right <= left or bottom <= top),
/// so it needs no clamping: small enough to inline where renderers call it per rectangle.
constexpr Rect intersect(const Rect& a, const Rect& b) {
  int64_t x1 = std::max(a.left(), b.left()), x2 = std::min(a.right(), b.right());
  int64_t y1 = std::max(a.top(), b.top()), y2 = std::min(a.bottom(), b.bottom());
  if (x2 <= x1 || y2 <= y1) return Rect{};
  return Rect{static_cast<int32_t>(x1), static_cast<int32_t>(y1), static_cast<int32_t>(x2 - x1),
              static_cast<int32_t>(y2 - y1)};
}

/// The smallest rectangle holding both.
constexpr Rect bounding_union(const Rect& a, const Rect& b) {
  if (a.empty()) return b.empty() ? Rect{} : b;
  if (b.empty()) return a;
  return Rect::from_edges(std::min(a.left(), b.left()), std::min(a.top(), b.top()),
                          std::max(a.right(), b.right()), std::max(a.bottom(), b.bottom()));
}

}  // namespace fb

#pragma GCC visibility pop
