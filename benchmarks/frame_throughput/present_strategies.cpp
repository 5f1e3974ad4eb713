// SPDX-License-Identifier: MIT
#include "present_strategies.hpp"

#include <pixman.h>

#include <algorithm>
#include <cstring>
#include <span>

#include "fb/error.hpp"
#include "fb/raster.hpp"

namespace fb::bench {
namespace {

uint64_t frame_bytes(const DisplayInfo& info) {
  return uint64_t(info.width) * uint64_t(info.height) * uint64_t(bytes_per_pixel(info.format));
}

uint64_t region_bytes(const Region& region, PixelFormat format) {
  uint64_t pixels = 0;
  for (const pixman_box32_t& b : region.boxes()) pixels += uint64_t(b.x2 - b.x1) * (b.y2 - b.y1);
  return pixels * uint64_t(bytes_per_pixel(format));
}

Renderer::Options renderer_options(unsigned workers) {
  Renderer::Options options;
  options.workers = workers;
  return options;
}

// The compositor's way, on 1 buffer ("damage") or flipping between 2 or 3 ("flip2", "flip3"):
// compose what the back buffer's age requires in cached strips and stream it in.
class CompositorPresenter final : public FramePresenter {
 public:
  CompositorPresenter(Display& display, unsigned workers)
      : display_(display), renderer_(renderer_options(workers)) {}
  ScanoutTraffic frame(Scene* scene) override {
    BackBuffer back = display_.acquire();
    RenderStats stats = renderer_.render(*scene, back);
    display_.present(stats.repainted);
    scene->end_frame();
    return {stats.bytes_written, 0};
  }

 private:
  Display& display_;
  Renderer renderer_;
};

// Compose into a whole frame in cached memory (a shadow framebuffer), damage only, then copy
// the whole frame into the scanout: what a client with a shadow buffer and no damage
// tracking of its output does.
class FullCopyPresenter final : public FramePresenter {
 public:
  FullCopyPresenter(Display& display, unsigned workers)
      : display_(display),
        shadow_(display.info().width, display.info().height, PixelFormat::xrgb8888),
        shadow_target_(shadow_.data(), shadow_.width(), shadow_.height(), shadow_.stride(),
                       shadow_.format()),
        renderer_(renderer_options(workers)) {}
  ScanoutTraffic frame(Scene* scene) override {
    // The shadow always holds the previous frame: age 1 after the first.
    renderer_.render(*scene, shadow_target_, scene->repaint_region(composed_once_ ? 1 : 0));
    composed_once_ = true;
    BackBuffer back = display_.acquire();
    stream_copy(back.target, {0, 0}, shadow_, shadow_.bounds());
    const Region all(shadow_.bounds());
    display_.present(all);
    scene->end_frame();
    return {frame_bytes(display_.info()), 0};
  }

 private:
  Display& display_;
  Image shadow_;
  ScanoutSurface shadow_target_;
  Renderer renderer_;
  bool composed_once_ = false;
};

// A naive client: draws the frame's damage straight into the mapping, layer over layer,
// blending translucent layers onto what it reads back from the scanout. The mapping is the
// panel's memory as it lies (unrotated): on a rotated panel each logical rectangle is drawn
// where the panel shows it, and an image layer's pixels are first turned, pixel by pixel, into
// a cached scratch in the panel's orientation, then drawn from there as at 0 degrees.
class DirectPresenter final : public FramePresenter {
 public:
  explicit DirectPresenter(Display& display)
      : display_(display),
        scratch_(display.info().rotation == Rotation::r0 ? 0 : display.info().scanout_width,
                 display.info().rotation == Rotation::r0 ? 0 : display.info().scanout_height,
                 PixelFormat::argb8888_premul) {}
  ScanoutTraffic frame(Scene* scene) override {
    BackBuffer back = display_.acquire();
    const Surface mapping = readable_view_of_scanout(back.target);
    const Orientation orientation = back.target.orientation();
    const int bpp = bytes_per_pixel(mapping.format());
    ScanoutTraffic traffic;
    const Region region = scene->repaint_region(back.age);
    for (const pixman_box32_t& box : region.boxes()) {
      const Rect rect{box.x1, box.y1, box.x2 - box.x1, box.y2 - box.y1};
      fill(mapping, orientation.to_scanout(rect), scene->background());
      traffic.written += uint64_t(rect.width) * rect.height * bpp;
      for (const LayerState* layer : scene->stacking()) {
        if (!layer->drawn()) continue;
        const Rect area = intersect(layer->rect, rect);
        if (area.empty()) continue;
        const uint64_t bytes = uint64_t(area.width) * area.height * bpp;
        traffic.written += bytes;
        if (!draw(mapping, orientation, *layer, area)) traffic.read += bytes;
      }
    }
    display_.present(region);
    scene->end_frame();
    return traffic;
  }

