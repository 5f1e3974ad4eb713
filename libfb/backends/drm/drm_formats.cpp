// SPDX-License-Identifier: MIT
#include "drm_formats.hpp"

#include <algorithm>
#include <array>

#include "fb/error.hpp"

namespace fb {
namespace drm {
namespace {

// Every libfb format; the scanout ones are those without premultiplied alpha.
constexpr std::array kAllFormats = {PixelFormat::xrgb8888, PixelFormat::argb8888_premul,
                                    PixelFormat::xbgr8888, PixelFormat::abgr8888_premul,
                                    PixelFormat::rgb565,   PixelFormat::bgr565};

bool is_scanout_format(PixelFormat format) {
  return !pixel_format_info(format).premultiplied;
}

}  // namespace

std::string fourcc_text(uint32_t fourcc) {
  std::string text;
  for (int shift = 0; shift < 32; shift += 8) {
    const char c = static_cast<char>((fourcc >> shift) & 0xff);
    text += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  return text;
}

std::optional<PixelFormat> scanout_format_of(uint32_t fourcc) {
  for (PixelFormat format : kAllFormats) {
    if (is_scanout_format(format) && pixel_format_info(format).drm_fourcc == fourcc) return format;
  }
  return std::nullopt;
}

std::string scanout_format_name(uint32_t fourcc) {
  if (const std::optional<PixelFormat> format = scanout_format_of(fourcc))
    return std::string(pixel_format_name(*format));
  return fourcc_text(fourcc);
}

std::vector<PixelFormat> drawable_scanout_formats(const std::vector<uint32_t>& fourccs) {
  std::vector<PixelFormat> formats;
  for (PixelFormat format : kAllFormats) {
    if (!is_scanout_format(format)) continue;
    if (std::find(fourccs.begin(), fourccs.end(), pixel_format_info(format).drm_fourcc) !=
        fourccs.end())
      formats.push_back(format);
  }
  return formats;
}

void check_scanout_format(PixelFormat requested,
                          const std::optional<std::vector<uint32_t>>& offered,
                          const std::string& where) {
  const std::string name(pixel_format_name(requested));
  if (!is_scanout_format(requested)) {
    throw UnsupportedFormat(where + ": " + name +
                            " is a layer format (premultiplied alpha), not a scanout format");
  }
  if (!offered) return;
  const uint32_t fourcc = pixel_format_info(requested).drm_fourcc;
  if (std::find(offered->begin(), offered->end(), fourcc) != offered->end()) return;
  std::string list;
  for (uint32_t f : *offered) list += (list.empty() ? "" : ", ") + scanout_format_name(f);
  throw UnsupportedFormat(where + " does not scan out " + name + " (" + fourcc_text(fourcc) +
                          "); it offers " + (list.empty() ? std::string("nothing") : list));
}

}  // namespace drm
}  // namespace fb
