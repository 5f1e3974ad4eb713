// SPDX-License-Identifier: MIT
// The backend spec parser: open_display("name" or "name:device", options) in a build whose only
// backend is headless, with random specs and random (often extreme) display options.
// Invariants:
//  - failures are fb::Error only (an unknown name, a bad size, count or zoom), never anything
//    else and never UB;
//  - it opens only when the name (the text before the first ':') is "headless";
//  - the display opened is what was asked: the options' size, format and buffer count, or the
//    headless defaults (1024x600, xrgb8888, 2 buffers) where the options leave them at 0;
//  - a frame can be acquired and presented, its target exactly the display's size.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fb/backend_registry.hpp"
#include "fb/display.hpp"
#include "fb/error.hpp"
#include "fb/region.hpp"
#include "fuzz_support.hpp"

namespace {

int32_t side(fuzz::Reader& in, bool allow_large) {
  static constexpr int32_t kEdges[] = {0, -1, 1, 16384, 16385, INT32_MAX, INT32_MIN, 600};
  const uint8_t pick = in.byte();
  if (pick % 4 == 0) {
    const int32_t v = kEdges[in.byte() % 8];
    return allow_large || v <= 1024 ? v : 7;
  }
  return int32_t(in.range(-2, 64));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  unsetenv(fb::kBackendEnvironmentVariable);  // the empty spec then means "headless"
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Reader in(data, size);
  fb::DisplayOptions options;
  // At most one side may be large, so an accepted display stays a few hundred MiB at most.
  const bool wide = in.byte() % 2;
  options.width = side(in, wide);
  options.height = side(in, !wide);
  options.buffers = int(in.range(-1, 5));
  if (in.byte() % 2) options.format = fb::PixelFormat(in.byte() % 6);
  options.zoom = int(in.range(-1, 3));
  const std::string spec = in.rest();

  std::unique_ptr<fb::Display> display;
  try {
    display = fb::open_display(spec, options);
  } catch (const fb::Error&) {
    return 0;
  }
  FUZZ_CHECK(display != nullptr);
  const std::string name = spec.substr(0, spec.find(':'));
  FUZZ_CHECK(name == "headless" || spec.empty());
  FUZZ_CHECK(options.zoom >= 1);
  const fb::DisplayInfo& info = display->info();
  FUZZ_CHECK(info.backend == "headless");
  FUZZ_CHECK(info.width == (options.width > 0 ? options.width : 1024));
  FUZZ_CHECK(info.height == (options.height > 0 ? options.height : 600));
  FUZZ_CHECK(info.format == options.format.value_or(fb::PixelFormat::xrgb8888));
  FUZZ_CHECK(info.buffer_count == (options.buffers > 0 ? options.buffers : 2));
  fb::BackBuffer frame = display->acquire();
  FUZZ_CHECK(frame.target.width() == info.width && frame.target.height() == info.height);
  FUZZ_CHECK(frame.index >= 0 && frame.index < info.buffer_count);
  display->present(fb::Region(frame.target.bounds()));
  return 0;
}
