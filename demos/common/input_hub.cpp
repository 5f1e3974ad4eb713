// SPDX-License-Identifier: MIT
#include "input_hub.hpp"

#include <cstdlib>

#include "fb/touch_calibration.hpp"

namespace fb::demo {

InputHub::InputHub(Display& display, const std::string& input,
                   std::function<uint64_t()> replay_clock, const std::string& touch_calibration)
    : display_(display), display_evdev_(dynamic_cast<const EvdevInputDisplay*>(&display)) {
  if (display_evdev_) return;  // the display reads the devices the options named
  const char* from_environment = std::getenv(kInputEnvironmentVariable);
  std::string device = input;
  if (device.empty() && from_environment) device = from_environment;
  if (device.empty() || device == kNoInput) return;

  // The panel's own size and mounting, as the board displays pass them: a recording made on
  // the board replays onto the same logical pixels here.
  const DisplayInfo& info = display.info();
  EvdevInputOptions options;
  options.device = device;
  options.display_width = info.scanout_width;
  options.display_height = info.scanout_height;
  options.rotation = info.rotation;
  options.calibration = load_touch_calibration(touch_calibration);  // throws fb::Error
  evdev_ = std::make_unique<EvdevInput>(options);
  evdev_->set_replay_clock(std::move(replay_clock));
}

std::optional<InputEvent> InputHub::poll() {
  if (auto event = display_.poll_input()) return event;
  if (evdev_) return evdev_->poll();
  return std::nullopt;
}

std::vector<std::string> InputHub::describe_devices() const {
  if (display_evdev_) return display_evdev_->input_devices();
  return evdev_ ? evdev_->describe_devices() : std::vector<std::string>{};
}

}  // namespace fb::demo
