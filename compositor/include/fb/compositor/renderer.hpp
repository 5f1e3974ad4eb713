// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "fb/display.hpp"
#include "fb/region.hpp"
#include "fb/surface.hpp"

// Internal parts the renderer holds by pointer: declared before the public API, so that they
// stay hidden in the shared library.
namespace fb::compositor_detail {
struct Band;
class BandComposer;
class WorkerPool;
}  // namespace fb::compositor_detail

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

class Scene;
struct LayerState;

/// The environment variable giving Renderer::Options::workers when the program does not.
inline constexpr const char* kRenderWorkersEnvironmentVariable = "FB_RENDER_WORKERS";
/// The most workers a Renderer takes.
inline constexpr unsigned kMaxRenderWorkers = 64;

/// $FB_RENDER_WORKERS: nullopt when unset or empty; throws fb::Error naming the variable when
/// it is not a whole number from 1 to kMaxRenderWorkers.
std::optional<unsigned> render_workers_from_environment();

/// What one render wrote.
struct RenderStats {
  Region repainted;                ///< The region composed and written (screen coordinates).
  uint64_t damage_area = 0;        ///< Pixels in `repainted`.
  uint64_t bytes_written = 0;      ///< Bytes stored into the target: damage_area x target bpp.
  size_t rects = 0;                ///< Rectangles streamed into the target.
  int buffer_age = 0;              ///< The age the repaint was computed for (0 = full).
  bool full_repaint = false;       ///< The whole screen was repainted.
  uint64_t layers_composited = 0;  ///< Layer x rectangle operations (after opaque culling).
  unsigned workers = 1;  ///< Threads the repaint's bands were shared among (Options::workers).
};

/// Composes a Scene into a display's buffers, repainting only what the buffer's age requires.
///
/// The repaint region is composed bottom-up into a cached strip (an xrgb8888 image as wide as
/// the screen and a few dozen rows high, sized to stay in L2), band by band. For every
/// rectangle of the band, the topmost opaque layer covering it is where composition starts;
/// the layers below are skipped. Each finished band is written into the target with
/// fb::stream_copy (streaming stores, converting to the target's pixel format), only inside the
/// repaint region. The target is never read. Rectangles that need no composition skip the
/// strip: what one opaque layer (or the background) shows is streamed straight from it, and a
/// translucent image over an opaque image filling the rectangle is blended on its way to the
/// target (fb::stream_over). Through the strip too, on 32-bit targets, a band's topmost layer,
/// when it is a translucent image covering at least half the band (a vignette, a fading
/// panel), is left out of the strip and blended on the way from the strip to the target, so
/// the strip's pixels are written once and read once. Both hold on a target turned by 180
/// degrees, whose rows are written backwards in one pass; turned by 90 or 270, the strip holds
/// every layer and is turned as it is written.
///
/// With more than one worker, a large repaint's bands (half the usual height) are shared out
/// among a pool of threads started once with the renderer: each takes the next band down the
/// screen, composes it in its own strip and writes only that band's part of the repaint region.
/// The frame is the same whatever the number of workers.
///
/// The result equals compose_full() of the same scene, pixel for pixel, whatever the history
/// of changes, provided the target held the frame its age claims.
class Renderer {
 public:
  struct Options {
    /// Bytes of the cached strip; its height is this divided by the strip's stride (at least
    /// one row). 256 KiB keeps the strip and the layer rows read with it in L2.
    size_t strip_bytes = 256 * 1024;
    /// Start each rectangle at the topmost opaque layer covering it (off only to measure).
    bool cull_occluded = true;
    /// Compose nearby damage rectangles of a band as one larger rectangle when that wastes
    /// little area: fewer, longer raster operations. Only composition grows; the target is
    /// still written exactly inside the repaint region.
    bool merge_rects = true;
    /// Leave a band's topmost layer out of the strip when it is a translucent image covering at
    /// least half the band, and blend it on the way from the strip into the target
    /// (fb::stream_over): one pass less over the strip (off only to measure).
    bool blend_top_on_write = true;
    /// Widen the repaint region to 64-byte columns of the target's memory (16 pixels at 4
    /// bytes per pixel; rows of the picture on a target turned by 90 or 270), so streaming
    /// stores write whole cache lines, assuming 64-byte aligned rows. Faster for small damage
    /// on write-combined memory; the repaint region (and the bytes written) then exceed the
    /// damage slightly.
    bool align_writes = false;
    /// Threads composing a frame, the calling thread included: 1 composes on the calling
    /// thread alone. Unset: $FB_RENDER_WORKERS, else 1. The renderer throws fb::Error beyond
    /// 1 to kMaxRenderWorkers.
    std::optional<unsigned> workers;
    /// Repaints of fewer pixels stay on the calling thread even with workers: waking them costs
    /// more than they save there (an eighth of a 1024x600 frame; see compositor_bench's
    /// workers cases).
    uint64_t parallel_min_pixels = 1024 * 600 / 8;
  };

  Renderer();
  explicit Renderer(Options options);
  ~Renderer();
  Renderer(Renderer&&) noexcept;
  Renderer& operator=(Renderer&&) noexcept;

  /// Repaints `region` (clipped to the scene) of `target` with the scene's current state. The
  /// target must have the scene's size (throws fb::Error otherwise). Does not touch the damage
  /// log. (By value: a region the caller no longer needs is moved in, not copied.)
  RenderStats render(const Scene& scene, ScanoutSurface& target, Region region);

  /// Repaints what `buffer` needs: scene.repaint_region(buffer.age). Does not touch the damage
  /// log: call scene.end_frame() once the buffer is presented.
  RenderStats render(const Scene& scene, BackBuffer& buffer);

  /// One whole frame: acquire a back buffer, render it, present it with the repainted region as
  /// damage, and close the scene's frame (scene.end_frame()).
  RenderStats render_frame(Scene& scene, Display& display);

  /// The options in use, `workers` resolved.
  const Options& options() const { return options_; }

 private:
  Options options_;
  std::vector<compositor_detail::Band> bands_;  // the current repaint's bands, top to bottom
  std::vector<std::unique_ptr<compositor_detail::BandComposer>> composers_;  // one per worker
  std::unique_ptr<compositor_detail::WorkerPool> pool_;  // only with more than one worker
};

/// The reference repaint: composes every layer of the scene bottom-up over the background,
/// whole layer by whole layer, into a new xrgb8888 image of the scene's size. No damage, no
/// strips, no culling: what a damage-tracked frame must equal. Also handy for screenshots.
Image compose_full(const Scene& scene);

}  // namespace fb

#pragma GCC visibility pop
