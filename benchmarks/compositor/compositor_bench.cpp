// SPDX-License-Identifier: MIT
// Compositor figures at 1024x600: the damage-tracked renderer against a full repaint by the
// same renderer, a full repaint with pixman (one pixman_image_composite32 per layer into the
// frame), and a memcpy of a frame, all measured in this run; then the sprite and full-change
// scenes on the same panel mounted at 90 degrees, beside 0 degrees and beside pixman composing
// them through a 90-degree transform. Prints a comparison at the end.
//
//   compositor_bench [--benchmark_repetitions=5] [--benchmark_min_time=0.5]
#include <benchmark/benchmark.h>
#include <pixman.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "benchmark_defaults.hpp"
#include "fb/compositor/cairo_canvas.hpp"
#include "fb/compositor/renderer.hpp"
#include "fb/compositor/scene.hpp"
#include "fb/format_interop.hpp"
#include "fb/headless_display.hpp"
#include "fb/raster.hpp"

namespace {

constexpr int32_t kWidth = 1024;
constexpr int32_t kHeight = 600;

// The four scenes the targets are set on, then the sprite over a plain background colour
// (no background image), the other common UI.
enum SceneKind { kSprite, kAlphaSprites, kDashboard, kFullChange, kSpriteOnColour, kSceneCount };
// Strip budgets BM_StripBudget tries, in KiB: the default (256) and below it, as a board with
// a smaller L2 would set, and one above.
constexpr std::array<int64_t, 5> kStripBudgetsKiB{32, 48, 128, 256, 512};

const char* const kSceneNames[] = {"sprite", "alpha50", "dashboard", "fullchange", "sprite/bg"};

fb::Image gradient_background(int32_t width = kWidth, int32_t height = kHeight) {
  fb::Image image(width, height, fb::PixelFormat::xrgb8888);
  for (int32_t y = 0; y < height; ++y) {
    for (int32_t x = 0; x < width; ++x) {
      image.pixel32(x, y) = 0xff000000u | uint32_t(x * 255 / width) << 16 |
                            uint32_t(y * 255 / height) << 8 | uint32_t((x ^ y) & 0xff);
    }
  }
  return image;
}

// A round blob with soft edges, premultiplied.
fb::Image blob(int32_t size, uint32_t rgb) {
  fb::Image image(size, size, fb::PixelFormat::argb8888_premul);
  double r = size / 2.0;
  for (int32_t y = 0; y < size; ++y) {
    for (int32_t x = 0; x < size; ++x) {
      double d = std::hypot(x + 0.5 - r, y + 0.5 - r) / r;
      uint32_t a = d >= 1 ? 0 : uint32_t(std::lround(255 * (1 - d * d)));
      auto ch = [&](int shift) { return ((rgb >> shift) & 0xff) * a / 255; };
      image.pixel32(x, y) = a << 24 | ch(16) << 16 | ch(8) << 8 | ch(0);
    }
  }
  return image;
}

fb::Image vignette(int32_t width, int32_t height) {
  fb::Image image(width, height, fb::PixelFormat::argb8888_premul);
  for (int32_t y = 0; y < height; ++y) {
    for (int32_t x = 0; x < width; ++x) {
      double dx = (x - width / 2.0) / width, dy = (y - height / 2.0) / height;
      image.pixel32(x, y) = uint32_t(std::min(200.0, 600 * (dx * dx + dy * dy))) << 24;
    }
  }
  return image;
}

void draw_gauge(fb::Layer gauge, double value, const char* label) {
  fb::CairoCanvas canvas(gauge);
  cairo_t* cr = canvas.cr();
  const double size = gauge.rect().width, c = size / 2;
  canvas.clear();
  cairo_set_source_rgba(cr, 0.1, 0.1, 0.15, 0.85);
  cairo_arc(cr, c, c, c - 4, 0, 2 * M_PI);
  canvas.fill();
  cairo_set_line_width(cr, 10);
  cairo_set_source_rgb(cr, 0.2, 0.7, 1.0);
  cairo_arc(cr, c, c, c - 18, 0.75 * M_PI, (0.75 + 1.5 * value) * M_PI);
  canvas.stroke();
  cairo_set_line_width(cr, 2);
  cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
  for (int i = 0; i <= 10; ++i) {
    double a = (0.75 + 0.15 * i) * M_PI;
    cairo_move_to(cr, c + std::cos(a) * (c - 30), c + std::sin(a) * (c - 30));
    cairo_line_to(cr, c + std::cos(a) * (c - 40), c + std::sin(a) * (c - 40));
  }
  canvas.stroke();
  double needle = (0.75 + 1.5 * value) * M_PI;
  cairo_set_source_rgb(cr, 1, 0.3, 0.2);
  cairo_set_line_width(cr, 4);
  cairo_move_to(cr, c, c);
  cairo_line_to(cr, c + std::cos(needle) * (c - 35), c + std::sin(needle) * (c - 35));
  canvas.stroke();
  char text[32];
  std::snprintf(text, sizeof text, "%.0f %s", value * 100, label);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size(cr, 20);
  cairo_move_to(cr, c - 40, c + 50);
  canvas.show_text(text);
}

// One scene and what the application does to it each frame, on a screen of width x height
// (the panel's 1024x600, or 600x1024 for the same panel mounted at 90 degrees).
struct Workload {
  int32_t width, height;
  std::unique_ptr<fb::Scene> scene;
  std::vector<fb::Layer> movers;
  std::vector<fb::Layer> gauges;
  fb::Layer background;
  uint64_t frame = 0;

