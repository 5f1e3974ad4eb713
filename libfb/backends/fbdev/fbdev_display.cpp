// SPDX-License-Identifier: MIT
// The fbdev backend: /dev/fbN mapped whole, double buffered by panning where it can be.
#include "fb/fbdev_display.hpp"

#include <fcntl.h>
#include <linux/fb.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "../../input/board_input.hpp"
#include "builtin_backends.hpp"
#include "fb/buffer_ages.hpp"
#include "fb/error.hpp"

namespace fb {
namespace {

FbdevLayout layout_of(const fb_var_screeninfo& var) {
  auto field = [](const fb_bitfield& f) {
    return ChannelField{static_cast<uint8_t>(f.offset), static_cast<uint8_t>(f.length)};
  };
  FbdevLayout layout;
  layout.bits_per_pixel = var.bits_per_pixel;
  layout.red = field(var.red);
  layout.green = field(var.green);
  layout.blue = field(var.blue);
  layout.transp = field(var.transp);
  layout.grayscale = var.grayscale;
  layout.nonstd = var.nonstd;
  return layout;
}

const char* visual_name(uint32_t visual) {
  switch (visual) {
    case FB_VISUAL_MONO01:
    case FB_VISUAL_MONO10:
      return "monochrome";
    case FB_VISUAL_TRUECOLOR:
      return "truecolor";
    case FB_VISUAL_PSEUDOCOLOR:
    case FB_VISUAL_STATIC_PSEUDOCOLOR:
      return "pseudocolor (a palette)";
    case FB_VISUAL_DIRECTCOLOR:
      return "directcolor (channels through a colour map)";
    default:
      return "an unknown visual";
  }
}

}  // namespace

struct FbdevDisplay::Impl {
  FbdevOptions options;
  int fd = -1;
  fb_var_screeninfo var{};
  fb_var_screeninfo original_var{};
  fb_fix_screeninfo fix{};
  bool var_changed = false;
  std::string driver_id;
  DisplayInfo info;

  std::byte* map = nullptr;
  size_t map_length = 0;
  size_t screen_offset = 0;  // where smem_start lies inside the first mapped page
  size_t frame_bytes = 0;
  size_t single_buffer_offset = 0;

  bool has_vsync = false;
  int front = 0;  // the buffer last presented (on screen, or queued by a pan until the vblank)
  int back = 0;
  // A pan is queued and the buffer shown before it may still be scanned out until the vblank.
  // Only known with vsync: without, a pan is assumed to take effect at once.
  bool flip_pending = false;
  int shown_before_flip = 0;
  // FBIOGET_VBLANK's counter, where the driver has one: a count that moved since the pan means
  // the flip happened, known without sleeping for the next vblank.
  bool has_vblank_count = false;
  uint32_t count_at_pan = 0;
  BufferAges ages;

  evdev::BoardInput input;
  std::unique_ptr<ConsoleGraphicsMode> console;

  ~Impl() { close_device(); }

