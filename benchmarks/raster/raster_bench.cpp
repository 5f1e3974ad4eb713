// SPDX-License-Identifier: MIT
// Raster ops on a 1024x600 XRGB8888 frame against pixman, Cairo and memset/memcpy measured in
// the same run. After the runs it prints each of ours as a ratio to its baselines and the active
// row kernels. FB_RASTER_KERNELS=scalar ./raster_bench measures the scalar reference instead,
// FB_RASTER_KERNELS=sse2 or =ssse3 the tables x86-64 CPUs without AVX2 get.
#include <benchmark/benchmark.h>
#include <cairo.h>
#include <pixman.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "benchmark_defaults.hpp"
#include "fb/raster.hpp"
#include "fb/surface.hpp"
#include "raster/kernel_dispatch.hpp"

namespace {

constexpr int32_t kWidth = 1024;
constexpr int32_t kHeight = 600;
constexpr size_t kFrameBytes = size_t{kWidth} * kHeight * 4;

uint32_t premultiply(uint32_t rgb, uint32_t alpha) {
  uint32_t out = alpha << 24;
  for (int shift = 0; shift < 24; shift += 8) {
    uint32_t c = (rgb >> shift) & 0xff;
    out |= ((c * alpha + 127) / 255) << shift;
  }
  return out;
}

/// What a UI layer looks like: transparent background, opaque anti-aliased discs and rounded
/// panels, a few translucent ones (shadows, fades).
void draw_sprites(const fb::Image& image) {
  std::mt19937 rng(42);
  for (int32_t y = 0; y < kHeight; ++y) {
    std::fill_n(image.row_as<uint32_t>(y), kWidth, 0u);
  }
  for (int shape = 0; shape < 60; ++shape) {
    double cx = rng() % kWidth, cy = rng() % kHeight, radius = 15 + rng() % 90;
    uint32_t rgb = rng() & 0xffffff;
    uint32_t shape_alpha = shape % 5 == 0 ? 96 + rng() % 96 : 255;
    for (int32_t y = std::max(0, int32_t(cy - radius - 2));
         y < std::min(kHeight, int32_t(cy + radius + 2)); ++y) {
      for (int32_t x = std::max(0, int32_t(cx - radius - 2));
           x < std::min(kWidth, int32_t(cx + radius + 2)); ++x) {
        double distance = std::hypot(x + 0.5 - cx, y + 0.5 - cy);
        double coverage = std::clamp(radius - distance + 0.5, 0.0, 1.0);  // 1 px soft edge
        if (coverage <= 0) continue;
        uint32_t alpha = static_cast<uint32_t>(std::lround(coverage * shape_alpha));
        uint32_t& p = image.pixel32(x, y);
        // Painter's order: the new shape over what is there (premultiplied, rounded).
        uint32_t src = premultiply(rgb, alpha), inverse = 255 - alpha, out = 0;
        for (int s = 0; s < 32; s += 8) {
          uint32_t c = ((src >> s) & 0xff) + (((p >> s) & 0xff) * inverse + 127) / 255;
          out |= std::min(c, 255u) << s;
        }
        p = out;
      }
    }
  }
}

void draw_random_alpha(const fb::Image& image) {
  std::mt19937 rng(7);
  for (int32_t y = 0; y < kHeight; ++y) {
    for (int32_t x = 0; x < kWidth; ++x) image.pixel32(x, y) = premultiply(rng(), rng() & 0xff);
  }
}

/// Share of transparent, opaque and in-between pixels, and of 8-pixel blocks that are wholly
/// transparent or opaque (what the SIMD fast paths see).
std::string describe_alpha(const fb::Image& image) {
  size_t transparent = 0, opaque = 0, pixels = 0, blocks = 0, uniform_blocks = 0;
  for (int32_t y = 0; y < kHeight; ++y) {
    for (int32_t x = 0; x < kWidth; x += 8) {
      bool all_zero = true, all_opaque = true;
      for (int32_t i = 0; i < 8; ++i) {
        uint32_t p = image.pixel32(x + i, y);
        transparent += p == 0, opaque += (p >> 24) == 255, ++pixels;
        all_zero &= p == 0, all_opaque &= (p >> 24) == 255;
      }
      ++blocks, uniform_blocks += all_zero || all_opaque;
    }
  }
  char text[160];
  std::snprintf(
      text, sizeof text, "%.0f%% transparent, %.0f%% opaque, %.0f%% of 8-pixel blocks uniform",
      100.0 * transparent / pixels, 100.0 * opaque / pixels, 100.0 * uniform_blocks / blocks);
  return text;
}

struct Frames {
  fb::Image xrgb_a{kWidth, kHeight, fb::PixelFormat::xrgb8888};
  fb::Image xrgb_b{kWidth, kHeight, fb::PixelFormat::xrgb8888};
  fb::Image sprites{kWidth, kHeight, fb::PixelFormat::argb8888_premul};
  fb::Image random_alpha{kWidth, kHeight, fb::PixelFormat::argb8888_premul};
  std::vector<std::byte> scanout_memory = std::vector<std::byte>(kFrameBytes + 64);

