// SPDX-License-Identifier: MIT
// fbdemo-plasma: a full-screen per-pixel effect. Every pixel changes every frame: full damage,
// the worst case for the stack (compose and stream the whole screen each frame).
#include <array>
#include <cmath>
#include <cstdint>

#include "common/demo_runner.hpp"
#include "fb/compositor/layer.hpp"

namespace fb::demo {
namespace {

class Plasma final : public Demo {
 public:
  void setup(Scene& scene, uint64_t /*seed*/) override {
    // Integer tables: the per-pixel loop uses no floating point, so a frame is exact.
    for (int i = 0; i < 256; ++i) {
      sine_[i] = static_cast<int32_t>(std::lround(127 * std::sin(i * 2 * M_PI / 256)));
      const double t = i / 255.0;
      const auto channel = [t](double shift) {
        return static_cast<uint32_t>(std::lround(127.5 + 127.5 * std::sin(2 * M_PI * (t + shift))));
      };
      palette_[i] = 0xff000000u | channel(0.0) << 16 | channel(0.33) << 8 | channel(0.67);
    }
    layer_ = scene.add_image(Image(scene.width(), scene.height(), PixelFormat::xrgb8888));
  }

  bool update(const DemoTime& time) override {
    const Surface& pixels = layer_.pixels();
    // Phases advance by time (table steps per second), so the speed is the same at any rate.
    const int32_t t = static_cast<int32_t>(std::floor(time.seconds * 96));
    const int32_t t2 = static_cast<int32_t>(std::floor(time.seconds * 61));
    for (int32_t y = 0; y < pixels.height(); ++y) {
      uint32_t* row = pixels.row_as<uint32_t>(y);
      const int32_t row_term = sine_[(y + t) & 255] + sine_[((y >> 1) - t2) & 255];
      for (int32_t x = 0; x < pixels.width(); ++x) {
        const int32_t v = row_term + sine_[(x + t2) & 255] + sine_[((x + y) / 2 + t) & 255];
        row[x] = palette_[(v >> 2) & 255];
      }
    }
    layer_.damage_all();
    return true;
  }

 private:
  Layer layer_;
  std::array<int32_t, 256> sine_{};
  std::array<uint32_t, 256> palette_{};
};

}  // namespace
}  // namespace fb::demo

int main(int argc, char** argv) {
  return fb::demo::run_demo(argc, argv, "fbdemo-plasma",
                            "A full-screen per-pixel plasma (full damage every frame).",
                            [] { return std::make_unique<fb::demo::Plasma>(); });
}
