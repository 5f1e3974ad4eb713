// SPDX-License-Identifier: MIT
#include "input_hub.hpp"

#include <cstdlib>

namespace fb::demo {

InputHub::InputHub(Display& display, const std::string& input,
                   std::function<uint64_t()> replay_clock)
    : display_(display) {
  const char* from_environment = std::getenv(kInputEnvironmentVariable);
  const bool named = !input.empty() || (from_environment && *from_environment);
  const std::string& backend = display.info().backend;
  if (!named && backend != "fbdev" && backend != "drm") return;

  EvdevInputOptions options;
  options.device = input;  // empty: $FB_INPUT, else every device, hot-plugged
  options.display_width = display.info().width;
  options.display_height = display.info().height;
  evdev_ = std::make_unique<EvdevInput>(options);
  evdev_->set_replay_clock(std::move(replay_clock));
}

std::optional<InputEvent> InputHub::poll() {
  if (auto event = display_.poll_input()) return event;
  if (evdev_) return evdev_->poll();
  return std::nullopt;
}

std::vector<std::string> InputHub::describe_devices() const {
  return evdev_ ? evdev_->describe_devices() : std::vector<std::string>{};
}

}  // namespace fb::demo
