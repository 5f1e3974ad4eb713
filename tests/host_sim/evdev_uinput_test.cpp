// SPDX-License-Identifier: MIT
// The live evdev path (libevdev on a real device node, hot-plug through inotify on /dev/input)
// with a virtual touchscreen made through /dev/uinput. Skipped where /dev/uinput cannot be
// opened (containers, CI without the uinput module): recordings cover the decoding there.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <libevdev/libevdev-uinput.h>
#include <libevdev/libevdev.h>
#include <time.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "fb/evdev_input.hpp"

namespace fb {
namespace {

class VirtualTouchscreen {
 public:
  VirtualTouchscreen() {
    const int fd = open("/dev/uinput", O_RDWR | O_CLOEXEC);
    if (fd < 0) return;
    close(fd);
    libevdev* device = libevdev_new();
    libevdev_set_name(device, "fbmmap uinput touchscreen");
    input_absinfo axis{};
    axis.maximum = 4095;
    libevdev_enable_property(device, INPUT_PROP_DIRECT);
    libevdev_enable_event_code(device, EV_ABS, ABS_X, &axis);
    libevdev_enable_event_code(device, EV_ABS, ABS_Y, &axis);
    libevdev_enable_event_code(device, EV_KEY, BTN_TOUCH, nullptr);
    const int rc =
        libevdev_uinput_create_from_device(device, LIBEVDEV_UINPUT_OPEN_MANAGED, &uinput_);
    libevdev_free(device);
    if (rc < 0) uinput_ = nullptr;
  }
  ~VirtualTouchscreen() {
    if (uinput_) libevdev_uinput_destroy(uinput_);
  }
  bool available() const { return uinput_ && libevdev_uinput_get_devnode(uinput_); }
  std::string node() const { return libevdev_uinput_get_devnode(uinput_); }
  void write(unsigned type, unsigned code, int value) {
    ASSERT_EQ(libevdev_uinput_write_event(uinput_, type, code, value), 0);
  }
  void touch(int x, int y, bool down) {
    write(EV_ABS, ABS_X, x);
    write(EV_ABS, ABS_Y, y);
    write(EV_KEY, BTN_TOUCH, down ? 1 : 0);
    write(EV_SYN, SYN_REPORT, 0);
  }

 private:
  libevdev_uinput* uinput_ = nullptr;
};

void sleep_ms(int ms) {
  timespec ts{0, ms * 1'000'000L};
  nanosleep(&ts, nullptr);
}

// Polls for up to two seconds (the kernel delivers asynchronously) until `count` events came.
std::vector<InputEvent> collect(EvdevInput& input, size_t count) {
  std::vector<InputEvent> events;
  for (int tries = 0; tries < 200 && events.size() < count; ++tries) {
    while (auto event = input.poll()) events.push_back(*event);
    if (events.size() < count) sleep_ms(10);
  }
  return events;
}

EvdevInputOptions options_for(const std::string& device) {
  EvdevInputOptions options;
  options.device = device;
  options.display_width = 1024;
  options.display_height = 600;
  return options;
}

TEST(EvdevUinput, ReadsALiveTouchscreen) {
  VirtualTouchscreen screen;
  if (!screen.available()) GTEST_SKIP() << "/dev/uinput is not available here";
  EvdevInput input(options_for(screen.node()));
  screen.touch(1024, 1024, true);
  screen.touch(4095, 0, true);
  screen.touch(4095, 0, false);
  const auto events = collect(input, 3);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, InputEventType::pointer_down);
  EXPECT_EQ(events[0].x, 256);
  EXPECT_EQ(events[0].y, 150);
  EXPECT_EQ(events[1].type, InputEventType::pointer_move);
  EXPECT_EQ(events[1].x, 1023);
  EXPECT_EQ(events[1].y, 0);
  EXPECT_EQ(events[2].type, InputEventType::pointer_up);
}

TEST(EvdevUinput, PicksUpAHotPluggedDevice) {
  if (access("/dev/uinput", W_OK) != 0) GTEST_SKIP() << "/dev/uinput is not available here";
  EvdevInput input(options_for(""));  // every device under /dev/input, hot-plugged
  VirtualTouchscreen screen;
  if (!screen.available()) GTEST_SKIP() << "cannot create a uinput device here";
  bool seen = false;
  for (int tries = 0; tries < 200 && !seen; ++tries) {
    input.poll();
    for (const std::string& line : input.describe_devices()) {
      seen = seen || line.rfind(screen.node() + ":", 0) == 0;
    }
    if (!seen) sleep_ms(10);
  }
  ASSERT_TRUE(seen) << screen.node() << " never showed up";
  screen.touch(2048, 2048, true);
  const auto events = collect(input, 1);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().type, InputEventType::pointer_down);
}

}  // namespace
}  // namespace fb
