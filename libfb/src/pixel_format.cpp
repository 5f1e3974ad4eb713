// SPDX-License-Identifier: MIT
#include "fb/pixel_format.hpp"

#include <array>
#include <cstdio>

#include "fb/error.hpp"

namespace fb {
namespace {

constexpr uint32_t fourcc(char a, char b, char c, char d) {
  return uint32_t(uint8_t(a)) | uint32_t(uint8_t(b)) << 8 | uint32_t(uint8_t(c)) << 16 |
         uint32_t(uint8_t(d)) << 24;
}

constexpr uint32_t kDrmXrgb8888 = fourcc('X', 'R', '2', '4');
constexpr uint32_t kDrmArgb8888 = fourcc('A', 'R', '2', '4');
constexpr uint32_t kDrmXbgr8888 = fourcc('X', 'B', '2', '4');
constexpr uint32_t kDrmAbgr8888 = fourcc('A', 'B', '2', '4');
constexpr uint32_t kDrmRgb565 = fourcc('R', 'G', '1', '6');
constexpr uint32_t kDrmBgr565 = fourcc('B', 'G', '1', '6');

// Indexed by PixelFormat.
constexpr std::array<PixelFormatInfo, 6> kFormats = {{
    {PixelFormat::xrgb8888, "xrgb8888", 4, {16, 8}, {8, 8}, {0, 8}, {0, 0}, false, kDrmXrgb8888},
    {PixelFormat::argb8888_premul,
     "argb8888_premul",
     4,
     {16, 8},
     {8, 8},
     {0, 8},
     {24, 8},
     true,
     kDrmArgb8888},
    {PixelFormat::xbgr8888, "xbgr8888", 4, {0, 8}, {8, 8}, {16, 8}, {0, 0}, false, kDrmXbgr8888},
    {PixelFormat::abgr8888_premul,
     "abgr8888_premul",
     4,
     {0, 8},
     {8, 8},
     {16, 8},
     {24, 8},
     true,
     kDrmAbgr8888},
    {PixelFormat::rgb565, "rgb565", 2, {11, 5}, {5, 6}, {0, 5}, {0, 0}, false, kDrmRgb565},
    {PixelFormat::bgr565, "bgr565", 2, {0, 5}, {5, 6}, {11, 5}, {0, 0}, false, kDrmBgr565},
}};

std::string describe_fourcc(uint32_t code) {
  std::string text;
  for (int shift = 0; shift < 32; shift += 8) {
    char c = char((code >> shift) & 0xff);
    text += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  char hex[16];
  std::snprintf(hex, sizeof hex, " (0x%08x)", code);
  return text + hex;
}

// Rounds an 8-bit channel to `bits` bits, to nearest.
constexpr uint32_t narrow(uint32_t value, int bits) {
  uint32_t max = (1u << bits) - 1;
  return (value * max + 127) / 255;
}

// Widens a `bits`-bit channel to 8 bits by replicating its top bits.
constexpr uint32_t widen(uint32_t value, int bits) {
  return (value << (8 - bits)) | (value >> (2 * bits - 8));
}

}  // namespace

const PixelFormatInfo& pixel_format_info(PixelFormat format) {
  auto index = static_cast<size_t>(format);
  if (index >= kFormats.size()) throw Error("invalid PixelFormat value " + std::to_string(index));
  return kFormats[index];
}

std::string describe_fbdev_layout(const FbdevLayout& layout) {
  char text[128];
  std::snprintf(text, sizeof text, "%u bpp r%u:%u g%u:%u b%u:%u a%u:%u%s%s", layout.bits_per_pixel,
                layout.red.offset, layout.red.length, layout.green.offset, layout.green.length,
                layout.blue.offset, layout.blue.length, layout.transp.offset, layout.transp.length,
                layout.grayscale ? " grayscale" : "", layout.nonstd ? " nonstd" : "");
  return text;
}

PixelFormat pixel_format_from_fbdev(const FbdevLayout& layout) {
  if (!layout.grayscale && !layout.nonstd) {
    for (const PixelFormatInfo& info : kFormats) {
      if (info.premultiplied) continue;  // a scanout never blends with what is behind it
      if (info.bytes_per_pixel * 8u != layout.bits_per_pixel) continue;
      if (layout.red != info.red || layout.green != info.green || layout.blue != info.blue) {
        continue;
      }
      // The alpha (transp) field may be absent or sit in the otherwise unused bits.
      bool transp_in_padding =
          layout.transp.length == 0 ||
          (info.bytes_per_pixel == 4 && layout.transp.offset == 24 && layout.transp.length == 8);
      if (transp_in_padding) return info.format;
    }
  }
  throw UnsupportedFormat("unsupported framebuffer pixel layout: " + describe_fbdev_layout(layout) +
                          " (libfb draws 32 bpp XRGB/XBGR8888 and 16 bpp RGB/BGR565)");
}

PixelFormat pixel_format_from_drm_fourcc(uint32_t code) {
  switch (code) {
    case kDrmXrgb8888:
    case kDrmArgb8888:
      return PixelFormat::xrgb8888;
    case kDrmXbgr8888:
    case kDrmAbgr8888:
      return PixelFormat::xbgr8888;
    case kDrmRgb565:
      return PixelFormat::rgb565;
    case kDrmBgr565:
      return PixelFormat::bgr565;
  }
  throw UnsupportedFormat("unsupported DRM pixel format " + describe_fourcc(code));
}

PixelFormat pixel_format_from_name(std::string_view name) {
  for (const PixelFormatInfo& info : kFormats) {
    if (info.name == name) return info.format;
  }
  std::string known;
  for (const PixelFormatInfo& info : kFormats)
    known += (known.empty() ? "" : ", ") + std::string(info.name);
  throw UnsupportedFormat("unknown pixel format '" + std::string(name) + "' (known: " + known +
                          ")");
}

uint32_t pixel_from_argb(PixelFormat format, uint32_t argb) {
  uint32_t a = argb >> 24, r = (argb >> 16) & 0xff, g = (argb >> 8) & 0xff, b = argb & 0xff;
  switch (format) {
    case PixelFormat::xrgb8888:
      return 0xff000000u | (argb & 0x00ffffffu);
    case PixelFormat::argb8888_premul:
      return argb;
    case PixelFormat::xbgr8888:
      return 0xff000000u | b << 16 | g << 8 | r;
    case PixelFormat::abgr8888_premul:
      return a << 24 | b << 16 | g << 8 | r;
    case PixelFormat::rgb565:
      return narrow(r, 5) << 11 | narrow(g, 6) << 5 | narrow(b, 5);
    case PixelFormat::bgr565:
      return narrow(b, 5) << 11 | narrow(g, 6) << 5 | narrow(r, 5);
  }
  throw Error("invalid PixelFormat value");
}

uint32_t argb_from_pixel(PixelFormat format, uint32_t pixel) {
  switch (format) {
    case PixelFormat::xrgb8888:
      return 0xff000000u | (pixel & 0x00ffffffu);
    case PixelFormat::argb8888_premul:
      return pixel;
    case PixelFormat::xbgr8888:
    case PixelFormat::abgr8888_premul: {
      uint32_t a = format == PixelFormat::xbgr8888 ? 0xffu : pixel >> 24;
      return a << 24 | (pixel & 0xff) << 16 | (pixel & 0xff00) | ((pixel >> 16) & 0xff);
    }
    case PixelFormat::rgb565:
    case PixelFormat::bgr565: {
      uint32_t high = widen((pixel >> 11) & 0x1f, 5), g = widen((pixel >> 5) & 0x3f, 6),
               low = widen(pixel & 0x1f, 5);
      uint32_t r = format == PixelFormat::rgb565 ? high : low;
      uint32_t b = format == PixelFormat::rgb565 ? low : high;
      return 0xff000000u | r << 16 | g << 8 | b;
    }
  }
  throw Error("invalid PixelFormat value");
}

}  // namespace fb
