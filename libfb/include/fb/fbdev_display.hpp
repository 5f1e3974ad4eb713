// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fb/display.hpp"
#include "fb/evdev_input.hpp"

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

struct FbdevOptions {
  std::string device = "/dev/fb0";
  /// Buffers to flip between: 0 = as many as the device allows, up to 2; 1 = draw into the
  /// buffer on screen; 3 = triple buffering, where the memory holds three screens.
  int buffers = 0;
  /// Switch the console to KD_GRAPHICS while the display is open so the text console does not
  /// draw over it. Restored on close, at exit and on fatal signals.
  bool switch_console = true;
  /// The virtual terminal to switch; empty = /dev/tty0 (the foreground VT).
  std::string console;
  /// Where input()'s events come from, as DisplayOptions::input: "" = $FB_INPUT, else
  /// every evdev device under /dev/input, hot-plugged; "none" = no input; else a device node or
  /// an evemu recording, which must open.
  std::string input{};
  /// The clock recordings replay against, in microseconds; empty = real time.
  std::function<uint64_t()> input_clock{};
  /// As DisplayOptions::touch_calibration.
  std::string touch_calibration{};
  /// How the panel is mounted: acquire()'s targets, present()'s damage and input are logical.
  Rotation rotation = Rotation::r0;
};

/// The geometry of an fbdev device that decides how many buffers it can flip between.
struct FbdevGeometry {
  uint32_t yres = 0;
  uint32_t yres_virtual = 0;
  uint32_t line_length = 0;  ///< Bytes per row.
  uint32_t smem_len = 0;     ///< Bytes of mappable display memory.
  uint32_t ypanstep = 0;     ///< 0 = the device cannot pan vertically.
};

/// How many whole screens fit both in the virtual height and in the display memory, capped at
/// `wanted`; at least 1. Flipping between them needs vertical panning, so a device that cannot
/// pan (ypanstep 0) or whose panning does not change what is shown gets 1.
int fbdev_buffers_that_fit(const FbdevGeometry& geometry, int wanted);

/// The refresh rate in millihertz from fbdev timings (pixclock in picoseconds and the margins);
/// 0 when the driver leaves them unset.
int fbdev_refresh_mhz(uint32_t pixclock_ps, uint32_t xres, uint32_t yres, uint32_t left,
                      uint32_t right, uint32_t upper, uint32_t lower, uint32_t hsync_len,
                      uint32_t vsync_len);

/// Keeps a virtual terminal in KD_GRAPHICS mode for its lifetime, so the text console neither
/// draws its cursor nor redraws over the framebuffer. The previous mode comes back in the
/// destructor, from an atexit handler and from the handlers of fatal signals (SIGINT, SIGTERM,
/// SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT), which restore it with one ioctl on
/// a saved descriptor and then re-raise the signal with its previous disposition.
/// One console is switched at a time per process; later guards while one is active do nothing.
class ConsoleGraphicsMode {
 public:
  /// Opens `console` (empty = /dev/tty0). When it cannot be opened or is not a virtual terminal
  /// (no VT on this system, a pseudo-terminal, no permission) nothing is switched and active()
  /// is false: drawing on the framebuffer still works, the console may just draw over it.
  explicit ConsoleGraphicsMode(const std::string& console = {});
  ~ConsoleGraphicsMode();
  ConsoleGraphicsMode(const ConsoleGraphicsMode&) = delete;
  ConsoleGraphicsMode& operator=(const ConsoleGraphicsMode&) = delete;

  bool active() const { return active_; }
  /// Why nothing was switched, when !active().
  const std::string& reason() const { return reason_; }

 private:
  bool active_ = false;
  std::string reason_;
};

/// A Linux framebuffer device (/dev/fbN): fbmmap.ko, DRM's fbdev emulation or any other driver.
/// Maps the whole display memory, double (or triple) buffers by panning where the virtual height
/// allows, and waits for the vblank with FBIO_WAITFORVSYNC where the driver has it: a buffer
/// is drawn into only once the pan away from it has taken effect. Never paces (FramePacer does).
class FbdevDisplay final : public Display {
 public:
  /// Throws DeviceError when the device cannot be opened or is not a framebuffer and
  /// UnsupportedFormat when its pixel layout is not one libfb draws; DeviceError or Error when
  /// options.input names an input device or recording that cannot be opened (no input devices
  /// at all is not an error).
  explicit FbdevDisplay(const FbdevOptions& options = {});
  ~FbdevDisplay() override;

  const DisplayInfo& info() const override;
  BackBuffer acquire() override;
  void present(const Region& damage) override;
  bool wait_for_vblank() override;
  /// The evdev devices chosen by the options' `input`, touches mapped through the calibration
  /// onto the panel and then to the logical picture.
  Input& input() override;

  /// The driver's name (fb_fix_screeninfo.id), e.g. "fbmmap" or "bochsdrmfb".
  const std::string& driver_id() const;
  /// The byte offset of the buffer currently panned to (yoffset * line_length).
  uint64_t scanout_offset() const;
  /// True while the console is held in KD_GRAPHICS by this display.
  bool console_switched() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fb

#pragma GCC visibility pop