  Frames() {
    draw_sprites(sprites);
    draw_random_alpha(random_alpha);
    fb::fill(xrgb_a, xrgb_a.bounds(), 0xff336699u);
    fb::fill(xrgb_b, xrgb_b.bounds(), 0xff996633u);
  }
  static Frames& get() {
    static Frames frames;
    return frames;
  }
};

// ---- pixman and Cairo views of the same memory. ----

pixman_image_t* pixman_view(const fb::Image& image) {
  pixman_format_code_t format =
      image.format() == fb::PixelFormat::xrgb8888 ? PIXMAN_x8r8g8b8 : PIXMAN_a8r8g8b8;
  return pixman_image_create_bits(format, image.width(), image.height(),
                                  reinterpret_cast<uint32_t*>(image.data()),
                                  static_cast<int>(image.stride()));
}

cairo_surface_t* cairo_view(const fb::Image& image) {
  cairo_format_t format =
      image.format() == fb::PixelFormat::xrgb8888 ? CAIRO_FORMAT_RGB24 : CAIRO_FORMAT_ARGB32;
  return cairo_image_surface_create_for_data(reinterpret_cast<unsigned char*>(image.data()), format,
                                             image.width(), image.height(),
                                             static_cast<int>(image.stride()));
}

void count_frames(benchmark::State& state) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(kFrameBytes));
}

/// The pixman baselines: one composite of a whole frame per iteration. Takes both images.
void run_pixman_composite(benchmark::State& state, pixman_op_t op, pixman_image_t* src,
                          pixman_image_t* dst, pixman_image_t* mask = nullptr) {
  for (auto _ : state) {
    pixman_image_composite32(op, src, mask, dst, 0, 0, 0, 0, 0, 0, kWidth, kHeight);
    benchmark::ClobberMemory();
  }
  pixman_image_unref(src);
  pixman_image_unref(dst);
  if (mask) pixman_image_unref(mask);
  count_frames(state);
}

/// The Cairo baselines: one cairo_paint of `src` onto `dst` per iteration.
void run_cairo_paint(benchmark::State& state, cairo_operator_t op, const fb::Image& src,
                     const fb::Image& dst) {
  cairo_surface_t* src_surface = cairo_view(src);
  cairo_surface_t* dst_surface = cairo_view(dst);
  cairo_t* cr = cairo_create(dst_surface);
  cairo_set_operator(cr, op);
  cairo_set_source_surface(cr, src_surface, 0, 0);
  for (auto _ : state) {
    cairo_paint(cr);
    cairo_surface_flush(dst_surface);
    benchmark::ClobberMemory();
  }
  cairo_destroy(cr);
  cairo_surface_destroy(src_surface);
  cairo_surface_destroy(dst_surface);
  count_frames(state);
}

// ---- fill ----

