// SPDX-License-Identifier: MIT
// The DRM backend's private state, shared by its files: one card, its chosen connector, CRTC
// and mode, the dumb buffers and where the flips between them stand.
#pragma once

#include <xf86drm.h>
#include <xf86drmMode.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../../input/board_input.hpp"
#include "fb/buffer_ages.hpp"
#include "fb/drm_display.hpp"
#include "fb/error.hpp"
#include "fb/pixel_format.hpp"
#include "fb/region.hpp"

namespace fb {
namespace drm {

// Owners that release libdrm's allocations on every path.
struct ResourcesDeleter {
  void operator()(drmModeRes* p) const { drmModeFreeResources(p); }
};
struct ConnectorDeleter {
  void operator()(drmModeConnector* p) const { drmModeFreeConnector(p); }
};
struct EncoderDeleter {
  void operator()(drmModeEncoder* p) const { drmModeFreeEncoder(p); }
};
struct CrtcDeleter {
  void operator()(drmModeCrtc* p) const { drmModeFreeCrtc(p); }
};
using Resources = std::unique_ptr<drmModeRes, ResourcesDeleter>;
using Connector = std::unique_ptr<drmModeConnector, ConnectorDeleter>;
using Encoder = std::unique_ptr<drmModeEncoder, EncoderDeleter>;
using Crtc = std::unique_ptr<drmModeCrtc, CrtcDeleter>;

/// "WxH@Hz", as modes() lists them and error messages name them.
std::string mode_text(const drmModeModeInfo& mode);

}  // namespace drm

struct DrmDisplay::Impl {
  struct Buffer {
    uint32_t handle = 0;
    uint32_t fb_id = 0;
    uint32_t pitch = 0;
    uint64_t size = 0;
    std::byte* map = nullptr;
  };

  DrmOptions options;

  // drm_device.cpp: the open card.
  std::string path;
  int fd = -1;
  std::string driver;
  bool prefer_shadow = false;

  // drm_modeset.cpp: what is driven, and the CRTC as it was before us.
  std::string connector;
  uint32_t connector_id = 0;
  uint32_t crtc_id = 0;
  int crtc_index = 0;
  drmModeModeInfo mode{};
  std::vector<drmModeModeInfo> connector_modes;
  drm::Crtc saved_crtc;
  bool mode_set = false;

  // drm_planes.cpp: what the CRTC's primary plane scans out; nullopt = the driver did not say.
  std::optional<std::vector<uint32_t>> plane_formats;
  PixelFormat format = PixelFormat::xrgb8888;

  // drm_buffers.cpp
  std::vector<Buffer> buffers;

  // drm_flip.cpp: `front` is the buffer last queued, `shown` the one known to be on screen
  // (they differ while a flip is pending), `back` the one to draw next.
  bool has_vblank = false;
  bool can_page_flip = true;
  bool dirty_fb_works = true;
  int front = 0;
  int shown = 0;
  int back = 0;
  bool flip_pending = false;
  int flip_target = 0;
  uint64_t flips = 0;
  BufferAges ages;

  DisplayInfo info;
  evdev::BoardInput input;

  ~Impl() { close_card(); }

  /// Opens `card` and brings it up: connector, CRTC, format, buffers, the mode, the vblank probe.
  void start(const std::string& card);

  // drm_device.cpp
  void open_card(const std::string& card);
  void check_kms_and_master();
  void close_card();
  void open_input();

  // drm_modeset.cpp
  void choose_connector_and_crtc(const drmModeRes& resources);
  void choose_mode(const drmModeConnector& chosen);
  void set_mode();
  void restore_crtc();

  // drm_planes.cpp
  void read_primary_plane_formats();
  void choose_format();

  // drm_buffers.cpp
  void create_buffers(int count);
  void destroy_buffers();

  // drm_flip.cpp
  bool probe_vblank();
  bool wait_for_vblank();
  void flip_to(int buffer);
  void wait_for_flip();
  void dirty(int buffer, const Region& damage);

  [[noreturn]] void fail(const std::string& what, int error_number) const {
    throw DeviceError("drm: " + path + ": " + what, error_number);
  }
};

}  // namespace fb
