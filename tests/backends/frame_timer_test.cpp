// SPDX-License-Identifier: MIT
// The backends' present timer: its period from a mode's refresh rate, bounded whatever a
// driver reports.
#include "../../libfb/backends/frame_timer.hpp"

#include <gtest/gtest.h>

#include <climits>

namespace fb::detail {
namespace {

TEST(FrameTimer, PeriodFollowsTheRefreshRate) {
  EXPECT_EQ(FrameTimer(60000).period_ns(), 16'666'666);
  EXPECT_EQ(FrameTimer(50000).period_ns(), 20'000'000);
  EXPECT_EQ(FrameTimer(0).period_ns(), 16'666'667);  // unknown: 60 Hz
  EXPECT_EQ(FrameTimer(-5).period_ns(), 16'666'667);
  EXPECT_EQ(FrameTimer(INT_MAX).period_ns(), 465);
}

// A mode claiming 0.001 Hz (bogus timings from a driver) would otherwise make every present
// wait 1000 s.
TEST(FrameTimer, PeriodIsAtMostOneSecond) {
  EXPECT_EQ(FrameTimer(1).period_ns(), 1'000'000'000);
  EXPECT_EQ(FrameTimer(999).period_ns(), 1'000'000'000);
  EXPECT_EQ(FrameTimer(1000).period_ns(), 1'000'000'000);
  EXPECT_EQ(FrameTimer(2000).period_ns(), 500'000'000);
}

}  // namespace
}  // namespace fb::detail