void fill_ours(benchmark::State& state) {
  Frames& f = Frames::get();
  uint32_t colour = 0xff102030u;
  for (auto _ : state) {
    fb::fill(f.xrgb_a, f.xrgb_a.bounds(), colour++);
    benchmark::ClobberMemory();
  }
  count_frames(state);
}

void fill_memset(benchmark::State& state) {
  Frames& f = Frames::get();
  int value = 0;
  for (auto _ : state) {
    std::memset(f.xrgb_a.data(), value++ & 0xff, kFrameBytes);
    benchmark::ClobberMemory();
  }
  count_frames(state);
}

void fill_pixman(benchmark::State& state) {
  Frames& f = Frames::get();
  uint32_t colour = 0xff102030u;
  for (auto _ : state) {
    pixman_fill(reinterpret_cast<uint32_t*>(f.xrgb_a.data()),
                static_cast<int>(f.xrgb_a.stride() / 4), 32, 0, 0, kWidth, kHeight, colour++);
    benchmark::ClobberMemory();
  }
  count_frames(state);
}

void fill_cairo(benchmark::State& state) {
  Frames& f = Frames::get();
  cairo_surface_t* surface = cairo_view(f.xrgb_a);
  cairo_t* cr = cairo_create(surface);
  cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
  double shade = 0;
  for (auto _ : state) {
    cairo_set_source_rgb(cr, 0.2, shade, 0.6);
    shade = shade > 0.9 ? 0 : shade + 0.01;
    cairo_paint(cr);
    cairo_surface_flush(surface);
    benchmark::ClobberMemory();
  }
  cairo_destroy(cr);
  cairo_surface_destroy(surface);
  count_frames(state);
}

// ---- copy ----

void copy_ours(benchmark::State& state) {
  Frames& f = Frames::get();
  for (auto _ : state) {
    fb::copy(f.xrgb_b, fb::Point{}, f.xrgb_a, f.xrgb_a.bounds());
    benchmark::ClobberMemory();
  }
  count_frames(state);
}

void copy_memcpy(benchmark::State& state) {
  Frames& f = Frames::get();
  for (auto _ : state) {
    std::memcpy(f.xrgb_b.data(), f.xrgb_a.data(), kFrameBytes);
    benchmark::ClobberMemory();
  }
  count_frames(state);
}

void copy_pixman_blt(benchmark::State& state) {
  Frames& f = Frames::get();
  for (auto _ : state) {
    pixman_blt(reinterpret_cast<uint32_t*>(f.xrgb_a.data()),
               reinterpret_cast<uint32_t*>(f.xrgb_b.data()),
               static_cast<int>(f.xrgb_a.stride() / 4), static_cast<int>(f.xrgb_b.stride() / 4), 32,
               32, 0, 0, 0, 0, kWidth, kHeight);
    benchmark::ClobberMemory();
  }
  count_frames(state);
}

void copy_pixman_src(benchmark::State& state) {
  Frames& f = Frames::get();
  run_pixman_composite(state, PIXMAN_OP_SRC, pixman_view(f.xrgb_a), pixman_view(f.xrgb_b));
}

void copy_cairo(benchmark::State& state) {
  Frames& f = Frames::get();
  run_cairo_paint(state, CAIRO_OPERATOR_SOURCE, f.xrgb_a, f.xrgb_b);
}

// ---- src over: a premultiplied ARGB frame onto an XRGB frame ----

const fb::Image& over_source(benchmark::State& state) {
  Frames& f = Frames::get();
  return state.range(0) == 0 ? f.sprites : f.random_alpha;
}

void over_ours(benchmark::State& state) {
  Frames& f = Frames::get();
  const fb::Image& src = over_source(state);
  for (auto _ : state) {
    fb::composite_over(f.xrgb_b, fb::Point{}, src, src.bounds());
    benchmark::ClobberMemory();
  }
  count_frames(state);
}

