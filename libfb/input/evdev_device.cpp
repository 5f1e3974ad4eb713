// SPDX-License-Identifier: MIT
// A live evdev device read through libevdev, which also resynchronises state after the
// kernel's buffer overflows (SYN_DROPPED).
#include <fcntl.h>
#include <libevdev/libevdev.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

#include "evdev_decoder.hpp"
#include "fb/error.hpp"
#include "input_source.hpp"

namespace fb::evdev {
namespace {

class EvdevDevice final : public InputSource {
 public:
  EvdevDevice(std::string path, int fd, libevdev* device, const Capabilities& caps,
              const Orientation& panel, const TouchCalibration& calibration)
      : path_(std::move(path)),
        fd_(fd),
        device_(device),
        caps_(caps),
        decoder_(caps, panel.scanout_width, panel.scanout_height, panel.rotation, calibration) {}
  ~EvdevDevice() override {
    libevdev_free(device_);
    close(fd_);
  }

  const std::string& path() const override { return path_; }
  std::string describe() const override {
    const char* name = libevdev_get_name(device_);
    return std::string(name ? name : "?") + " (" + caps_.describe() + ")";
  }

  bool read(std::deque<InputEvent>& out, uint64_t /*now_us*/) override {
    unsigned flags = LIBEVDEV_READ_FLAG_NORMAL;
    for (;;) {
      input_event event{};
      const int rc = libevdev_next_event(device_, flags, &event);
      if (rc == LIBEVDEV_READ_STATUS_SUCCESS) {
        decoder_.feed(event, out);
      } else if (rc == LIBEVDEV_READ_STATUS_SYNC) {
        // SYN_DROPPED, then the events that bring the state up to date: feed those, not the
        // SYN_DROPPED itself, which would make the decoder discard them.
        if (flags == LIBEVDEV_READ_FLAG_SYNC) decoder_.feed(event, out);
        flags = LIBEVDEV_READ_FLAG_SYNC;
      } else if (rc == -EAGAIN) {
        if (flags == LIBEVDEV_READ_FLAG_NORMAL) return true;
        flags = LIBEVDEV_READ_FLAG_NORMAL;
      } else {
        return false;  // -ENODEV when unplugged; any other error also ends this device
      }
    }
  }

 private:
  std::string path_;
  int fd_;
  libevdev* device_;
  Capabilities caps_;
  Decoder decoder_;
};

}  // namespace

std::unique_ptr<InputSource> open_evdev_device(const std::string& path, const Orientation& panel,
                                               const TouchCalibration& calibration) {
  const int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw DeviceError("evdev: cannot open " + path, errno);
  libevdev* device = nullptr;
  const int rc = libevdev_new_from_fd(fd, &device);
  if (rc < 0) {
    close(fd);
    throw DeviceError("evdev: " + path + " is not an input device", -rc);
  }
  // Event times on the same clock as the rest of fbmmap's (CLOCK_MONOTONIC).
  libevdev_set_clock_id(device, CLOCK_MONOTONIC);
  const Capabilities caps = capabilities_of(device);
  if (!caps.usable()) {
    libevdev_free(device);
    close(fd);
    return nullptr;
  }
  return std::make_unique<EvdevDevice>(path, fd, device, caps, panel, calibration);
}

}  // namespace fb::evdev
