// SPDX-License-Identifier: MIT
// EvdevInput end to end on recordings in evemu-record's format: parsing, replay pacing,
// hot-plug through inotify, device selection and errors. This machine has no /dev/uinput, so
// recordings stand in for devices; they go through the same decoder as live devices.
#include <gtest/gtest.h>
#include <linux/input.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <vector>

#include "fb/error.hpp"
#include "fb/evdev_input.hpp"
#include "temp_dir.hpp"

namespace fb {
namespace {

using test_support::TempDir;

namespace fs = std::filesystem;

/// Writes a recording the way evemu-record does.
class Recording {
 public:
  explicit Recording(std::string name) : name_(std::move(name)) {}
  Recording& code(unsigned type, unsigned code) {
    codes_[type].push_back(code);
    return *this;
  }
  Recording& axis(unsigned axis_code, int minimum, int maximum) {
    code(EV_ABS, axis_code);
    axes_ << "A: " << std::hex << axis_code << std::dec << " " << minimum << " " << maximum
          << " 0 0 0\n";
    return *this;
  }
  Recording& event(double seconds, unsigned type, unsigned code, int value) {
    char line[96];
    const long long micros = static_cast<long long>(seconds * 1e6 + 0.5);
    std::snprintf(line, sizeof line, "E: %lld.%06lld %04x %04x %d\n", micros / 1000000,
                  micros % 1000000, type, code, value);
    events_ += line;
    return *this;
  }
  Recording& syn(double seconds) { return event(seconds, EV_SYN, SYN_REPORT, 0); }

  std::string text() const {
    std::ostringstream out;
    out << "# EVEMU 1.3\nN: " << name_ << "\nI: 0003 1234 5678 0001\n";
    for (const auto& [type, codes] : codes_) {
      std::vector<unsigned> bytes;
      for (unsigned c : codes) {
        if (bytes.size() <= c / 8) bytes.resize(c / 8 + 1);
        bytes[c / 8] |= 1u << (c % 8);
      }
      for (size_t i = 0; i < bytes.size(); i += 8) {
        char head[8];
        std::snprintf(head, sizeof head, "B: %02x", type);
        out << head;
        for (size_t j = i; j < i + 8 && j < bytes.size(); ++j) {
          char byte[4];
          std::snprintf(byte, sizeof byte, " %02x", bytes[j]);
          out << byte;
        }
        out << "\n";
      }
    }
    out << axes_.str() << events_;
    return out.str();
  }
  /// Writes the file in one step (rename), as a device node would appear.
  void save(const fs::path& path) const {
    const fs::path partial = path.parent_path() / ("." + path.filename().string() + ".part");
    std::ofstream(partial) << text();
    fs::rename(partial, path);
  }

 private:
  std::string name_;
  std::map<unsigned, std::vector<unsigned>> codes_;
  std::ostringstream axes_;
  std::string events_;
};

/// A touchscreen 0..4095 on both axes: down at (1024, 1024), drag to (3072, 2048), up.
Recording touch_drag() {
  Recording r("Test touchscreen");
  r.code(EV_SYN, SYN_REPORT).code(EV_KEY, BTN_TOUCH).axis(ABS_X, 0, 4095).axis(ABS_Y, 0, 4095);
  r.event(10.0, EV_ABS, ABS_X, 1024).event(10.0, EV_ABS, ABS_Y, 1024);
  r.event(10.0, EV_KEY, BTN_TOUCH, 1).syn(10.0);
  r.event(10.5, EV_ABS, ABS_X, 3072).event(10.5, EV_ABS, ABS_Y, 2048).syn(10.5);
  r.event(11.0, EV_KEY, BTN_TOUCH, 0).syn(11.0);
  return r;
}

std::vector<InputEvent> drain(EvdevInput& input) {
  std::vector<InputEvent> events;
  while (auto event = input.poll()) events.push_back(*event);
  return events;
}

EvdevInputOptions options_for(const std::string& device, const std::string& directory = "") {
  EvdevInputOptions options;
  options.device = device;
  if (!directory.empty()) options.directory = directory;
  options.display_width = 1024;
  options.display_height = 600;
  return options;
}

TEST(EvdevInput, ReplaysARecordingAtItsPace) {
  TempDir dir("fb-evdev");
  touch_drag().save(dir.path() / "touch.evemu");
  EvdevInput input(options_for((dir.path() / "touch.evemu").string()));
  uint64_t clock = 5'000'000;
  input.set_replay_clock([&clock] { return clock; });
  ASSERT_EQ(input.describe_devices().size(), 1u);
  EXPECT_NE(input.describe_devices()[0].find("Test touchscreen (touchscreen"), std::string::npos);

  auto events = drain(input);  // the clock starts here: only the first frame is due
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, InputEventType::pointer_down);
  EXPECT_EQ(events[0].x, 256);  // 1024 of 0..4095 on 1024 pixels
  EXPECT_EQ(events[0].y, 150);  // on 600 pixels
  EXPECT_EQ(events[0].time_us, 5'000'000u);
  EXPECT_FALSE(input.replay_finished());

