// SPDX-License-Identifier: MIT
#include "fb/png.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "fb/error.hpp"

namespace fb {
namespace {

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "/fb_png_test_" + name + ".png";
}

TEST(Png, RoundTripsAnOpaqueImageWithAPaddedStride) {
  constexpr int kWidth = 7, kHeight = 5, kStridePixels = 11;
  std::vector<uint32_t> pixels(kStridePixels * kHeight, 0xdeadbeef);
  Surface surface(pixels.data(), kWidth, kHeight, kStridePixels * 4, PixelFormat::xrgb8888);
  for (int y = 0; y < kHeight; ++y) {
    for (int x = 0; x < kWidth; ++x) surface.pixel32(x, y) = 0xff000000u | (x * 30) << 16 | y * 50;
  }
  std::string path = temp_path("opaque");
  write_png(surface, path);
  Image back = read_png(path);
  ASSERT_EQ(back.width(), kWidth);
  ASSERT_EQ(back.height(), kHeight);
  EXPECT_EQ(back.format(), PixelFormat::xrgb8888);
  for (int y = 0; y < kHeight; ++y) {
    for (int x = 0; x < kWidth; ++x) {
      EXPECT_EQ(back.pixel32(x, y), surface.pixel32(x, y)) << x << "," << y;
    }
  }
  std::remove(path.c_str());
}

TEST(Png, WritesBgrAndRgb565InTheirTrueColours) {
  uint32_t bgr[2] = {0xff0000ffu, 0xffff0000u};  // xbgr: red, then blue
  std::string path = temp_path("bgr");
  write_png(Surface(bgr, 2, 1, 8, PixelFormat::xbgr8888), path);
  Image back = read_png(path);
  EXPECT_EQ(back.pixel32(0, 0), 0xffff0000u);
  EXPECT_EQ(back.pixel32(1, 0), 0xff0000ffu);

  uint16_t rgb565[2] = {0xf800, 0x07e0};  // red, green
  write_png(Surface(rgb565, 2, 1, 4, PixelFormat::rgb565), path);
  back = read_png(path);
  EXPECT_EQ(back.pixel32(0, 0), 0xffff0000u);
  EXPECT_EQ(back.pixel32(1, 0), 0xff00ff00u);
  std::remove(path.c_str());
}

TEST(Png, KeepsPremultipliedAlpha) {
  uint32_t pixels[2] = {0x80400000u, 0xff00ff00u};
  std::string path = temp_path("alpha");
  write_png(Surface(pixels, 2, 1, 8, PixelFormat::argb8888_premul), path);
  Image back = read_png(path);
  EXPECT_EQ(back.format(), PixelFormat::argb8888_premul);
  EXPECT_EQ(back.pixel32(0, 0) >> 24, 0x80u);
  EXPECT_NEAR(double((back.pixel32(0, 0) >> 16) & 0xff), 0x40, 1.0);
  EXPECT_EQ(back.pixel32(1, 0), 0xff00ff00u);
  std::remove(path.c_str());
}

TEST(Png, ErrorsNameThePath) {
  try {
    read_png("/nonexistent/dir/frame.png");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/dir/frame.png"), std::string::npos);
  }
  uint32_t pixel = 0;
  EXPECT_THROW(write_png(Surface(&pixel, 1, 1, 4, PixelFormat::xrgb8888), "/nonexistent/x.png"),
               Error);
}

}  // namespace
}  // namespace fb
