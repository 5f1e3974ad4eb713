// SPDX-License-Identifier: MIT
#include "fb/host_sim/register_sdl_backend.hpp"

#include <memory>

#include "fb/backend_registry.hpp"
#include "fb/host_sim/sdl_display.hpp"

namespace fb::sim {

void register_sdl_backend() {
  BackendEntry entry;
  entry.name = "sdl";
  entry.description = "an SDL2 window on the desktop (SDL_VIDEODRIVER=dummy/offscreen for CI)";
  entry.default_device = "";
  // The device part of "sdl:TITLE" names the window, so several simulators can be told apart.
  entry.open = [](const std::string& device, const DisplayOptions& options) {
    return std::unique_ptr<Display>(
        std::make_unique<SdlDisplay>(options, device.empty() ? "fbmmap" : device));
  };
  register_backend(std::move(entry));
}

}  // namespace fb::sim