  explicit Workload(SceneKind kind, int32_t screen_width = kWidth, int32_t screen_height = kHeight)
      : width(screen_width),
        height(screen_height),
        scene(std::make_unique<fb::Scene>(screen_width, screen_height)) {
    if (kind != kSpriteOnColour) background = scene->add_image(gradient_background(width, height));
    if (kind == kSprite || kind == kSpriteOnColour)
      movers.push_back(scene->add_image(blob(64, 0xffcc00), {100, 100}, 1));
    if (kind == kAlphaSprites || kind == kFullChange) {
      int count = kind == kAlphaSprites ? 50 : 10;
      for (int i = 0; i < count; ++i) {
        movers.push_back(scene->add_image(blob(64, 0x3080ff + uint32_t(i) * 0x050301),
                                          {(i * 97) % (width - 64), (i * 53) % (height - 64)}, 1));
      }
    }
    if (kind == kFullChange) scene->add_image(vignette(width, height), {0, 0}, 2);
    if (kind == kDashboard) {
      for (int i = 0; i < 3; ++i)
        gauges.push_back(scene->add_image(fb::Image(220, 220, fb::PixelFormat::argb8888_premul),
                                          {60 + i * 320, 150}, 1));
      scene->add_solid(fb::Rect{0, 540, kWidth, 60}, 0xc0101018, 1);
    }
    full_change = kind == kFullChange;
    advance();
  }

