// SPDX-License-Identifier: MIT
// FramePacer, the one place frames are paced: unpaced means no wait at all; a display with a
// vblank ends waits at vblanks, one without on a timer; late frames count what they missed.
// The fake display's vblanks are real sleeps, so the figures asserted are counts of calls and
// of periods with wide margins, never speeds.
#include "fb/frame_pacer.hpp"

#include <gtest/gtest.h>
#include <time.h>

#include <limits>

#include "fb/error.hpp"

namespace fb {
namespace {

void sleep_ns(int64_t ns) {
  const timespec ts{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
  nanosleep(&ts, nullptr);
}

// A display whose vblanks come every `period_ns` on CLOCK_MONOTONIC, or that has none.
class VblankDisplay final : public Display {
 public:
  VblankDisplay(bool has_vblank, int refresh_mhz, int64_t period_ns) : period_ns_(period_ns) {
    info_.backend = "fake";
    info_.width = info_.height = 1;
    info_.refresh_mhz = refresh_mhz;
    info_.has_vblank = has_vblank;
  }
  const DisplayInfo& info() const override { return info_; }
  BackBuffer acquire() override { return {}; }
  void present(const Region&) override {}
  bool wait_for_vblank() override {
    ++vblank_waits;
    if (!info_.has_vblank || vblanks_left == 0) return false;
    if (vblanks_left > 0) --vblanks_left;
    const int64_t now = FramePacer::monotonic_ns();
    sleep_ns(period_ns_ - now % period_ns_);
    return true;
  }

  int vblank_waits = 0;
  int vblanks_left = -1;  // -1: answers for ever

 private:
  DisplayInfo info_;
  int64_t period_ns_;
};

TEST(FramePacer, UnpacedNeverWaitsNorAsksForVblanks) {
  VblankDisplay display(true, 60000, 16'666'667);
  FramePacer pacer(display, 0);
  EXPECT_FALSE(pacer.paced());
  EXPECT_EQ(pacer.period_ns(), 0);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(pacer.wait(), 0u);
  EXPECT_EQ(display.vblank_waits, 0);
}

TEST(FramePacer, DisplayRateIsTheRefreshRateOr60Hz) {
  VblankDisplay at_50(false, 50000, 20'000'000);
  EXPECT_DOUBLE_EQ(FramePacer::display_rate(at_50), 50.0);
  VblankDisplay unknown(false, 0, 20'000'000);
  EXPECT_DOUBLE_EQ(FramePacer::display_rate(unknown), 60.0);
  EXPECT_EQ(FramePacer(unknown, 50).period_ns(), 20'000'000);
}

TEST(FramePacer, RefusesRatesItCannotPaceAt) {
  VblankDisplay display(false, 60000, 16'666'667);
  EXPECT_THROW(FramePacer(display, -5), Error);
  EXPECT_THROW(FramePacer(display, std::numeric_limits<double>::infinity()), Error);
  EXPECT_THROW(FramePacer(display, std::numeric_limits<double>::quiet_NaN()), Error);
  // Tiny and huge rates are held to periods that cannot overflow.
  EXPECT_EQ(FramePacer(display, 1e-30).period_ns(), FramePacer::kMaxPeriodNs);
  EXPECT_EQ(FramePacer(display, 1e30).period_ns(), 1);
}

TEST(FramePacer, AtTheRefreshRateEachFrameWaitsForOneVblank) {
  // 250 Hz vblanks (4 ms), paced at the display's rate.
  VblankDisplay display(true, 250000, 4'000'000);
  FramePacer pacer(display, FramePacer::display_rate(display));
  EXPECT_TRUE(pacer.uses_vblank());
  pacer.wait();  // starts the schedule at a vblank
  display.vblank_waits = 0;
  for (int i = 0; i < 10; ++i) pacer.wait();
  EXPECT_EQ(display.vblank_waits, 10);
}

TEST(FramePacer, AtHalfTheRefreshRateEachFrameWaitsForTwoVblanks) {
  VblankDisplay display(true, 250000, 4'000'000);
  FramePacer pacer(display, 125);
  pacer.wait();
  display.vblank_waits = 0;
  for (int i = 0; i < 10; ++i) EXPECT_EQ(pacer.wait(), 0u);
  EXPECT_EQ(display.vblank_waits, 20);
}

TEST(FramePacer, ALateFrameOnAVblankDisplayCountsTheVblanksItMissed) {
  VblankDisplay display(true, 100000, 10'000'000);
  FramePacer pacer(display, FramePacer::display_rate(display));
  pacer.wait();
  EXPECT_EQ(pacer.wait(), 0u);
  sleep_ns(35'000'000);  // a frame that takes 3.5 periods
  const uint64_t missed = pacer.wait();
  EXPECT_GE(missed, 3u);
  EXPECT_LE(missed, 4u);
  EXPECT_EQ(pacer.wait(), 0u);  // the schedule restarted: the next frame is on time again
}

TEST(FramePacer, WithoutAVblankATimerPaces) {
  VblankDisplay display(false, 100000, 10'000'000);
  FramePacer pacer(display, FramePacer::display_rate(display));
  EXPECT_FALSE(pacer.uses_vblank());
  pacer.wait();
  const int64_t start = FramePacer::monotonic_ns();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(pacer.wait(), 0u);
  EXPECT_EQ(display.vblank_waits, 0);
  // Five periods of 10 ms were waited for (a timer never ends early).
  EXPECT_GE(FramePacer::monotonic_ns() - start, 5 * 10'000'000 - 1'000'000);
}

TEST(FramePacer, ALateFrameOnATimerCountsThePeriodsItOverran) {
  VblankDisplay display(false, 100000, 10'000'000);
  FramePacer pacer(display, 100);
  pacer.wait();
  sleep_ns(25'000'000);  // due after 10 ms, shown after 25: late by 1.5 periods
  const uint64_t missed = pacer.wait();
  EXPECT_GE(missed, 2u);
  EXPECT_LE(missed, 3u);
}

TEST(FramePacer, ADisplayThatStopsAnsweringFallsBackToTheTimer) {
  VblankDisplay display(true, 250000, 4'000'000);
  display.vblanks_left = 3;
  FramePacer pacer(display, FramePacer::display_rate(display));
  for (int i = 0; i < 6; ++i) pacer.wait();
  EXPECT_FALSE(pacer.uses_vblank());
  // Three answered, the fourth refused; none asked after that.
  EXPECT_EQ(display.vblank_waits, 4);
}

TEST(FramePacer, AStopEndsATimerWait) {
  VblankDisplay display(false, 60000, 16'666'667);
  FramePacer pacer(display, 0.001);  // a frame every 1000 s: only the stop can end the wait
  pacer.wait();
  int asked = 0;
  EXPECT_EQ(pacer.wait([&] { return ++asked >= 2; }), 0u);
  EXPECT_EQ(asked, 2);  // asked before the first slice and after it
}

}  // namespace
}  // namespace fb
