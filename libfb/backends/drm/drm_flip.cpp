// SPDX-License-Identifier: MIT
// Showing buffers: page flips and their completion events, the mode-set fallback, vblank
// waits, and drmModeDirtyFB for a single buffer drawn on screen.
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "drm_card.hpp"

namespace fb {
namespace {

// drmWaitVBlank names CRTC 0 by no flag, CRTC 1 by DRM_VBLANK_SECONDARY, later ones by index.
drmVBlank next_vblank_request(int crtc_index) {
  uint32_t type = DRM_VBLANK_RELATIVE;
  if (crtc_index == 1) {
    type |= DRM_VBLANK_SECONDARY;
  } else if (crtc_index > 1) {
    type |= (static_cast<uint32_t>(crtc_index) << DRM_VBLANK_HIGH_CRTC_SHIFT) &
            DRM_VBLANK_HIGH_CRTC_MASK;
  }
  drmVBlank request{};
  request.request.type = static_cast<drmVBlankSeqType>(type);
  request.request.sequence = 1;
  return request;
}

}  // namespace

bool DrmDisplay::Impl::probe_vblank() {
  drmVBlank request = next_vblank_request(crtc_index);
  return drmWaitVBlank(fd, &request) == 0;
}

bool DrmDisplay::Impl::wait_for_vblank() {
  if (!has_vblank) return false;
  drmVBlank request = next_vblank_request(crtc_index);
  if (drmWaitVBlank(fd, &request) == 0) return true;
  // The device stopped answering: say so at once from now on, so the pacer takes its timer.
  has_vblank = false;
  return false;
}

void DrmDisplay::Impl::flip_to(int buffer) {
  const uint32_t fb_id = buffers[static_cast<size_t>(buffer)].fb_id;
  if (can_page_flip) {
    // Queued only: the event says when it is on screen, and acquire() or the next present()
    // waits for it when they need the buffer it replaces.
    if (drmModePageFlip(fd, crtc_id, fb_id, DRM_MODE_PAGE_FLIP_EVENT, this) == 0) {
      flip_pending = true;
      flip_target = buffer;
      return;
    }
    const int e = errno;
    if (e != EINVAL && e != ENOSYS && e != EOPNOTSUPP) fail("page flip failed", e);
    can_page_flip = false;  // a driver without flips: a mode set shows the buffer instead
  }
  uint32_t connectors[1] = {connector_id};
  if (drmModeSetCrtc(fd, crtc_id, fb_id, 0, 0, connectors, 1, &mode) != 0)
    fail("showing a buffer with a mode set failed", errno);
  shown = buffer;
  ++flips;
}

void DrmDisplay::Impl::wait_for_flip() {
  drmEventContext context{};
  context.version = 2;
  context.page_flip_handler = [](int, unsigned, unsigned, unsigned, void* data) {
    Impl& d = *static_cast<Impl*>(data);
    d.flip_pending = false;
    d.shown = d.flip_target;
    ++d.flips;
  };
  while (flip_pending) {
    pollfd p{fd, POLLIN, 0};
    const int ready = poll(&p, 1, 1000);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) fail("waiting for a page flip failed", errno);
    if (ready == 0) {
      // Not waiting again for this flip: the next present() may try its own.
      flip_pending = false;
      shown = flip_target;
      fail("a page flip did not complete within 1 s", ETIMEDOUT);
    }
    if (drmHandleEvent(fd, &context) != 0) fail("reading DRM events failed", EIO);
  }
}

void DrmDisplay::Impl::dirty(int buffer, const Region& damage) {
  if (!dirty_fb_works || damage.empty()) return;
  std::vector<drmModeClip> clips;
  for (const pixman_box32_t& box : damage.boxes()) {
    const int32_t x1 = std::clamp<int32_t>(box.x1, 0, info.scanout_width);
    const int32_t y1 = std::clamp<int32_t>(box.y1, 0, info.scanout_height);
    const int32_t x2 = std::clamp<int32_t>(box.x2, 0, info.scanout_width);
    const int32_t y2 = std::clamp<int32_t>(box.y2, 0, info.scanout_height);
    if (x2 > x1 && y2 > y1)
      clips.push_back(drmModeClip{static_cast<uint16_t>(x1), static_cast<uint16_t>(y1),
                                  static_cast<uint16_t>(x2), static_cast<uint16_t>(y2)});
  }
  if (clips.empty()) return;
  const int result = drmModeDirtyFB(fd, buffers[static_cast<size_t>(buffer)].fb_id, clips.data(),
                                    static_cast<uint32_t>(clips.size()));
  // Drivers that scan out of the buffer itself (bochs) have no dirty hook and say ENOSYS.
  if (result != 0 && (errno == ENOSYS || errno == EOPNOTSUPP || errno == EINVAL))
    dirty_fb_works = false;
}

}  // namespace fb