void over_ours_opacity(benchmark::State& state) {
  Frames& f = Frames::get();
  const fb::Image& src = over_source(state);
  for (auto _ : state) {
    fb::composite_over(f.xrgb_b, fb::Point{}, src, src.bounds(), 160);
    benchmark::ClobberMemory();
  }
  count_frames(state);
}

void over_pixman(benchmark::State& state) {
  Frames& f = Frames::get();
  run_pixman_composite(state, PIXMAN_OP_OVER, pixman_view(over_source(state)),
                       pixman_view(f.xrgb_b));
}

// The same blend with the layer's opacity as pixman takes it: a solid mask of alpha 160 (its
// over_8888_n_8888 fast paths).
void over_pixman_opacity(benchmark::State& state) {
  Frames& f = Frames::get();
  const pixman_color_t opacity{0, 0, 0, 160 * 257};
  run_pixman_composite(state, PIXMAN_OP_OVER, pixman_view(over_source(state)),
                       pixman_view(f.xrgb_b), pixman_image_create_solid_fill(&opacity));
}

void over_cairo(benchmark::State& state) {
  Frames& f = Frames::get();
  run_cairo_paint(state, CAIRO_OPERATOR_OVER, over_source(state), f.xrgb_b);
}

// ---- streaming into a scanout (ordinary memory here) ----

/// The 64-byte aligned start of the memory standing in for a scanout buffer.
void* scanout_bytes() {
  std::vector<std::byte>& memory = Frames::get().scanout_memory;
  auto address = reinterpret_cast<uintptr_t>(memory.data());
  return memory.data() + ((64 - address % 64) % 64);
}

fb::ScanoutSurface scanout(fb::PixelFormat format) {
  int bytes = format == fb::PixelFormat::rgb565 ? 2 : 4;
  return fb::ScanoutSurface(scanout_bytes(), kWidth, kHeight, ptrdiff_t{kWidth} * bytes, format);
}

void stream_copy_ours(benchmark::State& state) {
  Frames& f = Frames::get();
  fb::ScanoutSurface target = scanout(fb::PixelFormat::xrgb8888);
  for (auto _ : state) {
    fb::stream_copy(target, fb::Point{}, f.xrgb_a, f.xrgb_a.bounds());
    benchmark::ClobberMemory();
  }
  count_frames(state);
}

void stream_copy_rgb565_ours(benchmark::State& state) {
  Frames& f = Frames::get();
  fb::ScanoutSurface target = scanout(fb::PixelFormat::rgb565);
  for (auto _ : state) {
    fb::stream_copy(target, fb::Point{}, f.xrgb_a, f.xrgb_a.bounds());
    benchmark::ClobberMemory();
  }
  count_frames(state);
}

void stream_copy_memcpy(benchmark::State& state) {
  Frames& f = Frames::get();
  void* aligned = scanout_bytes();
  for (auto _ : state) {
    std::memcpy(aligned, f.xrgb_a.data(), kFrameBytes);
    benchmark::ClobberMemory();
  }
  count_frames(state);
}

void stream_copy_pixman_565(benchmark::State& state) {
  Frames& f = Frames::get();
  pixman_image_t* dst = pixman_image_create_bits(
      PIXMAN_r5g6b5, kWidth, kHeight, static_cast<uint32_t*>(scanout_bytes()), kWidth * 2);
  run_pixman_composite(state, PIXMAN_OP_SRC, pixman_view(f.xrgb_a), dst);
}

#define FB_FRAME_BENCHMARK(fn, name) BENCHMARK(fn)->Name(name)->Unit(benchmark::kMicrosecond)

