// SPDX-License-Identifier: MIT
// The live evdev path (libevdev on a real device node, hot-plug through inotify on /dev/input,
// SYN_DROPPED resynchronisation) with virtual devices made through /dev/uinput. Skipped where
// /dev/uinput cannot be opened (this host, containers): recordings cover the decoding there.
// The QEMU run e2e_evdev_uinput (tests/input_guest) runs them in a guest with uinput.ko and
// fails if any of them skips there.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <libevdev/libevdev-uinput.h>
#include <libevdev/libevdev.h>
#include <time.h>
#include <unistd.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "fb/evdev_input.hpp"

namespace fb {
namespace {

constexpr int kAxisMax = 4095;

// A uinput device; `enable` declares its properties and event codes on the template.
class VirtualDevice {
 public:
  explicit VirtualDevice(const char* name, const std::function<void(libevdev*)>& enable) {
    const int fd = open("/dev/uinput", O_RDWR | O_CLOEXEC);
    if (fd < 0) return;
    close(fd);
    libevdev* device = libevdev_new();
    libevdev_set_name(device, name);
    enable(device);
    const int rc =
        libevdev_uinput_create_from_device(device, LIBEVDEV_UINPUT_OPEN_MANAGED, &uinput_);
    libevdev_free(device);
    if (rc < 0) uinput_ = nullptr;
  }
  ~VirtualDevice() { unplug(); }
  VirtualDevice(const VirtualDevice&) = delete;
  VirtualDevice& operator=(const VirtualDevice&) = delete;

  bool available() const { return uinput_ && libevdev_uinput_get_devnode(uinput_); }
  std::string node() const { return node_.empty() ? libevdev_uinput_get_devnode(uinput_) : node_; }
  void write(unsigned type, unsigned code, int value) {
    ASSERT_EQ(libevdev_uinput_write_event(uinput_, type, code, value), 0);
  }
  void sync() { write(EV_SYN, SYN_REPORT, 0); }
  void unplug() {
    if (!uinput_) return;
    node_ = node();
    libevdev_uinput_destroy(uinput_);
    uinput_ = nullptr;
  }