  void open_device(const FbdevOptions& opts);
  void close_device();
  void plan_buffers();
  void pan_to(int buffer);
  bool wait_for_vsync();
  bool vblank_count(uint32_t& count) const {
    fb_vblank vblank{};
    if (ioctl(fd, FBIOGET_VBLANK, &vblank) != 0 || !(vblank.flags & FB_VBLANK_HAVE_COUNT))
      return false;
    count = vblank.count;
    return true;
  }
  /// Waits for the vblank at which the queued pan takes effect, unless it has already passed.
  void wait_for_flip() {
    uint32_t count = 0;
    if (has_vblank_count && vblank_count(count) && count != count_at_pan) {
      flip_pending = false;
      return;
    }
    if (!wait_for_vsync()) has_vsync = false;  // stopped answering: pans count as immediate
    flip_pending = false;
  }
  size_t buffer_offset(int buffer) const {
    return info.buffer_count > 1 ? screen_offset + buffer * frame_bytes
                                 : screen_offset + single_buffer_offset;
  }
};

void FbdevDisplay::Impl::open_device(const FbdevOptions& opts) {
  options = opts;
  const std::string& path = options.device;
  fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    const int e = errno;
    throw DeviceError("fbdev: cannot open " + path, e);
  }
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISCHR(st.st_mode)) {
    throw DeviceError("fbdev: " + path + " is not a framebuffer device (not a character device)",
                      ENOTTY);
  }
  if (ioctl(fd, FBIOGET_VSCREENINFO, &var) != 0 || ioctl(fd, FBIOGET_FSCREENINFO, &fix) != 0) {
    const int e = errno;
    throw DeviceError(
        "fbdev: " + path + " is not a framebuffer device (FBIOGET_VSCREENINFO failed)", e);
  }
  original_var = var;
  driver_id.assign(fix.id, strnlen(fix.id, sizeof fix.id));
  const std::string who = path + " (" + driver_id + ")";

  if (fix.type != FB_TYPE_PACKED_PIXELS) {
    throw UnsupportedFormat("fbdev: " + who + " stores pixels in planes (type " +
                            std::to_string(fix.type) + "); libfb draws packed pixels only");
  }
  if (fix.visual != FB_VISUAL_TRUECOLOR) {
    throw UnsupportedFormat("fbdev: " + who + " uses " + visual_name(fix.visual) + " at " +
                            describe_fbdev_layout(layout_of(var)) +
                            "; libfb draws truecolor layouts only (try fbset -depth 32 or 16)");
  }
  PixelFormat format;
  try {
    format = pixel_format_from_fbdev(layout_of(var));
  } catch (const UnsupportedFormat& e) {
    throw UnsupportedFormat("fbdev: " + who + ": " + e.what());
  }
  if (var.xres == 0 || var.yres == 0 || fix.line_length == 0 ||
      uint64_t{fix.line_length} * var.yres > fix.smem_len ||
      uint64_t{var.xres} * bytes_per_pixel(format) > fix.line_length) {
    throw DeviceError("fbdev: " + who +
                          " reports an inconsistent geometry: " + std::to_string(var.xres) + "x" +
                          std::to_string(var.yres) + ", " + std::to_string(fix.line_length) +
                          " bytes a line, " + std::to_string(fix.smem_len) + " bytes of memory",
                      EINVAL);
  }

  plan_buffers();

  // Map all of the display memory, not one screen: the other buffers live past the first.
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  screen_offset = fix.smem_start % page;
  map_length = (screen_offset + fix.smem_len + page - 1) / page * page;
  void* mapped = mmap(nullptr, map_length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (mapped == MAP_FAILED) {
    const int e = errno;
    map_length = 0;
    throw DeviceError("fbdev: cannot map " + std::to_string(fix.smem_len) + " bytes of " + who, e);
  }
  map = static_cast<std::byte*>(mapped);

  // A driver without vblank (DRM's emulation on QEMU, many simple drivers) answers at once with
  // an error; then presents are paced by a timer.
  has_vsync = wait_for_vsync();
  uint32_t unused_count = 0;
  has_vblank_count = has_vsync && vblank_count(unused_count);

  info.backend = "fbdev";
  info.device = path;
  info.driver = driver_id;
  info.set_panel(static_cast<int32_t>(var.xres), static_cast<int32_t>(var.yres), options.rotation);
  info.format = format;
  info.stride = fix.line_length;
  info.refresh_mhz =
      fbdev_refresh_mhz(var.pixclock, var.xres, var.yres, var.left_margin, var.right_margin,
                        var.upper_margin, var.lower_margin, var.hsync_len, var.vsync_len);
  // fbdev says nothing about caching; drivers map display memory write-combined or uncached.
  info.write_combined = true;
  info.has_vblank = has_vsync;
  ages = BufferAges(info.buffer_count);

  if (info.buffer_count > 1) {
    // Start from buffer 0 on screen and draw into buffer 1.
    front = 0;
    if (var.yoffset != 0 || var.xoffset != 0) pan_to(0);
    back = 1;
  } else {
    // One buffer: draw into whatever part of the memory is on screen now.
    single_buffer_offset =
        uint64_t{var.yoffset} * fix.line_length + uint64_t{var.xoffset} * bytes_per_pixel(format);
    if (single_buffer_offset + frame_bytes > fix.smem_len) single_buffer_offset = 0;
    front = back = 0;
  }

  // Input mapped to the screen; only a named device that cannot be opened fails here.
  input = evdev::BoardInput(options.input, info.orientation(),
                            load_touch_calibration(options.touch_calibration), options.input_clock);

  // Last, once nothing else can fail: keep the text console from drawing over us.
  if (options.switch_console) console = std::make_unique<ConsoleGraphicsMode>(options.console);
}

void FbdevDisplay::Impl::plan_buffers() {
  frame_bytes = size_t{fix.line_length} * var.yres;
  int wanted = options.buffers > 0 ? options.buffers : 2;
  // DRM's fbdev emulation accepts pans without changing what the CRTC shows: flipping there
  // would show stale frames. One buffer, unless the caller asked for more.
  if (options.buffers == 0 && driver_id.find("drmfb") != std::string::npos) wanted = 1;

  FbdevGeometry geometry{var.yres, var.yres_virtual, fix.line_length, fix.smem_len, fix.ypanstep};
  const uint64_t wanted_lines = uint64_t{var.yres} * static_cast<uint64_t>(wanted);
  if (wanted > 1 && fix.ypanstep != 0 && var.yres_virtual < wanted_lines &&
      static_cast<uint64_t>(wanted) * frame_bytes <= fix.smem_len) {
    // The memory holds more screens than the virtual height shows: ask for a taller one.
    fb_var_screeninfo taller = var;
    taller.yres_virtual = static_cast<uint32_t>(wanted_lines);
    taller.xoffset = 0;
    taller.yoffset = 0;
    taller.activate = FB_ACTIVATE_NOW;
    if (ioctl(fd, FBIOPUT_VSCREENINFO, &taller) == 0) {
      var_changed = true;
      ioctl(fd, FBIOGET_VSCREENINFO, &var);
      ioctl(fd, FBIOGET_FSCREENINFO, &fix);
      frame_bytes = size_t{fix.line_length} * var.yres;
      geometry =
          FbdevGeometry{var.yres, var.yres_virtual, fix.line_length, fix.smem_len, fix.ypanstep};
    }
  }
  info.buffer_count = fbdev_buffers_that_fit(geometry, wanted);
}

