// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "fb/compositor/scene.hpp"
#include "fb/input_event.hpp"

namespace fb::demo {

/// The animation time of a frame. With --frames it advances a fixed step per frame, so frame N
/// is the same picture on every run and every machine; otherwise it follows the clock.
struct DemoTime {
  uint64_t frame = 0;
  double seconds = 0;
  double delta = 0;         ///< Seconds since the previous frame (0 for the first).
  bool fixed_step = false;  ///< --frames: time is frame x step, not the clock (no wall time).
};

/// One demo program: builds its layers, animates them by time, reacts to input.
class Demo {
 public:
  virtual ~Demo() = default;
  /// Builds the layers in a scene of the display's size. `seed` seeds all randomness.
  virtual void setup(Scene& scene, uint64_t seed) = 0;
  /// Moves everything to where it is at `time`. Return false to stop.
  virtual bool update(const DemoTime& time) = 0;
  /// Pointer and key events (quit, the overlay key and Esc are handled before this).
  virtual void input(const InputEvent& /*event*/) {}
  /// Lines printed at exit, e.g. where the dragged layer ended.
  virtual void report(std::ostream& /*out*/) const {}
};

/// The shared main(): parses the flags, opens the display, runs the frame loop with the demo,
/// handles input, Ctrl-C, --screenshot, --checksum, --stats, --hold. Returns the exit code.
int run_demo(int argc, char** argv, const std::string& name, const std::string& summary,
             const std::function<std::unique_ptr<Demo>()>& make);

}  // namespace fb::demo
