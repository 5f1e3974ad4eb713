// SPDX-License-Identifier: MIT
// Internal: the input a board display (fbdev, DRM) owns, so every application that opens one
// gets pointer and key events from Display::input(), as it does from an SDL window.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fb/evdev_input.hpp"
#include "fb/input_event.hpp"

namespace fb::evdev {

class BoardInput final : public Input {
 public:
  /// No input: poll() never has an event.
  BoardInput() = default;
  /// Opens what `spec` says (DisplayOptions::input): "" = $FB_INPUT, else every device under
  /// `directory`, hot-plugged; "none" (also as $FB_INPUT) = no input; anything else a device
  /// node or a recording, which must open: throws fb::DeviceError / fb::Error when it does not.
  /// Without a named device nothing throws: a board without input devices is normal.
  /// Absolute axes are mapped through `calibration` to the panel `panel` describes and then to
  /// its logical orientation; recordings replay against `replay_clock` (microseconds; empty =
  /// real time).
  BoardInput(const std::string& spec, const Orientation& panel, const TouchCalibration& calibration,
             std::function<uint64_t()> replay_clock,
             const std::string& directory = kDefaultDirectory);

  std::optional<InputEvent> poll() override;
  /// One line per open device, as EvdevInput::describe_devices().
  std::vector<std::string> describe_devices() const override;
  /// False with "none".
  bool enabled() const { return input_ != nullptr; }

  static constexpr const char* kDefaultDirectory = "/dev/input";

 private:
  std::unique_ptr<EvdevInput> input_;
};

}  // namespace fb::evdev