 private:
  // Draws `area` (logical) of the layer; true when it only wrote, false when it blended (read
  // too).
  bool draw(const Surface& mapping, const Orientation& orientation, const LayerState& layer,
            const Rect& area) {
    const Rect on_panel = orientation.to_scanout(area);
    if (layer.kind == LayerKind::solid) {
      const uint32_t colour = layer.color;
      if ((colour >> 24) == 0xff && layer.opacity == 255) {
        fill(mapping, on_panel, colour);
        return true;
      }
      if (layer.opacity != 255) throw Error("direct: translucent solid layers are not used");
      composite_solid_over(mapping, on_panel, colour);
      return false;
    }
    Surface source = layer.pixels;
    Rect src = area.translated(-int64_t{layer.rect.x}, -int64_t{layer.rect.y});
    if (orientation.rotation != Rotation::r0) {
      source = turned(orientation, layer, on_panel);
      src = source.bounds();
    }
    if (layer.pixels.format() == PixelFormat::xrgb8888) {
      if (layer.opacity != 255) throw Error("direct: translucent opaque images are not used");
      copy(mapping, {on_panel.x, on_panel.y}, source, src);
      return true;
    }
    composite_over(mapping, {on_panel.x, on_panel.y}, source, src, layer.opacity);
    return false;
  }

  // The layer's pixels shown on the panel rectangle `on_panel`, in the panel's orientation,
  // in the scratch (same format as the layer's).
  Surface turned(const Orientation& orientation, const LayerState& layer, const Rect& on_panel) {
    if (bytes_per_pixel(layer.pixels.format()) != 4)
      throw Error("direct: only 32-bit layers are turned for a rotated panel");
    const Surface out(scratch_.data(), on_panel.width, on_panel.height, scratch_.stride(),
                      layer.pixels.format());
    for (int32_t y = 0; y < on_panel.height; ++y) {
      uint32_t* row = out.row_as<uint32_t>(y);
      for (int32_t x = 0; x < on_panel.width; ++x) {
        const Point at = orientation.to_logical(Point{on_panel.x + x, on_panel.y + y});
        row[x] = layer.pixels.pixel32(at.x - layer.rect.x, at.y - layer.rect.y);
      }
    }
    return out;
  }

  Display& display_;
  Image scratch_;  // a panel-sized turn of image layers; empty at 0 degrees
};

// pixman composing the same scene: the damage composed layer by layer with
// pixman_image_composite32 into a cached frame, then streamed into the scanout as the
// compositor streams its own.
class PixmanPresenter final : public FramePresenter {
 public:
  explicit PixmanPresenter(Display& display)
      : display_(display),
        shadow_(display.info().width, display.info().height, PixelFormat::xrgb8888) {
    shadow_image_ = pixman_image_create_bits(PIXMAN_x8r8g8b8, shadow_.width(), shadow_.height(),
                                             reinterpret_cast<uint32_t*>(shadow_.data()),
                                             static_cast<int>(shadow_.stride()));
    if (!shadow_image_) throw Error("pixman: cannot wrap the frame");
  }
  ~PixmanPresenter() override { pixman_image_unref(shadow_image_); }

  ScanoutTraffic frame(Scene* scene) override {
    const Region region = scene->repaint_region(composed_once_ ? 1 : 0);
    composed_once_ = true;
    compose(*scene, region);
    BackBuffer back = display_.acquire();
    // The display's buffer may be older than the shadow: bring it up to date as well.
    const Region to_copy = back.age == 1 ? region : Region(shadow_.bounds());
    for (const pixman_box32_t& b : to_copy.boxes()) {
      const Rect rect{b.x1, b.y1, b.x2 - b.x1, b.y2 - b.y1};
      stream_copy(back.target, {rect.x, rect.y}, shadow_, rect);
    }
    display_.present(to_copy);
    scene->end_frame();
    return {region_bytes(to_copy, display_.info().format), 0};
  }