  clock += 499'999;
  EXPECT_TRUE(drain(input).empty());
  clock += 1;
  events = drain(input);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, InputEventType::pointer_move);
  EXPECT_EQ(events[0].x, 767);
  EXPECT_EQ(events[0].y, 300);
  EXPECT_EQ(events[0].time_us, 5'500'000u);

  clock += 10'000'000;
  events = drain(input);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, InputEventType::pointer_up);
  EXPECT_TRUE(input.replay_finished());
}

TEST(EvdevInput, MultitouchRecordingWithoutSingleTouchAxes) {
  TempDir dir("fb-evdev");
  Recording r("Test MT panel");
  r.code(EV_SYN, SYN_REPORT).axis(ABS_MT_SLOT, 0, 9).axis(ABS_MT_TRACKING_ID, 0, 65535);
  r.axis(ABS_MT_POSITION_X, 0, 1023).axis(ABS_MT_POSITION_Y, 0, 599);
  r.event(0, EV_ABS, ABS_MT_TRACKING_ID, 1).event(0, EV_ABS, ABS_MT_POSITION_X, 10);
  r.event(0, EV_ABS, ABS_MT_POSITION_Y, 20).syn(0);
  r.event(0.01, EV_ABS, ABS_MT_TRACKING_ID, -1).syn(0.01);
  r.save(dir.path() / "mt.evemu");
  EvdevInput input(options_for((dir.path() / "mt.evemu").string()));
  input.set_replay_clock([] { return uint64_t{0}; });
  input.poll();                                                // starts the replay clock at 0 ...
  input.set_replay_clock([] { return uint64_t{1'000'000}; });  // ... a second later: all due
  auto events = drain(input);
  ASSERT_EQ(events.size(), 1u);  // the first was consumed by the poll above
  EXPECT_EQ(events[0].type, InputEventType::pointer_up);
  EXPECT_EQ(events[0].x, 10);
  EXPECT_EQ(events[0].y, 20);
}

TEST(EvdevInput, HotPlugsDevicesInTheDirectory) {
  TempDir dir("fb-evdev");
  EvdevInput input(options_for("", dir.path().string()));
  EXPECT_TRUE(input.describe_devices().empty());
  EXPECT_FALSE(input.poll().has_value());

  input.set_replay_clock([] { return uint64_t{0}; });
  touch_drag().save(dir.path() / "event4");
  std::ofstream(dir.path() / "mouse0") << "not an event node: ignored";
  const auto first = input.poll();  // picks up event4 and reads its first frame
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->type, InputEventType::pointer_down);
  ASSERT_EQ(input.describe_devices().size(), 1u);
  EXPECT_EQ(input.describe_devices()[0].rfind((dir.path() / "event4").string(), 0), 0u);

  fs::remove(dir.path() / "event4");
  EXPECT_FALSE(input.poll().has_value());
  EXPECT_TRUE(input.describe_devices().empty());
}

