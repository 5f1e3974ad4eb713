// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "fb/input.hpp"
#include "fb/pixel_format.hpp"
#include "fb/region.hpp"
#include "fb/rotation.hpp"
#include "fb/surface.hpp"

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

/// No display is wider or taller than this; larger sizes from a command line or a caller are
/// refused before anything is allocated.
inline constexpr int32_t kMaxDisplaySide = 16384;
/// What all of a display's buffers together may take in memory (checked before allocating):
/// two 16384x16384 buffers of 32 bpp, far beyond any panel.
inline constexpr size_t kMaxDisplayBytes = size_t{2} << 30;

struct DisplayInfo {
  std::string backend;  ///< "headless", "fbdev", "drm", "sdl".
  std::string device;   ///< Device path, or empty.
  std::string driver;   ///< The kernel driver (fbdev id, DRM driver name) or SDL's; may be empty.
  /// The picture the application draws: the panel's size turned by `rotation` (600x1024 for a
  /// 1024x600 panel at r90). Scenes, damage, input and BackBuffer targets use this size.
  int32_t width = 0;
  int32_t height = 0;
  /// How the panel is mounted (DisplayOptions::rotation); the buffers stay the panel's own.
  Rotation rotation = Rotation::r0;
  /// The panel's (and the buffers') own size, before rotation.
  int32_t scanout_width = 0;
  int32_t scanout_height = 0;
  PixelFormat format = PixelFormat::xrgb8888;
  ptrdiff_t stride = 0;         ///< Bytes between rows of a buffer (fbdev line_length, DRM pitch).
  int buffer_count = 1;         ///< Buffers flipped between; 1 = drawing into what is shown.
  int refresh_mhz = 0;          ///< Refresh rate in millihertz; 0 = unknown.
  bool write_combined = false;  ///< Buffers are WC/uncached mappings: never read them.
  /// wait_for_vblank() waits for a real vertical blank; without one, FramePacer paces on a timer
  /// at refresh_mhz.
  bool has_vblank = false;

  /// Sets the panel's own size and how it is mounted; width and height become the logical size.
  void set_panel(int32_t panel_width, int32_t panel_height, Rotation panel_rotation) {
    scanout_width = panel_width;
    scanout_height = panel_height;
    rotation = panel_rotation;
    width = orientation().width();
    height = orientation().height();
  }
  Orientation orientation() const { return Orientation{rotation, scanout_width, scanout_height}; }
};

/// The buffer to draw the next frame into.
struct BackBuffer {
  /// In the logical orientation: a rotated display hands out its buffer seen turned.
  ScanoutSurface target;
  int index = 0;  ///< Which of info().buffer_count buffers.
  /// Frames since this buffer's contents were last shown: 1 = it holds the previous frame,
  /// 2 = the one before, ...; 0 = unknown contents, repaint everything.
  int age = 0;
};

/// One interface over every way of showing pixels. A frame is acquire(), draw into the
/// target, present(damage). Implementations: headless (memory), fbdev, DRM/KMS, SDL.
class Display {
 public:
  virtual ~Display() = default;
  Display() = default;
  Display(const Display&) = delete;
  Display& operator=(const Display&) = delete;

  virtual const DisplayInfo& info() const = 0;
  /// The buffer to draw the next frame into. Calling it twice without present() returns the
  /// same buffer.
  virtual BackBuffer acquire() = 0;
  /// Shows the acquired buffer. `damage` (logical coordinates, as the target's) is what
  /// changed since that buffer's previous contents were shown to the user, for backends that
  /// upload or flush only what changed. Returns once the buffer is queued for scanout (a flip may
  /// still be pending).
  ///
  /// Neither present() nor acquire() paces: pacing is FramePacer's alone. The only waits here
  /// are for buffers: acquire() waits for a pending flip to complete when the buffer it returns
  /// may still be on screen, and present() for the previous flip before queueing the next.
  virtual void present(const Region& damage) = 0;
  /// Waits for the display's next vertical blank and returns true; returns false at once when
  /// the display has none to wait for (info().has_vblank false, or the device stopped
  /// answering), so that the caller paces by a timer instead.
  virtual bool wait_for_vblank() { return false; }
  /// Where this display's user input comes from (DisplayOptions::input chooses it): the SDL
  /// window's events, evdev devices on the board, a recording; no_input() when there is none.
  /// Lives as long as the display.
  virtual Input& input() { return no_input(); }
};

}  // namespace fb

#pragma GCC visibility pop
