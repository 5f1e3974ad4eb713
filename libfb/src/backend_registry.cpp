// SPDX-License-Identifier: MIT
#include "fb/backend_registry.hpp"

#include <algorithm>
#include <cstdlib>
#include <mutex>

#include "builtin_backends.hpp"
#include "fb/error.hpp"
#include "fb/evdev_input.hpp"
#include "fb/headless_display.hpp"

namespace fb {
namespace {

BackendEntry headless_backend_entry() {
  return BackendEntry{
      "headless", "frames kept in memory, saved as PNG on request", "",
      [](const std::string&, const DisplayOptions& options) -> std::unique_ptr<Display> {
        auto display = std::make_unique<HeadlessDisplay>(
            options.width > 0 ? options.width : 1024, options.height > 0 ? options.height : 600,
            options.format.value_or(PixelFormat::xrgb8888),
            options.buffers > 0 ? options.buffers : 2, options.rotation.value_or(Rotation::r0));
        // No devices of its own: only a named device or recording (a replay, in tests).
        display->set_input(open_named_input(options.input, display->info().orientation(),
                                            load_touch_calibration(options.touch_calibration),
                                            options.input_clock));
        return display;
      }};
}

struct Registry {
  std::mutex mutex;
  std::vector<BackendEntry> entries;

  Registry() {
    entries.push_back(headless_backend_entry());
#ifdef FB_HAVE_FBDEV
    entries.push_back(detail::fbdev_backend_entry());
#endif
#ifdef FB_HAVE_DRM
    entries.push_back(detail::drm_backend_entry());
#endif
  }
};

Registry& registry() {
  static Registry instance;
  return instance;
}

std::string backend_names(const std::vector<BackendEntry>& entries) {
  std::string names;
  for (const BackendEntry& entry : entries) names += (names.empty() ? "" : ", ") + entry.name;
  return names;
}

}  // namespace

Rotation rotation_from_environment() {
  const char* text = std::getenv(kRotationEnvironmentVariable);
  if (text == nullptr || *text == '\0') return Rotation::r0;
  if (std::optional<Rotation> rotation = parse_rotation(text)) return *rotation;
  throw Error(std::string(kRotationEnvironmentVariable) + "='" + text +
              "' is not a rotation (0, 90, 180 or 270)");
}

void register_backend(BackendEntry entry) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  std::erase_if(r.entries, [&](const BackendEntry& e) { return e.name == entry.name; });
  r.entries.push_back(std::move(entry));
}

std::vector<BackendEntry> list_backends() {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  return r.entries;
}

void print_backends(std::FILE* out) {
  for (const BackendEntry& entry : list_backends()) {
    std::fprintf(out, "%-10s %s", entry.name.c_str(), entry.description.c_str());
    if (!entry.default_device.empty()) {
      std::fprintf(out, " (default device %s)", entry.default_device.c_str());
    }
    std::fputc('\n', out);
  }
}

std::unique_ptr<Display> open_display(std::string_view spec, const DisplayOptions& options) {
  std::string text(spec);
  if (text.empty()) {
    const char* from_environment = std::getenv(kBackendEnvironmentVariable);
    text = from_environment != nullptr && *from_environment != '\0' ? from_environment : "headless";
  }
  size_t colon = text.find(':');
  std::string name = text.substr(0, colon);
  std::string device = colon == std::string::npos ? "" : text.substr(colon + 1);

  std::vector<BackendEntry> entries = list_backends();
  auto found = std::find_if(entries.begin(), entries.end(),
                            [&](const BackendEntry& e) { return e.name == name; });
  if (found == entries.end()) {
    throw Error("unknown display backend '" + name + "' in '" + text +
                "' (available: " + backend_names(entries) + ")");
  }
  if (options.zoom < 1) throw Error("display zoom must be 1 or more");
  DisplayOptions resolved = options;
  if (!resolved.rotation) resolved.rotation = rotation_from_environment();
  return found->open(device.empty() ? found->default_device : device, resolved);
}

}  // namespace fb
