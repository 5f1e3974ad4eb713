// SPDX-License-Identifier: MIT
// The input the fbdev and DRM displays own (BoardInput, behind their input()): how
// DisplayOptions::input and $FB_INPUT choose it, coordinates mapped to the display's size, "none",
// and errors. This machine has no framebuffer, DRM card or /dev/input, so recordings stand in
// for devices and BoardInput is driven directly; the displays hand it out as their input(), which
// the QEMU e2e tests run on real devices.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "board_input.hpp"
#include "fb/backend_registry.hpp"
#include "fb/error.hpp"
#include "fb/evdev_input.hpp"
#include "scoped_variable.hpp"

namespace fb {
namespace {

namespace fs = std::filesystem;
using evdev::BoardInput;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "fb-board-input-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  fs::path operator/(const std::string& name) const { return path_ / name; }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

/// Sets $FB_INPUT (or unsets it) for one test and restores it after.
class InputEnvironment : public test_support::ScopedVariable {
 public:
  explicit InputEnvironment(const std::optional<std::string>& value)
      : ScopedVariable(kInputEnvironmentVariable, value) {}
};

/// A touchscreen 0..4095 on both axes in evemu-record's format: touches the bottom-left corner,
/// drags to the top-right one, lifts; 0.1 s apart.
void write_corner_drag(const fs::path& path) {
  std::ofstream out(path);
  out << "# EVEMU 1.3\nN: Test panel\nI: 0018 0000 0000 0000\n";
  out << "B: 00 0b\n";  // EV_SYN, EV_KEY, EV_ABS
  out << "B: 01";       // BTN_TOUCH (0x14a): bit 2 of byte 41
  for (int byte = 0; byte < 41; ++byte) out << " 00";
  out << " 04\n";
  out << "B: 03 03\nA: 00 0 4095 0 0 0\nA: 01 0 4095 0 0 0\n";
  out << "E: 1.000000 0003 0000 0\nE: 1.000000 0003 0001 4095\n"
         "E: 1.000000 0001 014a 1\nE: 1.000000 0000 0000 0\n";
  out << "E: 1.100000 0003 0000 4095\nE: 1.100000 0003 0001 0\nE: 1.100000 0000 0000 0\n";
  out << "E: 1.200000 0001 014a 0\nE: 1.200000 0000 0000 0\n";
}

struct Seen {
  InputEventType type;
  int32_t x, y;
  bool operator==(const Seen&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Seen& s) {
  return out << "{type " << int(s.type) << " at " << s.x << "," << s.y << "}";
}

std::vector<Seen> drain(BoardInput& input) {
  std::vector<Seen> seen;
  while (auto event = input.poll()) seen.push_back({event->type, event->x, event->y});
  return seen;
}

// A replay clock that advances a second each time it is read: the whole recording is due
// by the second poll.
std::function<uint64_t()> stepping_clock() {
  return [now = uint64_t{0}]() mutable { return now += 1'000'000; };
}

TEST(BoardInput, RecordingArrivesMappedToTheDisplaySize) {
  InputEnvironment no_environment(std::nullopt);
  TempDir dir;
  write_corner_drag(dir / "drag.evemu");

  BoardInput small((dir / "drag.evemu").string(), Orientation{Rotation::r0, 800, 480},
                   TouchCalibration{}, stepping_clock());
  EXPECT_TRUE(small.enabled());
  const std::vector<Seen> expected_small = {{InputEventType::pointer_down, 0, 479},
                                            {InputEventType::pointer_move, 799, 0},
                                            {InputEventType::pointer_up, 799, 0}};
  EXPECT_EQ(drain(small), expected_small);

  BoardInput large((dir / "drag.evemu").string(), Orientation{Rotation::r0, 1024, 600},
                   TouchCalibration{}, stepping_clock());
  const std::vector<Seen> expected_large = {{InputEventType::pointer_down, 0, 599},
                                            {InputEventType::pointer_move, 1023, 0},
                                            {InputEventType::pointer_up, 1023, 0}};
  EXPECT_EQ(drain(large), expected_large);
  ASSERT_EQ(large.describe_devices().size(), 1u);
  EXPECT_NE(large.describe_devices()[0].find("Test panel"), std::string::npos);
}

TEST(BoardInput, RecordingFollowsTheReplayClock) {
  InputEnvironment no_environment(std::nullopt);
  TempDir dir;
  write_corner_drag(dir / "drag.evemu");
  uint64_t now = 0;
  BoardInput input((dir / "drag.evemu").string(), Orientation{Rotation::r0, 800, 480},
                   TouchCalibration{}, [&now] { return now; });
  EXPECT_EQ(drain(input).size(), 1u);  // the touch; the clock starts here
  now = 99'999;
  EXPECT_TRUE(drain(input).empty());
  now = 100'000;
  EXPECT_EQ(drain(input), (std::vector<Seen>{{InputEventType::pointer_move, 799, 0}}));
}

TEST(BoardInput, EmptySpecTakesTheEnvironment) {
  TempDir dir;
  write_corner_drag(dir / "drag.evemu");
  InputEnvironment environment((dir / "drag.evemu").string());
  BoardInput input("", Orientation{Rotation::r0, 800, 480}, TouchCalibration{}, stepping_clock(),
                   (dir / "no-such-directory").string());
  EXPECT_EQ(drain(input).size(), 3u);
}

TEST(BoardInput, EmptySpecReadsEveryDeviceInTheDirectoryHotPlugged) {
  InputEnvironment no_environment(std::nullopt);
  TempDir dir;
  write_corner_drag(dir / "event0");
  BoardInput input("", Orientation{Rotation::r0, 800, 480}, TouchCalibration{}, stepping_clock(),
                   dir.str());
  EXPECT_EQ(input.describe_devices().size(), 1u);
  EXPECT_EQ(drain(input).size(), 3u);

  // Plugged in later: written aside and renamed into place, as a node appears whole.
  write_corner_drag(dir / ".event1.part");
  fs::rename(dir / ".event1.part", dir / "event1");
  EXPECT_EQ(drain(input).size(), 3u);
  EXPECT_EQ(input.describe_devices().size(), 2u);
}

TEST(BoardInput, NoInputDevicesIsNotAnError) {
  InputEnvironment no_environment(std::nullopt);
  TempDir dir;
  BoardInput empty("", Orientation{Rotation::r0, 800, 480}, TouchCalibration{}, stepping_clock(),
                   dir.str());
  EXPECT_TRUE(empty.enabled());
  EXPECT_TRUE(drain(empty).empty());
  BoardInput missing("", Orientation{Rotation::r0, 800, 480}, TouchCalibration{}, stepping_clock(),
                     (dir / "no-such-directory").string());
  EXPECT_TRUE(drain(missing).empty());
  EXPECT_TRUE(missing.describe_devices().empty());
}

TEST(BoardInput, NoneReadsNothingWhateverIsThere) {
  TempDir dir;
  write_corner_drag(dir / "event0");
  {
    InputEnvironment environment((dir / "event0").string());
    BoardInput input(kNoInput, Orientation{Rotation::r0, 800, 480}, TouchCalibration{},
                     stepping_clock(), dir.str());
    EXPECT_FALSE(input.enabled());
    EXPECT_TRUE(drain(input).empty());
    EXPECT_TRUE(input.describe_devices().empty());
  }
  {
    InputEnvironment environment{std::string(kNoInput)};
    BoardInput input("", Orientation{Rotation::r0, 800, 480}, TouchCalibration{}, stepping_clock(),
                     dir.str());
    EXPECT_FALSE(input.enabled());
    EXPECT_TRUE(drain(input).empty());
  }
  BoardInput unopened;
  EXPECT_FALSE(unopened.poll().has_value());
}

TEST(BoardInput, NamedDeviceThatCannotOpenIsAClearError) {
  InputEnvironment no_environment(std::nullopt);
  try {
    BoardInput input("/nonexistent/input/event9", Orientation{Rotation::r0, 800, 480},
                     TouchCalibration{}, stepping_clock());
    FAIL() << "a named device that cannot be opened must throw";
  } catch (const DeviceError& error) {
    EXPECT_EQ(error.error_number(), ENOENT);
    EXPECT_NE(std::string(error.what()).find("cannot open /nonexistent/input/event9"),
              std::string::npos)
        << error.what();
  }
  // Named through the environment: the same.
  InputEnvironment environment{std::string("/nonexistent/input/event8")};
  EXPECT_THROW(
      BoardInput("", Orientation{Rotation::r0, 800, 480}, TouchCalibration{}, stepping_clock()),
      DeviceError);
}

TEST(BoardInput, NamedFileThatIsNotAPointerOrKeyboardIsAnError) {
  InputEnvironment no_environment(std::nullopt);
  TempDir dir;
  std::ofstream(dir / "lid.evemu") << "N: Lid\nB: 00 21\nB: 05 01\n";  // EV_SW, SW_LID only
  EXPECT_THROW(BoardInput((dir / "lid.evemu").string(), Orientation{Rotation::r0, 800, 480},
                          TouchCalibration{}, stepping_clock()),
               Error);
}

TEST(BoardInput, DisplayErrorsComeBeforeInputErrors) {
  // The display is opened first: a bad framebuffer is reported as such, whatever the input.
  DisplayOptions options;
  options.input = "/nonexistent/input/event9";
  try {
    open_display("fbdev:/dev/null", options);
    FAIL() << "opened /dev/null as a framebuffer";
  } catch (const DeviceError& error) {
    EXPECT_NE(std::string(error.what()).find("/dev/null is not a framebuffer"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace fb
