// SPDX-License-Identifier: MIT
// The fbdev backend without a framebuffer: geometry arithmetic, and clear errors for paths
// that are not framebuffers. Drawing on real devices is covered by the QEMU e2e tests.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "fb/backend_registry.hpp"
#include "fb/error.hpp"
#include "fb/fbdev_display.hpp"

namespace {

using fb::DeviceError;
using fb::FbdevDisplay;
using fb::FbdevGeometry;
using fb::FbdevOptions;

// The message of the DeviceError that `open` throws; fails the test when it throws none.
template <class Open>
DeviceError expect_device_error(Open open) {
  try {
    open();
  } catch (const DeviceError& e) {
    return e;
  }
  ADD_FAILURE() << "no DeviceError thrown";
  return DeviceError("none", 0);
}

FbdevOptions options_for(const std::string& path) {
  FbdevOptions options;
  options.device = path;
  options.switch_console = false;
  return options;
}

TEST(FbdevBuffers, DoubleWhenVirtualHeightAndMemoryHoldTwoScreens) {
  const FbdevGeometry g{600, 1200, 4096, 4096 * 1200, 1};
  EXPECT_EQ(fb::fbdev_buffers_that_fit(g, 2), 2);
  EXPECT_EQ(fb::fbdev_buffers_that_fit(g, 3), 2);  // the virtual height holds two
  EXPECT_EQ(fb::fbdev_buffers_that_fit(g, 1), 1);  // asked for one
  EXPECT_EQ(fb::fbdev_buffers_that_fit(g, 0), 1);
}

TEST(FbdevBuffers, SingleWhenVirtualHeightIsOneScreen) {
  // DRM's fbdev emulation without overallocation: memory for one screen only.
  EXPECT_EQ(fb::fbdev_buffers_that_fit({600, 600, 4096, 4096 * 600, 1}, 2), 1);
}

TEST(FbdevBuffers, SingleWhenMemoryIsShortOfTheVirtualHeight) {
  // A driver that claims a tall virtual screen but maps less memory.
  EXPECT_EQ(fb::fbdev_buffers_that_fit({600, 1200, 4096, 4096 * 900, 1}, 2), 1);
  EXPECT_EQ(fb::fbdev_buffers_that_fit({600, 1800, 4096, 4096 * 1300, 1}, 3), 2);
}

TEST(FbdevBuffers, SingleWhenTheDeviceCannotPan) {
  EXPECT_EQ(fb::fbdev_buffers_that_fit({600, 1200, 4096, 4096 * 1200, 0}, 2), 1);
  // A pan step that does not divide the screen height cannot reach the second buffer.
  EXPECT_EQ(fb::fbdev_buffers_that_fit({600, 1200, 4096, 4096 * 1200, 7}, 2), 1);
  EXPECT_EQ(fb::fbdev_buffers_that_fit({600, 1200, 4096, 4096 * 1200, 8}, 2), 2);
}

TEST(FbdevBuffers, ZeroGeometryIsOneBuffer) {
  EXPECT_EQ(fb::fbdev_buffers_that_fit({}, 2), 1);
}

TEST(FbdevRefresh, VgaTimingsGiveSixtyHertz) {
  // 640x480: 25.175 MHz pixel clock (39721 ps), 800 x 525 totals.
  EXPECT_EQ(fb::fbdev_refresh_mhz(39721, 640, 480, 48, 16, 33, 10, 96, 2), 59942);
}

TEST(FbdevRefresh, UnsetTimingsAreUnknown) {
  EXPECT_EQ(fb::fbdev_refresh_mhz(0, 1024, 600, 0, 0, 0, 0, 0, 0), 0);
}

TEST(FbdevOpen, MissingDeviceNamesThePathAndErrno) {
  const DeviceError e =
      expect_device_error([] { FbdevDisplay display(options_for("/dev/fb-does-not-exist")); });
  EXPECT_EQ(e.error_number(), ENOENT);
  EXPECT_NE(std::string(e.what()).find("/dev/fb-does-not-exist"), std::string::npos) << e.what();
}

TEST(FbdevOpen, CharacterDeviceThatIsNotAFramebuffer) {
  const DeviceError e = expect_device_error([] { FbdevDisplay display(options_for("/dev/null")); });
  const std::string message = e.what();
  EXPECT_NE(message.find("/dev/null is not a framebuffer device"), std::string::npos) << message;
  EXPECT_EQ(e.error_number(), ENOTTY);
}

TEST(FbdevOpen, RegularFileIsNotAFramebuffer) {
  const std::string path = testing::TempDir() + "fbdev_backend_test_plain_file";
  std::ofstream(path) << "not a framebuffer";
  const DeviceError e = expect_device_error([&] { FbdevDisplay display(options_for(path)); });
  EXPECT_NE(std::string(e.what()).find("is not a framebuffer device (not a character device)"),
            std::string::npos)
      << e.what();
  std::filesystem::remove(path);
}

TEST(FbdevOpen, DirectoryCannotBeOpened) {
  const DeviceError e = expect_device_error([] { FbdevDisplay display(options_for("/")); });
  EXPECT_EQ(e.error_number(), EISDIR);
}

TEST(FbdevRegistry, SpecAndEnvironmentReachTheFbdevBackend) {
  auto names = fb::list_backends();
  EXPECT_TRUE(std::any_of(names.begin(), names.end(), [](const fb::BackendEntry& e) {
    return e.name == "fbdev" && e.default_device == "/dev/fb0";
  }));
  const DeviceError by_spec = expect_device_error([] { fb::open_display("fbdev:/dev/null"); });
  EXPECT_NE(std::string(by_spec.what()).find("/dev/null"), std::string::npos);

  ASSERT_EQ(setenv(fb::kBackendEnvironmentVariable, "fbdev:/dev/fb-from-env", 1), 0);
  const DeviceError by_env = expect_device_error([] { fb::open_display(""); });
  unsetenv(fb::kBackendEnvironmentVariable);
  EXPECT_NE(std::string(by_env.what()).find("/dev/fb-from-env"), std::string::npos)
      << by_env.what();
}

}  // namespace
