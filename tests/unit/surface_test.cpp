// SPDX-License-Identifier: MIT
#include "fb/surface.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <type_traits>
#include <vector>

#include "fb/error.hpp"

namespace fb {
namespace {

TEST(Surface, RejectsInconsistentLayouts) {
  std::vector<uint32_t> pixels(100);
  EXPECT_THROW(Surface(pixels.data(), 10, 10, 39, PixelFormat::xrgb8888), Error);
  EXPECT_THROW(Surface(nullptr, 10, 10, 40, PixelFormat::xrgb8888), Error);
  EXPECT_THROW(Surface(pixels.data(), -1, 10, 40, PixelFormat::xrgb8888), Error);
  EXPECT_NO_THROW(Surface(pixels.data(), 20, 10, 40, PixelFormat::rgb565));
  EXPECT_NO_THROW(Surface(nullptr, 0, 0, 0, PixelFormat::xrgb8888));
  EXPECT_THROW(ScanoutSurface(pixels.data(), 11, 1, 40, PixelFormat::xrgb8888), Error);
}

TEST(Surface, RowsFollowTheStrideNotTheWidth) {
  std::vector<uint32_t> pixels(8 * 4, 0);
  Surface s(pixels.data(), 3, 4, 8 * sizeof(uint32_t), PixelFormat::xrgb8888);
  s.pixel32(2, 3) = 0xdeadbeef;
  EXPECT_EQ(pixels[3 * 8 + 2], 0xdeadbeefu);
}

TEST(Surface, SubsurfaceClipsToBounds) {
  std::vector<uint32_t> pixels(10 * 10, 0);
  Surface s(pixels.data(), 10, 10, 40, PixelFormat::xrgb8888);
  Surface sub = s.subsurface(Rect{7, -3, 10, 5});
  EXPECT_EQ(sub.width(), 3);
  EXPECT_EQ(sub.height(), 2);
  EXPECT_EQ(sub.stride(), 40);
  sub.pixel32(0, 0) = 1;
  EXPECT_EQ(pixels[7], 1u);
  EXPECT_TRUE(s.subsurface(Rect{20, 20, 5, 5}).empty());
}

TEST(Image, IsZeroedAndRowAligned) {
  for (int width : {1, 3, 16, 17, 1024}) {
    Image image(width, 3, PixelFormat::argb8888_premul);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(image.data()) % Image::kRowAlignment, 0u);
    EXPECT_EQ(image.stride() % ptrdiff_t{Image::kRowAlignment}, 0);
    EXPECT_GE(image.stride(), width * 4);
    for (int y = 0; y < 3; ++y) {
      for (int x = 0; x < width; ++x) EXPECT_EQ(image.pixel32(x, y), 0u);
    }
  }
  EXPECT_THROW(Image(-1, 5, PixelFormat::xrgb8888), Error);
  EXPECT_THROW(Image(1 << 30, 1 << 30, PixelFormat::xrgb8888), Error);
}

// Sizes come from command lines and files: a side beyond any display is refused before
// anything is allocated, even when the bytes would fit the per-image cap.
TEST(Image, RefusesSidesBeyondADisplay) {
  EXPECT_THROW(Image(Image::kMaxSide + 1, 1, PixelFormat::xrgb8888), Error);
  EXPECT_THROW(Image(1, Image::kMaxSide + 1, PixelFormat::rgb565), Error);
  EXPECT_THROW(Image(20000, 100, PixelFormat::xrgb8888), Error);
  const Image widest(Image::kMaxSide, 1, PixelFormat::xrgb8888);
  EXPECT_EQ(widest.width(), Image::kMaxSide);
}

TEST(Image, CloneCopiesPixelsIntoNewMemory) {
  Image a(5, 5, PixelFormat::xrgb8888);
  a.pixel32(4, 4) = 0x123456;
  Image b = a.clone();
  EXPECT_NE(a.data(), b.data());
  EXPECT_EQ(b.pixel32(4, 4), 0x123456u);
  std::vector<uint16_t> small(6 * 2, 0x1234);
  Image c = Image::copy_of(Surface(small.data(), 5, 2, 12, PixelFormat::rgb565));
  EXPECT_EQ(c.format(), PixelFormat::rgb565);
  EXPECT_EQ(c.row_as<uint16_t>(1)[4], 0x1234);
}

// The scanout type must give no way to read its memory: no data(), row() or pixel access.
template <class T>
concept ExposesPixels = requires(T t) {
  t.data();
}
|| requires(T t) {
  t.row(0);
}
|| requires(T t) {
  t.pixel32(0, 0);
};
static_assert(ExposesPixels<Surface>);
static_assert(!ExposesPixels<ScanoutSurface>);

}  // namespace
}  // namespace fb
