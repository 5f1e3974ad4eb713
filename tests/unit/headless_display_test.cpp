// SPDX-License-Identifier: MIT
#include "fb/headless_display.hpp"

#include <gtest/gtest.h>

#include "fb/error.hpp"
#include "fb/raster.hpp"

namespace fb {
namespace {

TEST(HeadlessDisplay, ReportsItsMode) {
  HeadlessDisplay display(320, 240, PixelFormat::xbgr8888, 3);
  const DisplayInfo& info = display.info();
  EXPECT_EQ(info.backend, "headless");
  EXPECT_EQ(info.width, 320);
  EXPECT_EQ(info.height, 240);
  EXPECT_EQ(info.format, PixelFormat::xbgr8888);
  EXPECT_EQ(info.buffer_count, 3);
  EXPECT_GE(info.stride, 320 * 4);
  EXPECT_FALSE(info.write_combined);
}

TEST(HeadlessDisplay, RejectsBadSizes) {
  EXPECT_THROW(HeadlessDisplay(0, 10), Error);
  EXPECT_THROW(HeadlessDisplay(10, 10, PixelFormat::xrgb8888, 0), Error);
}

// No display is larger than 16384 per side, and all buffers together are checked before the
// first is allocated: 23000x23000 with 4 buffers once took 8.5 GB.
TEST(HeadlessDisplay, RefusesSizesBeyondADisplayBeforeAllocating) {
  EXPECT_THROW(HeadlessDisplay(kMaxDisplaySide + 1, 16), Error);
  EXPECT_THROW(HeadlessDisplay(16, kMaxDisplaySide + 1), Error);
  EXPECT_THROW(HeadlessDisplay(23000, 23000, PixelFormat::xrgb8888, 4), Error);
  // Each buffer within a side's limit (1 GiB), three of them beyond the total.
  try {
    HeadlessDisplay(kMaxDisplaySide, kMaxDisplaySide, PixelFormat::xrgb8888, 3);
    ADD_FAILURE() << "3 GiB of buffers were allocated";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("3 buffers"), std::string::npos) << error.what();
  }
  HeadlessDisplay tall(16, kMaxDisplaySide, PixelFormat::rgb565, 4);
  EXPECT_EQ(tall.info().height, kMaxDisplaySide);
}

// A buffer's age is how many frames ago its contents were shown; 0 until it has been shown.
TEST(HeadlessDisplay, BufferAgesFollowTheFlipOrder) {
  for (int buffers = 1; buffers <= 3; ++buffers) {
    HeadlessDisplay display(16, 16, PixelFormat::xrgb8888, buffers);
    for (int frame = 0; frame < 8; ++frame) {
      BackBuffer back = display.acquire();
      int expected = frame < buffers ? 0 : buffers;
      EXPECT_EQ(back.age, expected) << buffers << " buffers, frame " << frame;
      EXPECT_EQ(back.index, frame % buffers);
      display.present(Region(back.target.bounds()));
    }
  }
}

TEST(HeadlessDisplay, FrontIsWhatWasPresented) {
  HeadlessDisplay display(8, 4, PixelFormat::xrgb8888, 2);
  EXPECT_EQ(display.front().pixel32(0, 0), 0u);  // black before the first frame
  for (uint32_t colour : {0xff112233u, 0xff445566u, 0xff778899u}) {
    BackBuffer back = display.acquire();
    EXPECT_EQ(display.acquire().index, back.index);  // acquire twice: the same buffer
    stream_fill(back.target, back.target.bounds(), colour);
    display.present(Region(Rect{0, 0, 8, 4}));
    EXPECT_EQ(display.front().pixel32(7, 3), colour);
    EXPECT_EQ(display.last_damage().area(), 32u);
  }
  EXPECT_EQ(display.frames_presented(), 3u);
}

}  // namespace
}  // namespace fb