 private:
  void compose(const Scene& scene, const Region& region) {
    // pixman takes the clip by non-const pointer but only reads it.
    pixman_image_set_clip_region32(shadow_image_, const_cast<pixman_region32_t*>(region.native()));
    const uint32_t bg = scene.background();
    const pixman_color_t background{static_cast<uint16_t>(((bg >> 16) & 0xff) * 0x101),
                                    static_cast<uint16_t>(((bg >> 8) & 0xff) * 0x101),
                                    static_cast<uint16_t>((bg & 0xff) * 0x101), 0xffff};
    const std::span<const pixman_box32_t> boxes = region.boxes();
    pixman_image_fill_boxes(PIXMAN_OP_SRC, shadow_image_, &background,
                            static_cast<int>(boxes.size()), boxes.data());
    for (const LayerState* layer : scene.stacking()) {
      if (!layer->drawn()) continue;
      const Rect& r = layer->rect;
      pixman_image_t* mask = nullptr;
      if (layer->opacity != 255) {
        const uint16_t o = static_cast<uint16_t>(layer->opacity * 0x101);
        const pixman_color_t alpha{0, 0, 0, o};
        mask = pixman_image_create_solid_fill(&alpha);
      }
      if (layer->kind == LayerKind::solid) {
        const uint32_t c = layer->color;
        const pixman_color_t colour{static_cast<uint16_t>(((c >> 16) & 0xff) * 0x101),
                                    static_cast<uint16_t>(((c >> 8) & 0xff) * 0x101),
                                    static_cast<uint16_t>((c & 0xff) * 0x101),
                                    static_cast<uint16_t>((c >> 24) * 0x101)};
        pixman_image_t* solid = pixman_image_create_solid_fill(&colour);
        pixman_image_composite32((c >> 24) == 0xff && !mask ? PIXMAN_OP_SRC : PIXMAN_OP_OVER, solid,
                                 mask, shadow_image_, 0, 0, 0, 0, r.x, r.y, r.width, r.height);
        pixman_image_unref(solid);
      } else {
        const Surface& px = layer->pixels;
        const bool opaque = px.format() == PixelFormat::xrgb8888;
        pixman_image_t* src = pixman_image_create_bits(
            opaque ? PIXMAN_x8r8g8b8 : PIXMAN_a8r8g8b8, px.width(), px.height(),
            reinterpret_cast<uint32_t*>(px.data()), static_cast<int>(px.stride()));
        pixman_image_composite32(opaque && !mask ? PIXMAN_OP_SRC : PIXMAN_OP_OVER, src, mask,
                                 shadow_image_, 0, 0, 0, 0, r.x, r.y, px.width(), px.height());
        pixman_image_unref(src);
      }
      if (mask) pixman_image_unref(mask);
    }
    pixman_image_set_clip_region32(shadow_image_, nullptr);
  }

  Display& display_;
  Image shadow_;
  pixman_image_t* shadow_image_ = nullptr;
  bool composed_once_ = false;
};

// The machine baselines: whole frames moved by memset/memcpy, row by row (the stride is the
// device's), into, out of or beside the scanout memory.
class MemoryBaseline final : public FramePresenter {
 public:
  enum class Kind { memset_scanout, memcpy_scanout, readback_scanout, memcpy_cached };
  // Frames of the panel's own shape (scanout_width x scanout_height, whatever the rotation):
  // these move memory row by row and never turn anything.
  MemoryBaseline(Display& display, Kind kind)
      : display_(display),
        kind_(kind),
        a_(display.info().scanout_width, display.info().scanout_height, display.info().format),
        b_(display.info().scanout_width, display.info().scanout_height, display.info().format) {
    std::memset(a_.data(), 0x5a, size_t(a_.stride()) * size_t(a_.height()));
  }

  ScanoutTraffic frame(Scene*) override {
    const size_t row = size_t(a_.width()) * size_t(bytes_per_pixel(a_.format()));
    const uint64_t bytes = uint64_t(row) * uint64_t(a_.height());
    ++frames_;
    if (kind_ == Kind::memcpy_cached) {
      const Image& from = frames_ % 2 ? a_ : b_;
      const Image& to = frames_ % 2 ? b_ : a_;
      for (int32_t y = 0; y < a_.height(); ++y)
        std::memcpy(to.row_as<std::byte>(y), from.row_as<std::byte>(y), row);
      return {0, 0};
    }
    BackBuffer back = display_.acquire();
    const Surface mapping = readable_view_of_scanout(back.target);
    ScanoutTraffic traffic;
    for (int32_t y = 0; y < mapping.height(); ++y) {
      switch (kind_) {
        case Kind::memset_scanout:
          std::memset(mapping.row(y), static_cast<int>(frames_ & 0xff), row);
          break;
        case Kind::memcpy_scanout:
          std::memcpy(mapping.row(y), a_.row_as<std::byte>(y), row);
          break;
        default:
          std::memcpy(b_.row_as<std::byte>(y), mapping.row(y), row);
          break;
      }
    }
    if (kind_ == Kind::readback_scanout) {
      traffic.read = bytes;
    } else {
      traffic.written = bytes;
    }
    // Shown like any frame, so a display that uploads or flips does its share of the work
    // (the damage is logical: the whole of the target).
    display_.present(Region(back.target.bounds()));
    return traffic;
  }

