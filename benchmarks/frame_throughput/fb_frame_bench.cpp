// SPDX-License-Identifier: MIT
// fb-frame-bench: frame throughput of a display pipeline. Runs typical scenes through the
// compositor on the chosen backend, unpaced, and prints frames per second, render and present
// times and bytes written per frame, next to two baselines measured in the same run on the
// same display: streaming a whole prepared frame into the back buffer (the ceiling for full
// updates through this backend) and memcpy of a frame in cached memory (the machine's memory).
#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "fb/cli/options.hpp"
#include "fb/compositor/compositor.hpp"
#include "fb/fb.hpp"
#ifdef FB_HAVE_HOST_SIM
#include "fb/host_sim/register_sdl_backend.hpp"
#endif

namespace {

double now_ms() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t index = static_cast<size_t>(std::ceil(p / 100.0 * values.size())) - 1;
  return values[std::min(index, values.size() - 1)];
}

struct Result {
  std::string name;
  int frames = 0;
  double wall_ms = 0;
  std::vector<double> render_ms, present_ms;
  uint64_t bytes = 0;
};

// A scene builder returns the per-frame update for a scene it filled.
using SceneSetup = std::function<std::function<void(int frame)>(fb::Scene&)>;

fb::Image sprite_image(int size, uint32_t seed) {
  fb::Image image(size, size, fb::PixelFormat::argb8888_premul);
  const double r = size / 2.0;
  for (int y = 0; y < size; ++y) {
    for (int x = 0; x < size; ++x) {
      double d = std::hypot(x + 0.5 - r, y + 0.5 - r) / r;
      uint32_t a = d >= 1 ? 0 : d < 0.8 ? 255 : static_cast<uint32_t>((1 - d) / 0.2 * 255);
      uint32_t c = (seed * 2654435761u) | 0x404040u;
      auto ch = [&](int shift) { return ((c >> shift) & 0xff) * a / 255; };
      image.pixel32(x, y) = a << 24 | ch(16) << 16 | ch(8) << 8 | ch(0);
    }
  }
  return image;
}

fb::Image background_image(int width, int height) {
  fb::Image image(width, height, fb::PixelFormat::xrgb8888);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      image.pixel32(x, y) =
          0xff000000u | ((x * 255 / width) << 16) | ((y * 255 / height) << 8) | ((x ^ y) & 0x3f);
    }
  }
  return image;
}

std::vector<std::pair<std::string, SceneSetup>> scenes() {
  return {
      {"one 64x64 sprite moving",
       [](fb::Scene& scene) -> std::function<void(int)> {
         scene.add_image(background_image(scene.width(), scene.height()));
         fb::Layer sprite = scene.add_image(sprite_image(64, 1), {0, 0}, 1);
         return [&scene, sprite](int frame) mutable {
           sprite.move_to(
               {(frame * 7) % (scene.width() - 64), (frame * 5) % (scene.height() - 64)});
         };
       }},
      {"50 alpha sprites moving",
       [](fb::Scene& scene) -> std::function<void(int)> {
         scene.add_image(background_image(scene.width(), scene.height()));
         std::vector<fb::Layer> sprites;
         for (int i = 0; i < 50; ++i)
           sprites.push_back(scene.add_image(sprite_image(48, i), {}, 1));
         return [&scene, sprites](int frame) mutable {
           for (size_t i = 0; i < sprites.size(); ++i) {
             int t = frame + static_cast<int>(i) * 37;
             sprites[i].move_to({(t * 3 + static_cast<int>(i) * 101) % (scene.width() - 48),
                                 (t * 2 + static_cast<int>(i) * 53) % (scene.height() - 48)});
           }
         };
       }},
      {"full screen changes every frame",
       [](fb::Scene& scene) -> std::function<void(int)> {
         fb::Layer full = scene.add_image(background_image(scene.width(), scene.height()));
         return [full](int frame) mutable {
           const fb::Surface& pixels = full.pixels();
           for (int y = 0; y < pixels.height(); ++y) {
             uint32_t* row = pixels.row_as<uint32_t>(y);
             for (int x = 0; x < pixels.width(); ++x)
               row[x] = 0xff000000u | ((x + y + frame) & 0xff) << 8;
           }
           full.damage_all();
         };
       }},
  };
}

Result run_scene(fb::Display& display, const std::string& name, const SceneSetup& setup,
                 int frames) {
  const fb::DisplayInfo& info = display.info();
  fb::Scene scene(info.width, info.height);
  auto update = setup(scene);
  fb::Renderer renderer;
  Result result{name, frames, 0, {}, {}, 0};
  double start = now_ms();
  for (int frame = 0; frame < frames; ++frame) {
    update(frame);
    double t0 = now_ms();
    fb::BackBuffer back = display.acquire();
    fb::RenderStats stats = renderer.render(scene, back);
    double t1 = now_ms();
    display.present(stats.repainted);
    double t2 = now_ms();
    scene.end_frame();
    result.render_ms.push_back(t1 - t0);
    result.present_ms.push_back(t2 - t1);
    result.bytes += stats.bytes_written;
  }
  result.wall_ms = now_ms() - start;
  return result;
}