 private:
  libevdev_uinput* uinput_ = nullptr;
  std::string node_;  // kept after unplug()
};

void enable_axis(libevdev* device, unsigned code, int maximum) {
  input_absinfo axis{};
  axis.maximum = maximum;
  libevdev_enable_event_code(device, EV_ABS, code, &axis);
}

// A resistive-style single-touch screen: ABS_X/Y in 0..4095 and BTN_TOUCH.
class VirtualTouchscreen : public VirtualDevice {
 public:
  VirtualTouchscreen()
      : VirtualDevice("fbmmap uinput touchscreen", [](libevdev* device) {
          libevdev_enable_property(device, INPUT_PROP_DIRECT);
          enable_axis(device, ABS_X, kAxisMax);
          enable_axis(device, ABS_Y, kAxisMax);
          libevdev_enable_event_code(device, EV_KEY, BTN_TOUCH, nullptr);
        }) {}
  void touch(int x, int y, bool down) {
    write(EV_ABS, ABS_X, x);
    write(EV_ABS, ABS_Y, y);
    write(EV_KEY, BTN_TOUCH, down ? 1 : 0);
    sync();
  }
};

// A capacitive panel speaking only multi-touch protocol B (no single-touch axes).
class VirtualMultitouchPanel : public VirtualDevice {
 public:
  VirtualMultitouchPanel()
      : VirtualDevice("fbmmap uinput multitouch panel", [](libevdev* device) {
          libevdev_enable_property(device, INPUT_PROP_DIRECT);
          enable_axis(device, ABS_MT_SLOT, 9);
          enable_axis(device, ABS_MT_TRACKING_ID, 65535);
          enable_axis(device, ABS_MT_POSITION_X, kAxisMax);
          enable_axis(device, ABS_MT_POSITION_Y, kAxisMax);
        }) {}
  void finger(int slot, int tracking_id, int x, int y) {
    write(EV_ABS, ABS_MT_SLOT, slot);
    write(EV_ABS, ABS_MT_TRACKING_ID, tracking_id);
    if (tracking_id >= 0) {
      write(EV_ABS, ABS_MT_POSITION_X, x);
      write(EV_ABS, ABS_MT_POSITION_Y, y);
    }
  }
};

void sleep_ms(int ms) {
  timespec ts{0, ms * 1'000'000L};
  nanosleep(&ts, nullptr);
}

uint64_t monotonic_us() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1'000'000u + uint64_t(ts.tv_nsec) / 1000u;
}

// Polls for up to two seconds (the kernel delivers asynchronously) until `count` events came,
// then a little longer, so events that should not be there show up too.
std::vector<InputEvent> collect(EvdevInput& input, size_t count) {
  std::vector<InputEvent> events;
  for (int tries = 0; tries < 200 && events.size() < count; ++tries) {
    while (auto event = input.poll()) events.push_back(*event);
    if (events.size() < count) sleep_ms(10);
  }
  sleep_ms(20);
  while (auto event = input.poll()) events.push_back(*event);
  return events;
}

EvdevInputOptions options_for(const std::string& device) {
  EvdevInputOptions options;
  options.device = device;
  options.display_width = 1024;
  options.display_height = 600;
  return options;
}

bool lists(const EvdevInput& input, const std::string& node, const std::string& kind) {
  for (const std::string& line : input.describe_devices()) {
    if (line.rfind(node + ":", 0) == 0 && line.find(kind) != std::string::npos) return true;
  }
  return false;
}

#define SKIP_WITHOUT(device) \
  if (!(device).available()) GTEST_SKIP() << "/dev/uinput is not available here"

TEST(EvdevUinput, ReadsALiveTouchscreen) {
  VirtualTouchscreen screen;
  SKIP_WITHOUT(screen);
  EvdevInput input(options_for(screen.node()));
  EXPECT_TRUE(lists(input, screen.node(), "fbmmap uinput touchscreen (touchscreen)"));
  const uint64_t before_us = monotonic_us();
  screen.touch(1024, 1024, true);
  screen.touch(4095, 0, true);
  screen.touch(2048, 4095, false);
  const auto events = collect(input, 4);
  const uint64_t after_us = monotonic_us();
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].type, InputEventType::pointer_down);
  EXPECT_EQ(events[0].x, 256);
  EXPECT_EQ(events[0].y, 150);
  EXPECT_EQ(events[1].type, InputEventType::pointer_move);
  EXPECT_EQ(events[1].x, 1023);
  EXPECT_EQ(events[1].y, 0);
  // The finger moved before it lifted: where it lifted is reported, then the lift.
  EXPECT_EQ(events[2].type, InputEventType::pointer_move);
  EXPECT_EQ(events[2].x, 512);
  EXPECT_EQ(events[2].y, 599);
  EXPECT_EQ(events[3].type, InputEventType::pointer_up);
  EXPECT_EQ(events[3].x, 512);
  EXPECT_EQ(events[3].y, 599);
  // The kernel's timestamps, on fbmmap's clock (CLOCK_MONOTONIC, not the wall clock).
  for (const InputEvent& event : events) {
    EXPECT_GE(event.time_us, before_us);
    EXPECT_LE(event.time_us, after_us);
  }
}

