// SPDX-License-Identifier: MIT
// Pure arithmetic on fbdev geometry and timings, kept apart from the device so tests can reach it.
#include <algorithm>
#include <cstdint>

#include "fb/fbdev_display.hpp"

namespace fb {

int fbdev_buffers_that_fit(const FbdevGeometry& geometry, int wanted) {
  if (wanted <= 1 || geometry.yres == 0 || geometry.line_length == 0) return 1;
  if (geometry.ypanstep == 0) return 1;
  // Buffers start at multiples of yres lines; the pan step must land on each of them.
  if (geometry.yres % geometry.ypanstep != 0) return 1;
  const uint64_t frame_bytes = uint64_t{geometry.line_length} * geometry.yres;
  const uint64_t in_virtual = geometry.yres_virtual / geometry.yres;
  const uint64_t in_memory = geometry.smem_len / frame_bytes;
  const uint64_t fit = std::min({in_virtual, in_memory, static_cast<uint64_t>(wanted)});
  return static_cast<int>(std::max<uint64_t>(fit, 1));
}

int fbdev_refresh_mhz(uint32_t pixclock_ps, uint32_t xres, uint32_t yres, uint32_t left,
                      uint32_t right, uint32_t upper, uint32_t lower, uint32_t hsync_len,
                      uint32_t vsync_len) {
  const uint64_t htotal = uint64_t{xres} + left + right + hsync_len;
  const uint64_t vtotal = uint64_t{yres} + upper + lower + vsync_len;
  const uint64_t picoseconds_per_frame = uint64_t{pixclock_ps} * htotal * vtotal;
  if (picoseconds_per_frame == 0) return 0;
  // 10^12 ps per second, 10^3 millihertz per hertz.
  const uint64_t mhz =
      (uint64_t{1'000'000'000'000'000} + picoseconds_per_frame / 2) / picoseconds_per_frame;
  return static_cast<int>(std::min<uint64_t>(mhz, 1'000'000));
}

}  // namespace fb
