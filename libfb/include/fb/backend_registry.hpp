// SPDX-License-Identifier: MIT
#pragma once

#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fb/display.hpp"
#include "fb/pixel_format.hpp"

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

/// What an application asks of a display; backends take what applies to them.
struct DisplayOptions {
  int32_t width = 0;  ///< 0 = the backend's default or the device's mode.
  int32_t height = 0;
  int buffers = 0;  ///< 0 = the backend's default.
  /// Headless and SDL: the layout to emulate; DRM: the format to scan out (refused when the
  /// plane does not offer it). fbdev uses the device's.
  std::optional<PixelFormat> format{};
  int zoom = 1;  ///< SDL: integer window zoom.
  /// How the panel is mounted (see rotation.hpp); nullopt = $FB_ROTATION, else r0. width and
  /// height above are the panel's, before rotation.
  std::optional<Rotation> rotation{};
  /// Where Display::input()'s evdev events come from: an evdev device node or an evemu
  /// recording to replay, which must open; "none" = none; "" = $FB_INPUT, else on fbdev and DRM
  /// every evdev device under /dev/input, hot-plugged (none present is fine), and on headless
  /// and SDL nothing (an SDL window has its own events besides).
  std::string input{};
  /// The touchscreen calibration (see touch_calibration.hpp). "" =
  /// $FB_TOUCH_CALIBRATION, else the matrix itself or a file holding it.
  std::string touch_calibration{};
  /// The clock recordings replay against, in microseconds (e.g. an animation's
  /// timeline, so a replay is reproducible frame for frame); empty = real time.
  std::function<uint64_t()> input_clock{};
};

using DisplayFactory =
    std::function<std::unique_ptr<Display>(const std::string& device, const DisplayOptions&)>;

struct BackendEntry {
  std::string name;         ///< "headless", "fbdev", "drm", "sdl".
  std::string description;  ///< One line for --list-backends.
  std::string default_device;
  DisplayFactory open;
};

/// Adds a backend (host_sim registers "sdl" this way). A later entry of the same name wins.
void register_backend(BackendEntry entry);

/// Every backend available in this build, built in and registered.
std::vector<BackendEntry> list_backends();

/// What --list-backends prints: one line per backend, its description and default device.
void print_backends(std::FILE* out);

/// The environment variable open_display() reads when the spec is empty.
inline constexpr const char* kBackendEnvironmentVariable = "FB_BACKEND";

/// The rotation $FB_ROTATION names (r0 when unset or empty); throws fb::Error naming the
/// variable when it holds anything but 0, 90, 180 or 270.
Rotation rotation_from_environment();

/// Opens a display from a spec "name" or "name:device", e.g. "fbdev:/dev/fb1",
/// "drm:/dev/dri/card0", "sdl", "headless". An empty spec takes $FB_BACKEND, else "headless".
/// options.rotation unset takes $FB_ROTATION; backends always see it set.
/// Throws fb::Error naming the spec and listing the backends when the name is unknown.
std::unique_ptr<Display> open_display(std::string_view spec, const DisplayOptions& options = {});

}  // namespace fb

#pragma GCC visibility pop
