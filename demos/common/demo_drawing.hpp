// SPDX-License-Identifier: MIT
#pragma once

#include <cairo.h>

#include <cstdint>
#include <functional>

#include "fb/surface.hpp"

namespace fb::demo {

/// Draws into an image with Cairo before it becomes a layer (argb8888_premul or xrgb8888).
void draw_with_cairo(const Image& image, const std::function<void(cairo_t*)>& draw);

/// A new image of the size, drawn by `draw`.
Image make_image(int32_t width, int32_t height, PixelFormat format,
                 const std::function<void(cairo_t*)>& draw);

/// A reproducible random number source (the standard distributions are not specified
/// bit for bit across library versions; this is).
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed * 0x9e3779b97f4a7c15ull + 1) {}
  uint64_t next() {  // splitmix64
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  /// Uniform in [low, high).
  double uniform(double low, double high) {
    return low + (high - low) * static_cast<double>(next() >> 11) * 0x1.0p-53;
  }

 private:
  uint64_t state_;
};

/// Position of something bouncing between 0 and `range` that started at `start` with
/// `velocity` (px/s), after `seconds`: a function of time only, so it is the same at any
/// frame rate.
double bounce(double start, double velocity, double range, double seconds);

}  // namespace fb::demo