Result run_stream_baseline(fb::Display& display, int frames) {
  const fb::DisplayInfo& info = display.info();
  fb::Image frame_image = background_image(info.width, info.height);
  fb::Region all(fb::Rect{0, 0, info.width, info.height});
  Result result{"baseline: stream a whole frame", frames, 0, {}, {}, 0};
  double start = now_ms();
  for (int frame = 0; frame < frames; ++frame) {
    double t0 = now_ms();
    fb::BackBuffer back = display.acquire();
    fb::stream_copy(back.target, {0, 0}, frame_image, frame_image.bounds());
    double t1 = now_ms();
    display.present(all);
    result.render_ms.push_back(t1 - t0);
    result.present_ms.push_back(now_ms() - t1);
    result.bytes += uint64_t(info.width) * info.height * fb::bytes_per_pixel(info.format);
  }
  result.wall_ms = now_ms() - start;
  return result;
}

Result run_memcpy_baseline(const fb::DisplayInfo& info, int frames) {
  fb::Image a = background_image(info.width, info.height);
  fb::Image b(info.width, info.height, fb::PixelFormat::xrgb8888);
  const size_t bytes = size_t(a.stride()) * a.height();
  Result result{"baseline: memcpy a frame (cached)", frames, 0, {}, {}, 0};
  double start = now_ms();
  for (int frame = 0; frame < frames; ++frame) {
    double t0 = now_ms();
    std::memcpy(frame % 2 ? a.data() : b.data(), frame % 2 ? b.data() : a.data(), bytes);
    result.render_ms.push_back(now_ms() - t0);
    result.present_ms.push_back(0);
    result.bytes += bytes;
  }
  result.wall_ms = now_ms() - start;
  return result;
}

}  // namespace

int main(int argc, char** argv) {
#ifdef FB_HAVE_HOST_SIM
  fb::sim::register_sdl_backend();
#endif
  std::string spec;
  int frames = 300;
  fb::DisplayOptions options;
  fb::cli::Parser parser(
      "fb-frame-bench",
      "Measures frames per second of typical scenes on a display, unpaced, next to baselines\n"
      "measured in the same run. Figures only: it never fails on speed.");
  parser
      .option("--backend", "SPEC", spec,
              "headless (default), fbdev[:/dev/fbN], drm[:/dev/dri/cardN], sdl")
      .number("--frames", "N", frames, 1, 1'000'000, "frames per scene (default 300)")
      // At least 64x64: the scenes move 64-pixel sprites across the display.
      .size("--size", options.width, options.height, 64, fb::cli::kMaxSide,
            "headless/sdl size (default 1024x600)")
      .action("--list-backends", "list the display backends built in and exit",
              [] { fb::print_backends(stdout); });
  if (const std::optional<int> exit_code = parser.parse(argc, argv)) return *exit_code;

  try {
    auto display = fb::open_display(spec, options);
    const fb::DisplayInfo& info = display->info();
    std::printf(
        "fb-frame-bench: %s%s%s %dx%d %s stride %td, %d buffer(s), %s kernels, %d "
        "frames per scene\n",
        info.backend.c_str(), info.device.empty() ? "" : ":", info.device.c_str(), info.width,
        info.height, std::string(fb::pixel_format_name(info.format)).c_str(), info.stride,
        info.buffer_count, fb::raster_kernels_name(), frames);
    if (info.vsync_paced) {
      std::printf(
          "note: this display waits for vblank in present(): fps is capped by the "
          "refresh rate; render times are the pipeline's cost\n");
    }

    std::vector<Result> results;
    results.push_back(run_memcpy_baseline(info, frames));
    results.push_back(run_stream_baseline(*display, frames));
    for (const auto& [name, setup] : scenes()) {
      results.push_back(run_scene(*display, name, setup, frames));
    }

    const double stream_p50 = percentile(results[1].render_ms, 50);
    std::printf("\n%-36s %9s %10s %10s %11s %12s %10s\n", "scene", "fps", "render p50",
                "render p95", "present p50", "bytes/frame", "vs stream");
    for (const Result& r : results) {
      double fps = r.wall_ms > 0 ? r.frames * 1000.0 / r.wall_ms : 0;
      double p50 = percentile(r.render_ms, 50);
      std::printf("%-36s %9.1f %8.3f ms %8.3f ms %8.3f ms %12.0f %9.3fx\n", r.name.c_str(), fps,
                  p50, percentile(r.render_ms, 95), percentile(r.present_ms, 50),
                  double(r.bytes) / r.frames, stream_p50 > 0 ? p50 / stream_p50 : 0);
    }
    std::printf(
        "\n'vs stream': render p50 relative to streaming one whole frame into this "
        "display (1.0 = as costly as a full-frame update).\n");
  } catch (const fb::Error& e) {
    std::fprintf(stderr, "fb-frame-bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
