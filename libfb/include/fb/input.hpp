// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fb/input_event.hpp"

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

/// What the user does, from wherever a display gets it: evdev devices on the board (touch,
/// mice, keys; hot-plugged), a recording replayed, an SDL window's mouse, fingers and keys.
/// Beside Display, not part of it: every display hands out its Input (Display::input()) and an
/// application reads the same InputEvents whatever the source.
class Input {
 public:
  virtual ~Input() = default;
  /// The next event, if one is pending. Never blocks.
  virtual std::optional<InputEvent> poll() = 0;
  /// One line per device in use ("path: name (touchscreen)"), for logs; empty without devices.
  virtual std::vector<std::string> describe_devices() const = 0;
};

/// The input of a display without any: never an event, no devices.
Input& no_input();

}  // namespace fb

#pragma GCC visibility pop
