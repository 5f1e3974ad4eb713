// SPDX-License-Identifier: MIT
// The evdev decoder fed event by event: coordinate scaling, contact from BTN_TOUCH, BTN_LEFT or
// multi-touch slots, relative mice, keys, SYN_DROPPED.
#include <gtest/gtest.h>
#include <libevdev/libevdev.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <limits>
#include <vector>

#include "evdev_decoder.hpp"

namespace fb::evdev {
namespace {

class Feeder {
 public:
  Feeder(const Capabilities& caps, int32_t width, int32_t height) : decoder_(caps, width, height) {}
  Feeder& operator()(uint16_t type, uint16_t code, int32_t value) {
    input_event event{};
    event.input_event_sec = sec_;
    event.input_event_usec = usec_;
    event.type = type;
    event.code = code;
    event.value = value;
    decoder_.feed(event, out_);
    return *this;
  }
  Feeder& syn() { return (*this)(EV_SYN, SYN_REPORT, 0); }
  /// The timestamp of the events fed from now on.
  Feeder& at(decltype(input_event{}.input_event_sec) sec,
             decltype(input_event{}.input_event_usec) usec) {
    sec_ = sec;
    usec_ = usec;
    return *this;
  }
  std::vector<InputEvent> take() {
    std::vector<InputEvent> events(out_.begin(), out_.end());
    out_.clear();
    return events;
  }

