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
#include "fb/pixel_format.hpp"

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

struct DrmOptions {
  /// A card node such as /dev/dri/card0; empty = the first card with a connected connector.
  std::string device;
  /// The mode to set; 0 x 0 = the connector's preferred mode.
  int32_t width = 0;
  int32_t height = 0;
  /// Dumb buffers to flip between: 2 or 3 (0 = 2); 1 = draw into the buffer on screen and tell
  /// the driver with drmModeDirtyFB.
  int buffers = 0;
  /// A connector name such as "Virtual-1"; empty = the first connected one.
  std::string connector;
  /// The buffers' layout, which the CRTC's primary plane must scan out (else UnsupportedFormat
  /// listing what it offers); empty = xrgb8888, or the plane's first libfb format without it.
  std::optional<PixelFormat> format{};
  /// Where input()'s events come from, as DisplayOptions::input: "" = $FB_INPUT, else
  /// every evdev device under /dev/input, hot-plugged; "none" = no input; else a device node or
  /// an evemu recording, which must open.
  std::string input{};
  /// The clock recordings replay against, in microseconds; empty = real time.
  std::function<uint64_t()> input_clock{};
  /// As DisplayOptions::touch_calibration.
  std::string touch_calibration{};
  /// How the panel is mounted: acquire()'s targets, present()'s damage and input are logical.
  /// width and height above select the mode, the panel's own size.
  Rotation rotation = Rotation::r0;
};

/// A DRM/KMS card through libdrm: connector, mode and CRTC, 1-3 dumb buffers in a format the
/// primary plane scans out, page flips with events. present() queues a flip and returns;
/// acquire() waits for its event only when the buffer it returns is still on screen (with 2
/// buffers; with 3, drawing overlaps the flip). Drivers without a vblank interrupt (QEMU's bochs
/// and virtio-gpu) complete flips at once and report has_vblank false.
class DrmDisplay final : public Display {
 public:
  /// Throws DeviceError when the device is missing, is not a KMS device, another process is DRM
  /// master or no connector is connected; Error when the requested mode is not offered;
  /// UnsupportedFormat when the primary plane does not scan out the requested format;
  /// DeviceError or Error when options.input names an input device or recording that cannot be
  /// opened (no input devices at all is not an error).
  explicit DrmDisplay(const DrmOptions& options = {});
  ~DrmDisplay() override;

  const DisplayInfo& info() const override;
  BackBuffer acquire() override;
  void present(const Region& damage) override;
  /// drmWaitVBlank for the CRTC's next vblank; false at once without one, or once it failed.
  bool wait_for_vblank() override;
  /// The evdev devices chosen by the options' `input`, touches mapped through the calibration
  /// onto the panel and then to the logical picture.
  Input& input() override;

  /// The kernel driver's name, e.g. "bochs-drm" or "virtio_gpu".
  const std::string& driver_name() const;
  const std::string& connector_name() const;
  /// DRM_CAP_DUMB_PREFER_SHADOW: the dumb buffers are slow to read (VRAM, write-combined).
  bool prefers_shadow() const;
  /// Flips completed so far (page flips or mode sets that changed the shown buffer).
  uint64_t flips() const;
  /// The modes the connector offers, as "WxH@Hz", preferred first.
  std::vector<std::string> modes() const;
  /// The formats libfb draws that the primary plane scans out (DrmOptions::format's choices).
  std::vector<PixelFormat> scanout_formats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fb

#pragma GCC visibility pop
