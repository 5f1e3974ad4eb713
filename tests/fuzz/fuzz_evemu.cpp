// SPDX-License-Identifier: MIT
// The evemu recording parser together with the evdev decoder, as a replayed recording runs
// them: the input is the recording's text, replayed in full on a 1024x600 and on a 1x1 display,
// and on 1024x600 panels turned 90 and 270 degrees with a libinput and a tslib calibration.
// Invariants:
//  - parsing throws only fb::Error (a bad line) or returns nullptr (a device that is neither
//    pointer nor keyboard); no UB anywhere (ASan/UBSan abort);
//  - every pointer event lies within the logical picture: 0 <= x < width, 0 <= y < height;
//  - pointer_down and pointer_up alternate (down first), moves come only while down or from a
//    hovering mouse, key events carry a code the kernel can send (<= KEY_MAX);
//  - replay terminates and reports finished() once the clock has passed every event.
#include <linux/input.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <deque>
#include <string>

#include "fb/error.hpp"
#include "fb/input_event.hpp"
#include "fb/rotation.hpp"
#include "fb/touch_calibration.hpp"
#include "fuzz_support.hpp"
#include "input_source.hpp"

namespace {

void replay(const std::string& path, const fb::Orientation& panel,
            const fb::TouchCalibration& calibration = {}) {
  const int32_t width = panel.width();
  const int32_t height = panel.height();
  std::unique_ptr<fb::evdev::InputSource> source;
  try {
    source = fb::evdev::open_recording(path, panel, calibration);
  } catch (const fb::Error&) {
    return;  // a clear refusal is a correct answer to a bad recording
  }
  if (!source) return;
  (void)source->describe();
  FUZZ_CHECK(source->is_replay());
  std::deque<fb::InputEvent> events;
  // The first read starts the replay clock; the second is past every event's time.
  FUZZ_CHECK(source->read(events, 0));
  FUZZ_CHECK(source->read(events, UINT64_MAX));
  FUZZ_CHECK(source->finished());
  bool down = false;
  for (const fb::InputEvent& event : events) {
    switch (event.type) {
      case fb::InputEventType::pointer_down:
        FUZZ_CHECK(!down);
        down = true;
        [[fallthrough]];
      case fb::InputEventType::pointer_move:
      case fb::InputEventType::pointer_up:
        FUZZ_CHECK(event.x >= 0 && event.x < width);
        FUZZ_CHECK(event.y >= 0 && event.y < height);
        if (event.type == fb::InputEventType::pointer_up) {
          FUZZ_CHECK(down);
          down = false;
        }
        break;
      case fb::InputEventType::key_down:
      case fb::InputEventType::key_up:
        FUZZ_CHECK(event.key <= KEY_MAX);
        break;
      case fb::InputEventType::quit:
        FUZZ_CHECK(!"a recording cannot ask to quit");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // open_recording() reads a file: hand it the bytes through a memory file, no disk I/O.
  static int fd = [] {
    int created = memfd_create("fuzz_evemu", 0);
    FUZZ_CHECK(created >= 0);
    return created;
  }();
  FUZZ_CHECK(ftruncate(fd, 0) == 0);
  FUZZ_CHECK(pwrite(fd, data, size, 0) == ssize_t(size));
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  // Swaps the axes and mirrors one; a tslib calibration taken on a half-size screen.
  static const fb::TouchCalibration swap_mirror =
      fb::parse_touch_calibration("0 -1 1 1 0 0", "fuzz");
  static const fb::TouchCalibration pointercal =
      fb::parse_touch_calibration("-2 1 700 1 3 -40 2 512 300", "fuzz");
  replay(path, fb::Orientation{fb::Rotation::r0, 1024, 600});
  replay(path, fb::Orientation{fb::Rotation::r0, 1, 1});
  replay(path, fb::Orientation{fb::Rotation::r90, 1024, 600}, swap_mirror);
  replay(path, fb::Orientation{fb::Rotation::r270, 1024, 600}, pointercal);
  return 0;
}
