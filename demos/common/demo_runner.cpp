// SPDX-License-Identifier: MIT
#include "demo_runner.hpp"

#include <cairo.h>
#include <linux/input-event-codes.h>
#include <signal.h>
#include <time.h>

#include <cerrno>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <vector>

#include "demo_options.hpp"
#include "fb/atomic_file.hpp"
#include "fb/backend_registry.hpp"
#include "fb/compositor/frame_loop.hpp"
#include "fb/compositor/renderer.hpp"
#include "fb/error.hpp"
#include "fb/headless_display.hpp"
#include "fb/png.hpp"
#include "fb/raster.hpp"
#include "frame_checksum.hpp"
#ifdef FB_DEMOS_WITH_SDL
#include "fb/host_sim/register_sdl_backend.hpp"
#include "fb/host_sim/sdl_display.hpp"
#endif

namespace fb::demo {
namespace {

volatile sig_atomic_t g_stop_signal = 0;

void on_stop_signal(int signal_number) {
  g_stop_signal = signal_number;
}

// Ctrl-C and SIGTERM end the loop after the current frame, so the display is closed properly
// (an SDL window destroyed, a tty given back) and --stats still print.
void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

// --pause-at: the marker, then a line from stdin (or its end) releases the demo.
void pause_until_line(uint64_t frame) {
  std::printf("FBDEMO-PAUSE %" PRIu64 "\n", frame);
  std::fflush(stdout);
  int c;
  do {
    c = std::getchar();
  } while (c != '\n' && c != EOF);
}

void sleep_ms(int ms) {
  timespec ts{0, ms * 1'000'000L};
  nanosleep(&ts, nullptr);
}

// --screenshot NAME.ppm: binary PPM (P6), which tests read without a PNG decoder. Each pixel
// goes through argb_from_pixel, as in write_png, so both files hold the same colours.
void write_ppm(const Surface& frame, const std::string& path) {
  // Through a temporary and a rename, like write_png: never a truncated file under PATH.
  write_file_atomically(path, [&](std::FILE* file) {
    std::fprintf(file, "P6\n%d %d\n255\n", frame.width(), frame.height());
    std::vector<unsigned char> row(size_t(frame.width()) * 3);
    const bool two_bytes = bytes_per_pixel(frame.format()) == 2;
    for (int32_t y = 0; y < frame.height(); ++y) {
      for (int32_t x = 0; x < frame.width(); ++x) {
        const uint32_t pixel =
            two_bytes ? frame.row_as<uint16_t>(y)[x] : frame.row_as<uint32_t>(y)[x];
        const uint32_t argb = argb_from_pixel(frame.format(), pixel);
        row[size_t(x) * 3] = static_cast<unsigned char>(argb >> 16);
        row[size_t(x) * 3 + 1] = static_cast<unsigned char>(argb >> 8);
        row[size_t(x) * 3 + 2] = static_cast<unsigned char>(argb);
      }
      if (std::fwrite(row.data(), 1, row.size(), file) != row.size()) {
        throw Error("cannot write '" + path + "': " + std::strerror(errno));
      }
    }
  });
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The last frame as the panel shows it (turned when the panel is mounted rotated), read from
// where it can be read: a headless display's front buffer, the SDL window's buffer, or, for
// scanouts that must never be read, a fresh full composition turned as the scanout is.
Image last_frame(Display& display, const Scene& scene) {
  if (auto* headless = dynamic_cast<HeadlessDisplay*>(&display)) {
    return Image::copy_of(headless->front());
  }
#ifdef FB_DEMOS_WITH_SDL
  if (auto* sdl = dynamic_cast<sim::SdlDisplay*>(&display)) return Image::copy_of(sdl->front());
#endif
  Image picture = compose_full(scene);
  const DisplayInfo& info = display.info();
  if (info.rotation == Rotation::r0) return picture;
  Image panel(info.scanout_width, info.scanout_height, PixelFormat::xrgb8888);
  ScanoutSurface turned =
      ScanoutSurface(panel.data(), panel.width(), panel.height(), panel.stride(), panel.format())
          .rotated(info.rotation);
  stream_copy(turned, Point{0, 0}, picture, picture.bounds());
  return panel;
}

struct Runner {
  const DemoOptions& options;
  const std::string& name;
  Demo& demo;
  Display& display;
  Scene& scene;
  FrameLoop& loop;
  Input& input;
  bool quit = false;

  // Returns false when the user asked to stop.
  bool handle_input() {
    while (auto event = input.poll()) {
      if (event->type == InputEventType::quit) return false;
      if (event->type == InputEventType::key_down) {
        if (event->key == KEY_ESC || event->key == KEY_Q) return false;
        if (event->key == KEY_O) {
          loop.set_overlay_visible(!loop.overlay_visible());
          continue;
        }
      }
      demo.input(*event);
    }
    return true;
  }
};

int run_demo_once(int argc, char** argv, const std::string& name, const std::string& summary,
                  const std::function<std::unique_ptr<Demo>()>& make);

}  // namespace

int run_demo(int argc, char** argv, const std::string& name, const std::string& summary,
             const std::function<std::unique_ptr<Demo>()>& make) {
  const int status = run_demo_once(argc, argv, name, summary, make);
  // Cairo keeps fonts cached for the life of the process; release them so leak checkers
  // (ASan's LeakSanitizer) see only what the demo itself leaked.
  cairo_debug_reset_static_data();
  return status;
}

namespace {

int run_demo_once(int argc, char** argv, const std::string& name, const std::string& summary,
                  const std::function<std::unique_ptr<Demo>()>& make) {
#ifdef FB_DEMOS_WITH_SDL
  sim::register_sdl_backend();
#endif
  const ParsedOptions parsed = parse_demo_options(argc, argv, name, summary);
  if (parsed.exit_now) return parsed.exit_code;
  const DemoOptions& options = parsed.options;
  install_stop_handlers();

  try {
    double now_seconds = 0;  // the animation time, also the replay clock of recorded input
    auto replay_clock = [&now_seconds] {
      return static_cast<uint64_t>(std::llround(now_seconds * 1e6));
    };
    DisplayOptions display_options;
    display_options.width = options.width;
    display_options.height = options.height;
    display_options.zoom = options.zoom;
    display_options.format = options.format;
    display_options.rotation = options.rotation;
    display_options.touch_calibration = options.touch_calibration;
    // Every display reads its input (Display::input()); a replayed recording follows the frames.
    display_options.input = options.input;
    display_options.input_clock = replay_clock;
    std::string spec = options.display_spec();
    // An SDL window without a device string gets the demo's name as its title.
    if (spec == "sdl") spec = "sdl:" + name;
    std::unique_ptr<Display> display = open_display(spec, display_options);
    const DisplayInfo& info = display->info();
    if (options.format && info.format != *options.format) {
      throw Error("--format " + std::string(pixel_format_name(*options.format)) + ": the " +
                  info.backend + " display draws in " +
                  std::string(pixel_format_name(info.format)) +
                  " (the format is the device's on fbdev and drm)");
    }

    Scene scene(info.width, info.height, 0xff000000);
    std::unique_ptr<Demo> demo = make();
    demo->setup(scene, options.seed.value_or(1));

    FrameLoop::Options loop_options;
    loop_options.fps = options.fps;
    loop_options.overlay = options.overlay;
    loop_options.max_frames = options.frames;
    loop_options.renderer.workers = options.workers;
    // SIGINT/SIGTERM end a pacing wait at once, however slow --fps is.
    loop_options.stop_when = [] { return g_stop_signal != 0; };
    FrameLoop loop(*display, scene, loop_options);

    Input& input = display->input();
    for (const std::string& line : input.describe_devices()) {
      std::cerr << name << ": input " << line << "\n";
    }

    Runner runner{options, name, *demo, *display, scene, loop, input};
    const double step = DemoOptions::kFixedStep;
    auto update = [&](const FrameTime& frame_time) {
      DemoTime time;
      time.frame = frame_time.frame;
      time.fixed_step = options.frames > 0;
      if (time.fixed_step) {
        time.seconds = static_cast<double>(frame_time.frame) * step;
        time.delta = frame_time.frame == 0 ? 0 : step;
      } else {
        time.seconds = frame_time.seconds;
        time.delta = frame_time.delta;
      }
      now_seconds = time.seconds;
      bool keep_going = runner.handle_input() && g_stop_signal == 0;
      runner.quit = !keep_going;
      if (options.seconds > 0 && time.seconds >= options.seconds) keep_going = false;
      return demo->update(time) && keep_going;
    };
    // FrameLoop::run() with a stop after chosen frames: present() has returned, so the frame
    // is on screen (fbdev and drm waited for its vblank) while the demo waits.
    size_t next_pause = 0;
    for (uint64_t ran = 0; options.frames == 0 || ran < options.frames;) {
      const bool keep_going = loop.step(update);
      ++ran;
      if (next_pause < options.pause_at.size() && options.pause_at[next_pause] == ran) {
        ++next_pause;
        pause_until_line(ran);
      }
      // A signal during the frame's wait ends the run now, not after one more frame.
      if (!keep_going || g_stop_signal != 0) break;
    }

    if (options.hold && !runner.quit && g_stop_signal == 0) {
      // Keep the window (or the panel) showing the last frame for a screenshot or a look.
      std::printf("%s: holding the last frame; Ctrl-C, Esc or closing the window ends\n",
                  name.c_str());
      std::fflush(stdout);
      while (g_stop_signal == 0 && runner.handle_input()) sleep_ms(10);
    }

    if (!options.screenshot.empty() || options.checksum) {
      const Image frame = last_frame(*display, scene);
      if (ends_with(options.screenshot, ".ppm")) {
        write_ppm(frame, options.screenshot);
      } else if (!options.screenshot.empty()) {
        write_png(frame, options.screenshot);
      }
      if (options.checksum) {
        std::printf("checksum: %s\n", frame_checksum_hex(frame).c_str());
      }
    }
    demo->report(std::cout);
    const FrameStats& stats = loop.stats();
    if (options.stats) {
      std::printf("backend: %s %dx%d %s, %d buffer(s)%s\n", info.backend.c_str(), info.width,
                  info.height, std::string(pixel_format_name(info.format)).c_str(),
                  info.buffer_count, info.has_vblank ? ", vsync" : "");
      std::printf("stats: %s\n", stats.summary().c_str());
      std::printf("frame time: p50 %.3f ms, p95 %.3f ms, p99 %.3f ms\n", stats.p50_ms(),
                  stats.p95_ms(), stats.p99_ms());
      std::printf("per frame: damage %.0f px, %.0f bytes written\n", stats.mean_damage_area(),
                  stats.mean_bytes_written());
      std::printf("workers: %u, %" PRIu64 " of %" PRIu64 " frames shared out\n",
                  *loop.renderer().options().workers, stats.parallel_frames(), stats.frames());
    }
    std::printf("frames: %" PRIu64 "\n", stats.frames());
    std::printf("fps: %.1f\n", stats.fps());
    return 0;
  } catch (const Error& error) {
    std::cerr << name << ": " << error.what() << "\n";
    return 1;
  }
}

}  // namespace

}  // namespace fb::demo