  // One frame of application work: move sprites, redraw gauges, change the whole background.
  void advance() {
    ++frame;
    for (size_t i = 0; i < movers.size(); ++i) {
      int64_t t = int64_t(frame) * int64_t(3 + i % 5);
      auto bounce = [](int64_t v, int64_t span) {
        v %= 2 * span;
        return int32_t(v < span ? v : 2 * span - v);
      };
      movers[i].move_to(
          {bounce(t + int64_t(i) * 97, width - 64), bounce(t / 2 + int64_t(i) * 53, height - 64)});
    }
    static const char* labels[] = {"km/h", "rpm", "%"};
    for (size_t i = 0; i < gauges.size(); ++i) {
      draw_gauge(gauges[i], 0.5 + 0.5 * std::sin(double(frame) * 0.05 + double(i)), labels[i]);
    }
    if (full_change) {
      // A new background every frame (a video frame, a full-screen scroll): touch every row.
      for (int32_t y = 0; y < height; ++y) background.pixels().pixel32(0, y) = uint32_t(frame);
      background.damage_all();
    }
  }
  bool full_change = false;
};

void report(benchmark::State& state, uint64_t frames, uint64_t bytes, uint64_t damaged) {
  state.counters["written_B/frame"] = double(bytes) / double(frames);
  state.counters["damaged_B/frame"] = double(damaged) / double(frames);
}

void full_repaint(benchmark::State& state, const fb::Renderer::Options& options) {
  Workload work(SceneKind(state.range(0)));
  fb::HeadlessDisplay display(kWidth, kHeight, fb::PixelFormat::xrgb8888, 2);
  fb::Renderer renderer(options);
  uint64_t frames = 0, bytes = 0;
  for (auto _ : state) {
    work.advance();
    fb::BackBuffer buffer = display.acquire();
    fb::RenderStats stats =
        renderer.render(*work.scene, buffer.target, fb::Region(work.scene->bounds()));
    display.present(stats.repainted);
    work.scene->end_frame();
    ++frames, bytes += stats.bytes_written;
  }
  report(state, frames, bytes, bytes);
}

// Damage-tracked frames on a double-buffered display (buffer age 2). Second argument: 1 =
// repaint whole 64-byte columns (Renderer::Options::align_writes).
void BM_Tracked(benchmark::State& state) {
  Workload work(SceneKind(state.range(0)));
  fb::HeadlessDisplay display(kWidth, kHeight, fb::PixelFormat::xrgb8888, 2);
  fb::Renderer::Options options;
  options.align_writes = state.range(1) != 0;
  fb::Renderer renderer(options);
  for (int i = 0; i < 3; ++i) renderer.render_frame(*work.scene, display), work.advance();
  uint64_t frames = 0, bytes = 0, damaged = 0, rects = 0, draws = 0;
  for (auto _ : state) {
    work.advance();
    fb::RenderStats stats = renderer.render_frame(*work.scene, display);
    ++frames, bytes += stats.bytes_written, damaged += stats.damage_area * 4;
    rects += stats.rects, draws += stats.layers_composited;
  }
  report(state, frames, bytes, damaged);
  state.counters["rects/frame"] = double(rects) / double(frames);
  state.counters["draws/frame"] = double(draws) / double(frames);
}

// The same renderer repainting everything each frame (buffer age 0).
void BM_FullRepaint(benchmark::State& state) {
  full_repaint(state, fb::Renderer::Options{});
}

// The full repaint with every layer blended in the strip, the topmost too
// (Renderer::Options::blend_top_on_write off): the baseline of blending it on the way out.
void BM_FullRepaintInStrip(benchmark::State& state) {
  fb::Renderer::Options options;
  options.blend_top_on_write = false;
  full_repaint(state, options);
}

// The full repaint again, its bands shared among `workers` threads (second argument; the
// calling thread is one of them). Wall time: the frame is done when the last band is. Only
// the renderer's part of a frame is timed.
void BM_Workers(benchmark::State& state) {
  Workload work(SceneKind(state.range(0)));
  fb::HeadlessDisplay display(kWidth, kHeight, fb::PixelFormat::xrgb8888, 2);
  fb::Renderer::Options options;
  options.workers = static_cast<unsigned>(state.range(1));
  fb::Renderer renderer(options);
  const bool tracked = SceneKind(state.range(0)) == kSprite;
  uint64_t frames = 0, bytes = 0;
  for (auto _ : state) {
    // The application's part of a frame (moving 50 sprites logs a complex damage region) is
    // the same whatever the workers: only composing and presenting are timed.
    state.PauseTiming();
    work.advance();
    fb::Region region = tracked ? work.scene->repaint_region(display.acquire().age)
                                : fb::Region(work.scene->bounds());
    state.ResumeTiming();
    fb::BackBuffer buffer = display.acquire();
    fb::RenderStats stats = renderer.render(*work.scene, buffer.target, std::move(region));
    display.present(stats.repainted);
    state.PauseTiming();
    work.scene->end_frame();
    state.ResumeTiming();
    ++frames, bytes += stats.bytes_written;
  }
  report(state, frames, bytes, bytes);
}

// Baseline: pixman, one composite per visible layer into the frame, bottom-up, every frame.
void BM_PixmanFull(benchmark::State& state) {
  Workload work(SceneKind(state.range(0)));
  fb::Image frame(kWidth, kHeight, fb::PixelFormat::xrgb8888);
  pixman_image_t* dst =
      pixman_image_create_bits(PIXMAN_x8r8g8b8, kWidth, kHeight,
                               reinterpret_cast<uint32_t*>(frame.data()), int(frame.stride()));
  pixman_color_t background{0, 0, 0, 0xffff};
  pixman_image_t* background_fill = pixman_image_create_solid_fill(&background);
  for (auto _ : state) {
    work.advance();
    pixman_image_composite32(PIXMAN_OP_SRC, background_fill, nullptr, dst, 0, 0, 0, 0, 0, 0, kWidth,
                             kHeight);
    for (const fb::LayerState* layer : work.scene->stacking()) {
      if (!layer->drawn()) continue;
      pixman_image_t* src;
      if (layer->kind == fb::LayerKind::solid) {
        uint32_t c = layer->color;
        auto wide = [c](int shift) { return uint16_t(((c >> shift) & 0xff) * 0x101); };
        pixman_color_t color{wide(16), wide(8), wide(0), wide(24)};
        src = pixman_image_create_solid_fill(&color);
      } else {
        const fb::Surface& p = layer->pixels;
        src = pixman_image_create_bits(fb::pixman_format_of(p.format()), p.width(), p.height(),
                                       reinterpret_cast<uint32_t*>(p.data()), int(p.stride()));
      }
      bool opaque_image = layer->kind == fb::LayerKind::image &&
                          layer->pixels.format() == fb::PixelFormat::xrgb8888;
      pixman_image_composite32(opaque_image ? PIXMAN_OP_SRC : PIXMAN_OP_OVER, src, nullptr, dst, 0,
                               0, 0, 0, layer->rect.x, layer->rect.y, layer->rect.width,
                               layer->rect.height);
      pixman_image_unref(src);
    }
    benchmark::DoNotOptimize(frame.data());
    benchmark::ClobberMemory();
    work.scene->end_frame();
  }
  pixman_image_unref(background_fill);
  pixman_image_unref(dst);
  report(state, 1, uint64_t(kWidth) * kHeight * 4, uint64_t(kWidth) * kHeight * 4);
}

// Baseline: copying one finished frame with memcpy.
void BM_Memcpy(benchmark::State& state) {
  fb::Image src = gradient_background();
  fb::Image dst(kWidth, kHeight, fb::PixelFormat::xrgb8888);
  size_t bytes = size_t(src.stride()) * kHeight;
  for (auto _ : state) {
    std::memcpy(dst.data(), src.data(), bytes);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes));
}

