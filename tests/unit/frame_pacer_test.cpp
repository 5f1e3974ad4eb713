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

// Periods are long (40-100 ms) so that a busy machine's scheduling delays cannot turn an
// on-time frame into a late one; the counts asserted only ever fall under such delays, so the
// bounds that could be hit by them are lower bounds.

TEST(FramePacer, AtTheRefreshRateEachFrameWaitsForOneVblank) {
  VblankDisplay display(true, 25000, 40'000'000);  // 25 Hz
  FramePacer pacer(display, FramePacer::display_rate(display));
  EXPECT_TRUE(pacer.uses_vblank());
  pacer.wait();  // starts the schedule at a vblank
  display.vblank_waits = 0;
  for (int i = 0; i < 5; ++i) pacer.wait();
  EXPECT_EQ(display.vblank_waits, 5);
}

TEST(FramePacer, AtHalfTheRefreshRateFramesWaitForTwoVblanks) {
  VblankDisplay display(true, 25000, 40'000'000);
  FramePacer pacer(display, 12.5);
  pacer.wait();
  display.vblank_waits = 0;
  for (int i = 0; i < 5; ++i) pacer.wait();
  // Two a frame; a frame delayed by more than a period before its wait needs only one, so
  // at least one frame of five must have waited twice, and none more.
  EXPECT_GE(display.vblank_waits, 6);
  EXPECT_LE(display.vblank_waits, 10);
}

TEST(FramePacer, ALateFrameOnAVblankDisplayCountsTheVblanksItMissed) {
  VblankDisplay display(true, 10000, 100'000'000);  // 10 Hz
  FramePacer pacer(display, FramePacer::display_rate(display));
  pacer.wait();
  sleep_ns(350'000'000);  // a frame that takes 3.5 periods
  EXPECT_GE(pacer.wait(), 3u);
  // The schedule restarted where that frame was shown: the next one is on time again.
  EXPECT_EQ(pacer.wait(), 0u);
}

TEST(FramePacer, WithoutAVblankATimerPaces) {
  VblankDisplay display(false, 100000, 10'000'000);
  FramePacer pacer(display, FramePacer::display_rate(display));
  EXPECT_FALSE(pacer.uses_vblank());
  pacer.wait();
  const int64_t start = FramePacer::monotonic_ns();
  for (int i = 0; i < 5; ++i) pacer.wait();
  EXPECT_EQ(display.vblank_waits, 0);
  // Five periods of 10 ms were waited for at least (a timer never ends early).
  EXPECT_GE(FramePacer::monotonic_ns() - start, 5 * 10'000'000 - 1'000'000);
}

TEST(FramePacer, ALateFrameOnATimerCountsThePeriodsItOverran) {
  VblankDisplay display(false, 10000, 100'000'000);
  FramePacer pacer(display, 10);
  pacer.wait();
  sleep_ns(250'000'000);  // due after 100 ms, shown after 250 at the earliest
  EXPECT_GE(pacer.wait(), 2u);
  EXPECT_EQ(pacer.wait(), 0u);
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
  // A frame every 1000 s, the first one too: only the stop can end these waits (a pacer that
  // ignored it would hang here until ctest's timeout).
  FramePacer pacer(display, 0.001);
  int asked = 0;
  EXPECT_EQ(pacer.wait([&] { return ++asked >= 2; }), 0u);
  EXPECT_EQ(asked, 2);  // asked before the first slice and after it
  EXPECT_EQ(pacer.wait([] { return true; }), 0u);
}

}  // namespace
}  // namespace fb
