// SPDX-License-Identifier: MIT
#pragma once

#include <pixman.h>

#include <cstdint>
#include <span>
#include <vector>

#include "fb/rect.hpp"

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

/// A set of pixels as non-overlapping rectangles in y-x bands: the damage of a frame. A thin
/// owner of pixman's region32, which keeps the bands canonical so equal sets compare equal.
/// Rectangles are clamped to the coordinate limit on the way in (see rect.hpp).
class Region {
 public:
  Region();
  explicit Region(const Rect& rect);
  explicit Region(std::span<const Rect> rects);
  Region(const Region& other);
  Region(Region&& other) noexcept;
  Region& operator=(const Region& other);
  Region& operator=(Region&& other) noexcept;
  ~Region();

  bool empty() const;
  /// The bounding rectangle; empty for an empty region.
  Rect bounds() const;
  /// Pixels covered.
  uint64_t area() const;
  size_t rect_count() const;
  /// The rectangles, top to bottom, then left to right.
  std::vector<Rect> rects() const;
  std::span<const pixman_box32_t> boxes() const;

  bool contains(Point point) const;
  /// True when any pixel of `rect` is in the region.
  bool intersects(const Rect& rect) const;
  /// True when every pixel of `rect` is in the region.
  bool covers(const Rect& rect) const;

  Region& unite(const Rect& rect);
  Region& unite(const Region& other);
  Region& intersect(const Rect& rect);
  Region& intersect(const Region& other);
  Region& subtract(const Rect& rect);
  Region& subtract(const Region& other);
  Region& translate(int32_t dx, int32_t dy);
  void clear();

  friend bool operator==(const Region& a, const Region& b);
  /// a ∪ b as a new region, without copying either first.
  friend Region united(const Region& a, const Region& b);

  const pixman_region32_t* native() const { return &region_; }
  pixman_region32_t* native() { return &region_; }

 private:
  pixman_region32_t region_;
};

// Declared again at namespace scope, where the shared library's export applies to them.
bool operator==(const Region& a, const Region& b);
Region united(const Region& a, const Region& b);

}  // namespace fb

#pragma GCC visibility pop
