// SPDX-License-Identifier: MIT
// Opening and closing a card: a KMS device we can be master of, with dumb buffers.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "drm_card.hpp"

namespace fb {

void DrmDisplay::Impl::open_card(const std::string& card) {
  path = card;
  fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    const int e = errno;
    throw DeviceError("drm: cannot open " + path, e);
  }
  check_kms_and_master();

  uint64_t value = 0;
  if (drmGetCap(fd, DRM_CAP_DUMB_BUFFER, &value) != 0 || value == 0)
    fail("the driver (" + driver + ") offers no dumb buffers", EOPNOTSUPP);
  prefer_shadow = drmGetCap(fd, DRM_CAP_DUMB_PREFER_SHADOW, &value) == 0 && value != 0;
}

void DrmDisplay::Impl::check_kms_and_master() {
  drmVersionPtr version = drmGetVersion(fd);
  if (!version) fail("not a DRM device (DRM_IOCTL_VERSION failed)", ENOTTY);
  driver.assign(version->name, static_cast<size_t>(version->name_len));
  drmFreeVersion(version);

  if (!drmIsKMS(fd)) {
    fail("the " + driver + " device has no KMS display (a render node? use a /dev/dri/cardN node)",
         EOPNOTSUPP);
  }
  // The first opener of a card becomes master on its own; otherwise someone else holds it.
  if (!drmIsMaster(fd) && drmSetMaster(fd) != 0) {
    fail(
        "another process is DRM master (a display server or another program drawing on it); "
        "stop it or run from a text console",
        EBUSY);
  }
}

void DrmDisplay::Impl::open_input() {
  // Once the card is chosen: an input error is not a reason to try another card.
  input = evdev::BoardInput(options.input, info.orientation(),
                            load_touch_calibration(options.touch_calibration), options.input_clock);
}

void DrmDisplay::Impl::close_card() {
  if (fd < 0) return;
  // A pending flip may still scan out of a buffer about to be freed: let it complete first.
  if (flip_pending) {
    try {
      wait_for_flip();
    } catch (const Error&) {
    }
  }
  restore_crtc();
  destroy_buffers();
  ::close(fd);
  fd = -1;
}

}  // namespace fb
