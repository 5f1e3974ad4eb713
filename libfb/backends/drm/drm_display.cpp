// SPDX-License-Identifier: MIT
// The DRM/KMS backend as a Display: bringing a card up in order, the frame calls, and its entry
// in the backend registry.
#include "fb/drm_display.hpp"

#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "builtin_backends.hpp"
#include "drm_card.hpp"
#include "drm_formats.hpp"

namespace fb {
namespace {

int mode_refresh_mhz(const drmModeModeInfo& mode) {
  const uint64_t pixels_per_frame = uint64_t{mode.htotal} * mode.vtotal;
  if (pixels_per_frame == 0 || mode.clock == 0) return static_cast<int>(mode.vrefresh) * 1000;
  // clock is in kHz.
  return static_cast<int>(uint64_t{mode.clock} * 1'000'000 / pixels_per_frame);
}

}  // namespace

// In this order because each step needs the one before: the plane belongs to the CRTC, the
// buffers take the plane's format, the mode set shows buffer 0.
void DrmDisplay::Impl::start(const std::string& card) {
  open_card(card);
  drm::Resources resources(drmModeGetResources(fd));
  if (!resources) fail("cannot read KMS resources", errno);
  choose_connector_and_crtc(*resources);
  read_primary_plane_formats();
  choose_format();

  const int count = options.buffers == 0 ? 2 : options.buffers;
  if (count < 1 || count > 3)
    throw Error("drm: buffers must be 1, 2 or 3, not " + std::to_string(options.buffers));
  create_buffers(count);
  set_mode();
  has_vblank = probe_vblank();

  info.backend = "drm";
  info.device = path;
  info.driver = driver;
  info.set_panel(mode.hdisplay, mode.vdisplay, options.rotation);
  info.format = format;
  info.stride = buffers[0].pitch;
  info.buffer_count = count;
  info.refresh_mhz = mode_refresh_mhz(mode);
  // The kernel's advice for dumb buffers in VRAM or write-combined memory: never read them,
  // compose in a shadow and copy. libfb never reads a scanout; the flag tells the renderer.
  info.write_combined = prefer_shadow;
  info.has_vblank = has_vblank;
  ages = BufferAges(count);
  // The mode set shows buffer 0; drawing starts in the next one.
  front = shown = 0;
  back = count > 1 ? 1 : 0;
}

DrmDisplay::DrmDisplay(const DrmOptions& options) {
  if (!options.device.empty()) {
    impl_ = std::make_unique<Impl>();
    impl_->options = options;
    impl_->start(options.device);
    impl_->open_input();
    return;
  }
  // No device named: the first card that opens and drives a connected display.
  std::string tried;
  for (int n = 0; n < 16; ++n) {
    const std::string card = "/dev/dri/card" + std::to_string(n);
    if (access(card.c_str(), F_OK) != 0) continue;
    auto attempt = std::make_unique<Impl>();
    attempt->options = options;
    try {
      attempt->start(card);
    } catch (const Error& e) {
      tried += std::string(tried.empty() ? "" : "; ") + e.what();
      continue;
    }
    impl_ = std::move(attempt);
    impl_->open_input();
    return;
  }
  throw DeviceError(tried.empty() ? "drm: no DRM card in /dev/dri (is a KMS driver loaded?)"
                                  : "drm: no usable card: " + tried,
                    ENODEV);
}

DrmDisplay::~DrmDisplay() = default;

const DisplayInfo& DrmDisplay::info() const {
  return impl_->info;
}
const std::string& DrmDisplay::driver_name() const {
  return impl_->driver;
}
const std::string& DrmDisplay::connector_name() const {
  return impl_->connector;
}
bool DrmDisplay::prefers_shadow() const {
  return impl_->prefer_shadow;
}
uint64_t DrmDisplay::flips() const {
  return impl_->flips;
}

std::vector<std::string> DrmDisplay::modes() const {
  std::vector<std::string> names;
  for (const drmModeModeInfo& m : impl_->connector_modes) {
    std::string name = drm::mode_text(m);
    if (m.type & DRM_MODE_TYPE_PREFERRED) {
      names.insert(names.begin(), name + " (preferred)");
    } else {
      names.push_back(name);
    }
  }
  return names;
}

std::vector<PixelFormat> DrmDisplay::scanout_formats() const {
  // A driver that does not list its planes' formats has shown XRGB8888 all along.
  if (!impl_->plane_formats) return {impl_->format};
  return drm::drawable_scanout_formats(*impl_->plane_formats);
}

Input& DrmDisplay::input() {
  return impl_->input;
}

BackBuffer DrmDisplay::acquire() {
  Impl& d = *impl_;
  // The buffer to draw may still be on screen until the pending flip replaces it (always with
  // 2 buffers; never with 3, where drawing overlaps the flip).
  if (d.flip_pending && d.back == d.shown) d.wait_for_flip();
  const Impl::Buffer& b = d.buffers[static_cast<size_t>(d.back)];
  BackBuffer buffer;
  buffer.index = d.back;
  buffer.age = d.ages.age(d.back);
  buffer.target =
      ScanoutSurface(b.map, d.info.scanout_width, d.info.scanout_height, b.pitch, d.info.format)
          .rotated(d.info.rotation);
  return buffer;
}

void DrmDisplay::present(const Region& damage) {
  Impl& d = *impl_;
  if (d.info.buffer_count == 1) {
    // Drawn into the buffer on screen: drivers that copy it elsewhere (virtio-gpu to the host)
    // need to hear which part changed.
    d.dirty(d.front, d.info.orientation().to_scanout(damage));
  } else {
    // One flip in flight at a time (the kernel refuses a second with EBUSY). A flip to another
    // framebuffer makes the driver take the whole buffer, so the damage is not needed.
    if (d.flip_pending) d.wait_for_flip();
    d.flip_to(d.back);
    d.front = d.back;
    d.back = (d.back + 1) % d.info.buffer_count;
  }
  d.ages.presented(d.front);
}

bool DrmDisplay::wait_for_vblank() {
  return impl_->wait_for_vblank();
}

namespace detail {

BackendEntry drm_backend_entry() {
  BackendEntry entry;
  entry.name = "drm";
  entry.description = "DRM/KMS card through libdrm: dumb buffers and page flips";
  entry.default_device = "";  // the first card with a connected connector
  entry.open = [](const std::string& device, const DisplayOptions& options) {
    DrmOptions drm;
    drm.device = device;
    drm.width = options.width;
    drm.height = options.height;
    drm.buffers = options.buffers;
    drm.format = options.format;
    drm.input = options.input;
    drm.input_clock = options.input_clock;
    drm.touch_calibration = options.touch_calibration;
    drm.rotation = options.rotation.value_or(Rotation::r0);
    return std::unique_ptr<Display>(std::make_unique<DrmDisplay>(drm));
  };
  return entry;
}

}  // namespace detail
}  // namespace fb
