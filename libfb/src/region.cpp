// SPDX-License-Identifier: MIT
#include "fb/region.hpp"

namespace fb {
namespace {

// Rectangles built by hand may have edges past the coordinate limit; clamp them first so
// pixman only ever sees boxes whose sizes fit in int32.
Rect normalized(const Rect& rect) {
  return Rect::from_edges(rect.left(), rect.top(), rect.right(), rect.bottom());
}

pixman_box32_t box_of(const Rect& rect) {
  return pixman_box32_t{rect.x, rect.y, rect.x + rect.width, rect.y + rect.height};
}

void init_with_rect(pixman_region32_t* region, const Rect& rect) {
  Rect r = normalized(rect);
  if (r.empty()) {
    pixman_region32_init(region);
  } else {
    pixman_region32_init_rect(region, r.x, r.y, static_cast<unsigned>(r.width),
                              static_cast<unsigned>(r.height));
  }
}

}  // namespace

Region::Region() {
  pixman_region32_init(&region_);
}

Region::Region(const Rect& rect) {
  init_with_rect(&region_, rect);
}

Region::Region(std::span<const Rect> rects) {
  pixman_region32_init(&region_);
  for (const Rect& rect : rects) unite(rect);
}

Region::Region(const Region& other) {
  pixman_region32_init(&region_);
  pixman_region32_copy(&region_, &other.region_);
}

Region::Region(Region&& other) noexcept : Region() {
  std::swap(region_, other.region_);
}

Region& Region::operator=(const Region& other) {
  if (this != &other) pixman_region32_copy(&region_, &other.region_);
  return *this;
}

Region& Region::operator=(Region&& other) noexcept {
  std::swap(region_, other.region_);
  return *this;
}

Region::~Region() {
  pixman_region32_fini(&region_);
}

bool Region::empty() const {
  return !pixman_region32_not_empty(&region_);
}

Rect Region::bounds() const {
  if (empty()) return Rect{};
  const pixman_box32_t* box = pixman_region32_extents(&region_);
  return Rect::from_edges(box->x1, box->y1, box->x2, box->y2);
}

uint64_t Region::area() const {
  uint64_t total = 0;
  for (const pixman_box32_t& box : boxes()) {
    total += uint64_t(int64_t{box.x2} - box.x1) * uint64_t(int64_t{box.y2} - box.y1);
  }
  return total;
}

size_t Region::rect_count() const {
  return boxes().size();
}

std::span<const pixman_box32_t> Region::boxes() const {
  int count = 0;
  const pixman_box32_t* first = pixman_region32_rectangles(&region_, &count);
  return {first, static_cast<size_t>(count)};
}

std::vector<Rect> Region::rects() const {
  std::vector<Rect> out;
  out.reserve(rect_count());
  for (const pixman_box32_t& box : boxes()) {
    out.push_back(Rect::from_edges(box.x1, box.y1, box.x2, box.y2));
  }
  return out;
}

bool Region::contains(Point point) const {
  return pixman_region32_contains_point(&region_, point.x, point.y, nullptr);
}

bool Region::intersects(const Rect& rect) const {
  Rect r = normalized(rect);
  if (r.empty()) return false;
  pixman_box32_t box = box_of(r);
  return pixman_region32_contains_rectangle(&region_, &box) != PIXMAN_REGION_OUT;
}

bool Region::covers(const Rect& rect) const {
  Rect r = normalized(rect);
  if (r.empty()) return true;
  pixman_box32_t box = box_of(r);
  return pixman_region32_contains_rectangle(&region_, &box) == PIXMAN_REGION_IN;
}

Region& Region::unite(const Rect& rect) {
  Rect r = normalized(rect);
  if (!r.empty()) {
    pixman_region32_union_rect(&region_, &region_, r.x, r.y, static_cast<unsigned>(r.width),
                               static_cast<unsigned>(r.height));
  }
  return *this;
}

Region& Region::unite(const Region& other) {
  pixman_region32_union(&region_, &region_, &other.region_);
  return *this;
}

Region& Region::intersect(const Rect& rect) {
  Region clip(rect);
  return intersect(clip);
}

Region& Region::intersect(const Region& other) {
  pixman_region32_intersect(&region_, &region_, &other.region_);
  return *this;
}

Region& Region::subtract(const Rect& rect) {
  Region cut(rect);
  return subtract(cut);
}

Region& Region::subtract(const Region& other) {
  pixman_region32_subtract(&region_, &region_, &other.region_);
  return *this;
}

Region& Region::translate(int32_t dx, int32_t dy) {
  if (empty()) return *this;
  Rect box = bounds();
  auto inside = [](int64_t v) { return v >= -kCoordinateLimit && v <= kCoordinateLimit; };
  if (inside(box.left() + dx) && inside(box.right() + dx) && inside(box.top() + dy) &&
      inside(box.bottom() + dy)) {
    pixman_region32_translate(&region_, dx, dy);
    return *this;
  }
  // Some pixels would cross the coordinate limit: rebuild from clamped rectangles.
  Region result;
  for (const Rect& rect : rects()) result.unite(rect.translated(dx, dy));
  *this = std::move(result);
  return *this;
}

void Region::clear() {
  pixman_region32_clear(&region_);
}

Region united(const Region& a, const Region& b) {
  Region result;
  pixman_region32_union(&result.region_, &a.region_, &b.region_);
  return result;
}

bool operator==(const Region& a, const Region& b) {
  return pixman_region32_equal(&a.region_, &b.region_);
}

}  // namespace fb
