// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

#include "fb/surface.hpp"

namespace fb::demo {

/// A 64-bit FNV-1a hash of a frame's colours (0xRRGGBB per pixel, row by row), independent of
/// stride, pixel layout and PNG encoding: what the demos' reference checksums compare.
uint64_t frame_checksum(const Surface& frame);
/// The same as 16 hex digits.
std::string frame_checksum_hex(const Surface& frame);

}  // namespace fb::demo
