// SPDX-License-Identifier: MIT
#include "fb/region.hpp"

#include <gtest/gtest.h>

#include <climits>
#include <random>

namespace fb {
namespace {

TEST(Region, UnionOfOverlapsCountsPixelsOnce) {
  Region r;
  r.unite(Rect{0, 0, 10, 10}).unite(Rect{5, 5, 10, 10});
  EXPECT_EQ(r.area(), 100u + 100u - 25u);
  EXPECT_EQ(r.bounds(), (Rect{0, 0, 15, 15}));
  EXPECT_TRUE(r.contains({14, 14}));
  EXPECT_FALSE(r.contains({14, 0}));
}

TEST(Region, UnitedLeavesItsOperandsAlone) {
  Region a(Rect{0, 0, 10, 10}), b(Rect{5, 5, 10, 10});
  Region both = united(a, b);
  EXPECT_EQ(both, Region(a).unite(b));
  EXPECT_EQ(both.area(), 175u);
  EXPECT_EQ(a, Region(Rect{0, 0, 10, 10}));
  EXPECT_EQ(b, Region(Rect{5, 5, 10, 10}));
  EXPECT_EQ(united(Region(), Region()), Region());
}

TEST(Region, SubtractAndIntersect) {
  Region r(Rect{0, 0, 10, 10});
  r.subtract(Rect{2, 2, 6, 6});
  EXPECT_EQ(r.area(), 64u);
  EXPECT_FALSE(r.contains({5, 5}));
  EXPECT_TRUE(r.covers(Rect{0, 0, 10, 2}));
  EXPECT_FALSE(r.covers(Rect{0, 0, 10, 3}));
  EXPECT_TRUE(r.intersects(Rect{1, 1, 2, 2}));
  EXPECT_FALSE(r.intersects(Rect{3, 3, 4, 4}));
  r.intersect(Rect{0, 0, 5, 5});
  EXPECT_EQ(r.area(), 25u - 9u);
}

TEST(Region, EmptyAndDegenerateInputsAreIgnored) {
  Region r;
  r.unite(Rect{3, 3, 0, 5}).unite(Rect{3, 3, -5, -5});
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(r.bounds(), Rect{});
  EXPECT_EQ(r.area(), 0u);
  EXPECT_TRUE(r.covers(Rect{}));
  EXPECT_FALSE(r.intersects(Rect{0, 0, 100, 100}));
}

TEST(Region, HugeRectanglesAreClampedNotWrapped) {
  Region r(Rect{INT32_MAX - 5, INT32_MAX - 5, INT32_MAX, INT32_MAX});
  // Clamped to the coordinate limit it lies wholly outside: empty.
  EXPECT_TRUE(r.empty());
  Region big(Rect::from_edges(-(int64_t{1} << 40), -(int64_t{1} << 40), int64_t{1} << 40,
                              int64_t{1} << 40));
  EXPECT_TRUE(big.covers(Rect{0, 0, 1024, 600}));
  big.intersect(Rect{0, 0, 1024, 600});
  EXPECT_EQ(big.area(), 1024u * 600u);
}

TEST(Region, TranslateAcrossTheLimitClampsInsteadOfOverflowing) {
  Region r(Rect{0, 0, 100, 100});
  r.translate(INT32_MAX, 0);
  EXPECT_TRUE(r.empty());
  Region s(Rect{0, 0, 100, 100});
  s.translate(-50, 25);
  EXPECT_EQ(s.bounds(), (Rect{-50, 25, 100, 100}));
}

TEST(Region, EqualityIsBySetNotByHistory) {
  Region a;
  a.unite(Rect{0, 0, 5, 10}).unite(Rect{5, 0, 5, 10});
  Region b(Rect{0, 0, 10, 10});
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.rect_count(), 1u);
  Region c = a;
  c.subtract(Rect{0, 0, 1, 1});
  EXPECT_FALSE(c == a);
}

TEST(Region, CopyAndMoveKeepContents) {
  Region a(Rect{1, 2, 3, 4});
  Region b = a;
  Region c = std::move(a);
  EXPECT_EQ(b, c);
  Region d;
  d = c;
  EXPECT_EQ(d.area(), 12u);
  d = Region(Rect{0, 0, 1, 1});
  EXPECT_EQ(d.area(), 1u);
}

// The region must agree with a plain pixel mask under random operations.
TEST(Region, MatchesABitmapUnderRandomOperations) {
  constexpr int kSize = 64;
  std::mt19937 rng(1234);
  std::uniform_int_distribution<int> coord(-20, kSize + 20), op(0, 2);
  for (int round = 0; round < 50; ++round) {
    Region region;
    std::vector<char> mask(kSize * kSize, 0);
    for (int step = 0; step < 20; ++step) {
      Rect r = Rect::from_edges(coord(rng), coord(rng), coord(rng), coord(rng));
      int kind = op(rng);
      if (kind == 0) region.unite(r);
      if (kind == 1) region.subtract(r);
      if (kind == 2) region.intersect(bounding_union(r, Rect{0, 0, kSize / 2, kSize / 2}));
      Rect clip = kind == 2 ? bounding_union(r, Rect{0, 0, kSize / 2, kSize / 2}) : r;
      for (int y = 0; y < kSize; ++y) {
        for (int x = 0; x < kSize; ++x) {
          bool in = clip.contains({x, y});
          char& m = mask[y * kSize + x];
          if (kind == 0) m = m || in;
          if (kind == 1) m = m && !in;
          if (kind == 2) m = m && in;
        }
      }
    }
    uint64_t expected_area = 0;
    for (int y = 0; y < kSize; ++y) {
      for (int x = 0; x < kSize; ++x) {
        ASSERT_EQ(region.contains({x, y}), mask[y * kSize + x] != 0) << "round " << round;
        expected_area += mask[y * kSize + x] != 0;
      }
    }
    Region inside = region;
    inside.intersect(Rect{0, 0, kSize, kSize});
    EXPECT_EQ(inside.area(), expected_area);
  }
}

}  // namespace
}  // namespace fb
