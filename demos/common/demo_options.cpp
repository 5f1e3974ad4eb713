// SPDX-License-Identifier: MIT
#include "demo_options.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <limits>

#include "fb/backend_registry.hpp"
#include "fb/cli/options.hpp"
#include "fb/compositor/renderer.hpp"
#include "fb/error.hpp"

namespace fb::demo {
namespace {

constexpr const char* kKeys =
    "Keys: O toggles the overlay; Esc or Q quits. The last line printed is \"fps: N\".";

using cli::UsageError;

// "N[,N...]": frame numbers from 1, strictly ascending.
std::vector<uint64_t> parse_frame_list(const std::string& flag, const std::string& text) {
  std::vector<uint64_t> frames;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma == text.npos ? text.npos : comma - start);
    const uint64_t frame = cli::parse_unsigned(flag, item, 1, std::numeric_limits<uint64_t>::max());
    if (!frames.empty() && frame <= frames.back()) {
      throw UsageError(flag + " wants ascending frame numbers, got '" + text + "'");
    }
    frames.push_back(frame);
    if (comma == text.npos) break;
    start = comma + 1;
  }
  return frames;
}

}  // namespace

std::string DemoOptions::display_spec() const {
  std::string name = backend;
  if (name.empty() && !device.empty()) {
    // A device without a backend belongs to the backend open_display would pick.
    const char* from_environment = std::getenv(kBackendEnvironmentVariable);
    name = from_environment && *from_environment ? from_environment : "headless";
    if (const size_t colon = name.find(':'); colon != name.npos) name.resize(colon);
  }
  return device.empty() ? name : name + ":" + device;
}

ParsedOptions parse_demo_options(int argc, const char* const argv[], const std::string& name,
                                 const std::string& summary) {
  ParsedOptions parsed;
  DemoOptions& o = parsed.options;
  constexpr uint64_t kNoLimit = std::numeric_limits<uint64_t>::max();
  constexpr double kUnbounded = std::numeric_limits<double>::infinity();
  cli::Parser parser(name, summary);
  parser
      .option("--backend", "NAME", o.backend,
              "display backend: headless, sdl, fbdev, drm (default: $FB_BACKEND,\n"
              "else headless); --list-backends shows what this build has")
      .option("--device", "PATH", o.device, "the backend's device, e.g. /dev/fb1 or /dev/dri/card1")
      .option("--input", "PATH", o.input,
              "evdev input device or evemu recording, or none (default: $FB_INPUT,\n"
              "else on fbdev and drm every device under /dev/input, hot-plugged)")
      .number("--frames", "N", o.frames, uint64_t{1}, kNoLimit,
              "run N frames, each stepping a fixed 1/60 s (reproducible frames)")
      .decimal("--seconds", "S", o.seconds, 0, kUnbounded, "run S seconds of animation time")
      .decimal("--fps", "F", o.fps, 0, kUnbounded,
               "frame rate to pace to (default 60; 0 = as fast as possible)")
      .size("--size", o.width, o.height, 16, 8192,
            "display size (default: the backend's, 1024x600 for headless and sdl)")
      .number("--zoom", "N", o.zoom, 1, 16, "SDL window zoom (integer)")
      .number("--seed", "N", o.seed, uint64_t{0}, kNoLimit, "seed of the demo's random numbers")
      .custom("--format", "NAME",
              "pixel layout: headless and sdl emulate it, drm asks the device's plane for it\n"
              "(xrgb8888, rgb565, ...); fbdev uses the device's",
              [&o](const std::string& flag, const std::string& text) {
                try {
                  o.format = pixel_format_from_name(text);
                } catch (const UnsupportedFormat& error) {
                  throw UsageError(flag + ": " + error.what());
                }
              })
      .rotation(o.rotation)
      .number("--workers", "N", o.workers, 1u, kMaxRenderWorkers,
              "threads composing each frame, this one included; large repaints share\n"
              "their bands out (default: $FB_RENDER_WORKERS, else 1)")
      .option("--touch-calibration", "MATRIX|FILE", o.touch_calibration,
              "touchscreen calibration applied before the rotation: libinput's six\n"
              "numbers \"a b c d e f\", tslib's pointercal, or a file holding either\n"
              "(default: $FB_TOUCH_CALIBRATION, else none)")
      .option("--screenshot", "PATH", o.screenshot,
              "write the last frame as PNG (binary PPM if PATH ends in .ppm)")
      .option("--checksum", o.checksum, "print a checksum of the last frame's pixels")
      .option("--stats", o.stats,
              "print frame figures at exit (fps, frame time p50/p95/p99, damage)")
      .option("--overlay", o.overlay, "show the fps overlay from the start (key O toggles it)")
      .option("--hold", o.hold,
              "after the last frame, keep it on screen until quit (Ctrl-C, Esc, close)")
      .custom("--pause-at", "N[,N...]",
              "after frame N (from 1) is on screen, print \"FBDEMO-PAUSE N\" and wait\n"
              "for a line on stdin (tests capture that frame; the wait counts in --stats)",
              [&o](const std::string& flag, const std::string& text) {
                o.pause_at = parse_frame_list(flag, text);
              })
      .action("--list-backends", "list the display backends and exit",
              [] { fb::print_backends(stdout); })
      .epilogue(kKeys);
  if (const std::optional<int> exit_code = parser.parse(argc, argv)) {
    parsed.exit_now = true;
    parsed.exit_code = *exit_code;
    return parsed;
  }
  // Checks across flags, after all of them are known.
  if (o.frames > 0 && !o.pause_at.empty() && o.pause_at.back() > o.frames) {
    std::cerr << name << ": --pause-at " << o.pause_at.back() << " is past --frames " << o.frames
              << "\n";
    parsed.exit_now = true;
    parsed.exit_code = cli::kUsageExitCode;
  }
  return parsed;
}

}  // namespace fb::demo
