// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

/// The memory layouts libfb draws. Names list channels from the most significant bit of the
/// little-endian pixel word, as DRM fourcc names do: xrgb8888 is B,G,R,X in byte order.
enum class PixelFormat : uint8_t {
  xrgb8888,         ///< 32 bpp opaque; fbmmap's, and most fbdev and DRM scanouts'.
  argb8888_premul,  ///< 32 bpp with premultiplied alpha; what layers are composed from.
  xbgr8888,         ///< 32 bpp opaque, red and blue swapped.
  abgr8888_premul,  ///< 32 bpp premultiplied, red and blue swapped.
  rgb565,           ///< 16 bpp opaque.
  bgr565,           ///< 16 bpp opaque, red and blue swapped.
};

/// One channel's bits inside a pixel word, counted from the least significant bit, like
/// struct fb_bitfield.
struct ChannelField {
  uint8_t offset = 0;
  uint8_t length = 0;
  friend bool operator==(const ChannelField&, const ChannelField&) = default;
};

struct PixelFormatInfo {
  PixelFormat format;
  std::string_view name;
  uint8_t bytes_per_pixel;
  ChannelField red, green, blue, alpha;  ///< alpha.length == 0: no alpha channel.
  bool premultiplied;
  uint32_t drm_fourcc;  ///< DRM_FORMAT_* code.
};

const PixelFormatInfo& pixel_format_info(PixelFormat format);
inline std::string_view pixel_format_name(PixelFormat format) {
  return pixel_format_info(format).name;
}
/// Inline because raster ops ask it per row; pixel_format_info()'s table says the same.
inline int bytes_per_pixel(PixelFormat format) {
  return format == PixelFormat::rgb565 || format == PixelFormat::bgr565 ? 2 : 4;
}
inline bool has_alpha(PixelFormat format) {
  return pixel_format_info(format).alpha.length != 0;
}

/// The layout an fbdev driver reports in fb_var_screeninfo (copied field by field so this header
/// does not need <linux/fb.h>).
struct FbdevLayout {
  uint32_t bits_per_pixel = 0;
  ChannelField red, green, blue, transp;
  uint32_t grayscale = 0;  ///< non-zero: not a colour layout.
  uint32_t nonstd = 0;     ///< non-zero: a driver-specific layout.
};

/// The format an fbdev layout describes. A transp field on a scanout is ignored (the display
/// does not blend with what is behind it), so ARGB-reporting devices map to the opaque format.
/// Throws UnsupportedFormat naming the bitfields when libfb cannot draw the layout.
PixelFormat pixel_format_from_fbdev(const FbdevLayout& layout);

/// The format of a DRM fourcc. DRM's ARGB formats on a scanout carry straight alpha that the
/// CRTC ignores, so DRM_FORMAT_ARGB8888 maps to xrgb8888 as well. Throws UnsupportedFormat.
PixelFormat pixel_format_from_drm_fourcc(uint32_t fourcc);

/// Parses a name as printed by pixel_format_name(). Throws UnsupportedFormat.
PixelFormat pixel_format_from_name(std::string_view name);

/// Describes an fbdev layout for error messages, e.g. "32 bpp r16:8 g8:8 b0:8 a24:8".
std::string describe_fbdev_layout(const FbdevLayout& layout);

/// Converts a colour 0xAARRGGBB (premultiplied if the alpha is below 255) into a pixel value of
/// `format`. 565 formats round each channel to nearest; opaque formats store 0xff in X bits.
uint32_t pixel_from_argb(PixelFormat format, uint32_t argb);

/// The inverse: a pixel of `format` as 0xAARRGGBB (opaque formats give alpha 0xff; 565 channels
/// are widened by replicating their top bits).
uint32_t argb_from_pixel(PixelFormat format, uint32_t pixel);

}  // namespace fb

#pragma GCC visibility pop
