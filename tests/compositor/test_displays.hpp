// SPDX-License-Identifier: MIT
// Test doubles: displays and targets over memory the test owns, so it can look at what the
// renderer wrote (tests may read it; the renderer never does).
#pragma once

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "fb/display.hpp"
#include "fb/pixel_format.hpp"
#include "fb/surface.hpp"

namespace fb::test {

/// A buffer in memory with a stride wider than a row, filled with a sentinel byte, that can be
/// handed out as a ScanoutSurface and inspected.
class MemoryTarget {
 public:
  static constexpr uint8_t kSentinel = 0xa5;

  MemoryTarget(int32_t width, int32_t height, PixelFormat format, int32_t padding = 24)
      : width_(width), height_(height), format_(format) {
    stride_ = ptrdiff_t{width} * bytes_per_pixel(format) + padding;
    bytes_.assign(size_t(stride_) * size_t(height), std::byte{kSentinel});
  }

  ScanoutSurface scanout() {
    return ScanoutSurface(bytes_.data(), width_, height_, stride_, format_);
  }
  Surface view() const {
    return Surface(const_cast<std::byte*>(bytes_.data()), width_, height_, stride_, format_);
  }
  const std::vector<std::byte>& bytes() const { return bytes_; }
  std::vector<std::byte>& bytes() { return bytes_; }
  ptrdiff_t stride() const { return stride_; }

 private:
  int32_t width_, height_;
  PixelFormat format_;
  ptrdiff_t stride_;
  std::vector<std::byte> bytes_;
};

/// A display whose back buffers come back with ages the test chooses: round-robin over N
/// buffers (ages N after warm-up, like a flip chain), random buffers (any age), or always
/// claiming age 0 (contents unknown).
class AgedDisplay final : public Display {
 public:
  enum class Policy { round_robin, random, age_zero };

  AgedDisplay(int32_t width, int32_t height, PixelFormat format, int buffers, Policy policy,
              uint32_t seed = 1)
      : policy_(policy), random_(seed) {
    info_.backend = "test";
    info_.width = width;
    info_.height = height;
    info_.format = format;
    info_.buffer_count = buffers;
    for (int i = 0; i < buffers; ++i) buffers_.emplace_back(width, height, format);
    info_.stride = buffers_.front().stride();
    shown_at_.assign(buffers, 0);
  }

  const DisplayInfo& info() const override { return info_; }

  BackBuffer acquire() override {
    if (!acquired_) {
      if (policy_ == Policy::random) {
        back_ = std::uniform_int_distribution<int>(0, info_.buffer_count - 1)(random_);
      } else {
        back_ = next_;
      }
      acquired_ = true;
    }
    const MemoryTarget& target = buffers_[back_];
    BackBuffer buffer;
    buffer.target = const_cast<MemoryTarget&>(target).scanout();
    buffer.index = back_;
    uint64_t shown = shown_at_[back_];
    buffer.age = (policy_ == Policy::age_zero || shown == 0) ? 0 : int(presented_ - shown + 1);
    return buffer;
  }

  void present(const Region&) override {
    acquired_ = false;
    ++presented_;
    shown_at_[back_] = presented_;
    front_ = back_;
    next_ = (back_ + 1) % info_.buffer_count;
  }

  /// The buffer last presented, and the one acquire() hands out next (for snapshots).
  const MemoryTarget& front() const { return buffers_[front_]; }
  const MemoryTarget& back() const { return buffers_[back_]; }

 private:
  DisplayInfo info_;
  Policy policy_;
  std::mt19937 random_;
  std::vector<MemoryTarget> buffers_;
  std::vector<uint64_t> shown_at_;
  uint64_t presented_ = 0;
  int back_ = 0, next_ = 0, front_ = 0;
  bool acquired_ = false;
};

}  // namespace fb::test
