// SPDX-License-Identifier: MIT
// fb-info: opens a display the way applications do and prints what it reports; optionally
// shows a few frames of one colour. Exits non-zero with the library's message on bad input.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>

#include "fb/backend_registry.hpp"
#include "fb/error.hpp"
#include "fb/fbdev_display.hpp"
#include "fb/raster.hpp"
#ifdef FB_HAVE_DRM
#include "fb/drm_display.hpp"
#endif

namespace {

constexpr const char* kUsage =
    "usage: fb-info [--backend SPEC] [--mode WxH] [--buffers N] [--fill RRGGBB [--frames N]]\n"
    "       fb-info --list-backends\n"
    "SPEC is name[:device], e.g. fbdev:/dev/fb1, drm:/dev/dri/card0, headless; without\n"
    "--backend, $FB_BACKEND or headless.\n";

[[noreturn]] void usage_error(const std::string& what) {
  std::fprintf(stderr, "fb-info: %s\n%s", what.c_str(), kUsage);
  std::exit(2);
}

bool parse_mode(std::string_view text, int32_t& width, int32_t& height) {
  const size_t x = text.find('x');
  if (x == std::string_view::npos) return false;
  char* end = nullptr;
  const std::string w(text.substr(0, x)), h(text.substr(x + 1));
  width = static_cast<int32_t>(std::strtol(w.c_str(), &end, 10));
  if (w.empty() || *end != '\0' || width <= 0) return false;
  height = static_cast<int32_t>(std::strtol(h.c_str(), &end, 10));
  return !h.empty() && *end == '\0' && height > 0;
}

int parse_int(const char* text, const char* option) {
  char* end = nullptr;
  const long value = std::strtol(text, &end, 0);
  if (*text == '\0' || *end != '\0' || value < 0 || value > 1'000'000)
    usage_error(std::string("bad number for ") + option + ": " + text);
  return static_cast<int>(value);
}

void print_info(fb::Display& display) {
  const fb::DisplayInfo& info = display.info();
  std::printf("backend:        %s\n", info.backend.c_str());
  std::printf("device:         %s\n", info.device.empty() ? "-" : info.device.c_str());
  std::printf("size:           %dx%d\n", info.width, info.height);
  std::printf("format:         %s\n", std::string(fb::pixel_format_name(info.format)).c_str());
  std::printf("stride:         %td bytes\n", info.stride);
  std::printf("buffers:        %d\n", info.buffer_count);
  if (info.refresh_mhz > 0) {
    std::printf("refresh:        %d.%03d Hz\n", info.refresh_mhz / 1000, info.refresh_mhz % 1000);
  } else {
    std::printf("refresh:        unknown\n");
  }
  std::printf("write-combined: %s\n", info.write_combined ? "yes" : "no");
  std::printf("vsync paced:    %s\n", info.vsync_paced ? "yes" : "no (timer)");
  if (auto* fbdev = dynamic_cast<fb::FbdevDisplay*>(&display)) {
    std::printf("fbdev driver:   %s\n", fbdev->driver_id().c_str());
    std::printf("console:        %s\n", fbdev->console_switched() ? "KD_GRAPHICS" : "untouched");
  }
#ifdef FB_HAVE_DRM
  if (auto* drm = dynamic_cast<fb::DrmDisplay*>(&display)) {
    std::printf("drm driver:     %s\n", drm->driver_name().c_str());
    std::printf("connector:      %s\n", drm->connector_name().c_str());
    std::printf("prefer shadow:  %s\n", drm->prefers_shadow() ? "yes" : "no");
    std::string modes;
    for (const std::string& m : drm->modes()) modes += (modes.empty() ? "" : ", ") + m;
    std::printf("modes:          %s\n", modes.c_str());
  }
#endif
}

}  // namespace

int main(int argc, char** argv) {
  std::string spec;
  fb::DisplayOptions options;
  bool list = false;
  bool fill = false;
  uint32_t color = 0;
  int frames = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) usage_error(std::string(arg) + " needs a value");
      return argv[++i];
    };
    if (arg == "--backend") {
      spec = value();
    } else if (arg == "--mode") {
      const char* text = value();
      if (!parse_mode(text, options.width, options.height))
        usage_error(std::string("bad mode '") + text + "' (want WxH, e.g. 1024x600)");
    } else if (arg == "--buffers") {
      options.buffers = parse_int(value(), "--buffers");
    } else if (arg == "--fill") {
      const char* text = value();
      char* end = nullptr;
      color = static_cast<uint32_t>(std::strtoul(text, &end, 16));
      if (*text == '\0' || *end != '\0' || color > 0xffffff)
        usage_error(std::string("bad colour '") + text + "' (want RRGGBB)");
      fill = true;
    } else if (arg == "--frames") {
      frames = parse_int(value(), "--frames");
    } else if (arg == "--list-backends") {
      list = true;
    } else if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else {
      usage_error("unknown argument '" + std::string(arg) + "'");
    }
  }

  if (list) {
    for (const fb::BackendEntry& entry : fb::list_backends()) {
      std::printf("%-10s %-22s %s\n", entry.name.c_str(),
                  entry.default_device.empty() ? "-" : entry.default_device.c_str(),
                  entry.description.c_str());
    }
    return 0;
  }

  try {
    auto display = fb::open_display(spec, options);
    print_info(*display);
    for (int f = 0; fill && f < frames; ++f) {
      fb::BackBuffer buffer = display->acquire();
      fb::stream_fill(buffer.target, buffer.target.bounds(), 0xff000000u | color);
      display->present(fb::Region(buffer.target.bounds()));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fb-info: %s\n", e.what());
    return 1;
  }
  return 0;
}
