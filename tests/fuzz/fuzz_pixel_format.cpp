// SPDX-License-Identifier: MIT
// Pixel formats from fbdev bitfields, DRM fourccs and names, and pixel conversions.
// Invariants:
//  - every refusal is fb::UnsupportedFormat (nothing else is thrown);
//  - an accepted fbdev layout is exactly the format's: bits per pixel, red/green/blue fields,
//    a transp field absent or in the padding byte, not grayscale or nonstd, never premultiplied;
//  - an accepted fourcc maps back: the format's own fourcc gives the format again, and the
//    fourcc is the format's or its alpha twin (ARGB/ABGR8888 on an opaque scanout);
//  - an accepted name is the format's printed name;
//  - colours round-trip through every format: exactly for 32 bpp (opaque formats force alpha
//    0xff), and for 565 pixel -> colour -> pixel is the identity.
#include <cstdint>
#include <string>

#include "fb/error.hpp"
#include "fb/pixel_format.hpp"
#include "fuzz_support.hpp"

namespace {

using fb::PixelFormat;

constexpr uint32_t fourcc(char a, char b, char c, char d) {
  return uint32_t(uint8_t(a)) | uint32_t(uint8_t(b)) << 8 | uint32_t(uint8_t(c)) << 16 |
         uint32_t(uint8_t(d)) << 24;
}

fb::ChannelField field(fuzz::Reader& in) {
  // Mostly plausible offsets and lengths, so the accepting paths get reached.
  if (in.byte() % 4) return fb::ChannelField{uint8_t(in.byte() % 33), uint8_t(in.byte() % 9)};
  return fb::ChannelField{in.byte(), in.byte()};
}

void check_fbdev(fuzz::Reader& in) {
  fb::FbdevLayout layout;
  static constexpr uint32_t kBpp[] = {16, 32, 24, 8, 0, 15, 64, 0xffffffffu};
  layout.bits_per_pixel = in.byte() % 2 ? kBpp[in.byte() % 8] : in.raw<uint32_t>();
  layout.red = field(in), layout.green = field(in), layout.blue = field(in);
  layout.transp = field(in);
  layout.grayscale = in.byte() % 4 == 0 ? in.raw<uint32_t>() : 0;
  layout.nonstd = in.byte() % 4 == 0 ? in.raw<uint32_t>() : 0;
  (void)fb::describe_fbdev_layout(layout);
  PixelFormat format;
  try {
    format = fb::pixel_format_from_fbdev(layout);
  } catch (const fb::UnsupportedFormat&) {
    return;
  }
  const fb::PixelFormatInfo& info = fb::pixel_format_info(format);
  FUZZ_CHECK(info.format == format);
  FUZZ_CHECK(!info.premultiplied && layout.grayscale == 0 && layout.nonstd == 0);
  FUZZ_CHECK(layout.bits_per_pixel == info.bytes_per_pixel * 8u);
  FUZZ_CHECK(int(info.bytes_per_pixel) == fb::bytes_per_pixel(format));
  FUZZ_CHECK(layout.red == info.red && layout.green == info.green && layout.blue == info.blue);
  FUZZ_CHECK(layout.transp.length == 0 ||
             (info.bytes_per_pixel == 4 && layout.transp.offset == 24 && layout.transp.length == 8));
}

void check_fourcc(fuzz::Reader& in) {
  static constexpr uint32_t kKnown[] = {
      fourcc('X', 'R', '2', '4'), fourcc('A', 'R', '2', '4'), fourcc('X', 'B', '2', '4'),
      fourcc('A', 'B', '2', '4'), fourcc('R', 'G', '1', '6'), fourcc('B', 'G', '1', '6'),
      fourcc('R', 'A', '2', '4'), fourcc('N', 'V', '1', '2'), 0};
  uint32_t code = in.raw<uint32_t>();
  if (in.byte() % 2) code = kKnown[code % (sizeof kKnown / sizeof kKnown[0])];
  PixelFormat format;
  try {
    format = fb::pixel_format_from_drm_fourcc(code);
  } catch (const fb::UnsupportedFormat&) {
    return;
  }
  const fb::PixelFormatInfo& info = fb::pixel_format_info(format);
  FUZZ_CHECK(!info.premultiplied);
  FUZZ_CHECK(fb::pixel_format_from_drm_fourcc(info.drm_fourcc) == format);
  // The alpha twin differs from the opaque code in its first letter only ('A' for 'X').
  FUZZ_CHECK(code == info.drm_fourcc ||
             ((code & 0xff) == 'A' && (info.drm_fourcc & 0xff) == 'X' &&
              (code >> 8) == (info.drm_fourcc >> 8)));
}

void check_name(const std::string& name) {
  PixelFormat format;
  try {
    format = fb::pixel_format_from_name(name);
  } catch (const fb::UnsupportedFormat&) {
    return;
  }
  FUZZ_CHECK(fb::pixel_format_name(format) == name);
}

void check_pixels(fuzz::Reader& in) {
  const PixelFormat format = PixelFormat(in.byte() % 6);
  const uint32_t colour = in.raw<uint32_t>();
  const uint32_t pixel = fb::pixel_from_argb(format, colour);
  const fb::PixelFormatInfo& info = fb::pixel_format_info(format);
  if (info.bytes_per_pixel == 4) {
    const uint32_t expected = info.alpha.length ? colour : (colour | 0xff000000u);
    FUZZ_CHECK(fb::argb_from_pixel(format, pixel) == expected);
  } else {
    FUZZ_CHECK(pixel <= 0xffffu);
    const uint32_t p16 = in.raw<uint16_t>();
    FUZZ_CHECK(fb::pixel_from_argb(format, fb::argb_from_pixel(format, p16)) == p16);
    FUZZ_CHECK(fb::argb_from_pixel(format, pixel) >> 24 == 0xff);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Reader in(data, size);
  check_fbdev(in);
  check_fourcc(in);
  check_pixels(in);
  check_name(in.string(32));
  return 0;
}
