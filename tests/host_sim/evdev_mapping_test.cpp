// SPDX-License-Identifier: MIT
// Touches on a calibrated, rotated 1024x600 panel land on the logical pixel worked out by hand:
// raw value -> calibration -> panel pixel -> rotation -> logical pixel, for single-touch
// recordings replayed through EvdevInput, multi-touch fed to the decoder, and mice, which move
// over the logical picture and ignore the calibration.
//
// The touchscreen throughout: ABS_X over [0, 4000], ABS_Y over [0, 2000], touched at raw
// (1000, 1200), i.e. at (0.25, 0.6) of its ranges. The panel is 1024x600 (pixels 0..1023 x
// 0..599); turned by r90/r270 the logical picture is 600x1024. From a panel pixel (px, py):
//   r0: (px, py)   r90: (py, 1023 - px)   r180: (1023 - px, 599 - py)   r270: (599 - py, px)
// (r90: the picture's top edge runs down the panel's right-hand side).
#include <gtest/gtest.h>
#include <linux/input.h>
#include <stdlib.h>

#include <cstdint>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "evdev_decoder.hpp"
#include "fb/error.hpp"
#include "fb/evdev_input.hpp"
#include "fb/rotation.hpp"
#include "fb/touch_calibration.hpp"
#include "temp_dir.hpp"

namespace fb {
namespace {

using test_support::TempDir;

namespace fs = std::filesystem;

struct Raw {
  int32_t x, y;
};

/// An evemu-record recording of the touchscreen: touched at each raw position in turn (one
/// frame each, 10 ms apart), then lifted.
std::string touch_recording(const std::vector<Raw>& positions) {
  // B: lines are bitmaps, 8 codes a byte: EV_SYN's types (SYN, KEY, ABS), BTN_TOUCH (0x14a:
  // byte 41, bit 2) and ABS_X/ABS_Y.
  std::string text = "# EVEMU 1.3\nN: Mapped touchscreen\nI: 0018 0000 0000 0000\nB: 00 0b\nB: 01";
  for (int byte = 0; byte < 41; ++byte) text += " 00";
  text += " 04\nB: 03 03\nA: 00 0 4000 0 0 0\nA: 01 0 2000 0 0 0\n";
  int centiseconds = 100;
  auto event = [&](unsigned type, unsigned code, int value) {
    char line[64];
    std::snprintf(line, sizeof line, "E: %d.%06d %04x %04x %d\n", centiseconds / 100,
                  centiseconds % 100 * 10000, type, code, value);
    text += line;
  };
  for (size_t i = 0; i < positions.size(); ++i) {
    event(EV_ABS, ABS_X, positions[i].x);
    event(EV_ABS, ABS_Y, positions[i].y);
    if (i == 0) event(EV_KEY, BTN_TOUCH, 1);
    event(EV_SYN, SYN_REPORT, 0);
    ++centiseconds;
  }
  event(EV_KEY, BTN_TOUCH, 0);
  event(EV_SYN, SYN_REPORT, 0);
  return text;
}

/// Replays a recording on a 1024x600 panel mounted with `rotation`, touches mapped through
/// `calibration`; every event, however the replay is paced.
std::vector<InputEvent> replay(const std::string& path, Rotation rotation,
                               const TouchCalibration& calibration) {
  EvdevInputOptions options;
  options.device = path;
  options.display_width = 1024;
  options.display_height = 600;
  options.rotation = rotation;
  options.calibration = calibration;
  EvdevInput input(options);
  auto clock = std::make_shared<uint64_t>(0);
  input.set_replay_clock([clock] { return *clock += 1'000'000; });  // a second a poll
  std::vector<InputEvent> events;
  for (int polls = 0; polls < 100 && !input.replay_finished(); ++polls) {
    while (auto event = input.poll()) events.push_back(*event);
  }
  while (auto event = input.poll()) events.push_back(*event);
  EXPECT_TRUE(input.replay_finished());
  return events;
}

struct Expected {
  Rotation rotation;
  int32_t x, y;  // logical
};

/// A touch at raw (1000, 1200) goes down and up at exactly the expected logical pixel.
void expect_touch_lands(const std::string& calibration_text, const std::vector<Expected>& cases) {
  TempDir dir("fb-mapping");
  const std::string recording = dir.write("touch.evemu", touch_recording({{1000, 1200}}));
  const TouchCalibration calibration = calibration_text.empty()
                                           ? TouchCalibration{}
                                           : parse_touch_calibration(calibration_text, "the test");
  for (const Expected& expected : cases) {
    SCOPED_TRACE("calibration '" + calibration_text + "', rotation " +
                 std::to_string(degrees(expected.rotation)));
    const auto events = replay(recording, expected.rotation, calibration);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].type, InputEventType::pointer_down);
    EXPECT_EQ(events[0].x, expected.x);
    EXPECT_EQ(events[0].y, expected.y);
    EXPECT_EQ(events[1].type, InputEventType::pointer_up);
    EXPECT_EQ(events[1].x, expected.x);
    EXPECT_EQ(events[1].y, expected.y);
  }
}

