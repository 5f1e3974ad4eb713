// SPDX-License-Identifier: MIT
// Internal: turns a device's evdev event stream into fb::InputEvents. Live devices and
// recordings feed the same decoder, so replaying a recording tests what runs on the board.
#pragma once

#include <linux/input.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <limits>
#include <string>

#include "fb/input_event.hpp"
#include "fb/rotation.hpp"
#include "fb/touch_calibration.hpp"

struct libevdev;

namespace fb::evdev {

struct AxisRange {
  int32_t minimum = 0;
  int32_t maximum = 0;
};

/// What a device can do, as far as the pointer and key events are concerned.
struct Capabilities {
  bool absolute = false;      ///< ABS_X/ABS_Y: a touchscreen or tablet.
  bool multitouch = false;    ///< ABS_MT_POSITION_X/Y with slots (protocol B).
  bool relative = false;      ///< REL_X/REL_Y: a mouse.
  bool keys = false;          ///< Keyboard keys (KEY_* below BTN_MISC, or above BTN range).
  bool touch_button = false;  ///< BTN_TOUCH reports contact.
  bool left_button = false;   ///< BTN_LEFT reports contact (mice, some resistive panels).
  AxisRange x, y;             ///< Of ABS_X/Y, or of the MT axes when only those exist.
  bool usable() const { return absolute || multitouch || relative || keys; }
  std::string describe() const;
};

Capabilities capabilities_of(const libevdev* device);

/// The latest whole second an event time may have: what input_event's seconds field holds
/// here (32 bits on some 32-bit ABIs) and what microseconds in 64 bits can count.
inline constexpr uint64_t kLatestEventSecond = std::min<uint64_t>(
    uint64_t(std::numeric_limits<decltype(input_event{}.input_event_sec)>::max()),
    UINT64_MAX / 1'000'000 - 1);

/// An event's time in microseconds. Times come from devices and recordings, so nothing is
/// trusted: negative fields count as 0, microseconds past a second as 999999, and the result
/// saturates instead of wrapping.
uint64_t event_time_us(const input_event& event);

/// Sets an event's time from microseconds, saturating at kLatestEventSecond.
void set_event_time_us(input_event& event, uint64_t time_us);

class Decoder {
 public:
  /// `panel_width` x `panel_height`: the panel's own pixels, before `rotation`. Absolute
  /// positions go through `calibration` onto the panel, then to the logical picture; a mouse
  /// moves over the logical picture. Events carry logical coordinates.
  Decoder(const Capabilities& capabilities, int32_t panel_width, int32_t panel_height,
          Rotation rotation = Rotation::r0, const TouchCalibration& calibration = {});

  /// Consumes one event; complete frames (up to SYN_REPORT) append InputEvents to `out`.
  void feed(const input_event& event, std::deque<InputEvent>& out);

 private:
  Point to_logical(int32_t raw_x, int32_t raw_y) const;
  void end_frame(uint64_t time_us, std::deque<InputEvent>& out);

  Capabilities caps_;
  Orientation panel_;
  TouchCalibration calibration_;
  bool dropping_ = false;  // after SYN_DROPPED until the next SYN_REPORT

  // Pointer state as of the last frame sent, and as being built by the current frame.
  int32_t x_ = 0, y_ = 0;  // logical coordinates
  bool down_ = false;
  int32_t raw_x_ = 0, raw_y_ = 0;  // absolute axis values
  bool raw_moved_ = false;
  // Sums of a frame's REL_X/Y values: 64 bits and saturating, as a frame may hold any number
  // of events of any value.
  int64_t rel_dx_ = 0, rel_dy_ = 0;
  bool touching_ = false;      // BTN_TOUCH, in the frame being built
  bool left_pressed_ = false;  // BTN_LEFT, in the frame being built

  // Multi-touch (protocol B): each slot's last position (the kernel sends only changes), the
  // slot being reported and the slot followed as the pointer.
  static constexpr int kMaxSlots = 16;
  struct SlotPosition {
    int32_t x = 0, y = 0;
  };
  std::array<SlotPosition, kMaxSlots> slots_{};
  int slot_ = 0;
  int primary_slot_ = -1;
  bool mt_contact_ = false;

  std::deque<InputEvent> keys_;  // key events of the frame being built
};

}  // namespace fb::evdev
