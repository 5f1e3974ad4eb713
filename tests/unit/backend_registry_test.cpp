// SPDX-License-Identifier: MIT
#include "fb/backend_registry.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>

#include "fb/error.hpp"
#include "fb/headless_display.hpp"

namespace fb {
namespace {

bool listed(const std::string& name) {
  auto all = list_backends();
  return std::any_of(all.begin(), all.end(), [&](const BackendEntry& e) { return e.name == name; });
}

TEST(BackendRegistry, HeadlessIsAlwaysThere) {
  EXPECT_TRUE(listed("headless"));
  auto display = open_display("headless", DisplayOptions{.width = 64, .height = 32});
  EXPECT_EQ(display->info().backend, "headless");
  EXPECT_EQ(display->info().width, 64);
  EXPECT_EQ(display->info().height, 32);
}

TEST(BackendRegistry, UnknownNamesListTheAvailableOnes) {
  try {
    open_display("vga16:/dev/fb3");
    FAIL() << "unknown backend accepted";
  } catch (const Error& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("'vga16'"), std::string::npos) << message;
    EXPECT_NE(message.find("headless"), std::string::npos) << message;
  }
}

TEST(BackendRegistry, EmptySpecReadsTheEnvironment) {
  register_backend(BackendEntry{
      "recorder", "test backend", "/dev/default",
      [](const std::string& device, const DisplayOptions&) -> std::unique_ptr<Display> {
        auto display = std::make_unique<HeadlessDisplay>(8, 8);
        EXPECT_EQ(device, "/dev/chosen");
        return display;
      }});
  ASSERT_TRUE(listed("recorder"));
  ::setenv(kBackendEnvironmentVariable, "recorder:/dev/chosen", 1);
  EXPECT_EQ(open_display("")->info().width, 8);
  ::unsetenv(kBackendEnvironmentVariable);
  EXPECT_EQ(open_display("")->info().backend, "headless");
  EXPECT_THROW(open_display("headless", DisplayOptions{.zoom = 0}), Error);
}

}  // namespace
}  // namespace fb
