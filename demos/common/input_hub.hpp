// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fb/display.hpp"
#include "fb/evdev_input.hpp"

namespace fb::demo {

/// One input API for a demo: the display's own input (an SDL window's mouse, touch and keys),
/// plus evdev devices on the board. Evdev is used when a device or recording is named (--input
/// or $FB_INPUT), or on the fbdev and drm backends, where it is the only input.
class InputHub {
 public:
  /// `input`: --input's value (may be empty). `replay_clock`: the demo's animation time in
  /// microseconds, so a replayed recording stays in step with the frames.
  /// Throws fb::Error when a named input cannot be opened.
  InputHub(Display& display, const std::string& input, std::function<uint64_t()> replay_clock);

  std::optional<InputEvent> poll();
  /// The evdev devices in use, one line each (empty without evdev).
  std::vector<std::string> describe_devices() const;

 private:
  Display& display_;
  std::unique_ptr<EvdevInput> evdev_;
};

}  // namespace fb::demo