FB_FRAME_BENCHMARK(fill_ours, "fill/ours");
FB_FRAME_BENCHMARK(fill_memset, "fill/memset");
FB_FRAME_BENCHMARK(fill_pixman, "fill/pixman_fill");
FB_FRAME_BENCHMARK(fill_cairo, "fill/cairo_SOURCE");
FB_FRAME_BENCHMARK(copy_ours, "copy/ours");
FB_FRAME_BENCHMARK(copy_memcpy, "copy/memcpy");
FB_FRAME_BENCHMARK(copy_pixman_blt, "copy/pixman_blt");
FB_FRAME_BENCHMARK(copy_pixman_src, "copy/pixman_SRC");
FB_FRAME_BENCHMARK(copy_cairo, "copy/cairo_SOURCE");
FB_FRAME_BENCHMARK(over_ours, "over_sprites/ours")->Arg(0);
FB_FRAME_BENCHMARK(over_ours_opacity, "over_sprites/ours_opacity160")->Arg(0);
FB_FRAME_BENCHMARK(over_pixman, "over_sprites/pixman_OVER")->Arg(0);
FB_FRAME_BENCHMARK(over_pixman_opacity, "over_sprites/pixman_OVER_opacity160")->Arg(0);
FB_FRAME_BENCHMARK(over_cairo, "over_sprites/cairo_OVER")->Arg(0);
FB_FRAME_BENCHMARK(over_ours, "over_random_alpha/ours")->Arg(1);
FB_FRAME_BENCHMARK(over_ours_opacity, "over_random_alpha/ours_opacity160")->Arg(1);
FB_FRAME_BENCHMARK(over_pixman, "over_random_alpha/pixman_OVER")->Arg(1);
FB_FRAME_BENCHMARK(over_pixman_opacity, "over_random_alpha/pixman_OVER_opacity160")->Arg(1);
FB_FRAME_BENCHMARK(over_cairo, "over_random_alpha/cairo_OVER")->Arg(1);
FB_FRAME_BENCHMARK(stream_copy_ours, "stream_copy/ours");
FB_FRAME_BENCHMARK(stream_copy_memcpy, "stream_copy/memcpy");
FB_FRAME_BENCHMARK(stream_copy_rgb565_ours, "stream_copy_to_rgb565/ours");
FB_FRAME_BENCHMARK(stream_copy_pixman_565, "stream_copy_to_rgb565/pixman_SRC");

// ---- The blends again with each other table this CPU runs: on an AVX2 machine the SSE2 and
// SSSE3 tables that x86 boards without AVX2 get, each against pixman in the same run. ----

void register_other_tables() {
  const fb::raster::RowKernels& active = fb::raster::active_row_kernels();
  for (const fb::raster::RowKernels* table : fb::raster::available_row_kernels()) {
    if (table == &active || table == &fb::raster::kScalarRowKernels) continue;
    for (int source : {0, 1}) {
      for (uint8_t opacity : {uint8_t{255}, uint8_t{160}}) {
        const std::string name = std::string(source == 0 ? "over_sprites" : "over_random_alpha") +
                                 "/ours_" + table->name + (opacity == 255 ? "" : "_opacity160");
        benchmark::RegisterBenchmark(
            name.c_str(),
            [table, opacity](benchmark::State& state) {
              const fb::raster::RowKernels& previous = fb::raster::set_active_row_kernels(*table);
              Frames& f = Frames::get();
              const fb::Image& src = over_source(state);
              for (auto _ : state) {
                fb::composite_over(f.xrgb_b, fb::Point{}, src, src.bounds(), opacity);
                benchmark::ClobberMemory();
              }
              count_frames(state);
              fb::raster::set_active_row_kernels(previous);
            })
            ->Arg(source)
            ->Unit(benchmark::kMicrosecond);
      }
    }
  }
}

/// The console output as usual, plus each benchmark's CPU time per frame for the summary: the
/// best repetition (other processes on a shared machine only ever add time), or the median when
/// only aggregates are reported. CPU time, not wall time: on a loaded 2-core machine the thread
/// is often descheduled, which says nothing about the code.
class RecordingReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.error_occurred) continue;
      std::string name = run.run_name.function_name;
      if (run.run_type == Run::RT_Aggregate) {
        if (run.aggregate_name != "median") continue;
        medians_[name] = run.GetAdjustedCPUTime() / benchmark::GetTimeUnitMultiplier(run.time_unit);
      } else if (run.iterations > 0) {
        double seconds = run.cpu_accumulated_time / static_cast<double>(run.iterations);
        auto found = best_.find(name);
        if (found == best_.end() || seconds < found->second) best_[name] = seconds;
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }
  std::map<std::string, double> seconds_per_frame() const {
    std::map<std::string, double> out = medians_;
    for (const auto& [name, seconds] : best_) out[name] = seconds;
    return out;
  }

 private:
  std::map<std::string, double> best_, medians_;
};