// A frame's write alone: a finished frame streamed into the panel by fb::stream_copy, as every
// full repaint ends, into the panel mounted at `degrees` (0 or 90). Beside memcpy, the floor of
// a full-damage frame; at 90 beside 0, what turning adds to any rotated full frame.
void BM_FrameWrite(benchmark::State& state) {
  const auto rotation = fb::Rotation(state.range(0));
  fb::HeadlessDisplay display(kWidth, kHeight, fb::PixelFormat::xrgb8888, 2, rotation);
  const fb::Image frame = gradient_background(display.info().width, display.info().height);
  for (auto _ : state) {
    fb::BackBuffer buffer = display.acquire();
    fb::stream_copy(buffer.target, {0, 0}, frame, frame.bounds());
    display.present(fb::Region(frame.bounds()));
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(frame.height()) * frame.width() *
                          4);
}

// Damage-tracked frames of `kind` on the panel mounted at `rotation`, rendered with `options`.
void run_rotated(benchmark::State& state, SceneKind kind, fb::Rotation rotation,
                 const fb::Renderer::Options& options) {
  fb::HeadlessDisplay display(kWidth, kHeight, fb::PixelFormat::xrgb8888, 2, rotation);
  Workload work(kind, display.info().width, display.info().height);
  fb::Renderer renderer(options);
  for (int i = 0; i < 3; ++i) renderer.render_frame(*work.scene, display), work.advance();
  uint64_t frames = 0, bytes = 0, damaged = 0;
  for (auto _ : state) {
    work.advance();
    fb::RenderStats stats = renderer.render_frame(*work.scene, display);
    ++frames, bytes += stats.bytes_written, damaged += stats.damage_area * 4;
  }
  report(state, frames, bytes, damaged);
}

// A rotated panel: the same 1024x600 panel mounted at `degrees` (second argument, 0, 90 or 180),
// the scene built at the logical size (600x1024 at 90), damage-tracked frames at buffer age 2
// as BM_Tracked. The renderer composes logical strips and the display's target turns them on
// their way into the panel (rotated_stream.cpp); at 0 this is BM_Tracked again, measured
// beside its rotated twin.
void BM_Rotated(benchmark::State& state) {
  run_rotated(state, SceneKind(state.range(0)), fb::Rotation(state.range(1)), {});
}

// The full change at 0 and 90 degrees with a strip budget of range(1) KiB
// (Renderer::Options::strip_bytes), as a board with a smaller cache would set it.
void BM_StripBudget(benchmark::State& state) {
  fb::Renderer::Options options;
  options.strip_bytes = size_t(state.range(1)) * 1024;
  run_rotated(state, kFullChange, fb::Rotation(state.range(0)), options);
}

// The pixman transform that makes pixman_image_composite32 (with src_x/src_y equal to
// dest_x/dest_y) read, for the panel pixel (X, Y), the pixel of a layer at `at` that the
// logical pixel shown there holds: at 90 degrees the logical (Y, panel_width - 1 - X). Pixel
// centres map to pixel centres, so NEAREST samples exactly. (pixman's FAST_PATH_ROTATE_270
// matrix, named from the destination's side: its rotate fast paths take it.)
pixman_transform_t panel_to_layer_r90(int32_t panel_width, fb::Point at) {
  pixman_transform_t t;
  pixman_transform_init_identity(&t);
  t.matrix[0][0] = 0;
  t.matrix[0][1] = pixman_fixed_1;
  t.matrix[0][2] = pixman_int_to_fixed(-at.x);
  t.matrix[1][0] = -pixman_fixed_1;
  t.matrix[1][1] = 0;
  t.matrix[1][2] = pixman_int_to_fixed(panel_width - at.y);
  return t;
}

