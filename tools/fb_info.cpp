// SPDX-License-Identifier: MIT
// fb-info: opens a display the way applications do and prints what it reports; optionally
// shows a few frames of one colour. Exits non-zero with the library's message on bad input.
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include "fb/backend_registry.hpp"
#include "fb/cli/options.hpp"
#include "fb/error.hpp"
#include "fb/fbdev_display.hpp"
#include "fb/raster.hpp"
#ifdef FB_HAVE_DRM
#include "fb/drm_display.hpp"
#endif

namespace {

void print_info(fb::Display& display) {
  const fb::DisplayInfo& info = display.info();
  std::printf("backend:        %s\n", info.backend.c_str());
  std::printf("device:         %s\n", info.device.empty() ? "-" : info.device.c_str());
  std::printf("size:           %dx%d\n", info.width, info.height);
  if (info.rotation != fb::Rotation::r0) {
    std::printf("rotation:       %d (panel %dx%d)\n", fb::degrees(info.rotation),
                info.scanout_width, info.scanout_height);
  }
  std::printf("format:         %s\n", std::string(fb::pixel_format_name(info.format)).c_str());
  std::printf("stride:         %td bytes\n", info.stride);
  std::printf("buffers:        %d\n", info.buffer_count);
  if (info.refresh_mhz > 0) {
    std::printf("refresh:        %d.%03d Hz\n", info.refresh_mhz / 1000, info.refresh_mhz % 1000);
  } else {
    std::printf("refresh:        unknown\n");
  }
  std::printf("write-combined: %s\n", info.write_combined ? "yes" : "no");
  std::printf("vblank:         %s\n", info.has_vblank ? "yes" : "no (paced by a timer)");
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
    std::string formats;
    for (fb::PixelFormat f : drm->scanout_formats())
      formats += (formats.empty() ? "" : ", ") + std::string(fb::pixel_format_name(f));
    std::printf("plane formats:  %s\n", formats.empty() ? "none libfb draws" : formats.c_str());
  }
#endif
}

}  // namespace

int main(int argc, char** argv) {
  std::string spec;
  fb::DisplayOptions options;
  bool fill = false;
  uint32_t color = 0;
  int frames = 1;
  fb::cli::Parser parser(
      "fb-info",
      "Opens a display the way applications do and prints what it reports; with --fill, shows\n"
      "a few frames of one colour.");
  parser
      .option("--backend", "SPEC", spec,
              "display: name[:device], e.g. fbdev:/dev/fb1, drm:/dev/dri/card0, headless\n"
              "(default: $FB_BACKEND, else headless)")
      .size("--mode", options.width, options.height, 1, fb::cli::kMaxSide,
            "display size to ask for (headless: default 1024x600)")
      .rotation(options.rotation)
      .number("--buffers", "N", options.buffers, 0, 16,
              "buffers to flip between (0 = the backend's default)")
      .custom("--format", "NAME",
              "pixel layout to ask for (xrgb8888, rgb565, ...; drm: one its plane scans out)",
              [&](const std::string& flag, const std::string& text) {
                try {
                  options.format = fb::pixel_format_from_name(text);
                } catch (const fb::UnsupportedFormat& error) {
                  throw fb::cli::UsageError(flag + ": " + error.what());
                }
              })
      .custom("--fill", "RRGGBB", "show frames of this colour (hexadecimal, 0 to ffffff)",
              [&](const std::string& flag, const std::string& text) {
                color = static_cast<uint32_t>(fb::cli::parse_hex(flag, text, 0xffffff));
                fill = true;
              })
      .number("--frames", "N", frames, 0, 1'000'000, "frames to show with --fill (default 1)")
      .action("--list-backends", "list the display backends built in and exit",
              [] { fb::print_backends(stdout); });
  if (const std::optional<int> exit_code = parser.parse(argc, argv)) return *exit_code;
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
