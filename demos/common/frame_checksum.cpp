// SPDX-License-Identifier: MIT
#include "frame_checksum.hpp"

#include <cstdio>
#include <cstring>

#include "fb/pixel_format.hpp"

namespace fb::demo {

uint64_t frame_checksum(const Surface& frame) {
  uint64_t hash = 0xcbf29ce484222325ull;
  auto mix = [&hash](uint8_t byte) {
    hash ^= byte;
    hash *= 0x100000001b3ull;
  };
  const int bpp = bytes_per_pixel(frame.format());
  // Width and height first, so frames of different sizes never collide trivially.
  for (int shift = 0; shift < 32; shift += 8) mix(uint8_t(uint32_t(frame.width()) >> shift));
  for (int shift = 0; shift < 32; shift += 8) mix(uint8_t(uint32_t(frame.height()) >> shift));
  for (int32_t y = 0; y < frame.height(); ++y) {
    const std::byte* row = frame.row(y);
    for (int32_t x = 0; x < frame.width(); ++x) {
      uint32_t pixel = 0;
      std::memcpy(&pixel, row + x * bpp, bpp);
      const uint32_t argb = argb_from_pixel(frame.format(), pixel);
      mix(uint8_t(argb >> 16));
      mix(uint8_t(argb >> 8));
      mix(uint8_t(argb));
    }
  }
  return hash;
}

std::string frame_checksum_hex(const Surface& frame) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx",
                static_cast<unsigned long long>(frame_checksum(frame)));
  return text;
}

}  // namespace fb::demo