TEST(EvdevInput, ScansDevicesPresentAtStart) {
  TempDir dir("fb-evdev");
  touch_drag().save(dir.path() / "event1");
  Recording keyboard("Test keyboard");
  keyboard.code(EV_SYN, SYN_REPORT).code(EV_KEY, KEY_A).code(EV_KEY, KEY_ESC);
  keyboard.event(0, EV_KEY, KEY_ESC, 1).syn(0).event(0, EV_KEY, KEY_ESC, 0).syn(0);
  keyboard.save(dir.path() / "event0");
  // A touchpad (INPUT_PROP_POINTER, from its P: line): not a touchscreen, skipped.
  // (BTN_TOOL_FINGER 0x145 and BTN_TOUCH 0x14a: bytes 40 and 41 of the key bits.)
  std::ofstream(dir.path() / "event3") << "N: Test touchpad\nP: 01\nB: 00 0b\n"
                                       <<
      [] {
        std::string keys;
        for (int line = 0; line < 6; ++line) {
          keys += line == 5 ? "B: 01 20 04 00 00 00 00 00 00\n" : "B: 01 00 00 00 00 00 00 00 00\n";
        }
        return keys;
      }() << "B: 03 03 00\nA: 00 0 100 0 0 0\nA: 01 0 100 0 0 0\n";
  Recording switch_only("Test lid");  // nothing for us: skipped
  switch_only.code(EV_SYN, SYN_REPORT).code(EV_SW, SW_LID);
  switch_only.save(dir.path() / "event2");

  EvdevInput input(options_for("", dir.path().string()));
  const auto devices = input.describe_devices();
  ASSERT_EQ(devices.size(), 2u) << ::testing::PrintToString(devices);
  EXPECT_NE(devices[0].find("Test keyboard (keys"), std::string::npos);
  EXPECT_NE(devices[1].find("Test touchscreen"), std::string::npos);
}

TEST(EvdevInput, DeviceFromTheEnvironment) {
  TempDir dir("fb-evdev");
  touch_drag().save(dir.path() / "t.evemu");
  setenv(kInputEnvironmentVariable, (dir.path() / "t.evemu").c_str(), 1);
  EvdevInput input(options_for("", "/nonexistent"));
  unsetenv(kInputEnvironmentVariable);
  EXPECT_EQ(input.describe_devices().size(), 1u);
}

TEST(EvdevInput, ReportsBadDevicesAndRecordings) {
  TempDir dir("fb-evdev");
  try {
    EvdevInput input(options_for((dir.path() / "missing").string()));
    FAIL() << "a missing device must throw";
  } catch (const DeviceError& error) {
    EXPECT_EQ(error.error_number(), ENOENT);
    EXPECT_NE(std::string(error.what()).find("missing"), std::string::npos);
  }

  std::ofstream(dir.path() / "bad.evemu") << "N: x\nB: 00 0b\nE: 1.000000 zz 0000 1\n";
  try {
    EvdevInput input(options_for((dir.path() / "bad.evemu").string()));
    FAIL() << "a bad event line must throw";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("bad.evemu:3"), std::string::npos) << error.what();
  }

  std::ofstream(dir.path() / "empty.evemu") << "# nothing\n";
  EXPECT_THROW(EvdevInput(options_for((dir.path() / "empty.evemu").string())), Error);

  Recording lid("Lid");
  lid.code(EV_SYN, SYN_REPORT).code(EV_SW, SW_LID);
  lid.save(dir.path() / "lid.evemu");
  EXPECT_THROW(EvdevInput(options_for((dir.path() / "lid.evemu").string())), Error);

  EvdevInputOptions sizeless = options_for((dir.path() / "lid.evemu").string());
  sizeless.display_width = 0;
  EXPECT_THROW(EvdevInput input(sizeless), Error);
}

