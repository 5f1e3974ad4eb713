// SPDX-License-Identifier: MIT
#include "fb/rotation.hpp"

namespace fb {
namespace {

// The rectangles of `region` mapped one by one; pixman puts the result back into bands.
template <class Map>
Region mapped(const Region& region, Map map) {
  std::vector<Rect> rects;
  rects.reserve(region.rect_count());
  for (const pixman_box32_t& box : region.boxes()) {
    rects.push_back(map(Rect::from_edges(box.x1, box.y1, box.x2, box.y2)));
  }
  return Region(rects);
}

}  // namespace

std::optional<Rotation> parse_rotation(std::string_view text) {
  if (text == "0") return Rotation::r0;
  if (text == "90") return Rotation::r90;
  if (text == "180") return Rotation::r180;
  if (text == "270") return Rotation::r270;
  return std::nullopt;
}

Region Orientation::to_scanout(const Region& region) const {
  if (rotation == Rotation::r0) return region;
  return mapped(region, [this](const Rect& r) { return to_scanout(r); });
}

Region Orientation::to_logical(const Region& region) const {
  if (rotation == Rotation::r0) return region;
  return mapped(region, [this](const Rect& r) { return to_logical(r); });
}

}  // namespace fb