 private:
  Decoder decoder_;
  std::deque<InputEvent> out_;
  decltype(input_event{}.input_event_sec) sec_ = 1;
  decltype(input_event{}.input_event_usec) usec_ = 500;
};

void expect_pointer(const InputEvent& event, InputEventType type, int32_t x, int32_t y) {
  EXPECT_EQ(event.type, type);
  EXPECT_EQ(event.x, x);
  EXPECT_EQ(event.y, y);
}

Capabilities touchscreen() {
  Capabilities caps;
  caps.absolute = true;
  caps.touch_button = true;
  caps.x = {0, 4095};
  caps.y = {0, 4095};
  return caps;
}

TEST(EvdevDecoder, TouchscreenScalesTheAxesToTheDisplay) {
  Feeder feed(touchscreen(), 800, 480);
  feed(EV_ABS, ABS_X, 0)(EV_ABS, ABS_Y, 4095)(EV_KEY, BTN_TOUCH, 1).syn();
  feed(EV_ABS, ABS_X, 2048).syn();  // y unchanged: the kernel sends only what changed
  feed(EV_ABS, ABS_X, 4095)(EV_ABS, ABS_Y, 0).syn();
  feed(EV_KEY, BTN_TOUCH, 0).syn();
  feed(EV_ABS, ABS_X, 100).syn();  // no contact: a touchscreen does not hover

  const auto events = feed.take();
  ASSERT_EQ(events.size(), 4u);
  expect_pointer(events[0], InputEventType::pointer_down, 0, 479);
  expect_pointer(events[1], InputEventType::pointer_move, 400, 479);
  expect_pointer(events[2], InputEventType::pointer_move, 799, 0);
  expect_pointer(events[3], InputEventType::pointer_up, 799, 0);
  EXPECT_EQ(events[0].time_us, 1000500u);
}

TEST(EvdevDecoder, OffsetRangesAndOutOfRangeValuesAreClamped) {
  Capabilities caps = touchscreen();
  caps.x = {200, 3900};
  caps.y = {300, 3800};
  Feeder feed(caps, 101, 51);
  feed(EV_ABS, ABS_X, 200)(EV_ABS, ABS_Y, 3800)(EV_KEY, BTN_TOUCH, 1).syn();
  feed(EV_ABS, ABS_X, 2050)(EV_ABS, ABS_Y, 2050).syn();
  feed(EV_ABS, ABS_X, 9999)(EV_ABS, ABS_Y, -50).syn();
  const auto events = feed.take();
  ASSERT_EQ(events.size(), 3u);
  expect_pointer(events[0], InputEventType::pointer_down, 0, 50);
  expect_pointer(events[1], InputEventType::pointer_move, 50, 25);
  expect_pointer(events[2], InputEventType::pointer_move, 100, 0);
}

TEST(EvdevDecoder, MultitouchFollowsTheFirstContact) {
  Capabilities caps;
  caps.multitouch = true;
  caps.x = {0, 1023};
  caps.y = {0, 599};
  Feeder feed(caps, 1024, 600);
  // Finger A in slot 0.
  feed(EV_ABS, ABS_MT_SLOT, 0)(EV_ABS, ABS_MT_TRACKING_ID, 10)(EV_ABS, ABS_MT_POSITION_X, 100)(
      EV_ABS, ABS_MT_POSITION_Y, 200)
      .syn();
  // Finger B lands in slot 1 and moves; A moves in the same frame.
  feed(EV_ABS, ABS_MT_SLOT, 1)(EV_ABS, ABS_MT_TRACKING_ID, 11)(EV_ABS, ABS_MT_POSITION_X, 900)(
      EV_ABS, ABS_MT_POSITION_Y, 500)(EV_ABS, ABS_MT_SLOT, 0)(EV_ABS, ABS_MT_POSITION_X, 150)
      .syn();
  // A lifts: the pointer goes up where A was, though B stays down.
  feed(EV_ABS, ABS_MT_TRACKING_ID, -1).syn();
  feed(EV_ABS, ABS_MT_SLOT, 1)(EV_ABS, ABS_MT_POSITION_X, 950).syn();  // B alone: not followed
  feed(EV_ABS, ABS_MT_TRACKING_ID, -1).syn();
  // A new touch in slot 0 reports no X: it kept slot 0's last X (150).
  feed(EV_ABS, ABS_MT_SLOT, 0)(EV_ABS, ABS_MT_TRACKING_ID, 12)(EV_ABS, ABS_MT_POSITION_Y, 300)
      .syn();

  const auto events = feed.take();
  ASSERT_EQ(events.size(), 4u);
  expect_pointer(events[0], InputEventType::pointer_down, 100, 200);
  expect_pointer(events[1], InputEventType::pointer_move, 150, 200);
  expect_pointer(events[2], InputEventType::pointer_up, 150, 200);
  expect_pointer(events[3], InputEventType::pointer_down, 150, 300);
}

TEST(EvdevDecoder, MouseStartsInTheMiddleAndStaysOnScreen) {
  Capabilities caps;
  caps.relative = true;
  caps.left_button = true;
  Feeder feed(caps, 640, 480);
  feed(EV_REL, REL_X, 10)(EV_REL, REL_Y, -20).syn();
  feed(EV_KEY, BTN_LEFT, 1).syn();
  feed(EV_REL, REL_X, 5)(EV_REL, REL_X, 5)(EV_KEY, BTN_LEFT, 0).syn();
  feed(EV_REL, REL_X, -5000)(EV_REL, REL_Y, 5000).syn();
  feed(EV_KEY, BTN_RIGHT, 1).syn();  // other buttons: nothing

  const auto events = feed.take();
  ASSERT_EQ(events.size(), 5u);
  expect_pointer(events[0], InputEventType::pointer_move, 330, 220);
  expect_pointer(events[1], InputEventType::pointer_down, 330, 220);
  expect_pointer(events[2], InputEventType::pointer_move, 340, 220);
  expect_pointer(events[3], InputEventType::pointer_up, 340, 220);
  expect_pointer(events[4], InputEventType::pointer_move, 0, 479);
}

TEST(EvdevDecoder, KeysKeepTheirCodesWithoutRepeat) {
  Capabilities caps;
  caps.keys = true;
  Feeder feed(caps, 10, 10);
  feed(EV_KEY, KEY_ENTER, 1).syn();
  feed(EV_KEY, KEY_ENTER, 2).syn();  // auto-repeat
  feed(EV_KEY, KEY_ENTER, 0)(EV_KEY, KEY_OK, 1).syn();
  const auto events = feed.take();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, InputEventType::key_down);
  EXPECT_EQ(events[0].key, uint32_t{KEY_ENTER});
  EXPECT_EQ(events[1].type, InputEventType::key_up);
  EXPECT_EQ(events[2].type, InputEventType::key_down);
  EXPECT_EQ(events[2].key, uint32_t{KEY_OK});
}

TEST(EvdevDecoder, DropsTheIncompleteFrameAfterSynDropped) {
  Feeder feed(touchscreen(), 4096, 4096);
  feed(EV_ABS, ABS_X, 10)(EV_ABS, ABS_Y, 10)(EV_KEY, BTN_TOUCH, 1).syn();
  feed(EV_ABS, ABS_X, 20)(EV_SYN, SYN_DROPPED, 0)(EV_ABS, ABS_X, 30).syn();
  feed(EV_ABS, ABS_X, 40).syn();
  const auto events = feed.take();
  ASSERT_EQ(events.size(), 2u);
  expect_pointer(events[0], InputEventType::pointer_down, 10, 10);
  expect_pointer(events[1], InputEventType::pointer_move, 40, 10);
}

// Values from a device are untrusted: the extremes of int32_t, many in one frame, must move
// the pointer to the display's edge without overflowing (this test runs under UBSan too).
TEST(EvdevDecoder, ExtremeRelativeMotionSaturates) {
  Capabilities caps;
  caps.relative = true;
  caps.left_button = true;
  Feeder feed(caps, 640, 480);
  feed(EV_REL, REL_X, INT32_MAX)(EV_REL, REL_X, INT32_MAX)(EV_REL, REL_Y, INT32_MAX)(EV_REL, REL_Y,
                                                                                     INT32_MAX)
      .syn();
  feed(EV_REL, REL_X, INT32_MIN)(EV_REL, REL_X, INT32_MIN)(EV_REL, REL_Y, INT32_MIN)(EV_REL, REL_Y,
                                                                                     INT32_MIN)
      .syn();
  // Four maxima and a step back in one frame: still far past the right edge.
  for (int i = 0; i < 4; ++i) feed(EV_REL, REL_X, INT32_MAX);
  feed(EV_REL, REL_X, -1000).syn();
  // Four minima and a step forward: still above the top edge, where y already is.
  for (int i = 0; i < 4; ++i) feed(EV_REL, REL_Y, INT32_MIN);
  feed(EV_REL, REL_Y, 1000).syn();
  feed(EV_REL, REL_X, -10)(EV_REL, REL_Y, 10).syn();

  const auto events = feed.take();
  ASSERT_EQ(events.size(), 4u);
  expect_pointer(events[0], InputEventType::pointer_move, 639, 479);
  expect_pointer(events[1], InputEventType::pointer_move, 0, 0);
  expect_pointer(events[2], InputEventType::pointer_move, 639, 0);
  expect_pointer(events[3], InputEventType::pointer_move, 629, 10);
}

// Absolute axes with the widest ranges, values at the extremes, and the largest display.
TEST(EvdevDecoder, ExtremeAbsoluteAxesScaleWithoutOverflow) {
  Capabilities caps = touchscreen();
  caps.x = {INT32_MIN, INT32_MAX};
  caps.y = {INT32_MAX, INT32_MIN};  // a nonsense, inverted range: clamped, not trusted
  Feeder feed(caps, INT32_MAX, INT32_MAX);
  feed(EV_ABS, ABS_X, INT32_MIN)(EV_ABS, ABS_Y, INT32_MIN)(EV_KEY, BTN_TOUCH, 1).syn();
  feed(EV_ABS, ABS_X, INT32_MAX)(EV_ABS, ABS_Y, INT32_MAX).syn();
  feed(EV_ABS, ABS_X, 0).syn();
  const auto events = feed.take();
  ASSERT_EQ(events.size(), 3u);
  expect_pointer(events[0], InputEventType::pointer_down, 0, 0);
  expect_pointer(events[1], InputEventType::pointer_move, INT32_MAX - 1, 0);
  EXPECT_EQ(events[2].x, INT32_MAX / 2);

  // A zero-width range (minimum == maximum) and a one-pixel display.
  Capabilities flat = touchscreen();
  flat.x = {INT32_MAX, INT32_MAX};
  flat.y = {INT32_MIN, INT32_MIN};
  Feeder one(flat, 1, 1);
  one(EV_ABS, ABS_X, INT32_MIN)(EV_ABS, ABS_Y, INT32_MAX)(EV_KEY, BTN_TOUCH, 1).syn();
  const auto touched = one.take();
  ASSERT_EQ(touched.size(), 1u);
  expect_pointer(touched[0], InputEventType::pointer_down, 0, 0);
}

// Multi-touch slots and tracking ids anywhere in int32_t: slots beyond those followed are
// ignored, never indexed.
TEST(EvdevDecoder, ExtremeMultitouchSlotsAreIgnored) {
  Capabilities caps;
  caps.multitouch = true;
  caps.x = {0, 99};
  caps.y = {0, 99};
  Feeder feed(caps, 100, 100);
  for (int32_t slot : {INT32_MIN, -1, 16, INT32_MAX}) {
    feed(EV_ABS, ABS_MT_SLOT, slot)(EV_ABS, ABS_MT_TRACKING_ID, INT32_MAX)(
        EV_ABS, ABS_MT_POSITION_X, INT32_MAX)(EV_ABS, ABS_MT_POSITION_Y, INT32_MIN)
        .syn();
  }
  EXPECT_TRUE(feed.take().empty());
  feed(EV_ABS, ABS_MT_SLOT, 3)(EV_ABS, ABS_MT_TRACKING_ID, INT32_MAX)(
      EV_ABS, ABS_MT_POSITION_X, INT32_MAX)(EV_ABS, ABS_MT_POSITION_Y, INT32_MIN)
      .syn();
  feed(EV_ABS, ABS_MT_TRACKING_ID, INT32_MIN).syn();
  const auto events = feed.take();
  ASSERT_EQ(events.size(), 2u);
  expect_pointer(events[0], InputEventType::pointer_down, 99, 0);
  expect_pointer(events[1], InputEventType::pointer_up, 99, 0);
}

// Event times from the kernel or a recording are converted to microseconds without wrapping:
// negative times count as 0 and times past what 64 bits of microseconds hold saturate.
TEST(EvdevDecoder, ExtremeTimestampsSaturate) {
  using Seconds = decltype(input_event{}.input_event_sec);
  Capabilities caps;
  caps.keys = true;
  Feeder feed(caps, 10, 10);
  const Seconds most = std::numeric_limits<Seconds>::max();
  feed.at(most, 999999)(EV_KEY, KEY_A, 1).syn();
  feed.at(std::numeric_limits<Seconds>::min(), 0)(EV_KEY, KEY_A, 0).syn();
  feed.at(2, 5'000'000)(EV_KEY, KEY_B, 1).syn();  // microseconds past the second: clamped
  feed.at(most / 3, 1)(EV_KEY, KEY_B, 0).syn();
  const auto events = feed.take();
  ASSERT_EQ(events.size(), 4u);
  auto expected = [](uint64_t seconds, uint64_t micros) {
    return seconds <= (UINT64_MAX - micros) / 1000000 ? seconds * 1000000 + micros : UINT64_MAX;
  };
  EXPECT_EQ(events[0].time_us, expected(uint64_t(most), 999999));
  EXPECT_EQ(events[1].time_us, 0u);
  EXPECT_EQ(events[2].time_us, 2'999'999u);
  EXPECT_EQ(events[3].time_us, expected(uint64_t(most / 3), 1));
}

TEST(EvdevCapabilities, ClassifiesDevicesByTheirCodes) {
  libevdev* touch = libevdev_new();
  input_absinfo axis{};
  axis.maximum = 1023;
  libevdev_enable_event_code(touch, EV_ABS, ABS_X, &axis);
  libevdev_enable_event_code(touch, EV_ABS, ABS_Y, &axis);
  libevdev_enable_event_code(touch, EV_KEY, BTN_TOUCH, nullptr);
  Capabilities caps = capabilities_of(touch);
  EXPECT_TRUE(caps.absolute);
  EXPECT_TRUE(caps.touch_button);
  EXPECT_FALSE(caps.keys);
  EXPECT_EQ(caps.x.maximum, 1023);
  libevdev_free(touch);

  // A joystick has ABS_X/Y but nothing saying contact: not a pointer.
  libevdev* joystick = libevdev_new();
  libevdev_enable_event_code(joystick, EV_ABS, ABS_X, &axis);
  libevdev_enable_event_code(joystick, EV_ABS, ABS_Y, &axis);
  libevdev_enable_event_code(joystick, EV_KEY, BTN_TRIGGER, nullptr);
  EXPECT_FALSE(capabilities_of(joystick).usable());
  libevdev_free(joystick);

  // A touchpad moves a cursor; its absolute axes are not screen positions.
  libevdev* touchpad = libevdev_new();
  libevdev_enable_property(touchpad, INPUT_PROP_POINTER);
  libevdev_enable_event_code(touchpad, EV_ABS, ABS_X, &axis);
  libevdev_enable_event_code(touchpad, EV_ABS, ABS_Y, &axis);
  libevdev_enable_event_code(touchpad, EV_ABS, ABS_MT_POSITION_X, &axis);
  libevdev_enable_event_code(touchpad, EV_ABS, ABS_MT_POSITION_Y, &axis);
  libevdev_enable_event_code(touchpad, EV_KEY, BTN_TOUCH, nullptr);
  libevdev_enable_event_code(touchpad, EV_KEY, BTN_TOOL_FINGER, nullptr);
  EXPECT_FALSE(capabilities_of(touchpad).usable());
  libevdev_free(touchpad);

  libevdev* keyboard = libevdev_new();
  libevdev_enable_event_code(keyboard, EV_KEY, KEY_Q, nullptr);
  EXPECT_TRUE(capabilities_of(keyboard).keys);
  EXPECT_EQ(capabilities_of(keyboard).describe(), "keys");
  libevdev_free(keyboard);
}

}  // namespace
}  // namespace fb::evdev