// pixman composing a logical scene onto the r90 panel: `region` (panel coordinates) filled
// with the background, then every drawn layer bottom-up through its 90-degree transform with
// NEAREST filtering, clipped to the region, opacity as a solid mask.
void pixman_compose_r90(const fb::Scene& scene, pixman_image_t* panel, int32_t panel_width,
                        const fb::Orientation& orientation, const fb::Region& region) {
  pixman_image_set_clip_region32(panel, const_cast<pixman_region32_t*>(region.native()));
  const uint32_t bg = scene.background();
  auto wide = [](uint32_t c, int shift) { return uint16_t(((c >> shift) & 0xff) * 0x101); };
  const pixman_color_t background{wide(bg, 16), wide(bg, 8), wide(bg, 0), 0xffff};
  const auto boxes = region.boxes();
  pixman_image_fill_boxes(PIXMAN_OP_SRC, panel, &background, int(boxes.size()), boxes.data());
  for (const fb::LayerState* layer : scene.stacking()) {
    if (!layer->drawn()) continue;
    pixman_image_t* mask = nullptr;
    if (layer->opacity != 255) {
      const pixman_color_t alpha{0, 0, 0, uint16_t(layer->opacity * 0x101)};
      mask = pixman_image_create_solid_fill(&alpha);
    }
    pixman_image_t* src;
    bool opaque;
    if (layer->kind == fb::LayerKind::solid) {
      // A solid colour looks the same turned: no transform.
      const uint32_t c = layer->color;
      const pixman_color_t colour{wide(c, 16), wide(c, 8), wide(c, 0), wide(c, 24)};
      src = pixman_image_create_solid_fill(&colour);
      opaque = (c >> 24) == 0xff;
    } else {
      const fb::Surface& p = layer->pixels;
      src = pixman_image_create_bits(fb::pixman_format_of(p.format()), p.width(), p.height(),
                                     reinterpret_cast<uint32_t*>(p.data()), int(p.stride()));
      const pixman_transform_t t = panel_to_layer_r90(panel_width, {layer->rect.x, layer->rect.y});
      pixman_image_set_transform(src, &t);
      pixman_image_set_filter(src, PIXMAN_FILTER_NEAREST, nullptr, 0);
      opaque = p.format() == fb::PixelFormat::xrgb8888;
    }
    const fb::Rect r = orientation.to_scanout(layer->rect);
    pixman_image_composite32(opaque && !mask ? PIXMAN_OP_SRC : PIXMAN_OP_OVER, src, mask, panel,
                             r.x, r.y, 0, 0, r.x, r.y, r.width, r.height);
    pixman_image_unref(src);
    if (mask) pixman_image_unref(mask);
  }
  pixman_image_set_clip_region32(panel, nullptr);
}

// Baseline: pixman composing the same rotated scene straight into the panel's buffers (1024x600,
// double-buffered as BM_Rotated's display). Fair to both: pixman repaints exactly the region
// our renderer repaints at the buffer's age (scene.repaint_region(age), turned onto the panel),
// into the same kind of memory: the whole frame for fullchange, whose background changes
// every frame (every layer over the whole frame), and only the damage of the last two frames
// for the sprite, as the damage-tracked renderer does. The first frame is checked against
// compose_full() turned pixel by pixel, so both draw the same picture.
void BM_PixmanRotated(benchmark::State& state) {
  fb::HeadlessDisplay display(kWidth, kHeight, fb::PixelFormat::xrgb8888, 2, fb::Rotation::r90);
  const fb::Orientation orientation = display.info().orientation();
  Workload work(SceneKind(state.range(0)), display.info().width, display.info().height);
  // One pixman image per buffer of the display, made once.
  std::map<std::byte*, std::unique_ptr<pixman_image_t, void (*)(pixman_image_t*)>> buffers;
  auto frame = [&] {
    fb::BackBuffer back = display.acquire();
    const fb::Surface panel = fb::readable_view_of_scanout(back.target);
    auto& dst = buffers
                    .try_emplace(panel.data(), nullptr,
                                 [](pixman_image_t* image) { pixman_image_unref(image); })
                    .first->second;
    if (!dst) {
      dst.reset(pixman_image_create_bits(PIXMAN_x8r8g8b8, panel.width(), panel.height(),
                                         reinterpret_cast<uint32_t*>(panel.data()),
                                         int(panel.stride())));
    }
    const fb::Region damage = work.scene->repaint_region(back.age);
    const fb::Region on_panel = orientation.to_scanout(damage);
    pixman_compose_r90(*work.scene, dst.get(), panel.width(), orientation, on_panel);
    display.present(damage);
    work.scene->end_frame();
    return on_panel;
  };
  frame();
  const fb::Image reference = fb::compose_full(*work.scene);
  const fb::Surface& shown = display.front();
  int32_t worst = 0;
  for (int32_t y = 0; y < shown.height(); ++y) {
    for (int32_t x = 0; x < shown.width(); ++x) {
      const fb::Point at = orientation.to_logical(fb::Point{x, y});
      const uint32_t a = shown.pixel32(x, y), b = reference.pixel32(at.x, at.y);
      for (int shift = 0; shift < 24; shift += 8)
        worst =
            std::max(worst, std::abs(int32_t((a >> shift) & 0xff) - int32_t((b >> shift) & 0xff)));
    }
  }
  // pixman and our kernels may round a blend differently by one; a wrong turn differs by far more.
  if (worst > 1) {
    state.SkipWithError(
        ("pixman's rotated frame differs from the reference by " + std::to_string(worst)).c_str());
    return;
  }
  for (int i = 0; i < 2; ++i) work.advance(), frame();
  uint64_t frames = 0, bytes = 0;
  for (auto _ : state) {
    work.advance();
    const fb::Region on_panel = frame();
    ++frames, bytes += uint64_t(on_panel.area()) * 4;
  }
  report(state, frames, bytes, bytes);
}

