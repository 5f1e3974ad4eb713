// SPDX-License-Identifier: MIT
// The DRM backend's scanout format choice without a device: names of fourccs, which libfb
// formats a plane's list allows, and the refusal's message.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "../../libfb/backends/drm/drm_formats.hpp"
#include "fb/error.hpp"
#include "fb/pixel_format.hpp"

namespace {

using fb::PixelFormat;

constexpr uint32_t fourcc(char a, char b, char c, char d) {
  return uint32_t(uint8_t(a)) | uint32_t(uint8_t(b)) << 8 | uint32_t(uint8_t(c)) << 16 |
         uint32_t(uint8_t(d)) << 24;
}
constexpr uint32_t kXR24 = fourcc('X', 'R', '2', '4');
constexpr uint32_t kAR24 = fourcc('A', 'R', '2', '4');
constexpr uint32_t kBX24 = fourcc('B', 'X', '2', '4');
constexpr uint32_t kRG16 = fourcc('R', 'G', '1', '6');
constexpr uint32_t kBG16 = fourcc('B', 'G', '1', '6');
constexpr uint32_t kXB24 = fourcc('X', 'B', '2', '4');

std::string refusal(PixelFormat requested, const std::optional<std::vector<uint32_t>>& offered) {
  try {
    fb::drm::check_scanout_format(requested, offered, "drm: card: the primary plane");
  } catch (const fb::UnsupportedFormat& e) {
    return e.what();
  }
  return {};
}

TEST(DrmFormats, FourccTextIsItsFourCharacters) {
  EXPECT_EQ(fb::drm::fourcc_text(kXR24), "XR24");
  EXPECT_EQ(fb::drm::fourcc_text(kBX24), "BX24");
  EXPECT_EQ(fb::drm::fourcc_text(0x00313259u), "Y21?");  // unprintable bytes as '?'
}

TEST(DrmFormats, LibfbNamesWhereItHasThem) {
  EXPECT_EQ(fb::drm::scanout_format_name(kXR24), "xrgb8888");
  EXPECT_EQ(fb::drm::scanout_format_name(kXB24), "xbgr8888");
  EXPECT_EQ(fb::drm::scanout_format_name(kRG16), "rgb565");
  EXPECT_EQ(fb::drm::scanout_format_name(kBG16), "bgr565");
  EXPECT_EQ(fb::drm::scanout_format_name(kBX24), "BX24");
  // DRM's ARGB8888 is straight alpha, not libfb's premultiplied layer format.
  EXPECT_EQ(fb::drm::scanout_format_name(kAR24), "AR24");
  EXPECT_FALSE(fb::drm::scanout_format_of(kAR24).has_value());
}

TEST(DrmFormats, EveryOpaqueFormatScansOutAsItsOwnFourcc) {
  for (PixelFormat f :
       {PixelFormat::xrgb8888, PixelFormat::xbgr8888, PixelFormat::rgb565, PixelFormat::bgr565}) {
    EXPECT_EQ(fb::drm::scanout_format_of(fb::pixel_format_info(f).drm_fourcc), f)
        << fb::pixel_format_name(f);
  }
}

TEST(DrmFormats, DrawableFormatsInLibfbOrder) {
  EXPECT_EQ(fb::drm::drawable_scanout_formats({kBX24, kRG16, kAR24, kXR24}),
            (std::vector<PixelFormat>{PixelFormat::xrgb8888, PixelFormat::rgb565}));
  EXPECT_TRUE(fb::drm::drawable_scanout_formats({kBX24, kAR24}).empty());
  EXPECT_TRUE(fb::drm::drawable_scanout_formats({}).empty());
}

TEST(DrmFormats, OfferedFormatIsAccepted) {
  EXPECT_EQ(refusal(PixelFormat::rgb565, std::vector<uint32_t>{kXR24, kRG16}), "");
  EXPECT_EQ(refusal(PixelFormat::xrgb8888, std::vector<uint32_t>{kXR24}), "");
  // A driver that does not list formats: drmModeAddFB2 decides.
  EXPECT_EQ(refusal(PixelFormat::bgr565, std::nullopt), "");
}

TEST(DrmFormats, RefusalNamesTheFormatAndWhatThePlaneOffers) {
  EXPECT_EQ(refusal(PixelFormat::rgb565, std::vector<uint32_t>{kXR24, kBX24}),
            "drm: card: the primary plane does not scan out rgb565 (RG16); it offers xrgb8888, "
            "BX24");
  EXPECT_EQ(refusal(PixelFormat::xrgb8888, std::vector<uint32_t>{}),
            "drm: card: the primary plane does not scan out xrgb8888 (XR24); it offers nothing");
}

TEST(DrmFormats, LayerFormatsAreNeverScanoutFormats) {
  const std::string message =
      refusal(PixelFormat::argb8888_premul, std::vector<uint32_t>{kXR24, kAR24});
  EXPECT_NE(message.find("argb8888_premul is a layer format"), std::string::npos) << message;
  EXPECT_NE(refusal(PixelFormat::abgr8888_premul, std::nullopt), "");
}

}  // namespace
