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

/// A demo's input: the display's poll_input(). The board displays (fbdev, drm) read evdev
/// themselves, given --input through DisplayOptions. Only displays without evdev of their own
/// (headless, an SDL window) get an evdev source added here, when a device or recording is
/// named (--input or $FB_INPUT): that is how a headless run replays a recording.
class InputHub {
 public:
  /// `input`: --input's value (may be empty). `replay_clock`: the demo's animation time in
  /// microseconds, so a replayed recording stays in step with the frames. Touches are mapped
  /// as on the board: through `touch_calibration` (--touch-calibration; empty =
  /// $FB_TOUCH_CALIBRATION) onto the panel, then by its rotation.
  /// Throws fb::Error when a named input cannot be opened or the calibration cannot be read.
  InputHub(Display& display, const std::string& input, std::function<uint64_t()> replay_clock,
           const std::string& touch_calibration = "");

  std::optional<InputEvent> poll();
  /// The evdev devices in use, one line each (empty without evdev).
  std::vector<std::string> describe_devices() const;

 private:
  Display& display_;
  const EvdevInputDisplay* display_evdev_ = nullptr;  // the display's own evdev, if it has one
  std::unique_ptr<EvdevInput> evdev_;                 // added for displays without
};

}  // namespace fb::demo