// With --benchmark_repetitions=N the summary uses the fastest repetition: on a machine shared
// with other work the minimum is the least disturbed figure.
double minimum(const std::vector<double>& values) {
  return values.empty() ? 0 : *std::min_element(values.begin(), values.end());
}

void scene_args(benchmark::internal::Benchmark* b) {
  b->ComputeStatistics("min", minimum);
  for (int kind = 0; kind < kSceneCount; ++kind) b->Arg(kind);
  b->Unit(benchmark::kMicrosecond);
}

void tracked_args(benchmark::internal::Benchmark* b) {
  b->ComputeStatistics("min", minimum);
  for (int align = 0; align <= 1; ++align) {
    for (int kind = 0; kind < kSceneCount; ++kind) b->Args({kind, align});
  }
  b->Unit(benchmark::kMicrosecond);
}

BENCHMARK(BM_Tracked)->Apply(tracked_args);
BENCHMARK(BM_FullRepaint)->Apply(scene_args);
BENCHMARK(BM_FullRepaintInStrip)
    ->Arg(kAlphaSprites)
    ->Arg(kDashboard)
    ->Arg(kFullChange)
    ->Unit(benchmark::kMicrosecond)
    ->ComputeStatistics("min", minimum);
BENCHMARK(BM_PixmanFull)->Apply(scene_args);
BENCHMARK(BM_Rotated)
    ->ArgsProduct({{kSprite, kFullChange}, {0, 90, 180}})
    ->Unit(benchmark::kMicrosecond)
    ->ComputeStatistics("min", minimum);
BENCHMARK(BM_StripBudget)
    ->ArgsProduct({{0, 90}, {kStripBudgetsKiB.begin(), kStripBudgetsKiB.end()}})
    ->Unit(benchmark::kMicrosecond)
    ->ComputeStatistics("min", minimum);
BENCHMARK(BM_PixmanRotated)
    ->Arg(kSprite)
    ->Arg(kFullChange)
    ->Unit(benchmark::kMicrosecond)
    ->ComputeStatistics("min", minimum);
// Full repaints of the busy scenes, and the moving sprite damage-tracked (small damage, which
// stays on the calling thread), by 1, 2 and 4 workers.
BENCHMARK(BM_Workers)
    ->ArgsProduct({{kSprite, kAlphaSprites, kDashboard, kFullChange}, {1, 2, 4}})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime()
    ->ComputeStatistics("min", minimum);
BENCHMARK(BM_Memcpy)->Unit(benchmark::kMicrosecond)->ComputeStatistics("min", minimum);
BENCHMARK(BM_FrameWrite)
    ->Arg(0)
    ->Arg(90)
    ->Unit(benchmark::kMicrosecond)
    ->ComputeStatistics("min", minimum);

// Keeps every run's CPU time per iteration (microseconds) and counters for the summary.
class CollectingReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.error_occurred) continue;
      bool min_aggregate = run.run_type == Run::RT_Aggregate && run.aggregate_name == "min";
      if (run.run_type != Run::RT_Iteration && !min_aggregate) continue;
      std::string name = run.run_name.str();
      if (!min_aggregate && from_min.count(name)) continue;
      if (min_aggregate) from_min.insert(name);
      // CPU time: on a shared machine the wall clock also counts time spent descheduled.
      // Except the workers' cases: their frame ends when the last thread's bands do.
      const bool wall = name.rfind("BM_Workers", 0) == 0;
      times[name] = wall ? run.GetAdjustedRealTime() : run.GetAdjustedCPUTime();
      for (const auto& [counter, value] : run.counters) counters[name + " " + counter] = value;
    }
  }
  std::set<std::string> from_min;
  std::map<std::string, double> times;
  std::map<std::string, double> counters;
};

}  // namespace

