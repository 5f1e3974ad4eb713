// SPDX-License-Identifier: MIT
#include "board_input.hpp"

#include <cstdlib>
#include <utility>

namespace fb {
namespace {

// DisplayOptions::input, or $FB_INPUT when it is empty.
std::string named_device(const std::string& spec) {
  if (!spec.empty()) return spec;
  const char* from_environment = std::getenv(kInputEnvironmentVariable);
  return from_environment != nullptr ? from_environment : "";
}

std::unique_ptr<EvdevInput> open_evdev(const std::string& device, const std::string& directory,
                                       const Orientation& panel,
                                       const TouchCalibration& calibration,
                                       std::function<uint64_t()> replay_clock) {
  EvdevInputOptions options;
  options.device = device;  // empty: every device in the directory, hot-plugged
  options.directory = directory;
  options.display_width = panel.scanout_width;
  options.display_height = panel.scanout_height;
  options.rotation = panel.rotation;
  options.calibration = calibration;
  auto input = std::make_unique<EvdevInput>(std::move(options));
  if (replay_clock) input->set_replay_clock(std::move(replay_clock));
  return input;
}

}  // namespace

std::unique_ptr<Input> open_named_input(const std::string& spec, const Orientation& panel,
                                        const TouchCalibration& calibration,
                                        std::function<uint64_t()> replay_clock) {
  const std::string device = named_device(spec);
  if (device.empty() || device == kNoInput) return nullptr;
  return open_evdev(device, evdev::BoardInput::kDefaultDirectory, panel, calibration,
                    std::move(replay_clock));
}

namespace evdev {

BoardInput::BoardInput(const std::string& spec, const Orientation& panel,
                       const TouchCalibration& calibration, std::function<uint64_t()> replay_clock,
                       const std::string& directory) {
  const std::string device = named_device(spec);
  if (device == kNoInput) return;
  input_ = open_evdev(device, directory, panel, calibration, std::move(replay_clock));
}

std::optional<InputEvent> BoardInput::poll() {
  return input_ ? input_->poll() : std::nullopt;
}

std::vector<std::string> BoardInput::describe_devices() const {
  return input_ ? input_->describe_devices() : std::vector<std::string>{};
}

}  // namespace evdev
}  // namespace fb
