// SPDX-License-Identifier: MIT
// fb-testcard, the README's first command: the PNG it writes is the card, at the size asked.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "fb/png.hpp"

namespace {

std::string run_testcard(const std::string& size, const std::string& path) {
  std::string command = std::string(FB_TESTCARD_PATH) + " --backend headless --size " + size +
                        " --output " + path + " > /dev/null";
  int status = std::system(command.c_str());
  EXPECT_EQ(status, 0) << command;
  return path;
}

TEST(Testcard, WritesTheCardAtTheRequestedSize) {
  fb::Image card = fb::read_png(run_testcard("320x200", ::testing::TempDir() + "/card.png"));
  ASSERT_EQ(card.width(), 320);
  ASSERT_EQ(card.height(), 200);
  EXPECT_EQ(card.format(), fb::PixelFormat::xrgb8888);
  // First colour bar (75% grey) left of the label box, off the grid lines.
  EXPECT_EQ(card.pixel32(8, 100) & 0xffffff, 0xbfbfbfu);
  // The primaries row (from 2/3 of the height): red, green and blue thirds, in that order.
  EXPECT_EQ(card.pixel32(20, 140) & 0xffffff, 0xff0000u);
  EXPECT_EQ(card.pixel32(160, 140) & 0xffffff, 0x00ff00u);
  EXPECT_EQ(card.pixel32(300, 140) & 0xffffff, 0x0000ffu);
  // The grey ramp along the bottom rises from black to white.
  uint32_t left = card.pixel32(1, 190) & 0xff, right = card.pixel32(318, 190) & 0xff;
  EXPECT_LT(left, 8u);
  EXPECT_GT(right, 247u);
}

}  // namespace