int main(int argc, char** argv) {
  // Defaults for figures that hold on a busy machine, as raster_bench's: short repetitions
  // interleaved across benchmarks, the summary taking each case's fastest.
  if (!fb::bench::initialize_with_defaults(argc, argv,
                                           {"--benchmark_repetitions=6", "--benchmark_min_time=0.1",
                                            "--benchmark_enable_random_interleaving=true"})) {
    return 1;
  }
  CollectingReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();

  auto time = [&](const std::string& name) {
    auto it = reporter.times.find(name);
    return it == reporter.times.end() ? -1.0 : it->second;
  };
  std::printf("\nraster kernels: %s\n", fb::raster_kernels_name());
  std::printf("%-11s %8s %10s %10s %10s %9s %9s %9s %13s %13s\n", "scene", "tracked", "aligned",
              "full", "pixman", "trk/full", "aln/full", "pix/full", "written_B/fr", "damaged_B/fr");
  for (int kind = 0; kind < kSceneCount; ++kind) {
    std::string arg = "/" + std::to_string(kind);
    double tracked = time("BM_Tracked" + arg + "/0"), aligned = time("BM_Tracked" + arg + "/1"),
           full = time("BM_FullRepaint" + arg), pixman = time("BM_PixmanFull" + arg);
    if (tracked < 0 || aligned < 0 || full < 0 || pixman < 0) continue;
    std::printf("%-11s %8.2f %10.2f %10.1f %10.1f %8.2f%% %8.2f%% %8.2fx %13.0f %13.0f\n",
                kSceneNames[kind], tracked, aligned, full, pixman, 100 * tracked / full,
                100 * aligned / full, pixman / full,
                reporter.counters["BM_Tracked" + arg + "/0 written_B/frame"],
                reporter.counters["BM_Tracked" + arg + "/0 damaged_B/frame"]);
  }
  std::printf(
      "(CPU time in us per frame; tracked = damage-tracked at buffer age 2, aligned = the "
      "same with align_writes, full = our renderer repainting everything, pixman = one "
      "pixman_image_composite32 per layer)\n"
      "(the target is cached memory here; full repaints write it with streaming stores as a "
      "scanout is written, which costs more than pixman's cached stores on plain fills such "
      "as sprite/bg's background)\n");
  double memcpy_us = time("BM_Memcpy");
  double sprite = time("BM_Tracked/0/0"), sprite_aligned = time("BM_Tracked/0/1"),
         sprite_full = time("BM_FullRepaint/0"), sprite_pixman = time("BM_PixmanFull/0"),
         change = time("BM_Tracked/3/0"), change_pixman = time("BM_PixmanFull/3");
  if (memcpy_us > 0) {
    std::printf("memcpy of a frame: %.1f us\n", memcpy_us);
    // The memory floor of a full-damage frame is about its layers read once and the frame
    // written once.
    if (change > 0) {
      std::printf("full change every frame: %.2fx a frame's memcpy (target <= 1.6x)\n",
                  change / memcpy_us);
    }
    // No full-damage frame costs less than writing the frame, which a scanout takes as
    // streaming stores, past the cache that memcpy's frame stays in.
    if (const double write = time("BM_FrameWrite/0"); write > 0) {
      std::printf("a frame's write alone (stream_copy into the panel): %.1f us, %.2fx memcpy\n",
                  write, write / memcpy_us);
    }
  }
  if (sprite > 0 && sprite_full > 0 && sprite_pixman > 0 && sprite_aligned > 0) {
    std::printf(
        "moving sprite: %.2f%% of our full repaint (%.2f%% aligned), %.2f%% of pixman's "
        "(target <= 2%%)\n",
        100 * sprite / sprite_full, 100 * sprite_aligned / sprite_full,
        100 * sprite / sprite_pixman);
  }
  if (change > 0 && change_pixman > 0) {
    std::printf("full change every frame: %.2fx faster than pixman (target >= 1.5x)\n",
                change_pixman / change);
  }
  // Blending each band's topmost layer on its way into the target (the default) against
  // blending it in the strip like the layers below it.
  std::string blended_on_write;
  for (SceneKind kind : {kAlphaSprites, kDashboard, kFullChange}) {
    const std::string arg = "/" + std::to_string(kind);
    const double on_write = time("BM_FullRepaint" + arg),
                 in_strip = time("BM_FullRepaintInStrip" + arg);
    if (on_write <= 0 || in_strip <= 0) continue;
    char part[64];
    std::snprintf(part, sizeof part, "%s%s %.2fx", blended_on_write.empty() ? "" : ", ",
                  kSceneNames[kind], in_strip / on_write);
    blended_on_write += part;
  }
  if (!blended_on_write.empty()) {
    std::printf("top layer blended on the way out, full repaint faster than in the strip: %s\n",
                blended_on_write.c_str());
  }

  // The panel mounted at 90 degrees: the same scenes at 600x1024 logical, beside 0 degrees,
  // upside down (180) and pixman composing them through a 90-degree transform.
  std::printf("\nrotated panel: %dx%d mounted at 90 degrees (%dx%d logical), damage-tracked\n",
              kWidth, kHeight, kHeight, kWidth);
  std::printf("%-11s %10s %10s %10s %10s %9s %9s %9s %13s\n", "scene", "r0", "r90", "r180",
              "pixman90", "r90/r0", "r180/r0", "pix90/r90", "written_B/fr");
  struct RotatedRow {
    SceneKind kind;
    double r0, r90, r180, pixman90;
  };
  std::vector<RotatedRow> rotated;
  for (SceneKind kind : {kSprite, kFullChange}) {
    std::string arg = "/" + std::to_string(kind);
    RotatedRow row{kind, time("BM_Rotated" + arg + "/0"), time("BM_Rotated" + arg + "/90"),
                   time("BM_Rotated" + arg + "/180"), time("BM_PixmanRotated" + arg)};
    if (row.r0 < 0 || row.r90 < 0 || row.r180 < 0 || row.pixman90 < 0) continue;
    rotated.push_back(row);
    std::printf("%-11s %10.2f %10.2f %10.2f %10.2f %8.2fx %8.2fx %8.2fx %13.0f\n",
                kSceneNames[kind], row.r0, row.r90, row.r180, row.pixman90, row.r90 / row.r0,
                row.r180 / row.r0, row.pixman90 / row.r90,
                reporter.counters["BM_Rotated" + arg + "/90 written_B/frame"]);
  }
  std::printf(
      "(CPU time in us per frame; r0, r90, r180 = our renderer into the panel at 0, 90 and 180 "
      "degrees, pixman90 = pixman_image_composite32 per layer with a 90-degree NEAREST "
      "transform into the panel, repainting the same region)\n");
  // Turning the frame's write costs this much whatever is composed before it: with the rest
  // of a frame as it is at 0 degrees, the least a rotated full change can cost.
  const double write0 = time("BM_FrameWrite/0"), write90 = time("BM_FrameWrite/90");
  if (write0 > 0 && write90 > 0) {
    std::printf("a frame's write alone: %.1f us at 0 degrees, %.1f us at 90 (%.2fx)\n", write0,
                write90, write90 / write0);
  }
  for (const RotatedRow& row : rotated) {
    const bool full = row.kind == kFullChange;
    if (full && write0 > 0 && write90 > 0) {
      std::printf(
          "full change every frame at 90 degrees, were only its write turned: at least %.2fx "
          "the unrotated frame\n",
          (row.r0 + write90 - write0) / row.r0);
    }
    std::printf(
        "%s at 90 degrees: rotated/unrotated %.2fx%s, %.2fx faster than pixman's "
        "rotated composite%s\n",
        full ? "full change every frame" : "moving sprite", row.r90 / row.r0,
        full ? " (target <= 1.3x)" : "", row.pixman90 / row.r90, full ? " (target > 1x)" : "");
  }

  // The strip budget: the full change at each, unrotated and turned.
  std::printf("\nstrip budget (Renderer::Options::strip_bytes), full change every frame\n");
  std::printf("%-11s %10s %10s %9s\n", "budget", "r0", "r90", "r90/r0");
  for (int64_t kib : kStripBudgetsKiB) {
    const std::string arg = "/" + std::to_string(kib);
    const double r0 = time("BM_StripBudget/0" + arg), r90 = time("BM_StripBudget/90" + arg);
    if (r0 < 0 || r90 < 0) continue;
    std::printf("%7lld KiB %10.2f %10.2f %8.2fx\n", static_cast<long long>(kib), r0, r90, r90 / r0);
  }
  std::printf("(CPU time in us per frame; the default budget is %zu KiB)\n",
              fb::Renderer::Options{}.strip_bytes / 1024);

  // The same frames composed by 1, 2 and 4 worker threads.
  std::printf("\nworker threads: full repaints (sprite: damage-tracked), %u CPUs online\n",
              std::thread::hardware_concurrency());
  std::printf("%-11s %10s %10s %10s %9s %9s\n", "scene", "1 worker", "2 workers", "4 workers",
              "1w/2w", "1w/4w");
  for (SceneKind kind : {kSprite, kAlphaSprites, kDashboard, kFullChange}) {
    const std::string arg = "BM_Workers/" + std::to_string(kind) + "/";
    auto wall = [&](int workers) { return time(arg + std::to_string(workers) + "/real_time"); };
    const double one = wall(1), two = wall(2), four = wall(4);
    if (one < 0 || two < 0 || four < 0) continue;
    std::printf("%-11s %10.2f %10.2f %10.2f %8.2fx %8.2fx\n", kSceneNames[kind], one, two, four,
                one / two, one / four);
  }
  std::printf(
      "(wall time in us per frame; a repaint below Renderer::Options::parallel_min_pixels, "
      "%llu pixels, stays on the calling thread)\n",
      static_cast<unsigned long long>(fb::Renderer::Options{}.parallel_min_pixels));
  const double alpha_one = time("BM_Workers/1/1/real_time"),
               alpha_two = time("BM_Workers/1/2/real_time");
  if (alpha_one > 0 && alpha_two > 0) {
    std::printf("alpha50 full repaint: %.2fx faster with 2 workers than with 1 (target >= 1.6x)\n",
                alpha_one / alpha_two);
  }
  return 0;
}
