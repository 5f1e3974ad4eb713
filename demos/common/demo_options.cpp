// SPDX-License-Identifier: MIT
#include "demo_options.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stdexcept>

#include "fb/backend_registry.hpp"
#include "fb/error.hpp"

namespace fb::demo {
namespace {

constexpr const char* kHelp = R"(
Options:
  --backend NAME      display backend: headless, sdl, fbdev, drm (default: $FB_BACKEND,
                      else headless); --list-backends shows what this build has
  --device PATH       the backend's device, e.g. /dev/fb1 or /dev/dri/card1
  --input PATH        evdev input device or evemu recording, or none (default: $FB_INPUT,
                      else on fbdev and drm every device under /dev/input, hot-plugged)
  --frames N          run N frames, each stepping a fixed 1/60 s (reproducible frames)
  --seconds S         run S seconds of animation time
  --fps F             frame rate to pace to (default 60; 0 = as fast as possible)
  --size WxH          display size (default: the backend's, 1024x600 for headless and sdl)
  --zoom N            SDL window zoom (integer)
  --seed N            seed of the demo's random numbers
  --format NAME       pixel layout for headless and sdl (xrgb8888, rgb565, ...); fbdev and
                      drm use the device's
  --screenshot PATH   write the last frame as PNG (binary PPM if PATH ends in .ppm)
  --checksum          print a checksum of the last frame's pixels
  --stats             print frame figures at exit (fps, frame time p50/p95/p99, damage)
  --overlay           show the fps overlay from the start (key O toggles it)
  --hold              after the last frame, keep it on screen until quit (Ctrl-C, Esc, close)
  --pause-at N[,N...] after frame N (from 1) is on screen, print "FBDEMO-PAUSE N" and wait
                      for a line on stdin (tests capture that frame; the wait counts in --stats)
  --list-backends     list the display backends and exit
  --help              this help

Keys: O toggles the overlay; Esc or Q quits. The last line printed is "fps: N".
)";

struct FlagError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

template <class Number>
Number parse_number(const std::string& flag, const std::string& text) {
  Number value{};
  const char* end = text.data() + text.size();
  auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || ptr != end) {
    throw FlagError(flag + " wants a number, got '" + text + "'");
  }
  return value;
}

double parse_non_negative(const std::string& flag, const std::string& text) {
  const double value = parse_number<double>(flag, text);
  if (!(value >= 0) || std::isinf(value)) {
    throw FlagError(flag + " wants a non-negative number, got '" + text + "'");
  }
  return value;
}

// "N[,N...]": frame numbers from 1, strictly ascending.
std::vector<uint64_t> parse_frame_list(const std::string& flag, const std::string& text) {
  std::vector<uint64_t> frames;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma == text.npos ? text.npos : comma - start);
    const uint64_t frame = parse_number<uint64_t>(flag, item);
    if (frame == 0) throw FlagError(flag + " counts frames from 1, got 0");
    if (!frames.empty() && frame <= frames.back()) {
      throw FlagError(flag + " wants ascending frame numbers, got '" + text + "'");
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
  try {
    for (int i = 1; i < argc; ++i) {
      std::string flag = argv[i];
      std::optional<std::string> inline_value;
      if (const size_t equals = flag.find('='); flag.rfind("--", 0) == 0 && equals != flag.npos) {
        inline_value = flag.substr(equals + 1);
        flag = flag.substr(0, equals);
      }
      auto value = [&]() -> std::string {
        if (inline_value) return *inline_value;
        if (i + 1 >= argc) throw FlagError(flag + " needs a value");
        return argv[++i];
      };
      auto no_value = [&] {
        if (inline_value) throw FlagError(flag + " takes no value");
      };

      if (flag == "--help" || flag == "-h") {
        std::cout << "Usage: " << name << " [options]\n" << summary << "\n" << kHelp;
        parsed.exit_now = true;
        return parsed;
      } else if (flag == "--list-backends") {
        for (const BackendEntry& entry : list_backends()) {
          std::printf("%-10s %s%s%s\n", entry.name.c_str(), entry.description.c_str(),
                      entry.default_device.empty() ? "" : " (default device ",
                      entry.default_device.empty() ? "" : (entry.default_device + ")").c_str());
        }
        parsed.exit_now = true;
        return parsed;
      } else if (flag == "--backend") {
        o.backend = value();
      } else if (flag == "--device") {
        o.device = value();
      } else if (flag == "--input") {
        o.input = value();
      } else if (flag == "--frames") {
        o.frames = parse_number<uint64_t>(flag, value());
        if (o.frames == 0) throw FlagError("--frames wants at least 1");
      } else if (flag == "--seconds") {
        o.seconds = parse_non_negative(flag, value());
      } else if (flag == "--fps") {
        o.fps = parse_non_negative(flag, value());
      } else if (flag == "--size") {
        const std::string size = value();
        const size_t x = size.find('x');
        if (x == size.npos) throw FlagError("--size wants WIDTHxHEIGHT, got '" + size + "'");
        o.width = parse_number<int32_t>(flag, size.substr(0, x));
        o.height = parse_number<int32_t>(flag, size.substr(x + 1));
        if (o.width < 16 || o.height < 16 || o.width > 8192 || o.height > 8192) {
          throw FlagError("--size wants 16x16 to 8192x8192, got '" + size + "'");
        }
      } else if (flag == "--zoom") {
        o.zoom = parse_number<int>(flag, value());
        if (o.zoom < 1 || o.zoom > 16) throw FlagError("--zoom wants 1 to 16");
      } else if (flag == "--seed") {
        o.seed = parse_number<uint64_t>(flag, value());
      } else if (flag == "--format") {
        const std::string name_value = value();
        try {
          o.format = pixel_format_from_name(name_value);
        } catch (const UnsupportedFormat& error) {
          throw FlagError(std::string("--format: ") + error.what());
        }
      } else if (flag == "--pause-at") {
        o.pause_at = parse_frame_list(flag, value());
      } else if (flag == "--screenshot") {
        o.screenshot = value();
      } else if (flag == "--checksum") {
        no_value();
        o.checksum = true;
      } else if (flag == "--stats") {
        no_value();
        o.stats = true;
      } else if (flag == "--overlay") {
        no_value();
        o.overlay = true;
      } else if (flag == "--hold") {
        no_value();
        o.hold = true;
      } else {
        throw FlagError("unknown option '" + flag + "' (see --help)");
      }
    }
    if (o.frames > 0 && !o.pause_at.empty() && o.pause_at.back() > o.frames) {
      throw FlagError("--pause-at " + std::to_string(o.pause_at.back()) + " is past --frames " +
                      std::to_string(o.frames));
    }
  } catch (const FlagError& error) {
    std::cerr << name << ": " << error.what() << "\n";
    parsed.exit_now = true;
    parsed.exit_code = 2;
  }
  return parsed;
}

}  // namespace fb::demo