// No calibration: today's scaling, x = round(0.25 * 1023) = round(255.75) = 256,
// y = round(0.6 * 599) = round(359.4) = 359; panel (256, 359).
TEST(EvdevMapping, UncalibratedTouchFollowsTheRotation) {
  expect_touch_lands("", {{Rotation::r0, 256, 359},
                          {Rotation::r90, 359, 767},
                          {Rotation::r180, 767, 240},
                          {Rotation::r270, 240, 256}});
}

// Swapped axes: panel x = 0.6 * 1023 = 613.8 -> 614, panel y = 0.25 * 599 = 149.75 -> 150.
TEST(EvdevMapping, SwappedAxesMatrixThenRotation) {
  expect_touch_lands("0 1 0 1 0 0", {{Rotation::r0, 614, 150},
                                     {Rotation::r90, 150, 409},
                                     {Rotation::r180, 409, 449},
                                     {Rotation::r270, 449, 614}});
}

// Mirrored x: panel x = (1 - 0.25) * 1023 = 767.25 -> 767, panel y = 0.6 * 599 -> 359.
TEST(EvdevMapping, InvertedXMatrixThenRotation) {
  expect_touch_lands("-1 0 1 0 1 0", {{Rotation::r0, 767, 359},
                                      {Rotation::r90, 359, 256},
                                      {Rotation::r180, 256, 240},
                                      {Rotation::r270, 240, 767}});
}

// tslib, taken on a 512x300 screen (the panel is twice that): on raw values,
// x' = (0 * 1000 + 2 * 1200 - 400) / 16 = 125 -> panel 250,
// y' = (-1 * 1000 + 0 * 1200 + 4195) / 16 = 199.6875 -> panel 399.375 -> 399.
TEST(EvdevMapping, PointercalFileWithItsScreenSizeThenRotation) {
  TempDir dir("fb-mapping");
  const std::string pointercal = dir.write("pointercal", "0 2 -400 -1 0 4195 16 512 300\n");
  const std::string recording =
      dir.write("touch.evemu", touch_recording({{1000, 1200}, {3000, 200}}));
  const TouchCalibration calibration = load_touch_calibration(pointercal);
  // The second position, raw (3000, 200): x' = (400 - 400) / 16 = 0 -> panel 0,
  // y' = (-3000 + 4195) / 16 = 74.6875 -> panel 149.375 -> 149.
  struct Case {
    Rotation rotation;
    int32_t x0, y0, x1, y1;
  };
  for (const Case& c :
       {Case{Rotation::r0, 250, 399, 0, 149}, Case{Rotation::r90, 399, 773, 149, 1023},
        Case{Rotation::r180, 773, 200, 1023, 450}, Case{Rotation::r270, 200, 250, 450, 0}}) {
    SCOPED_TRACE("rotation " + std::to_string(degrees(c.rotation)));
    const auto events = replay(recording, c.rotation, calibration);
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].type, InputEventType::pointer_down);
    EXPECT_EQ(events[0].x, c.x0);
    EXPECT_EQ(events[0].y, c.y0);
    EXPECT_EQ(events[1].type, InputEventType::pointer_move);
    EXPECT_EQ(events[1].x, c.x1);
    EXPECT_EQ(events[1].y, c.y1);
    EXPECT_EQ(events[2].type, InputEventType::pointer_up);
    EXPECT_EQ(events[2].x, c.x1);
    EXPECT_EQ(events[2].y, c.y1);
  }
}

// Without xres/yres a pointercal gives the panel's pixels directly:
// x' = (2 * 1000 + 0 - 1000) / 2 = 500, y' = (0 + 1 * 1200 - 1000) / 2 = 100.
TEST(EvdevMapping, PointercalWithoutScreenSizeIsInPanelPixels) {
  expect_touch_lands("2 0 -1000 0 1 -1000 2", {{Rotation::r0, 500, 100},
                                               {Rotation::r90, 100, 523},
                                               {Rotation::r180, 523, 499},
                                               {Rotation::r270, 499, 500}});
}

