// SPDX-License-Identifier: MIT
// Scanout formats by DRM fourcc: which libfb formats a plane's list allows, and how to name the
// list in an error. Pure, no device, so unit tests reach it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fb/pixel_format.hpp"

namespace fb {
namespace drm {

/// The fourcc as its four characters, e.g. "XR24"; bytes that do not print show as '?'.
std::string fourcc_text(uint32_t fourcc);

/// The opaque libfb format whose buffers scan out as exactly this fourcc. Premultiplied layer
/// formats never do: a CRTC ignores alpha, and DRM's alpha is straight.
std::optional<PixelFormat> scanout_format_of(uint32_t fourcc);

/// libfb's name where it has one ("rgb565"), else the fourcc's characters ("BX24").
std::string scanout_format_name(uint32_t fourcc);

/// The libfb formats a plane offering `fourccs` can show, in libfb's order.
std::vector<PixelFormat> drawable_scanout_formats(const std::vector<uint32_t>& fourccs);

/// Throws UnsupportedFormat, starting with `where`, when `requested` is not a scanout format or
/// `offered` (a plane's list; nullopt = unknown, so only the first test applies) lacks it.
void check_scanout_format(PixelFormat requested,
                          const std::optional<std::vector<uint32_t>>& offered,
                          const std::string& where);

}  // namespace drm
}  // namespace fb
