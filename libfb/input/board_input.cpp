// SPDX-License-Identifier: MIT
#include "board_input.hpp"

#include <cstdlib>
#include <utility>

namespace fb::evdev {

BoardInput::BoardInput(const std::string& spec, const Orientation& panel,
                       const TouchCalibration& calibration, std::function<uint64_t()> replay_clock,
                       const std::string& directory) {
  std::string device = spec;
  if (device.empty()) {
    if (const char* from_environment = std::getenv(kInputEnvironmentVariable)) {
      device = from_environment;
    }
  }
  if (device == kNoInput) return;

  EvdevInputOptions options;
  options.device = device;  // empty: every device in the directory, hot-plugged
  options.directory = directory;
  options.display_width = panel.scanout_width;
  options.display_height = panel.scanout_height;
  options.rotation = panel.rotation;
  options.calibration = calibration;
  input_ = std::make_unique<EvdevInput>(std::move(options));
  if (replay_clock) input_->set_replay_clock(std::move(replay_clock));
}

std::optional<InputEvent> BoardInput::poll() {
  return input_ ? input_->poll() : std::nullopt;
}

std::vector<std::string> BoardInput::describe_devices() const {
  return input_ ? input_->describe_devices() : std::vector<std::string>{};
}

}  // namespace fb::evdev
