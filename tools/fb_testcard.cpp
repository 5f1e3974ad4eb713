// SPDX-License-Identifier: MIT
// fb-testcard: draws a test card (colour bars, grey ramp, grid, circle, labels) on a display and,
// with --output, saves what the display shows as a PNG. Checks a display's size, channel order
// and stride at a glance.
#include <cairo.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "fb/cli/options.hpp"
#include "fb/fb.hpp"
#include "fb/format_interop.hpp"

namespace {

// Draws the card with Cairo into a cached xrgb8888 image; the display gets it by stream_copy.
void draw_card(const fb::Image& image, const fb::DisplayInfo& info) {
  const int w = image.width(), h = image.height();
  cairo_surface_t* surface = cairo_image_surface_create_for_data(
      reinterpret_cast<unsigned char*>(image.data()), CAIRO_FORMAT_RGB24, w, h,
      static_cast<int>(image.stride()));
  cairo_t* cr = cairo_create(surface);

  // Seven SMPTE-like bars over the top two thirds.
  const double bars[7][3] = {{0.75, 0.75, 0.75}, {0.75, 0.75, 0}, {0, 0.75, 0.75}, {0, 0.75, 0},
                             {0.75, 0, 0.75},    {0.75, 0, 0},    {0, 0, 0.75}};
  for (int i = 0; i < 7; ++i) {
    cairo_set_source_rgb(cr, bars[i][0], bars[i][1], bars[i][2]);
    cairo_rectangle(cr, std::floor(i * w / 7.0), 0, std::ceil(w / 7.0), h * 2 / 3);
    cairo_fill(cr);
  }
  // Pure primaries: a swapped channel order shows as a wrong colour here at once.
  const double primaries[3][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
  for (int i = 0; i < 3; ++i) {
    cairo_set_source_rgb(cr, primaries[i][0], primaries[i][1], primaries[i][2]);
    cairo_rectangle(cr, i * w / 3, h * 2 / 3, w / 3 + 1, h / 12);
    cairo_fill(cr);
  }
  // A 256-step grey ramp along the bottom.
  for (int x = 0; x < w; ++x) {
    double v = double(x * 255 / std::max(1, w - 1)) / 255.0;
    cairo_set_source_rgb(cr, v, v, v);
    cairo_rectangle(cr, x, h * 3 / 4, 1, h / 4);
    cairo_fill(cr);
  }
  // A 64-pixel grid and a centred circle: geometry and aspect ratio.
  cairo_set_source_rgba(cr, 1, 1, 1, 0.5);
  cairo_set_line_width(cr, 1);
  for (int x = 0; x <= w; x += 64) cairo_move_to(cr, x + 0.5, 0), cairo_line_to(cr, x + 0.5, h);
  for (int y = 0; y <= h; y += 64) cairo_move_to(cr, 0, y + 0.5), cairo_line_to(cr, w, y + 0.5);
  cairo_stroke(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_set_line_width(cr, 3);
  cairo_arc(cr, w / 2.0, h / 2.0, std::min(w, h) * 0.4, 0, 2 * M_PI);
  cairo_stroke(cr);

  char label[160];
  std::snprintf(label, sizeof label, "fbmmap  %dx%d  %s  stride %td  %s", w, h,
                std::string(fb::pixel_format_name(info.format)).c_str(), info.stride,
                info.backend.c_str());
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_rectangle(cr, 16, 16, w - 32 > 0 ? w - 32 : w, 40);
  cairo_fill(cr);
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size(cr, 24);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_move_to(cr, 28, 46);
  cairo_show_text(cr, label);

  cairo_destroy(cr);
  cairo_surface_flush(surface);
  cairo_surface_destroy(surface);
}

}  // namespace

int main(int argc, char** argv) {
  std::string spec, output;
  fb::DisplayOptions options;
  fb::cli::Parser parser(
      "fb-testcard",
      "Draws a test card (colour bars, grey ramp, grid, circle, labels) on a display; with\n"
      "--output, saves what the headless display shows as a PNG (as the panel shows it: turned\n"
      "with --rotate).");
  parser
      .option("--backend", "SPEC", spec,
              "display: headless, fbdev[:/dev/fbN], drm[:/dev/dri/cardN], ...\n"
              "(default: $FB_BACKEND, else headless)")
      .option("--output", "FILE", output, "headless only: write the presented frame as PNG")
      .size("--size", options.width, options.height, 1, fb::cli::kMaxSide,
            "headless only: display size (default 1024x600)")
      .rotation(options.rotation)
      .action("--list-backends", "print the backends built in and exit",
              [] { fb::print_backends(stdout); });
  if (const std::optional<int> exit_code = parser.parse(argc, argv)) return *exit_code;

  try {
    std::unique_ptr<fb::Display> display = fb::open_display(spec, options);
    const fb::DisplayInfo& info = display->info();
    fb::Image card(info.width, info.height, fb::PixelFormat::xrgb8888);
    draw_card(card, info);

    fb::BackBuffer back = display->acquire();
    fb::stream_copy(back.target, fb::Point{0, 0}, card, card.bounds());
    display->present(fb::Region(card.bounds()));
    std::printf("fb-testcard: %dx%d %s on %s%s%s (%s kernels)\n", info.width, info.height,
                std::string(fb::pixel_format_name(info.format)).c_str(), info.backend.c_str(),
                info.device.empty() ? "" : ":", info.device.c_str(), fb::raster_kernels_name());

    if (!output.empty()) {
      auto* headless = dynamic_cast<fb::HeadlessDisplay*>(display.get());
      if (headless == nullptr) {
        std::fprintf(stderr, "fb-testcard: --output needs the headless backend, not '%s'\n",
                     info.backend.c_str());
        return 2;
      }
      headless->write_png(output);
      std::printf("fb-testcard: wrote %s\n", output.c_str());
    }
  } catch (const fb::Error& e) {
    std::fprintf(stderr, "fb-testcard: %s\n", e.what());
    return 1;
  }
  return 0;
}
