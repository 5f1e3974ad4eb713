// SPDX-License-Identifier: MIT
// Draws one frame on the headless display through the installed headers and library.
#include <fb/fb.hpp>

#include <cstdio>

int main() {
  auto display = fb::open_display("headless", fb::DisplayOptions{.width = 16, .height = 8});
  auto* headless = dynamic_cast<fb::HeadlessDisplay*>(display.get());
  fb::BackBuffer back = display->acquire();
  fb::stream_fill(back.target, back.target.bounds(), 0xff336699);
  display->present(fb::Region(back.target.bounds()));
  std::printf("consumer ok %dx%d %s centre %08x\n", display->info().width, display->info().height,
              std::string(fb::pixel_format_name(display->info().format)).c_str(),
              headless->front().pixel32(8, 4));
  return 0;
}