void FbdevDisplay::Impl::pan_to(int buffer) {
  fb_var_screeninfo pan = var;
  pan.xoffset = 0;
  pan.yoffset = static_cast<uint32_t>(buffer) * var.yres;
  if (ioctl(fd, FBIOPAN_DISPLAY, &pan) != 0) {
    const int e = errno;
    throw DeviceError("fbdev: " + options.device + ": FBIOPAN_DISPLAY to line " +
                          std::to_string(pan.yoffset) + " failed",
                      e);
  }
  var.xoffset = pan.xoffset;
  var.yoffset = pan.yoffset;
}

bool FbdevDisplay::Impl::wait_for_vsync() {
  uint32_t crtc = 0;
  while (ioctl(fd, FBIO_WAITFORVSYNC, &crtc) != 0) {
    if (errno != EINTR) return false;
  }
  return true;
}

void FbdevDisplay::Impl::close_device() {
  console.reset();
  if (map) munmap(map, map_length);
  map = nullptr;
  if (fd >= 0) {
    if (var_changed || var.yoffset != original_var.yoffset || var.xoffset != original_var.xoffset) {
      // Leave the device as we found it: virtual height and what is on screen.
      fb_var_screeninfo restore = original_var;
      restore.activate = FB_ACTIVATE_NOW;
      ioctl(fd, FBIOPUT_VSCREENINFO, &restore);
    }
    ::close(fd);
  }
  fd = -1;
}

FbdevDisplay::FbdevDisplay(const FbdevOptions& options) : impl_(std::make_unique<Impl>()) {
  impl_->open_device(options);
}

FbdevDisplay::~FbdevDisplay() = default;

const DisplayInfo& FbdevDisplay::info() const {
  return impl_->info;
}
const std::string& FbdevDisplay::driver_id() const {
  return impl_->driver_id;
}
uint64_t FbdevDisplay::scanout_offset() const {
  return uint64_t{impl_->var.yoffset} * impl_->fix.line_length;
}
bool FbdevDisplay::console_switched() const {
  return impl_->console && impl_->console->active();
}

Input& FbdevDisplay::input() {
  return impl_->input;
}

BackBuffer FbdevDisplay::acquire() {
  Impl& d = *impl_;
  // The buffer shown until the queued pan takes effect must not be drawn into before then.
  if (d.flip_pending && d.back == d.shown_before_flip) d.wait_for_flip();
  BackBuffer buffer;
  buffer.index = d.back;
  buffer.age = d.ages.age(d.back);
  buffer.target = ScanoutSurface(d.map + d.buffer_offset(d.back), d.info.scanout_width,
                                 d.info.scanout_height, d.info.stride, d.info.format)
                      .rotated(d.info.rotation);
  return buffer;
}

void FbdevDisplay::present(const Region& /*damage*/) {
  Impl& d = *impl_;
  // Drivers with deferred I/O (DRM's emulation) copy written pages to the screen later; fsync
  // starts that copy now. Others have nothing to flush and may answer EINVAL.
  fsync(d.fd);
  if (d.info.buffer_count > 1) {
    // One pan per vblank: a second pan before the first took effect would replace it and the
    // frame it queued would never be seen.
    if (d.flip_pending) d.wait_for_flip();
    d.shown_before_flip = d.front;
    d.pan_to(d.back);
    d.flip_pending = d.has_vsync;
    // Read after the pan: any vblank counted from here on took the new offset.
    if (d.has_vblank_count && !d.vblank_count(d.count_at_pan)) d.has_vblank_count = false;
    d.front = d.back;
    d.back = (d.back + 1) % d.info.buffer_count;
  }
  d.ages.presented(d.front);
}

bool FbdevDisplay::wait_for_vblank() {
  Impl& d = *impl_;
  if (!d.has_vsync || !d.wait_for_vsync()) return false;
  d.flip_pending = false;  // a queued pan took effect at this vblank
  return true;
}

namespace detail {

BackendEntry fbdev_backend_entry() {
  BackendEntry entry;
  entry.name = "fbdev";
  entry.description = "Linux framebuffer device (fbmmap.ko, DRM fbdev emulation, any fbdev)";
  entry.default_device = "/dev/fb0";
  entry.open = [](const std::string& device, const DisplayOptions& options) {
    FbdevOptions fbdev;
    if (!device.empty()) fbdev.device = device;
    fbdev.buffers = options.buffers;
    fbdev.input = options.input;
    fbdev.input_clock = options.input_clock;
    fbdev.touch_calibration = options.touch_calibration;
    fbdev.rotation = options.rotation.value_or(Rotation::r0);
    return std::unique_ptr<Display>(std::make_unique<FbdevDisplay>(fbdev));
  };
  return entry;
}

}  // namespace detail
}  // namespace fb
