// SPDX-License-Identifier: MIT
// The DRM/KMS backend: dumb buffers on a CRTC, flipped with page-flip events.
#include "fb/drm_display.hpp"

#include <drm_fourcc.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "../../input/board_input.hpp"
#include "../frame_timer.hpp"
#include "builtin_backends.hpp"
#include "fb/buffer_ages.hpp"
#include "fb/error.hpp"

namespace fb {
namespace {

std::string connector_name_of(const drmModeConnector& connector) {
  const char* type = drmModeGetConnectorTypeName(connector.connector_type);
  return std::string(type ? type : "Unknown") + "-" + std::to_string(connector.connector_type_id);
}

std::string mode_text(const drmModeModeInfo& mode) {
  return std::to_string(mode.hdisplay) + "x" + std::to_string(mode.vdisplay) + "@" +
         std::to_string(mode.vrefresh);
}

int mode_refresh_mhz(const drmModeModeInfo& mode) {
  const uint64_t pixels_per_frame = uint64_t{mode.htotal} * mode.vtotal;
  if (pixels_per_frame == 0 || mode.clock == 0) return static_cast<int>(mode.vrefresh) * 1000;
  // clock is in kHz.
  return static_cast<int>(uint64_t{mode.clock} * 1'000'000 / pixels_per_frame);
}

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

}  // namespace

struct DrmDisplay::Impl {
  struct Buffer {
    uint32_t handle = 0;
    uint32_t fb_id = 0;
    uint32_t pitch = 0;
    uint64_t size = 0;
    std::byte* map = nullptr;
  };

  DrmOptions options;
  std::string path;
  int fd = -1;
  std::string driver;
  std::string connector;
  uint32_t connector_id = 0;
  uint32_t crtc_id = 0;
  int crtc_index = 0;
  drmModeModeInfo mode{};
  std::vector<drmModeModeInfo> connector_modes;
  Crtc saved_crtc;
  std::vector<Buffer> buffers;
  DisplayInfo info;

  bool prefer_shadow = false;
  bool has_vblank = false;
  bool can_page_flip = true;
  bool dirty_fb_works = true;
  detail::FrameTimer timer;
  bool mode_set = false;
  int front = 0;
  int back = 0;
  bool flip_pending = false;
  uint64_t flips = 0;
  BufferAges ages;
  evdev::BoardInput input;

  ~Impl() { close_card(); }

  void open_input() {
    // Once the card is chosen: an input error is not a reason to try another card.
    input = evdev::BoardInput(options.input, info.width, info.height, options.input_clock);
  }

  void open_card(const std::string& card);
  void close_card();
  void check_kms_and_master();
  void choose_connector_and_crtc(const drmModeRes& resources);
  void choose_mode(const drmModeConnector& chosen);
  void create_buffers(int count);
  void set_mode();
  bool probe_vblank();
  void page_flip(int buffer);
  void wait_for_flip();
  void dirty(int buffer, const Region& damage);

  [[noreturn]] void fail(const std::string& what, int error_number) const {
    throw DeviceError("drm: " + path + ": " + what, error_number);
  }
};

void DrmDisplay::Impl::open_card(const std::string& card) {
  path = card;
  fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    const int e = errno;
    throw DeviceError("drm: cannot open " + path, e);
  }
  check_kms_and_master();

  uint64_t value = 0;
  if (drmGetCap(fd, DRM_CAP_DUMB_BUFFER, &value) != 0 || value == 0)
    fail("the driver (" + driver + ") offers no dumb buffers", EOPNOTSUPP);
  prefer_shadow = drmGetCap(fd, DRM_CAP_DUMB_PREFER_SHADOW, &value) == 0 && value != 0;

  Resources resources(drmModeGetResources(fd));
  if (!resources) fail("cannot read KMS resources", errno);
  choose_connector_and_crtc(*resources);

  const int count = options.buffers == 0 ? 2 : options.buffers;
  if (count < 1 || count > 3)
    throw Error("drm: buffers must be 1, 2 or 3, not " + std::to_string(options.buffers));
  create_buffers(count);
  set_mode();
  has_vblank = probe_vblank();

