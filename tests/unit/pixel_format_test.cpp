// SPDX-License-Identifier: MIT
#include "fb/pixel_format.hpp"

#include <gtest/gtest.h>

#include "fb/error.hpp"
#include "fb/format_interop.hpp"

namespace fb {
namespace {

FbdevLayout layout(uint32_t bpp, ChannelField r, ChannelField g, ChannelField b,
                   ChannelField a = {}) {
  FbdevLayout l;
  l.bits_per_pixel = bpp;
  l.red = r;
  l.green = g;
  l.blue = b;
  l.transp = a;
  return l;
}

TEST(PixelFormatFromFbdev, RecognisesDeviceLayouts) {
  EXPECT_EQ(pixel_format_from_fbdev(layout(32, {16, 8}, {8, 8}, {0, 8})), PixelFormat::xrgb8888);
  // Drivers that report the padding byte as transp still scan out opaque XRGB.
  EXPECT_EQ(pixel_format_from_fbdev(layout(32, {16, 8}, {8, 8}, {0, 8}, {24, 8})),
            PixelFormat::xrgb8888);
  EXPECT_EQ(pixel_format_from_fbdev(layout(32, {0, 8}, {8, 8}, {16, 8})), PixelFormat::xbgr8888);
  EXPECT_EQ(pixel_format_from_fbdev(layout(16, {11, 5}, {5, 6}, {0, 5})), PixelFormat::rgb565);
  EXPECT_EQ(pixel_format_from_fbdev(layout(16, {0, 5}, {5, 6}, {11, 5})), PixelFormat::bgr565);
}

TEST(PixelFormatFromFbdev, RefusesWhatItCannotDraw) {
  const FbdevLayout unsupported[] = {
      layout(24, {16, 8}, {8, 8}, {0, 8}),          // packed 3 bytes
      layout(8, {0, 8}, {0, 8}, {0, 8}),            // pseudo colour
      layout(32, {24, 8}, {16, 8}, {8, 8}),         // RGBX: colour in the top bytes
      layout(32, {16, 8}, {8, 8}, {0, 8}, {0, 8}),  // alpha overlapping blue
      layout(16, {10, 5}, {5, 5}, {0, 5}),          // XRGB1555
      layout(32, {20, 10}, {10, 10}, {0, 10}),      // 10-bit channels
  };
  for (const FbdevLayout& l : unsupported) {
    EXPECT_THROW(pixel_format_from_fbdev(l), UnsupportedFormat) << describe_fbdev_layout(l);
  }
  FbdevLayout gray = layout(32, {16, 8}, {8, 8}, {0, 8});
  gray.grayscale = 1;
  EXPECT_THROW(pixel_format_from_fbdev(gray), UnsupportedFormat);
}

TEST(PixelFormatFromFbdev, ErrorNamesTheLayout) {
  try {
    pixel_format_from_fbdev(layout(24, {16, 8}, {8, 8}, {0, 8}));
    FAIL() << "24 bpp accepted";
  } catch (const UnsupportedFormat& e) {
    EXPECT_NE(std::string(e.what()).find("24 bpp r16:8 g8:8 b0:8"), std::string::npos) << e.what();
  }
}

TEST(PixelFormatFromDrm, MapsFourccs) {
  auto code = [](const char* s) {
    return uint32_t(uint8_t(s[0])) | uint32_t(uint8_t(s[1])) << 8 | uint32_t(uint8_t(s[2])) << 16 |
           uint32_t(uint8_t(s[3])) << 24;
  };
  EXPECT_EQ(pixel_format_from_drm_fourcc(code("XR24")), PixelFormat::xrgb8888);
  EXPECT_EQ(pixel_format_from_drm_fourcc(code("AR24")), PixelFormat::xrgb8888);
  EXPECT_EQ(pixel_format_from_drm_fourcc(code("XB24")), PixelFormat::xbgr8888);
  EXPECT_EQ(pixel_format_from_drm_fourcc(code("RG16")), PixelFormat::rgb565);
  EXPECT_EQ(pixel_format_from_drm_fourcc(code("BG16")), PixelFormat::bgr565);
  EXPECT_THROW(pixel_format_from_drm_fourcc(code("NV12")), UnsupportedFormat);
  EXPECT_THROW(pixel_format_from_drm_fourcc(code("BX24")), UnsupportedFormat);
  // Every format's own fourcc maps back to a format with the same channel layout.
  for (auto f :
       {PixelFormat::xrgb8888, PixelFormat::xbgr8888, PixelFormat::rgb565, PixelFormat::bgr565}) {
    EXPECT_EQ(pixel_format_from_drm_fourcc(pixel_format_info(f).drm_fourcc), f);
  }
}

TEST(PixelFormatInfo, InlineBytesPerPixelAgreesWithTheTable) {
  for (auto f : {PixelFormat::xrgb8888, PixelFormat::argb8888_premul, PixelFormat::xbgr8888,
                 PixelFormat::abgr8888_premul, PixelFormat::rgb565, PixelFormat::bgr565}) {
    EXPECT_EQ(bytes_per_pixel(f), pixel_format_info(f).bytes_per_pixel) << pixel_format_name(f);
  }
}

TEST(PixelFormatNames, RoundTripAndRejectUnknown) {
  for (auto f : {PixelFormat::xrgb8888, PixelFormat::argb8888_premul, PixelFormat::xbgr8888,
                 PixelFormat::abgr8888_premul, PixelFormat::rgb565, PixelFormat::bgr565}) {
    EXPECT_EQ(pixel_format_from_name(pixel_format_name(f)), f);
  }
  EXPECT_THROW(pixel_format_from_name("rgb888"), UnsupportedFormat);
}

TEST(PixelConversion, PacksChannelsWhereTheLayoutSays) {
  const uint32_t orange = 0xffff8000;
  EXPECT_EQ(pixel_from_argb(PixelFormat::xrgb8888, orange), 0xffff8000u);
  EXPECT_EQ(pixel_from_argb(PixelFormat::xrgb8888, 0x00123456), 0xff123456u);
  EXPECT_EQ(pixel_from_argb(PixelFormat::xbgr8888, orange), 0xff0080ffu);
  EXPECT_EQ(pixel_from_argb(PixelFormat::abgr8888_premul, 0x80402010), 0x80102040u);
  EXPECT_EQ(pixel_from_argb(PixelFormat::rgb565, 0xffff0000), 0xf800u);
  EXPECT_EQ(pixel_from_argb(PixelFormat::bgr565, 0xffff0000), 0x001fu);
  EXPECT_EQ(pixel_from_argb(PixelFormat::rgb565, 0xff00ff00), 0x07e0u);
}

TEST(PixelConversion, RoundTripsEvery8BitChannelValue) {
  for (uint32_t v = 0; v < 256; ++v) {
    uint32_t argb = 0xff000000 | v << 16 | (255 - v) << 8 | (v ^ 0x5a);
    for (auto f : {PixelFormat::xrgb8888, PixelFormat::argb8888_premul, PixelFormat::xbgr8888,
                   PixelFormat::abgr8888_premul}) {
      EXPECT_EQ(argb_from_pixel(f, pixel_from_argb(f, argb)), argb) << pixel_format_name(f);
    }
    // 565 loses bits but must land on the nearest representable value.
    for (auto f : {PixelFormat::rgb565, PixelFormat::bgr565}) {
      uint32_t back = argb_from_pixel(f, pixel_from_argb(f, argb));
      for (int shift : {0, 8, 16}) {
        int original = (argb >> shift) & 0xff, rounded = (back >> shift) & 0xff;
        int step = shift == 8 ? 4 : 8;
        EXPECT_LE(std::abs(original - rounded), step / 2 + 1)
            << pixel_format_name(f) << " value " << v << " shift " << shift;
      }
    }
  }
}

TEST(FormatInterop, NamesCairoAndPixmanFormats) {
  EXPECT_EQ(cairo_format_of(PixelFormat::xrgb8888), CAIRO_FORMAT_RGB24);
  EXPECT_EQ(cairo_format_of(PixelFormat::argb8888_premul), CAIRO_FORMAT_ARGB32);
  EXPECT_EQ(cairo_format_of(PixelFormat::xbgr8888), CAIRO_FORMAT_INVALID);
  EXPECT_EQ(pixman_format_of(PixelFormat::xbgr8888), PIXMAN_x8b8g8r8);
  EXPECT_EQ(pixman_format_of(PixelFormat::bgr565), PIXMAN_b5g6r5);
  for (auto f : {PixelFormat::xrgb8888, PixelFormat::argb8888_premul, PixelFormat::xbgr8888,
                 PixelFormat::abgr8888_premul, PixelFormat::rgb565, PixelFormat::bgr565}) {
    EXPECT_EQ(PIXMAN_FORMAT_BPP(pixman_format_of(f)), bytes_per_pixel(f) * 8u);
  }
}

}  // namespace
}  // namespace fb
