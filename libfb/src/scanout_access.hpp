// SPDX-License-Identifier: MIT
// Internal: the one door into a ScanoutSurface's memory, for the raster ops that stream into it.
// Not installed, so application code cannot reach the mapping.
#pragma once

#include <cstddef>

#include "fb/surface.hpp"

namespace fb::detail {

struct ScanoutAccess {
  static std::byte* row(const ScanoutSurface& surface, int32_t y) {
    return surface.mapped_ + y * surface.stride_;
  }
};

}  // namespace fb::detail