  info.backend = "drm";
  info.device = path;
  info.width = mode.hdisplay;
  info.height = mode.vdisplay;
  info.format = pixel_format_from_drm_fourcc(DRM_FORMAT_XRGB8888);
  info.stride = buffers[0].pitch;
  info.buffer_count = count;
  info.refresh_mhz = mode_refresh_mhz(mode);
  // The kernel's advice for dumb buffers in VRAM or write-combined memory: never read them,
  // compose in a shadow and copy. libfb never reads a scanout; the flag tells the renderer.
  info.write_combined = prefer_shadow;
  info.vsync_paced = has_vblank;
  timer = detail::FrameTimer(info.refresh_mhz);
  ages = BufferAges(count);
  front = 0;
  back = count > 1 ? 1 : 0;
}

void DrmDisplay::Impl::check_kms_and_master() {
  drmVersionPtr version = drmGetVersion(fd);
  if (!version) fail("not a DRM device (DRM_IOCTL_VERSION failed)", ENOTTY);
  driver.assign(version->name, static_cast<size_t>(version->name_len));
  drmFreeVersion(version);

  if (!drmIsKMS(fd)) {
    fail("the " + driver + " device has no KMS display (a render node? use a /dev/dri/cardN node)",
         EOPNOTSUPP);
  }
  // The first opener of a card becomes master on its own; otherwise someone else holds it.
  if (!drmIsMaster(fd) && drmSetMaster(fd) != 0) {
    fail(
        "another process is DRM master (a display server or another program drawing on it); "
        "stop it or run from a text console",
        EBUSY);
  }
}

void DrmDisplay::Impl::choose_connector_and_crtc(const drmModeRes& resources) {
  std::string seen;
  Connector chosen;
  for (int i = 0; i < resources.count_connectors && !chosen; ++i) {
    Connector candidate(drmModeGetConnector(fd, resources.connectors[i]));
    if (!candidate) continue;
    const std::string name = connector_name_of(*candidate);
    if (!options.connector.empty() && name != options.connector) continue;
    const bool connected = candidate->connection == DRM_MODE_CONNECTED;
    seen += (seen.empty() ? "" : ", ") + name +
            (connected ? (candidate->count_modes > 0 ? "" : " (no modes)") : " (disconnected)");
    if (connected && candidate->count_modes > 0) {
      connector = name;
      chosen = std::move(candidate);
    }
  }
  if (!chosen) {
    if (!options.connector.empty() && seen.empty())
      fail("no connector named " + options.connector, ENODEV);
    fail("no connector is connected" + (seen.empty() ? std::string() : " (" + seen + ")"), ENODEV);
  }
  connector_id = chosen->connector_id;
  choose_mode(*chosen);

  // Keep the CRTC the connector already drives; otherwise the first one its encoders can use.
  crtc_id = 0;
  if (chosen->encoder_id != 0) {
    Encoder encoder(drmModeGetEncoder(fd, chosen->encoder_id));
    if (encoder) crtc_id = encoder->crtc_id;
  }
  for (int e = 0; e < chosen->count_encoders && crtc_id == 0; ++e) {
    Encoder encoder(drmModeGetEncoder(fd, chosen->encoders[e]));
    if (!encoder) continue;
    for (int c = 0; c < resources.count_crtcs; ++c) {
      if (encoder->possible_crtcs & (1u << c)) {
        crtc_id = resources.crtcs[c];
        break;
      }
    }
  }
  if (crtc_id == 0) fail("no CRTC can drive connector " + connector, ENODEV);
  for (int c = 0; c < resources.count_crtcs; ++c)
    if (resources.crtcs[c] == crtc_id) crtc_index = c;
}

void DrmDisplay::Impl::choose_mode(const drmModeConnector& chosen) {
  connector_modes.assign(chosen.modes, chosen.modes + chosen.count_modes);
  const drmModeModeInfo* best = nullptr;
  auto better = [](const drmModeModeInfo& a, const drmModeModeInfo* b) {
    if (!b) return true;
    const bool a_preferred = a.type & DRM_MODE_TYPE_PREFERRED;
    const bool b_preferred = b->type & DRM_MODE_TYPE_PREFERRED;
    if (a_preferred != b_preferred) return a_preferred;
    return a.vrefresh > b->vrefresh;
  };
  const bool requested = options.width > 0 || options.height > 0;
  for (const drmModeModeInfo& m : connector_modes) {
    if (requested && (m.hdisplay != options.width || m.vdisplay != options.height)) continue;
    if (!requested && best && (best->type & DRM_MODE_TYPE_PREFERRED)) break;
    if (better(m, best)) best = &m;
  }
  if (!best) {
    std::string offered;
    for (const drmModeModeInfo& m : connector_modes)
      offered += (offered.empty() ? "" : ", ") + mode_text(m);
    throw Error("drm: " + path + ": connector " + connector + " has no " +
                std::to_string(options.width) + "x" + std::to_string(options.height) +
                " mode; it offers " + offered);
  }
  mode = *best;
}