// What the calibration puts off the panel is held at its edge, then rotated: "3 0 0 0 1 -1"
// gives panel x = 3 * 0.25 * 1023 = 767.25 -> 767 and y = (0.6 - 1) * 599 < 0 -> 0.
TEST(EvdevMapping, OffPanelPositionsAreHeldAtThePanelsEdge) {
  expect_touch_lands("3 0 0 0 1 -1", {{Rotation::r0, 767, 0},
                                      {Rotation::r90, 0, 256},
                                      {Rotation::r180, 256, 599},
                                      {Rotation::r270, 599, 767}});
  // And past the other edges: x = 4 * 0.25 * 1023 + 1023 -> 1023, y = 0.6 * 599 + 599 -> 599.
  expect_touch_lands("4 0 1 0 1 1", {{Rotation::r0, 1023, 599},
                                     {Rotation::r90, 599, 0},
                                     {Rotation::r180, 0, 0},
                                     {Rotation::r270, 0, 1023}});
}

TEST(EvdevMapping, RefusesARotationThatIsNone) {
  EvdevInputOptions options;
  options.device = "/nonexistent";
  options.display_width = 1024;
  options.display_height = 600;
  options.rotation = static_cast<Rotation>(45);
  try {
    EvdevInput input(options);
    ADD_FAILURE() << "a rotation of 45 degrees was accepted";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("rotation must be 0, 90, 180 or 270, got 45"),
              std::string::npos)
        << error.what();
  }
}

}  // namespace

namespace evdev {
namespace {

class Feeder {
 public:
  Feeder(const Capabilities& caps, Rotation rotation, const TouchCalibration& calibration,
         int32_t width = 1024, int32_t height = 600)
      : decoder_(caps, width, height, rotation, calibration) {}
  Feeder& operator()(uint16_t type, uint16_t code, int32_t value) {
    input_event event{};
    event.type = type;
    event.code = code;
    event.value = value;
    decoder_.feed(event, out_);
    return *this;
  }
  Feeder& syn() { return (*this)(EV_SYN, SYN_REPORT, 0); }
  std::vector<InputEvent> take() {
    std::vector<InputEvent> events(out_.begin(), out_.end());
    out_.clear();
    return events;
  }

