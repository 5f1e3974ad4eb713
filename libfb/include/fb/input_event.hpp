// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

/// What the user did, the same from every source: an SDL window on the desktop or evdev
/// devices on the board, so an application sees one input API.
enum class InputEventType : uint8_t {
  pointer_down,  ///< Mouse button 1 pressed or a touch began, at (x, y).
  pointer_move,  ///< The pointer or touch moved to (x, y).
  pointer_up,    ///< The button was released or the touch ended, at (x, y).
  key_down,      ///< `key` pressed.
  key_up,        ///< `key` released.
  quit,          ///< The window was closed or the user asked to stop.
};

struct InputEvent {
  InputEventType type = InputEventType::pointer_move;
  int32_t x = 0;  ///< Display coordinates (after any window zoom is undone).
  int32_t y = 0;
  uint32_t key = 0;      ///< A Linux input key code (KEY_* of <linux/input-event-codes.h>).
  uint64_t time_us = 0;  ///< CLOCK_MONOTONIC microseconds.
};

}  // namespace fb

#pragma GCC visibility pop
