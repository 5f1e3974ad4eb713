// SPDX-License-Identifier: MIT
// Rect and Region arithmetic at extreme coordinates (any int32 edges, any int64 offsets).
// Invariants, for rectangles as clamped on the way in (Rect::from_edges of their edges):
//  - Rect: intersect(a, b) lies in both; bounding_union(a, b) holds both; translated() stays
//    within the coordinate limit, never overflows (UBSan), and keeps the size whenever the
//    moved rectangle fits inside the limit;
//  - Region: a ∪ b covers every rectangle of a and of b and lies within their bounds' union;
//    a ∩ b is covered by a and by b; a − b is covered by a and meets no rectangle of b; the
//    areas add up: |a ∩ b| + |a − b| = |a| and |a ∪ b| = |a| + |b| − |a ∩ b|;
//  - every region's rectangles are inside the coordinate limit, non-empty and disjoint
//    (their areas sum to area()); translate() keeps the area when the move fits the limit.
#include <cstdint>
#include <vector>

#include "fb/rect.hpp"
#include "fb/region.hpp"
#include "fuzz_support.hpp"

namespace {

using fb::Rect;
using fb::Region;
constexpr int64_t kLimit = fb::kCoordinateLimit;

Rect clamped(const Rect& r) {
  return r.empty() ? Rect{} : Rect::from_edges(r.left(), r.top(), r.right(), r.bottom());
}
bool inside_limit(const Rect& r) {
  return r.empty() || (r.left() >= -kLimit && r.right() <= kLimit && r.top() >= -kLimit &&
                       r.bottom() <= kLimit);
}
bool within(const Rect& inner, const Rect& outer) {
  return inner.empty() || (!outer.empty() && inner.left() >= outer.left() &&
                           inner.right() <= outer.right() && inner.top() >= outer.top() &&
                           inner.bottom() <= outer.bottom());
}

Rect any_rect(fuzz::Reader& in) {
  return Rect{in.edgy_int32(), in.edgy_int32(), in.edgy_int32(), in.edgy_int32()};
}

void check_well_formed(const Region& region) {
  uint64_t sum = 0;
  std::vector<Rect> rects = region.rects();
  FUZZ_CHECK(rects.size() == region.rect_count());
  for (const Rect& r : rects) {
    FUZZ_CHECK(!r.empty());
    FUZZ_CHECK(inside_limit(r));
    FUZZ_CHECK(within(r, region.bounds()));
    sum += uint64_t(r.area());
  }
  FUZZ_CHECK(sum == region.area());
  FUZZ_CHECK(region.empty() == rects.empty());
}

void check_rects(const Rect& a, const Rect& b, int64_t dx, int64_t dy) {
  const Rect ca = clamped(a), cb = clamped(b);
  const Rect i = fb::intersect(a, b);
  FUZZ_CHECK(within(i, a) && within(i, b));
  const Rect u = fb::bounding_union(ca, cb);
  FUZZ_CHECK(within(ca, u) && within(cb, u));
  FUZZ_CHECK(inside_limit(u));

  const Rect t = a.translated(dx, dy);
  FUZZ_CHECK(inside_limit(t));
  FUZZ_CHECK(t.empty() || (t.width <= 2 * kLimit && t.height <= 2 * kLimit));
  if (a.empty()) FUZZ_CHECK(t.empty());
  // The promise: when the whole move lands inside the limit, nothing is cut.
  if (!ca.empty() && ca == a && dx > -4 * kLimit && dx < 4 * kLimit && dy > -4 * kLimit &&
      dy < 4 * kLimit) {
    const int64_t x1 = a.left() + dx, x2 = a.right() + dx, y1 = a.top() + dy, y2 = a.bottom() + dy;
    if (x1 >= -kLimit && x2 <= kLimit && y1 >= -kLimit && y2 <= kLimit) {
      FUZZ_CHECK(t.left() == x1 && t.top() == y1 && t.width == a.width && t.height == a.height);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Reader in(data, size);
  check_rects(any_rect(in), any_rect(in), in.edgy_int64(), in.edgy_int64());

  // Two regions of up to 8 rectangles each.
  std::vector<Rect> ra, rb;
  for (size_t n = in.byte() % 9; n > 0; --n) ra.push_back(any_rect(in));
  for (size_t n = in.byte() % 9; n > 0; --n) rb.push_back(any_rect(in));
  const Region a(ra), b(rb);
  check_well_formed(a);
  check_well_formed(b);
  for (const Rect& r : ra) FUZZ_CHECK(r.empty() || a.covers(clamped(r)));

  const Region u = united(a, b);
  check_well_formed(u);
  for (const Rect& r : a.rects()) FUZZ_CHECK(u.covers(r));
  for (const Rect& r : b.rects()) FUZZ_CHECK(u.covers(r));
  FUZZ_CHECK(within(u.bounds(), fb::bounding_union(a.bounds(), b.bounds())));

  Region i = a;
  i.intersect(b);
  check_well_formed(i);
  for (const Rect& r : i.rects()) FUZZ_CHECK(a.covers(r) && b.covers(r));

  Region s = a;
  s.subtract(b);
  check_well_formed(s);
  for (const Rect& r : s.rects()) {
    FUZZ_CHECK(a.covers(r));
    FUZZ_CHECK(!b.intersects(r));
  }
  FUZZ_CHECK(i.area() + s.area() == a.area());
  FUZZ_CHECK(u.area() + i.area() == a.area() + b.area());

  // The Rect overloads agree with the Region ones.
  if (!rb.empty()) {
    Region by_rect = a, by_region = a;
    by_rect.intersect(rb.front());
    by_region.intersect(Region(rb.front()));
    FUZZ_CHECK(by_rect == by_region);
    by_rect = a, by_region = a;
    by_rect.subtract(rb.front());
    by_region.subtract(Region(rb.front()));
    FUZZ_CHECK(by_rect == by_region);
  }

  const int32_t dx = in.edgy_int32(), dy = in.edgy_int32();
  Region moved = a;
  moved.translate(dx, dy);
  check_well_formed(moved);
  const Rect box = a.bounds();
  if (!a.empty() && box.left() + dx >= -kLimit && box.right() + dx <= kLimit &&
      box.top() + dy >= -kLimit && box.bottom() + dy <= kLimit) {
    FUZZ_CHECK(moved.area() == a.area());
    FUZZ_CHECK(moved.bounds() == box.translated(dx, dy));
  }
  return 0;
}
