// SPDX-License-Identifier: MIT
// Internal: one place input comes from, a live evdev device or a recording being replayed.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "fb/input_event.hpp"
#include "fb/rotation.hpp"
#include "fb/touch_calibration.hpp"

namespace fb::evdev {

class InputSource {
 public:
  virtual ~InputSource() = default;
  virtual const std::string& path() const = 0;
  /// "name (kinds)" for logs.
  virtual std::string describe() const = 0;
  /// Appends what is pending to `out`. `now_us` is the replay clock. Returns false once the
  /// device is gone (unplugged).
  virtual bool read(std::deque<InputEvent>& out, uint64_t now_us) = 0;
  virtual bool is_replay() const { return false; }
  /// A replay that has delivered every event.
  virtual bool finished() const { return false; }
};

/// Opens an evdev device node with libevdev. Returns nullptr when the device is neither a
/// pointer nor has keys; throws fb::DeviceError when it cannot be opened. Positions are mapped
/// as Decoder does: through `calibration` onto `panel`, then to its logical picture.
std::unique_ptr<InputSource> open_evdev_device(const std::string& path, const Orientation& panel,
                                               const TouchCalibration& calibration);

/// Reads a recording in evemu-record's text format (device description then "E:" lines) for
/// replay. Returns nullptr when the recorded device is neither a pointer nor has keys; throws
/// fb::Error naming the file and line when it cannot be parsed.
std::unique_ptr<InputSource> open_recording(const std::string& path, const Orientation& panel,
                                            const TouchCalibration& calibration);

}  // namespace fb::evdev