 private:
  Decoder decoder_;
  std::deque<InputEvent> out_;
};

void expect_pointer(const InputEvent& event, InputEventType type, int32_t x, int32_t y) {
  EXPECT_EQ(event.type, type);
  EXPECT_EQ(event.x, x);
  EXPECT_EQ(event.y, y);
}

// The multi-touch axes over the same ranges, the same touch; then a second contact, which is
// not followed, and the first moving to raw (3000, 200), i.e. (0.75, 0.1): swapped, panel
// x = 0.1 * 1023 = 102.3 -> 102, y = 0.75 * 599 = 449.25 -> 449; panel (102, 449).
TEST(EvdevMapping, MultitouchFollowsTheSameMapping) {
  Capabilities caps;
  caps.multitouch = true;
  caps.x = {0, 4000};
  caps.y = {0, 2000};
  const TouchCalibration swap = parse_touch_calibration("0 1 0 1 0 0", "the test");
  struct Case {
    Rotation rotation;
    int32_t x0, y0, x1, y1;  // the first touch (panel (614, 150)), then the move
  };
  for (const Case& c :
       {Case{Rotation::r0, 614, 150, 102, 449}, Case{Rotation::r90, 150, 409, 449, 921},
        Case{Rotation::r180, 409, 449, 921, 150}, Case{Rotation::r270, 449, 614, 150, 102}}) {
    SCOPED_TRACE("rotation " + std::to_string(degrees(c.rotation)));
    Feeder feed(caps, c.rotation, swap);
    feed(EV_ABS, ABS_MT_SLOT, 0)(EV_ABS, ABS_MT_TRACKING_ID, 7)(EV_ABS, ABS_MT_POSITION_X, 1000)(
        EV_ABS, ABS_MT_POSITION_Y, 1200)
        .syn();
    feed(EV_ABS, ABS_MT_SLOT, 1)(EV_ABS, ABS_MT_TRACKING_ID, 8)(EV_ABS, ABS_MT_POSITION_X, 10)(
        EV_ABS, ABS_MT_POSITION_Y, 10)
        .syn();
    feed(EV_ABS, ABS_MT_SLOT, 0)(EV_ABS, ABS_MT_POSITION_X, 3000)(EV_ABS, ABS_MT_POSITION_Y, 200)
        .syn();
    feed(EV_ABS, ABS_MT_TRACKING_ID, -1).syn();
    const auto events = feed.take();
    ASSERT_EQ(events.size(), 3u);
    expect_pointer(events[0], InputEventType::pointer_down, c.x0, c.y0);
    expect_pointer(events[1], InputEventType::pointer_move, c.x1, c.y1);
    expect_pointer(events[2], InputEventType::pointer_up, c.x1, c.y1);
  }
}

// A mouse moves over the picture the user sees: on a panel turned r90 (logical 600x1024) it
// starts at the middle, (300, 512), moves right for dx > 0 and down for dy > 0, and stops at
// the logical picture's edges (599, 1023), not the panel's. The calibration is for touches.
TEST(EvdevMapping, MouseMovesOverTheLogicalPicture) {
  Capabilities caps;
  caps.relative = true;
  caps.left_button = true;
  const TouchCalibration swap = parse_touch_calibration("0 1 0 1 0 0", "the test");
  for (Rotation rotation : {Rotation::r90, Rotation::r270}) {
    SCOPED_TRACE("rotation " + std::to_string(degrees(rotation)));
    Feeder feed(caps, rotation, swap);
    feed(EV_REL, REL_X, 10).syn();
    feed(EV_REL, REL_Y, 20).syn();
    feed(EV_REL, REL_X, 5000)(EV_REL, REL_Y, 5000).syn();
    feed(EV_REL, REL_X, -5000)(EV_REL, REL_Y, -5000).syn();
    const auto events = feed.take();
    ASSERT_EQ(events.size(), 4u);
    expect_pointer(events[0], InputEventType::pointer_move, 310, 512);
    expect_pointer(events[1], InputEventType::pointer_move, 310, 532);
    expect_pointer(events[2], InputEventType::pointer_move, 599, 1023);
    expect_pointer(events[3], InputEventType::pointer_move, 0, 0);
  }
  // Upside down the logical picture is the panel's size: middle (512, 300), edges (1023, 599).
  Feeder upside_down(caps, Rotation::r180, swap);
  upside_down(EV_REL, REL_X, 10)(EV_REL, REL_Y, -20).syn();
  upside_down(EV_REL, REL_X, 5000)(EV_REL, REL_Y, 5000).syn();
  const auto events = upside_down.take();
  ASSERT_EQ(events.size(), 2u);
  expect_pointer(events[0], InputEventType::pointer_move, 522, 280);
  expect_pointer(events[1], InputEventType::pointer_move, 1023, 599);
}

// Matrices of huge values overflow to infinity (and, on a one-pixel panel, times 0 to NaN):
// still a pixel of the panel, never a conversion out of range (UBSan runs these tests).
TEST(EvdevMapping, AbsurdMatricesStayOnThePanel) {
  Capabilities caps;
  caps.absolute = true;
  caps.touch_button = true;
  caps.x = {0, 4000};
  caps.y = {0, 2000};
  const TouchCalibration huge =
      parse_touch_calibration("1e308 1e308 1e308 -1e308 -1e308 -1e308", "the test");
  // x = +inf -> the right edge, y = -inf -> the top: panel (1023, 0); r90: (0, 0).
  Feeder panel(caps, Rotation::r90, huge);
  panel(EV_ABS, ABS_X, 4000)(EV_ABS, ABS_Y, 2000)(EV_KEY, BTN_TOUCH, 1).syn();
  auto events = panel.take();
  ASSERT_EQ(events.size(), 1u);
  expect_pointer(events[0], InputEventType::pointer_down, 0, 0);

  Feeder one_pixel(caps, Rotation::r270, huge, 1, 1);
  one_pixel(EV_ABS, ABS_X, 4000)(EV_ABS, ABS_Y, 2000)(EV_KEY, BTN_TOUCH, 1).syn();
  events = one_pixel.take();
  ASSERT_EQ(events.size(), 1u);
  expect_pointer(events[0], InputEventType::pointer_down, 0, 0);
}

}  // namespace
}  // namespace evdev
}  // namespace fb
