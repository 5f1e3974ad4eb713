// SPDX-License-Identifier: MIT
// Dumb buffers: allocated by the driver, added as framebuffers in the chosen format, mapped.
#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "drm_card.hpp"
#include "drm_formats.hpp"

namespace fb {

void DrmDisplay::Impl::create_buffers(int count) {
  const PixelFormatInfo& layout = pixel_format_info(format);
  const std::string name(layout.name);
  for (int i = 0; i < count; ++i) {
    Buffer& b = buffers.emplace_back();
    if (drmModeCreateDumbBuffer(fd, mode.hdisplay, mode.vdisplay, layout.bytes_per_pixel * 8u, 0,
                                &b.handle, &b.pitch, &b.size) != 0)
      fail("cannot allocate a " + drm::mode_text(mode) + " " + name + " dumb buffer", errno);
    const uint32_t handles[4] = {b.handle};
    const uint32_t pitches[4] = {b.pitch};
    const uint32_t offsets[4] = {0};
    if (drmModeAddFB2(fd, mode.hdisplay, mode.vdisplay, layout.drm_fourcc, handles, pitches,
                      offsets, &b.fb_id, 0) != 0)
      fail("cannot add a " + name + " (" + drm::fourcc_text(layout.drm_fourcc) + ") framebuffer",
           errno);
    uint64_t offset = 0;
    if (drmModeMapDumbBuffer(fd, b.handle, &offset) != 0) fail("cannot map a dumb buffer", errno);
    void* mapped =
        mmap(nullptr, b.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, static_cast<off_t>(offset));
    if (mapped == MAP_FAILED) fail("cannot mmap a dumb buffer", errno);
    b.map = static_cast<std::byte*>(mapped);
    // Black, written once with plain stores: nothing here reads the buffer.
    std::memset(b.map, 0, b.size);
  }
}

void DrmDisplay::Impl::destroy_buffers() {
  for (Buffer& b : buffers) {
    if (b.map) munmap(b.map, b.size);
    if (b.fb_id) drmModeRmFB(fd, b.fb_id);
    if (b.handle) drmModeDestroyDumbBuffer(fd, b.handle);
  }
  buffers.clear();
}

}  // namespace fb
