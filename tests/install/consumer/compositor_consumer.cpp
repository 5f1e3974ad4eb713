// SPDX-License-Identifier: MIT
// Composes a two-layer scene with two worker threads into the headless display through the
// installed compositor, and checks the frame against the reference repaint.
#include <fb/compositor/compositor.hpp>
#include <fb/fb.hpp>

#include <cstdio>
#include <string>

int main() {
  auto display = fb::open_display("headless", fb::DisplayOptions{.width = 64, .height = 48});
  fb::Scene scene(64, 48, 0xff102030);
  scene.add_solid(fb::Rect{8, 8, 32, 16}, 0x80ff0000, 1);
  fb::Renderer::Options options;
  options.workers = 2;
  options.parallel_min_pixels = 0;
  fb::Renderer renderer(options);
  const fb::RenderStats stats = renderer.render_frame(scene, *display);
  auto* headless = dynamic_cast<fb::HeadlessDisplay*>(display.get());
  const fb::Image reference = fb::compose_full(scene);
  const uint32_t shown = headless->front().pixel32(16, 12);
  const bool same = shown == reference.pixel32(16, 12);
  std::printf("compositor consumer %s %ux workers centre %08x\n", same ? "ok" : "WRONG",
              stats.workers, shown);
  return same ? 0 : 1;
}