// A recording is as untrusted as a device: numbers at the limits of their types either give
// a clear error naming the line or are saturated, never overflow (this runs under UBSan too).
TEST(EvdevInput, HostileNumbersInRecordings) {
  TempDir dir("fb-evdev");
  // The latest whole second an event may carry: what input_event holds here, and what
  // microseconds since the epoch fit in 64 bits.
  using Seconds = decltype(input_event{}.input_event_sec);
  const uint64_t latest =
      std::min<uint64_t>(uint64_t(std::numeric_limits<Seconds>::max()), UINT64_MAX / 1000000 - 1);

  const std::string head = "N: mouse\nB: 00 0b\nB: 02 03\n";
  {
    std::ofstream(dir.path() / "far.evemu") << head << "E: 1.000000 0002 0000 5\n"
                                            << "E: 1.000000 0000 0000 0\n"
                                            << "E: " << latest + 1 << ".000000 0002 0000 5\n";
    try {
      EvdevInput input(options_for((dir.path() / "far.evemu").string()));
      FAIL() << "a time past the latest second must throw";
    } catch (const Error& error) {
      EXPECT_NE(std::string(error.what()).find("far.evemu:6"), std::string::npos) << error.what();
    }
  }
  for (const char* line :
       {"E: 9223372036854775807.000000 0002 0000 5", "E: 99999999999999999999.000000 0002 0000 5",
        "E: 1.000000 0002 0000 2147483648", "E: 1.000000 0002 0000 -2147483649",
        "E: 1.-1 0002 0000 1", "E: 1.1000000 0002 0000 1", "E: -1.000000 0002 0000 1",
        "E: 1.000000 10000000000 0000 1"}) {
    SCOPED_TRACE(line);
    std::ofstream(dir.path() / "bad.evemu") << head << line << "\n";
    EXPECT_THROW(EvdevInput(options_for((dir.path() / "bad.evemu").string())), Error);
  }
  for (const char* axis :
       {"A: 00 0 99999999999 0 0", "A: 00 -2147483649 0 0 0", "A: ffffffffffff 0 100 0 0"}) {
    SCOPED_TRACE(axis);
    std::ofstream(dir.path() / "axis.evemu")
        << "N: touch\nB: 00 0b\nB: 01 00 00 00 00 00 00 00 00\n"
           "B: 01 00 00 00 00 00 00 00 00\nB: 01 00 00 00 00 00 00 00 00\n"
           "B: 01 00 00 00 00 00 00 00 00\nB: 01 00 00 00 00 00 00 00 00\nB: 01 00 04\n"
           "B: 03 03\n"
        << axis << "\nA: 01 0 100 0 0\n";
    EXPECT_THROW(EvdevInput(options_for((dir.path() / "axis.evemu").string())), Error);
  }

  // The largest motions and the latest time replay: the pointer stops at the edges and times
  // do not wrap around.
  Recording mouse("Hostile mouse");
  mouse.code(EV_SYN, SYN_REPORT).code(EV_KEY, BTN_LEFT).code(EV_REL, REL_X).code(EV_REL, REL_Y);
  mouse.event(1.0, EV_REL, REL_X, INT32_MAX).event(1.0, EV_REL, REL_X, INT32_MAX);
  mouse.event(1.0, EV_REL, REL_Y, INT32_MIN).event(1.0, EV_REL, REL_Y, INT32_MIN).syn(1.0);
  mouse.save(dir.path() / "mouse.evemu");
  {
    std::ofstream more(dir.path() / "mouse.evemu", std::ios::app);
    more << "E: " << latest << ".999999 0002 0000 -2147483648\n"
         << "E: " << latest << ".999999 0002 0000 -2147483648\n"
         << "E: " << latest << ".999999 0000 0000 0\n";
  }
  EvdevInput input(options_for((dir.path() / "mouse.evemu").string()));
  uint64_t clock = 0;
  input.set_replay_clock([&clock] { return clock; });
  auto events = drain(input);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, InputEventType::pointer_move);
  EXPECT_EQ(events[0].x, 1023);
  EXPECT_EQ(events[0].y, 0);
  EXPECT_EQ(events[0].time_us, 0u);
  clock = UINT64_MAX;
  events = drain(input);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].x, 0);
  EXPECT_EQ(events[0].y, 0);
  EXPECT_EQ(events[0].time_us, latest * 1000000 + 999999 - 1000000);
  EXPECT_TRUE(input.replay_finished());
}

TEST(EvdevInput, NonexistentDirectoryMeansNoDevices) {
  EvdevInput input(options_for("", "/nonexistent/input"));
  EXPECT_TRUE(input.describe_devices().empty());
  EXPECT_FALSE(input.poll().has_value());
}

}  // namespace
}  // namespace fb
