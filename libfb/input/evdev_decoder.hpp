// SPDX-License-Identifier: MIT
// Internal: turns a device's evdev event stream into fb::InputEvents. Live devices and
// recordings feed the same decoder, so replaying a recording tests what runs on the board.
#pragma once

#include <linux/input.h>

#include <array>
#include <cstdint>
#include <deque>
#include <string>

#include "fb/input_event.hpp"

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

class Decoder {
 public:
  Decoder(const Capabilities& capabilities, int32_t display_width, int32_t display_height);

  /// Consumes one event; complete frames (up to SYN_REPORT) append InputEvents to `out`.
  void feed(const input_event& event, std::deque<InputEvent>& out);

 private:
  int32_t scale(int32_t raw, const AxisRange& range, int32_t size) const;
  void end_frame(uint64_t time_us, std::deque<InputEvent>& out);

  Capabilities caps_;
  int32_t width_;
  int32_t height_;
  bool dropping_ = false;  // after SYN_DROPPED until the next SYN_REPORT

  // Pointer state as of the last frame sent, and as being built by the current frame.
  int32_t x_ = 0, y_ = 0;  // display coordinates
  bool down_ = false;
  int32_t raw_x_ = 0, raw_y_ = 0;  // absolute axis values
  bool raw_moved_ = false;
  int32_t rel_dx_ = 0, rel_dy_ = 0;
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