 private:
  Display& display_;
  Kind kind_;
  Image a_, b_;
  uint64_t frames_ = 0;
};

}  // namespace

const std::vector<StrategySpec>& strategy_specs() {
  // The listed strategies have no runs_as; the compositor's compose with one thread.
  auto listed = [](Described description, int buffers, bool needs_scene, unsigned workers = 0) {
    StrategySpec spec;
    spec.description = std::move(description);
    spec.buffers = buffers;
    spec.needs_scene = needs_scene;
    spec.workers = workers;
    return spec;
  };
  static const std::vector<StrategySpec> specs = {
      listed(
          {"direct", "direct (naive)",
           "draws each frame's damage straight into the mapping, layer over layer; blending reads "
           "the scanout back, as a naive client does (on a rotated panel, image layers are turned "
           "pixel by pixel in cached memory first)"},
          1, true),
      listed({"full-copy", "full copy",
              "composes the damage in a cached shadow frame, then copies the whole frame into the "
              "scanout"},
             1, true, 1),
      listed(
          {"damage", "damage only",
           "composes the damage in cached strips and streams only the damage into the scanout (the "
           "compositor's way)"},
          1, true, 1),
      listed({"flip2", "flip 2 buffers",
              "the compositor's way into the back buffer of two, then a page flip (pan) to it"},
             2, true, 1),
      listed({"flip3", "flip 3 buffers",
              "as flip2 with three buffers: the next frame is composed while a flip is pending"},
             3, true, 1),
      listed(
          {"pixman", "pixman",
           "pixman_image_composite32 composing the same damage layer by layer in a cached frame, "
           "then streamed into the scanout",
           true},
          1, true),
      listed(
          {"memset-scanout", "memset scanout",
           "memset of every row of a whole frame in the scanout memory: the limit of that memory",
           true},
          1, false),
      listed({"memcpy-scanout", "memcpy to scanout",
              "memcpy of a whole frame from cached memory into the scanout memory: the ceiling of "
              "full-frame updates",
              true},
             1, false),
      listed(
          {"readback-scanout", "read scanout back",
           "memcpy of a whole frame out of the scanout memory: what reading the framebuffer costs",
           true},
          1, false),
      listed({"memcpy-cached", "memcpy cached",
              "memcpy of a whole frame between two cached buffers: the machine's memory", true},
             1, false),
  };
  return specs;
}

const StrategySpec* find_strategy(const std::string& id) {
  for (const StrategySpec& spec : strategy_specs())
    if (spec.description.id == id) return &spec;
  return nullptr;
}

std::optional<std::string> unsupported_reason(const StrategySpec& strategy,
                                              const DisplayInfo& info) {
  if (info.buffer_count < strategy.buffers) {
    return info.backend + " gives " + std::to_string(info.buffer_count) + " buffer" +
           (info.buffer_count == 1 ? "" : "s") + ", " + std::to_string(strategy.buffers) +
           " needed" + (info.backend == "sdl" ? " (SDL shows one texture)" : "");
  }
  if (strategy.description.id == "direct" && info.format != PixelFormat::xrgb8888) {
    return "in-place blending is xrgb8888 only; the display is " +
           std::string(pixel_format_name(info.format));
  }
  return std::nullopt;
}

StrategySpec with_workers(const StrategySpec& base, unsigned workers) {
  if (base.workers == 0) {
    throw Error("fb-frame-bench: '" + base.description.id + "' does not compose with workers");
  }
  StrategySpec spec = base;
  spec.description.id = base.description.id + "-w" + std::to_string(workers);
  spec.description.title = base.description.title + ", " + std::to_string(workers) + " workers";
  spec.description.what =
      base.description.what + "; composed by " + std::to_string(workers) + " worker threads";
  spec.workers = workers;
  spec.runs_as = base.description.id;
  return spec;
}

std::unique_ptr<FramePresenter> make_presenter(const StrategySpec& strategy, Display& display) {
  const std::string& id = strategy.runs_as.empty() ? strategy.description.id : strategy.runs_as;
  const unsigned workers = std::max(strategy.workers, 1u);
  if (id == "direct") return std::make_unique<DirectPresenter>(display);
  if (id == "full-copy") return std::make_unique<FullCopyPresenter>(display, workers);
  if (id == "damage" || id == "flip2" || id == "flip3")
    return std::make_unique<CompositorPresenter>(display, workers);
  if (id == "pixman") return std::make_unique<PixmanPresenter>(display);
  using Kind = MemoryBaseline::Kind;
  if (id == "memset-scanout")
    return std::make_unique<MemoryBaseline>(display, Kind::memset_scanout);
  if (id == "memcpy-scanout")
    return std::make_unique<MemoryBaseline>(display, Kind::memcpy_scanout);
  if (id == "readback-scanout")
    return std::make_unique<MemoryBaseline>(display, Kind::readback_scanout);
  if (id == "memcpy-cached") return std::make_unique<MemoryBaseline>(display, Kind::memcpy_cached);
  throw Error("fb-frame-bench: no strategy '" + id + "'");
}

}  // namespace fb::bench