void DrmDisplay::Impl::create_buffers(int count) {
  for (int i = 0; i < count; ++i) {
    Buffer& b = buffers.emplace_back();
    if (drmModeCreateDumbBuffer(fd, mode.hdisplay, mode.vdisplay, 32, 0, &b.handle, &b.pitch,
                                &b.size) != 0)
      fail("cannot allocate a " + mode_text(mode) + " dumb buffer", errno);
    const uint32_t handles[4] = {b.handle};
    const uint32_t pitches[4] = {b.pitch};
    const uint32_t offsets[4] = {0};
    if (drmModeAddFB2(fd, mode.hdisplay, mode.vdisplay, DRM_FORMAT_XRGB8888, handles, pitches,
                      offsets, &b.fb_id, 0) != 0)
      fail("cannot add an XRGB8888 framebuffer", errno);
    uint64_t offset = 0;
    if (drmModeMapDumbBuffer(fd, b.handle, &offset) != 0) fail("cannot map a dumb buffer", errno);
    void* mapped =
        mmap(nullptr, b.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, static_cast<off_t>(offset));
    if (mapped == MAP_FAILED) fail("cannot mmap a dumb buffer", errno);
    b.map = static_cast<std::byte*>(mapped);
    // Black, written once with plain stores: nothing here reads the buffer.
    std::memset(b.map, 0, b.size);
  }
}

void DrmDisplay::Impl::set_mode() {
  saved_crtc.reset(drmModeGetCrtc(fd, crtc_id));
  uint32_t connectors[1] = {connector_id};
  if (drmModeSetCrtc(fd, crtc_id, buffers[0].fb_id, 0, 0, connectors, 1, &mode) != 0) {
    const int e = errno;
    if (e == EACCES || e == EPERM) fail("cannot set a mode: another process is DRM master", e);
    fail("setting mode " + mode_text(mode) + " on " + connector + " failed", e);
  }
  mode_set = true;
}

bool DrmDisplay::Impl::probe_vblank() {
  drmVBlank request{};
  uint32_t type = DRM_VBLANK_RELATIVE;
  if (crtc_index == 1) {
    type |= DRM_VBLANK_SECONDARY;
  } else if (crtc_index > 1) {
    type |= (static_cast<uint32_t>(crtc_index) << DRM_VBLANK_HIGH_CRTC_SHIFT) &
            DRM_VBLANK_HIGH_CRTC_MASK;
  }
  request.request.type = static_cast<drmVBlankSeqType>(type);
  request.request.sequence = 1;
  return drmWaitVBlank(fd, &request) == 0;
}

void DrmDisplay::Impl::page_flip(int buffer) {
  if (can_page_flip) {
    if (drmModePageFlip(fd, crtc_id, buffers[static_cast<size_t>(buffer)].fb_id,
                        DRM_MODE_PAGE_FLIP_EVENT, this) == 0) {
      flip_pending = true;
      wait_for_flip();
      return;
    }
    const int e = errno;
    if (e != EINVAL && e != ENOSYS && e != EOPNOTSUPP) fail("page flip failed", e);
    can_page_flip = false;  // a driver without flips: a mode set shows the buffer instead
  }
  uint32_t connectors[1] = {connector_id};
  if (drmModeSetCrtc(fd, crtc_id, buffers[static_cast<size_t>(buffer)].fb_id, 0, 0, connectors, 1,
                     &mode) != 0)
    fail("showing a buffer with a mode set failed", errno);
}

void DrmDisplay::Impl::wait_for_flip() {
  drmEventContext context{};
  context.version = 2;
  context.page_flip_handler = [](int, unsigned, unsigned, unsigned, void* data) {
    static_cast<Impl*>(data)->flip_pending = false;
  };
  while (flip_pending) {
    pollfd p{fd, POLLIN, 0};
    const int ready = poll(&p, 1, 1000);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) fail("waiting for a page flip failed", errno);
    if (ready == 0) {
      flip_pending = false;
      fail("a page flip did not complete within 1 s", ETIMEDOUT);
    }
    if (drmHandleEvent(fd, &context) != 0) fail("reading DRM events failed", EIO);
  }
}

