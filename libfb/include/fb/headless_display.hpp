// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fb/buffer_ages.hpp"
#include "fb/display.hpp"
#include "fb/surface.hpp"

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

/// A display with no screen: buffers in memory, flipped like a real double-buffered display so
/// buffer ages behave as on hardware. What was presented can be read back and saved as PNG.
class HeadlessDisplay final : public Display {
 public:
  /// A panel of width x height, mounted with `rotation`: info() and the targets acquire()
  /// hands out are then in the logical orientation, front() stays the panel's.
  explicit HeadlessDisplay(int32_t width = 1024, int32_t height = 600,
                           PixelFormat format = PixelFormat::xrgb8888, int buffers = 2,
                           Rotation rotation = Rotation::r0);

  const DisplayInfo& info() const override { return info_; }
  BackBuffer acquire() override;
  void present(const Region& damage) override;
  /// What set_input() gave it, else no input.
  Input& input() override { return input_ ? *input_ : no_input(); }
  /// The input this display hands out, e.g. a recording replayed (open_named_input()).
  void set_input(std::unique_ptr<Input> input) { input_ = std::move(input); }

  /// The buffer most recently presented (black before the first present), as the panel shows
  /// it: unrotated, info().scanout_width x info().scanout_height.
  const Surface& front() const;
  uint64_t frames_presented() const { return ages_.frames_presented(); }
  /// The damage passed to the latest present() (logical coordinates).
  const Region& last_damage() const { return last_damage_; }
  /// Writes front() as a PNG; throws fb::Error on failure.
  void write_png(const std::string& path) const;

 private:
  DisplayInfo info_;
  std::vector<Image> buffers_;
  int back_ = 0;
  int front_ = 0;
  BufferAges ages_;
  Region last_damage_;
  std::unique_ptr<Input> input_;
};

}  // namespace fb

#pragma GCC visibility pop
