// SPDX-License-Identifier: MIT
#include "fb/rect.hpp"

#include <gtest/gtest.h>

#include <climits>

namespace fb {
namespace {

TEST(Rect, EmptyRectanglesAreAllEqual) {
  EXPECT_TRUE((Rect{5, 5, 0, 10}.empty()));
  EXPECT_TRUE((Rect{5, 5, -3, 10}.empty()));
  EXPECT_EQ((Rect{5, 5, 0, 10}), (Rect{-1, 7, 4, -2}));
  EXPECT_NE((Rect{0, 0, 1, 1}), Rect{});
  EXPECT_EQ((Rect{0, 0, -5, 5}.area()), 0);
}

TEST(Rect, IntersectClipsAndHandlesDisjoint) {
  EXPECT_EQ(intersect(Rect{0, 0, 10, 10}, Rect{5, -5, 10, 10}), (Rect{5, 0, 5, 5}));
  EXPECT_TRUE(intersect(Rect{0, 0, 10, 10}, Rect{10, 0, 5, 5}).empty());
  EXPECT_TRUE(intersect(Rect{0, 0, 10, 10}, Rect{3, 3, -4, 4}).empty());
  EXPECT_EQ(bounding_union(Rect{0, 0, 2, 2}, Rect{8, 8, 2, 2}), (Rect{0, 0, 10, 10}));
  EXPECT_EQ(bounding_union(Rect{}, Rect{1, 1, 1, 1}), (Rect{1, 1, 1, 1}));
}

TEST(Rect, ExtremeValuesNeverOverflow) {
  Rect huge{INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX};
  EXPECT_EQ(huge.right(), int64_t{INT32_MAX} * 2);
  EXPECT_TRUE(intersect(huge, Rect{0, 0, 1024, 600}).empty());
  Rect everything{INT32_MIN, INT32_MIN, INT32_MAX, INT32_MAX};
  EXPECT_EQ(intersect(everything, Rect{0, 0, 1024, 600}), Rect{});  // ends at -1
  Rect from_min = Rect::from_edges(INT64_MIN / 2, INT64_MIN / 2, INT64_MAX / 2, INT64_MAX / 2);
  EXPECT_EQ(from_min.left(), -kCoordinateLimit);
  EXPECT_EQ(from_min.right(), kCoordinateLimit);
  EXPECT_GT(from_min.width, 0);
  EXPECT_EQ(intersect(from_min, Rect{0, 0, 1024, 600}), (Rect{0, 0, 1024, 600}));
  // Moved wholly past the limit, a rectangle becomes empty rather than wrapping around.
  EXPECT_TRUE((Rect{0, 0, 10, 10}.translated(INT64_MAX / 4, 0).empty()));
  EXPECT_EQ((Rect{0, 0, 10, 10}.translated(kCoordinateLimit - 5, 0).width), 5);
}

// Offsets anywhere in int64_t: the header promises a clamp, so none may overflow first.
TEST(Rect, TranslatedByExtremeOffsetsClampsWithoutOverflow) {
  const Rect r{-5, 7, 10, 20};
  EXPECT_TRUE(r.translated(INT64_MAX, 0).empty());
  EXPECT_TRUE(r.translated(INT64_MIN, 0).empty());
  EXPECT_TRUE(r.translated(0, INT64_MAX).empty());
  EXPECT_TRUE(r.translated(0, INT64_MIN).empty());
  EXPECT_TRUE(r.translated(INT64_MAX, INT64_MIN).empty());
  EXPECT_TRUE(r.translated(INT64_MIN, INT64_MAX).empty());
  EXPECT_TRUE(r.translated(INT64_MAX - 3, INT64_MAX - 3).empty());
  EXPECT_TRUE(r.translated(INT64_MIN + 3, INT64_MIN + 3).empty());
  // The extreme rectangles moved the other way still clamp, and a huge move back lands
  // where the same move by the clamp would.
  const Rect wide{INT32_MIN, INT32_MIN, INT32_MAX, INT32_MAX};
  EXPECT_TRUE(wide.translated(INT64_MIN, INT64_MIN).empty());
  EXPECT_TRUE(wide.translated(INT64_MAX, INT64_MAX).empty());
  const Rect far{INT32_MAX - 10, 0, 10, 10};
  EXPECT_EQ(far.translated(INT64_MIN, 0), Rect{});
  // Moves that keep part of the rectangle inside the limit are exact.
  EXPECT_EQ(r.translated(-kCoordinateLimit, 0),
            (Rect{static_cast<int32_t>(-kCoordinateLimit), 7, 5, 20}));
  EXPECT_EQ(r.translated(3, -4), (Rect{-2, 3, 10, 20}));
}

TEST(Rect, ContainsIsHalfOpen) {
  Rect r{2, 3, 4, 5};
  EXPECT_TRUE(r.contains({2, 3}));
  EXPECT_TRUE(r.contains({5, 7}));
  EXPECT_FALSE(r.contains({6, 7}));
  EXPECT_FALSE(r.contains({5, 8}));
  EXPECT_FALSE(Rect{}.contains({0, 0}));
}

}  // namespace
}  // namespace fb
