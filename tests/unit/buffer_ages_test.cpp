// SPDX-License-Identifier: MIT
#include "fb/buffer_ages.hpp"

#include <gtest/gtest.h>

namespace fb {
namespace {

TEST(BufferAges, UnknownUntilShownThenFramesSinceShown) {
  BufferAges ages(3);
  for (int b = 0; b < 3; ++b) EXPECT_EQ(ages.age(b), 0);
  ages.presented(0);
  EXPECT_EQ(ages.age(0), 1);  // holds the frame on screen
  EXPECT_EQ(ages.age(1), 0);
  ages.presented(1);
  ages.presented(2);
  EXPECT_EQ(ages.age(0), 3);
  EXPECT_EQ(ages.age(1), 2);
  EXPECT_EQ(ages.age(2), 1);
  ages.presented(0);
  EXPECT_EQ(ages.age(0), 1);
  EXPECT_EQ(ages.age(1), 3);
  EXPECT_EQ(ages.frames_presented(), 4u);
  // A new set of buffers (a mode set) starts unknown again.
  ages = BufferAges(2);
  EXPECT_EQ(ages.age(0), 0);
  EXPECT_EQ(ages.frames_presented(), 0u);
}

}  // namespace
}  // namespace fb
