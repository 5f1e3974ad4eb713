// SPDX-License-Identifier: MIT
// The DRM backend's errors on hosts without a display: missing device, a file that is not a
// DRM device, no card at all. Mode setting and flips are covered by the QEMU e2e tests.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>

#include "fb/backend_registry.hpp"
#include "fb/drm_display.hpp"
#include "fb/error.hpp"

namespace {

using fb::DeviceError;
using fb::DrmDisplay;
using fb::DrmOptions;

std::string device_error_of(const DrmOptions& options, int* error_number = nullptr) {
  try {
    DrmDisplay display(options);
  } catch (const DeviceError& e) {
    if (error_number) *error_number = e.error_number();
    return e.what();
  }
  ADD_FAILURE() << "no DeviceError thrown";
  return {};
}

TEST(DrmOpen, MissingDeviceNamesThePath) {
  DrmOptions options;
  options.device = "/dev/dri/card-does-not-exist";
  int error_number = 0;
  const std::string message = device_error_of(options, &error_number);
  EXPECT_EQ(error_number, ENOENT);
  EXPECT_NE(message.find("cannot open /dev/dri/card-does-not-exist"), std::string::npos) << message;
}

TEST(DrmOpen, NonDrmDeviceIsRefused) {
  DrmOptions options;
  options.device = "/dev/null";
  const std::string message = device_error_of(options);
  EXPECT_NE(message.find("/dev/null: not a DRM device"), std::string::npos) << message;
}

TEST(DrmOpen, NoCardAtAll) {
  if (access("/dev/dri", F_OK) == 0) GTEST_SKIP() << "this machine has /dev/dri";
  int error_number = 0;
  const std::string message = device_error_of(DrmOptions{}, &error_number);
  EXPECT_EQ(error_number, ENODEV);
  EXPECT_NE(message.find("no DRM card"), std::string::npos) << message;
}

TEST(DrmRegistry, SpecReachesTheDrmBackend) {
  auto backends = fb::list_backends();
  EXPECT_TRUE(std::any_of(backends.begin(), backends.end(),
                          [](const fb::BackendEntry& e) { return e.name == "drm"; }));
  try {
    fb::open_display("drm:/dev/null");
    ADD_FAILURE() << "opened /dev/null as a DRM display";
  } catch (const DeviceError& e) {
    EXPECT_NE(std::string(e.what()).find("not a DRM device"), std::string::npos) << e.what();
  }
}

}  // namespace