TEST(EvdevUinput, FollowsTheFirstFingerOfAMultitouchPanel) {
  VirtualMultitouchPanel panel;
  SKIP_WITHOUT(panel);
  EvdevInput input(options_for(panel.node()));
  EXPECT_TRUE(lists(input, panel.node(), "(multitouch)"));
  panel.finger(0, 10, 1024, 1024);
  panel.sync();
  panel.finger(1, 11, 4095, 4095);  // a second finger: not the pointer
  panel.sync();
  panel.write(EV_ABS, ABS_MT_SLOT, 0);
  panel.write(EV_ABS, ABS_MT_POSITION_X, 2048);  // only X changes: Y is remembered
  panel.sync();
  panel.finger(1, -1, 0, 0);  // the second finger lifts: still touching
  panel.sync();
  panel.finger(0, -1, 0, 0);
  panel.sync();
  const auto events = collect(input, 3);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, InputEventType::pointer_down);
  EXPECT_EQ(events[0].x, 256);
  EXPECT_EQ(events[0].y, 150);
  EXPECT_EQ(events[1].type, InputEventType::pointer_move);
  EXPECT_EQ(events[1].x, 512);
  EXPECT_EQ(events[1].y, 150);
  EXPECT_EQ(events[2].type, InputEventType::pointer_up);
  EXPECT_EQ(events[2].x, 512);
  EXPECT_EQ(events[2].y, 150);
}

// The kernel keeps 64 events per reader; past that it drops them and sends SYN_DROPPED, and
// the reader must fetch the device's state again (libevdev's sync mode). Here the lift is only
// in the dropped events: without the resync the pointer would stay down for ever.
TEST(EvdevUinput, ResynchronisesAfterTheKernelDropsEvents) {
  VirtualTouchscreen screen;
  SKIP_WITHOUT(screen);
  EvdevInput input(options_for(screen.node()));
  screen.touch(0, 0, true);
  auto events = collect(input, 1);
  ASSERT_EQ(events.size(), 1u);
  ASSERT_EQ(events[0].type, InputEventType::pointer_down);

  screen.touch(4095, 4095, false);  // lifted at (1023, 599)...
  for (int i = 0; i < 200; ++i) {   // ...then hovering, unread: ~600 events overflow the queue
    screen.touch(i % 2 ? 2048 : 1024, 2048, false);
  }
  events = collect(input, 2);
  ASSERT_FALSE(events.empty()) << "the lift was lost with the dropped events";
  // The state after the resync: lifted, at the last hover position (512, 300). Had nothing
  // been dropped, the lift would have come at (1023, 599).
  EXPECT_EQ(events.back().type, InputEventType::pointer_up);
  EXPECT_EQ(events.back().x, 512);
  EXPECT_EQ(events.back().y, 300);
  for (size_t i = 0; i + 1 < events.size(); ++i) {
    EXPECT_EQ(events[i].type, InputEventType::pointer_move) << "event " << i;
  }

  // And the next touch is a touch again.
  screen.touch(2048, 2048, true);
  events = collect(input, 1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, InputEventType::pointer_down);
  EXPECT_EQ(events[0].x, 512);
  EXPECT_EQ(events[0].y, 300);
}

TEST(EvdevUinput, PicksUpAHotPluggedDevice) {
  if (access("/dev/uinput", W_OK) != 0) GTEST_SKIP() << "/dev/uinput is not available here";
  EvdevInput input(options_for(""));  // every device under /dev/input, hot-plugged
  VirtualTouchscreen screen;
  SKIP_WITHOUT(screen);
  const std::string node = screen.node();
  bool seen = false;
  for (int tries = 0; tries < 200 && !seen; ++tries) {
    input.poll();
    seen = lists(input, node, "(touchscreen)");
    if (!seen) sleep_ms(10);
  }
  ASSERT_TRUE(seen) << node << " never showed up";
  screen.touch(2048, 2048, true);
  auto events = collect(input, 1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, InputEventType::pointer_down);
  EXPECT_EQ(events[0].x, 512);
  EXPECT_EQ(events[0].y, 300);

  screen.unplug();
  bool gone = false;
  for (int tries = 0; tries < 200 && !gone; ++tries) {
    input.poll();
    gone = !lists(input, node, "");
    if (!gone) sleep_ms(10);
  }
  EXPECT_TRUE(gone) << node << " is still listed after it was unplugged";
}

}  // namespace
}  // namespace fb
