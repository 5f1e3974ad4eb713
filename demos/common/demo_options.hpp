// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fb/pixel_format.hpp"
#include "fb/rotation.hpp"

namespace fb::demo {

/// The flags every demo shares.
struct DemoOptions {
  std::string backend;     ///< --backend NAME; empty: $FB_BACKEND, else headless.
  std::string device;      ///< --device PATH: the backend's device (fbdev:/dev/fb1 ...).
  std::string input;       ///< --input PATH: evdev device or recording; empty: $FB_INPUT.
  uint64_t frames = 0;     ///< --frames N: stop after N frames, stepping a fixed time each.
  double seconds = 0;      ///< --seconds S: stop after S seconds of animation time.
  double fps = 60;         ///< --fps F: frame rate to pace to; 0 = as fast as possible.
  std::string screenshot;  ///< --screenshot PATH: the last frame as PNG (PPM if *.ppm).
  bool checksum = false;   ///< --checksum: print a checksum of the last frame's pixels.
  bool stats = false;      ///< --stats: frame figures at exit.
  bool overlay = false;    ///< --overlay: start with the fps overlay shown (key O toggles).
  bool hold = false;       ///< --hold: keep showing the last frame until quit (for captures).
  int32_t width = 0;       ///< --size WxH; 0 = the backend's default.
  int32_t height = 0;
  int zoom = 1;                  ///< --zoom N: SDL window zoom.
  std::optional<uint64_t> seed;  ///< --seed N: randomness (demos have a fixed default).
  /// --format NAME: the pixel layout headless and SDL emulate (e.g. rgb565, as a 16 bpp panel).
  std::optional<PixelFormat> format;
  /// --rotate DEGREES: how the panel is mounted; unset = $FB_ROTATION, else 0.
  std::optional<Rotation> rotation;
  std::optional<unsigned> workers;  ///< --workers: threads composing each frame.
  /// --touch-calibration MATRIX|FILE: the touchscreen calibration; empty =
  /// $FB_TOUCH_CALIBRATION, else none.
  std::string touch_calibration;
  /// --pause-at N[,N...]: after frame N (counted from 1) is on screen, print "FBDEMO-PAUSE N"
  /// and wait for a line on stdin, so a test can capture exactly that frame. Ascending.
  std::vector<uint64_t> pause_at;

  /// The display spec for fb::open_display: "backend" or "backend:device", or empty.
  std::string display_spec() const;
  /// The fixed animation step with --frames: 1/60 s whatever --fps paces to, so frame N is the
  /// same picture with any --fps.
  static constexpr double kFixedStep = 1.0 / 60.0;
};

/// What parse_demo_options decided.
struct ParsedOptions {
  DemoOptions options;
  bool exit_now = false;  ///< --help or --list-backends was handled, or a flag was wrong.
  int exit_code = 0;
};

/// Parses argv. Prints help (--help) or the backends (--list-backends) to stdout, or what was
/// wrong with a flag to stderr (exit code 2). Both "--flag value" and "--flag=value" work.
ParsedOptions parse_demo_options(int argc, const char* const argv[], const std::string& name,
                                 const std::string& summary);

}  // namespace fb::demo
