// SPDX-License-Identifier: MIT
#include "fb/headless_display.hpp"

#include <string>

#include "fb/error.hpp"
#include "fb/png.hpp"

namespace fb {

HeadlessDisplay::HeadlessDisplay(int32_t width, int32_t height, PixelFormat format, int buffers,
                                 Rotation rotation) {
  if (width <= 0 || height <= 0) {
    throw Error("headless display size " + std::to_string(width) + "x" + std::to_string(height) +
                " is not positive");
  }
  if (buffers < 1 || buffers > 4) {
    throw Error("headless display buffer count " + std::to_string(buffers) + " is outside 1..4");
  }
  if (width > kMaxDisplaySide || height > kMaxDisplaySide) {
    throw Error("headless display size " + std::to_string(width) + "x" + std::to_string(height) +
                " exceeds " + std::to_string(kMaxDisplaySide) + " pixels per side");
  }
  // All buffers together, before the first allocation: each alone may be within Image's cap
  // while the total is not.
  const size_t buffer_bytes = size_t(width) * size_t(height) * size_t(bytes_per_pixel(format));
  if (buffer_bytes * size_t(buffers) > kMaxDisplayBytes) {
    throw Error("headless display " + std::to_string(width) + "x" + std::to_string(height) +
                " with " + std::to_string(buffers) + " buffers needs more than the " +
                std::to_string(kMaxDisplayBytes >> 20) + " MiB a display may take");
  }
  for (int i = 0; i < buffers; ++i) buffers_.emplace_back(width, height, format);
  ages_ = BufferAges(buffers);
  // Before the first present the screen shows the last buffer (black), and drawing starts in
  // buffer 0, as a freshly set mode would.
  front_ = buffers - 1;
  back_ = 0;
  info_.backend = "headless";
  info_.set_panel(width, height, rotation);
  info_.format = format;
  info_.stride = buffers_.front().stride();
  info_.buffer_count = buffers;
}

BackBuffer HeadlessDisplay::acquire() {
  const Image& image = buffers_[back_];
  BackBuffer buffer;
  buffer.target =
      ScanoutSurface(image.data(), image.width(), image.height(), image.stride(), image.format())
          .rotated(info_.rotation);
  buffer.index = back_;
  buffer.age = ages_.age(back_);
  return buffer;
}

void HeadlessDisplay::present(const Region& damage) {
  ages_.presented(back_);
  front_ = back_;
  back_ = (back_ + 1) % static_cast<int>(buffers_.size());
  last_damage_ = damage;
}

const Surface& HeadlessDisplay::front() const {
  return buffers_[front_].surface();
}

void HeadlessDisplay::write_png(const std::string& path) const {
  fb::write_png(front(), path);
}

}  // namespace fb
