// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "fb/surface.hpp"

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

/// Writes a surface of any libfb format as a PNG through Cairo, honouring its stride. Opaque
/// formats are saved as RGB, premultiplied ones as RGBA. Throws fb::Error naming the path.
void write_png(const Surface& surface, const std::string& path);

/// Reads a PNG into an image: xrgb8888 when the PNG is opaque, argb8888_premul otherwise.
/// Throws fb::Error naming the path.
Image read_png(const std::string& path);

}  // namespace fb

#pragma GCC visibility pop
