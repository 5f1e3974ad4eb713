// SPDX-License-Identifier: MIT
// Shared pieces of the raster tests: an independent blend model, pixel generators, guarded
// buffers and a scoped choice of row kernels.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <random>
#include <string>
#include <vector>

#include "raster/kernel_dispatch.hpp"
#include "raster/row_kernels.hpp"

namespace fb::raster::testing {

// ---- An independent model of the blend, written from the formula in fb/raster.hpp. ----

/// a * b / 255 rounded to nearest; never a tie because 255 is odd.
inline uint32_t model_mul(uint32_t a, uint32_t b) {
  return static_cast<uint32_t>(std::lround(static_cast<double>(a) * b / 255.0));
}

inline uint32_t model_channel(uint32_t pixel, int index) {
  return (pixel >> (8 * index)) & 0xff;
}

/// src (premultiplied) scaled by opacity, then over dst, channel by channel; sums saturate.
inline uint32_t model_over(uint32_t src, uint32_t dst, uint32_t opacity, bool onto_xrgb) {
  uint32_t scaled[4];
  for (int c = 0; c < 4; ++c) scaled[c] = model_mul(model_channel(src, c), opacity);
  uint32_t out = 0;
  for (int c = 0; c < 4; ++c) {
    uint32_t value = scaled[c] + model_mul(model_channel(dst, c), 255 - scaled[3]);
    out |= (value > 255 ? 255u : value) << (8 * c);
  }
  return onto_xrgb ? (out | 0xff000000u) : out;
}

// ---- Pixels. ----

/// A validly premultiplied random pixel.
inline uint32_t random_premultiplied(std::mt19937& rng) {
  uint32_t a = rng() & 0xff;
  uint32_t out = a << 24;
  for (int c = 0; c < 3; ++c) out |= (a == 0 ? 0 : rng() % (a + 1)) << (8 * c);
  return out;
}

/// A row like a UI sprite: runs of opaque, fully transparent, anti-aliased and (rarely)
/// invalidly premultiplied pixels, so every SIMD fast path and its block edges are hit.
inline std::vector<uint32_t> sprite_like_row(std::mt19937& rng, size_t count) {
  std::vector<uint32_t> row(count);
  size_t i = 0;
  while (i < count) {
    size_t run = 1 + rng() % 20;
    uint32_t kind = rng() % 8;
    for (size_t k = 0; k < run && i < count; ++k, ++i) {
      switch (kind) {
        case 0:
        case 1:
          row[i] = 0xff000000u | (rng() & 0xffffff);
          break;
        case 2:
        case 3:
          row[i] = 0;
          break;
        case 4:
          row[i] = rng();  // anything, including colour above alpha
          break;
        default:
          row[i] = random_premultiplied(rng);
          break;
      }
    }
  }
  return row;
}

// ---- Memory. ----

/// Bytes aligned to 64, freed on destruction.
class AlignedBytes {
 public:
  explicit AlignedBytes(size_t size)
      : size_(size), data_(static_cast<std::byte*>(::operator new (size, std::align_val_t{64}))) {}
  std::byte* data() const { return data_.get(); }
  size_t size() const { return size_; }

 private:
  struct Free {
    void operator()(std::byte* p) const { ::operator delete (p, std::align_val_t{64}); }
  };
  size_t size_;
  std::unique_ptr<std::byte, Free> data_;
};

inline constexpr std::byte kCanary{0xa5};

/// A pixel area of height rows `stride` bytes apart, with `guard` canary bytes before and after
/// and canaries in every row's padding; the pixel area starts `offset` bytes past a 64-byte
/// boundary.
class GuardedPixels {
 public:
  GuardedPixels(int32_t width, int32_t height, ptrdiff_t stride, int bytes_per_pixel,
                size_t offset = 0)
      : width_(width),
        height_(height),
        stride_(stride),
        bytes_per_pixel_(bytes_per_pixel),
        offset_(kGuard + offset),
        storage_(kGuard + offset + static_cast<size_t>(stride * height) + kGuard) {
    std::memset(storage_.data(), static_cast<int>(kCanary), storage_.size());
  }

  static constexpr size_t kGuard = 64;

  std::byte* pixels() const { return storage_.data() + offset_; }
  ptrdiff_t stride() const { return stride_; }
  int32_t width() const { return width_; }
  int32_t height() const { return height_; }
  std::byte* pixel(int32_t x, int32_t y) const {
    return pixels() + y * stride_ + ptrdiff_t{x} * bytes_per_pixel_;
  }
  uint32_t get(int32_t x, int32_t y) const {
    uint32_t v = 0;
    std::memcpy(&v, pixel(x, y), static_cast<size_t>(bytes_per_pixel_));
    return v;
  }
  void set(int32_t x, int32_t y, uint32_t v) const {
    std::memcpy(pixel(x, y), &v, static_cast<size_t>(bytes_per_pixel_));
  }

  /// Where a canary is missing: "" when every byte outside the pixels is intact.
  std::string damaged_guard() const {
    const std::byte* base = storage_.data();
    size_t row_bytes = static_cast<size_t>(width_) * static_cast<size_t>(bytes_per_pixel_);
    for (size_t i = 0; i < storage_.size(); ++i) {
      bool in_pixels = false;
      if (i >= offset_ && i < offset_ + static_cast<size_t>(stride_ * height_)) {
        size_t within = i - offset_;
        in_pixels = within % static_cast<size_t>(stride_) < row_bytes;
      }
      if (!in_pixels && base[i] != kCanary) {
        return "canary overwritten at byte " +
               std::to_string(static_cast<long>(i) - static_cast<long>(offset_)) +
               " from the first pixel";
      }
    }
    return "";
  }

  /// The pixel bytes, row by row, without padding.
  std::vector<std::byte> snapshot() const {
    std::vector<std::byte> out;
    size_t row_bytes = static_cast<size_t>(width_) * static_cast<size_t>(bytes_per_pixel_);
    for (int32_t y = 0; y < height_; ++y) {
      out.insert(out.end(), pixel(0, y), pixel(0, y) + row_bytes);
    }
    return out;
  }

 private:
  int32_t width_, height_;
  ptrdiff_t stride_;
  int bytes_per_pixel_;
  size_t offset_;
  AlignedBytes storage_;
};

// ---- Kernels. ----

/// Makes a table the one the public ops use for the scope's lifetime.
class ScopedRowKernels {
 public:
  explicit ScopedRowKernels(const RowKernels& kernels)
      : previous_(&set_active_row_kernels(kernels)) {}
  ~ScopedRowKernels() { set_active_row_kernels(*previous_); }
  ScopedRowKernels(const ScopedRowKernels&) = delete;
  ScopedRowKernels& operator=(const ScopedRowKernels&) = delete;

 private:
  const RowKernels* previous_;
};

/// The seed for randomized tests: FB_TEST_SEED when set, else a fixed one; printed on failure
/// through SCOPED_TRACE by the callers.
inline uint32_t test_seed(uint32_t fallback) {
  const char* env = std::getenv("FB_TEST_SEED");
  return env ? static_cast<uint32_t>(std::strtoul(env, nullptr, 0)) : fallback;
}

}  // namespace fb::raster::testing