/// The condition a variant runs under: "_opacity160" for "ours_opacity160" and
/// "pixman_OVER_opacity160", empty for plain ones. Only variants under the same one compare.
std::string condition(const std::string& variant) {
  const size_t at = variant.find("_opacity");
  return at == std::string::npos ? std::string() : variant.substr(at);
}

/// For every group "op/...": each of ours against each baseline run under the same condition,
/// as baseline time / our time (above 1: ours is faster).
void print_ratios(const std::map<std::string, double>& best) {
  std::printf(
      "\nRatios (baseline CPU time / ours, best repetition; > 1 means ours is faster), "
      "kernels: %s\n",
      fb::raster_kernels_name());
  std::printf("%-40s %-40s %9s %9s %7s\n", "ours", "baseline", "ours us", "base us", "ratio");
  for (const auto& [name, ours] : best) {
    size_t slash = name.find('/');
    std::string group = name.substr(0, slash), variant = name.substr(slash + 1);
    if (variant.rfind("ours", 0) != 0) continue;
    for (const auto& [other, baseline] : best) {
      if (other.rfind(group + "/", 0) != 0 || other.substr(slash + 1).rfind("ours", 0) == 0 ||
          condition(other.substr(slash + 1)) != condition(variant)) {
        continue;
      }
      std::printf("%-40s %-40s %9.1f %9.1f %7.2f\n", name.c_str(), other.c_str(), ours * 1e6,
                  baseline * 1e6, baseline / ours);
    }
  }
}

/// The target for CPUs without AVX2: src-over at least 2x pixman with the SSE2 table (and the
/// SSSE3 one, which such CPUs mostly have), on both sources.
void print_table_targets(const std::map<std::string, double>& best) {
  for (const char* table : {"sse2", "ssse3"}) {
    std::string line;
    for (const char* group : {"over_random_alpha", "over_sprites"}) {
      auto ours = best.find(std::string(group) + "/ours_" + table);
      if (ours == best.end() && table == std::string(fb::raster_kernels_name())) {
        ours = best.find(std::string(group) + "/ours");
      }
      auto pixman = best.find(std::string(group) + "/pixman_OVER");
      if (ours == best.end() || pixman == best.end()) continue;
      char part[96];
      std::snprintf(part, sizeof part, "%s%s %.2fx", line.empty() ? "" : ", ", group,
                    pixman->second / ours->second);
      line += part;
    }
    if (!line.empty()) {
      std::printf("src-over with the %s table: %s pixman's (target >= 2x)\n", table, line.c_str());
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Defaults for figures that hold on a busy machine: several short repetitions, interleaved
  // across benchmarks.
  if (!fb::bench::initialize_with_defaults(
          argc, argv,
          {"--benchmark_repetitions=12", "--benchmark_min_time=0.05",
           "--benchmark_enable_random_interleaving=true"})) {
    return 1;
  }
  Frames& frames = Frames::get();
  std::printf(
      "raster_bench: %dx%d frames, row kernels: %s (FB_RASTER_KERNELS=scalar, sse2, ... to "
      "force a table)\n  sprite source: %s\n  random source: %s\n",
      kWidth, kHeight, fb::raster_kernels_name(), describe_alpha(frames.sprites).c_str(),
      describe_alpha(frames.random_alpha).c_str());
  register_other_tables();
  RecordingReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  const std::map<std::string, double> best = reporter.seconds_per_frame();
  print_ratios(best);
  print_table_targets(best);
  benchmark::Shutdown();
  return 0;
}
