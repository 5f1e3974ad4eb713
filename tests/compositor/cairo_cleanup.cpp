// SPDX-License-Identifier: MIT
// Cairo keeps fonts (and the fontconfig patterns behind them) in static caches for the life of
// the process, and fontconfig leaks a little while parsing its configuration; LeakSanitizer
// would report both at exit. Releasing Cairo's caches after the tests and suppressing leaks
// inside fontconfig keeps the ASan run meaningful for our own allocations.
#include <cairo.h>
#include <gtest/gtest.h>

// Read by LeakSanitizer when the tests are built with -fsanitize=address; unused otherwise.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libfontconfig.so\n";
}

namespace {

class CairoStaticData : public ::testing::Environment {
 public:
  void TearDown() override { cairo_debug_reset_static_data(); }
};

[[maybe_unused]] ::testing::Environment* const kCairoStaticData =
    ::testing::AddGlobalTestEnvironment(new CairoStaticData);

}  // namespace
