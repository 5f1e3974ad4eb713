// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fb/input.hpp"
#include "fb/input_event.hpp"
#include "fb/rotation.hpp"
#include "fb/touch_calibration.hpp"

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

/// The environment variable naming the input device when the application passes none.
inline constexpr const char* kInputEnvironmentVariable = "FB_INPUT";
/// As DisplayOptions::input or $FB_INPUT: the display reads no input at all.
inline constexpr const char* kNoInput = "none";

struct EvdevInputOptions {
  /// A device node (/dev/input/event3), a recording to replay (a regular file in evemu-record's
  /// text format), or empty: every usable device under `directory`, hot-plugged.
  std::string device;
  /// Where devices appear; watched with inotify when `device` is empty.
  std::string directory = "/dev/input";
  /// The panel the pointer moves over, its own size before rotation: absolute positions are
  /// mapped (through `calibration`) to [0, width) x [0, height) of the panel.
  int32_t display_width = 0;
  int32_t display_height = 0;
  /// How the panel is mounted: events arrive in the logical orientation (a touch at the panel's
  /// pixel p is reported at Orientation::to_logical(p)); a relative mouse moves over the
  /// logical picture, as the user sees it.
  Rotation rotation = Rotation::r0;
  /// Applied to absolute positions (touchscreens, tablets) before the rotation.
  TouchCalibration calibration{};
};

/// Input on the board: touchscreens (single- and multi-touch), mice and keyboards read through
/// libevdev, delivered as the same fb::InputEvent an SDL window delivers. A touch or the left
/// button is the pointer; keys keep their Linux KEY_* codes; auto-repeat is dropped.
///
/// Recordings replay through the same decoding as live devices, paced by their timestamps
/// against a clock (real time by default; set_replay_clock() ties them to an animation
/// timeline so a replayed run is reproducible frame for frame).
class EvdevInput final : public Input {
 public:
  /// Opens the device, or every usable device in the directory. Throws fb::DeviceError when a
  /// named device cannot be opened, fb::Error when a recording cannot be parsed or a named
  /// device is neither a pointer nor a keyboard. A missing directory is not an error (hot-plug
  /// starts when it appears only if it existed; boards without input simply get no events), nor
  /// is inotify being unavailable (then only the devices present at start are read).
  explicit EvdevInput(EvdevInputOptions options);
  ~EvdevInput() override;
  EvdevInput(const EvdevInput&) = delete;
  EvdevInput& operator=(const EvdevInput&) = delete;

  /// The next event, if one is pending. Never blocks. Picks up devices plugged in or removed.
  std::optional<InputEvent> poll() override;

  /// The clock recordings are replayed against, in microseconds from any origin: an event
  /// `t` after the recording's first is delivered once the clock has advanced `t` from its value
  /// at the first poll().
  void set_replay_clock(std::function<uint64_t()> now_us);

  /// One line per open device: "path: name (touchscreen|mouse|keyboard...)".
  std::vector<std::string> describe_devices() const override;
  /// True when every replayed recording has delivered all its events (false if none replays).
  bool replay_finished() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The input of a display with no devices of its own (headless, an SDL window): only a device
/// node or recording that `spec` (DisplayOptions::input) names; "" takes $FB_INPUT. nullptr
/// when nothing is named or it is "none". Touches map through `calibration` onto `panel`, then
/// to its logical orientation; recordings replay against `replay_clock` (empty: real time).
/// Throws as EvdevInput does when the named input cannot be opened.
std::unique_ptr<Input> open_named_input(const std::string& spec, const Orientation& panel,
                                        const TouchCalibration& calibration,
                                        std::function<uint64_t()> replay_clock);

}  // namespace fb

#pragma GCC visibility pop