void DrmDisplay::Impl::dirty(int buffer, const Region& damage) {
  if (!dirty_fb_works || damage.empty()) return;
  std::vector<drmModeClip> clips;
  for (const pixman_box32_t& box : damage.boxes()) {
    const int32_t x1 = std::clamp<int32_t>(box.x1, 0, info.width);
    const int32_t y1 = std::clamp<int32_t>(box.y1, 0, info.height);
    const int32_t x2 = std::clamp<int32_t>(box.x2, 0, info.width);
    const int32_t y2 = std::clamp<int32_t>(box.y2, 0, info.height);
    if (x2 > x1 && y2 > y1)
      clips.push_back(drmModeClip{static_cast<uint16_t>(x1), static_cast<uint16_t>(y1),
                                  static_cast<uint16_t>(x2), static_cast<uint16_t>(y2)});
  }
  if (clips.empty()) return;
  const int result = drmModeDirtyFB(fd, buffers[static_cast<size_t>(buffer)].fb_id, clips.data(),
                                    static_cast<uint32_t>(clips.size()));
  // Drivers that scan out of the buffer itself (bochs) have no dirty hook and say ENOSYS.
  if (result != 0 && (errno == ENOSYS || errno == EOPNOTSUPP || errno == EINVAL))
    dirty_fb_works = false;
}

void DrmDisplay::Impl::close_card() {
  if (fd < 0) return;
  if (flip_pending) {
    try {
      wait_for_flip();
    } catch (const Error&) {
    }
  }
  if (mode_set && saved_crtc && saved_crtc->buffer_id != 0 && saved_crtc->mode_valid) {
    // Give the screen back as we found it (e.g. to the fbdev console).
    uint32_t connectors[1] = {connector_id};
    drmModeSetCrtc(fd, saved_crtc->crtc_id, saved_crtc->buffer_id, saved_crtc->x, saved_crtc->y,
                   connectors, 1, &saved_crtc->mode);
  }
  for (Buffer& b : buffers) {
    if (b.map) munmap(b.map, b.size);
    if (b.fb_id) drmModeRmFB(fd, b.fb_id);
    if (b.handle) drmModeDestroyDumbBuffer(fd, b.handle);
  }
  buffers.clear();
  ::close(fd);
  fd = -1;
}

DrmDisplay::DrmDisplay(const DrmOptions& options) {
  if (!options.device.empty()) {
    impl_ = std::make_unique<Impl>();
    impl_->options = options;
    impl_->open_card(options.device);
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
      attempt->open_card(card);
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
    std::string name = mode_text(m);
    if (m.type & DRM_MODE_TYPE_PREFERRED) {
      names.insert(names.begin(), name + " (preferred)");
    } else {
      names.push_back(name);
    }
  }
  return names;
}

std::optional<InputEvent> DrmDisplay::poll_input() {
  return impl_->input.poll();
}
std::vector<std::string> DrmDisplay::input_devices() const {
  return impl_->input.describe_devices();
}

BackBuffer DrmDisplay::acquire() {
  Impl& d = *impl_;
  const Impl::Buffer& b = d.buffers[static_cast<size_t>(d.back)];
  BackBuffer buffer;
  buffer.index = d.back;
  buffer.age = d.ages.age(d.back);
  buffer.target = ScanoutSurface(b.map, d.info.width, d.info.height, b.pitch, d.info.format);
  return buffer;
}

void DrmDisplay::present(const Region& damage) {
  Impl& d = *impl_;
  if (d.info.buffer_count == 1) {
    // Drawn into the buffer on screen: drivers that copy it elsewhere (virtio-gpu to the host)
    // need to hear which part changed.
    d.dirty(d.front, damage);
  } else {
    // A flip to another framebuffer makes the driver take the whole buffer.
    d.page_flip(d.back);
    d.front = d.back;
    d.back = (d.back + 1) % d.info.buffer_count;
    ++d.flips;
  }
  if (!d.has_vblank) d.timer.wait_next_tick();
  d.ages.presented(d.front);
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
    drm.input = options.input;
    drm.input_clock = options.input_clock;
    return std::unique_ptr<Display>(std::make_unique<DrmDisplay>(drm));
  };
  return entry;
}

}  // namespace detail
}  // namespace fb
