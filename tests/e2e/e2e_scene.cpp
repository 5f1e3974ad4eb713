// SPDX-License-Identifier: MIT
// e2e_scene: renders a fixed test scene through the compositor on any display backend, frame
// by frame. On the host with the headless backend it writes the reference frames as PPM; in a
// QEMU guest it prints a marker after each frame and waits for the host's screendump.
//
//   e2e_scene --backend SPEC [--mode WxH] [--buffers N] [--format F] [--rotate DEGREES]
//             [--frames N] [--sync] [--reference-dir DIR] [--readback] [--kd-report TTY]
//             [--tag T] [--raise SIGTERM|SIGSEGV] [--hold]
//
// With --rotate the scene is drawn on the logical (turned) picture; --mode stays the panel's,
// and the headless reference frames are the panel's pixels (what a screendump shows).
//
// Lines it prints (one each, parsed by run_e2e.py):
//   E2E-OPEN tag backend=.. device=.. size=WxH format=.. buffers=N vsync=0|1 rotation=R
//            panel=WxH
//   E2E-FRAME tag k index=i age=a repainted=pixels
//   E2E-READBACK tag k scanout_offset=O drawn_offset=D flip_count=F hash=H   (--readback)
//   E2E-SHOW tag k                   (--sync: then waits for a newline on stdin)
//   E2E-KDMODE tag text|graphics|unknown
//   E2E-ERROR message                (and exit status 1)
#include <cairo.h>
#include <fcntl.h>
#include <linux/kd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fb/backend_registry.hpp"
#include "fb/compositor/cairo_canvas.hpp"
#include "fb/compositor/renderer.hpp"
#include "fb/compositor/scene.hpp"
#include "fb/error.hpp"
#include "fb/fbdev_display.hpp"
#include "fb/headless_display.hpp"
#include "fb/pixel_format.hpp"
#include "fb/rotation.hpp"

namespace {

struct Args {
  std::string spec;
  fb::DisplayOptions options;
  int frames = 3;
  bool sync = false;
  std::string reference_dir;
  bool readback = false;
  std::string kd_tty;
  std::string tag = "-";
  std::string raise_signal;
  bool hold = false;
};

// --- The scene ---------------------------------------------------------------------------

struct TestScene {
  fb::Layer moving;
  fb::Layer picture;
  fb::Layer glass;
};

// Channels in distinct places (red, green, blue bars catch swapped orders), a translucent
// layer (blending), an antialiased Cairo drawing (gradients, curves) and a layer that moves
// every frame so consecutive frames differ. No text: the guest has no fonts.
TestScene build_scene(fb::Scene& scene) {
  TestScene t;
  scene.add_solid({40, 40, 200, 120}, 0xffff0000);
  scene.add_solid({260, 40, 200, 120}, 0xff00ff00);
  scene.add_solid({480, 40, 200, 120}, 0xff0000ff);
  scene.add_solid({700, 40, 120, 120}, 0xffffffff);

  t.picture = scene.add_image(fb::Image(320, 240, fb::PixelFormat::argb8888_premul), {80, 220}, 1);
  {
    fb::CairoCanvas canvas(t.picture);
    cairo_t* cr = canvas.cr();
    cairo_pattern_t* gradient = cairo_pattern_create_linear(0, 0, 320, 240);
    cairo_pattern_add_color_stop_rgba(gradient, 0, 1.0, 0.8, 0.1, 1.0);
    cairo_pattern_add_color_stop_rgba(gradient, 1, 0.1, 0.3, 0.9, 0.6);
    cairo_set_source(cr, gradient);
    cairo_rectangle(cr, 10, 10, 300, 220);
    canvas.fill();
    cairo_pattern_destroy(gradient);
    cairo_set_source_rgba(cr, 0.0, 0.0, 0.0, 0.8);
    cairo_set_line_width(cr, 7.5);
    cairo_arc(cr, 160, 120, 80, 0.3, 5.5);
    canvas.stroke();
    cairo_set_source_rgba(cr, 0.9, 0.1, 0.5, 0.7);
    cairo_move_to(cr, 20, 200);
    cairo_curve_to(cr, 100, 20, 220, 260, 300, 30);
    cairo_set_line_width(cr, 3.3);
    canvas.stroke();
  }

  t.glass = scene.add_solid({300, 180, 360, 260}, 0x80406080, 2);  // premultiplied, alpha 0x80
  t.moving = scene.add_solid({0, 480, 96, 80}, 0xffffc000, 3);
  return t;
}

// Frame k's changes: the bar moves, the picture slides, the glass fades.
void update_scene(TestScene& t, int frame) {
  t.moving.move_to({60 + 170 * frame, 480});
  t.picture.move_to({80 + 23 * frame, 220 + 11 * frame});
  t.glass.set_opacity(static_cast<uint8_t>(255 - 40 * (frame % 5)));
}

// --- Checks ------------------------------------------------------------------------------

void write_ppm(const fb::Surface& surface, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  out << "P6\n" << surface.width() << " " << surface.height() << "\n255\n";
  std::vector<char> row(static_cast<size_t>(surface.width()) * 3);
  for (int32_t y = 0; y < surface.height(); ++y) {
    const std::byte* src = surface.row(y);
    const int bpp = fb::bytes_per_pixel(surface.format());
    for (int32_t x = 0; x < surface.width(); ++x) {
      uint32_t pixel = 0;
      std::memcpy(&pixel, src + x * bpp, static_cast<size_t>(bpp));
      const uint32_t argb = fb::argb_from_pixel(surface.format(), pixel);
      row[static_cast<size_t>(x) * 3 + 0] = static_cast<char>((argb >> 16) & 0xff);
      row[static_cast<size_t>(x) * 3 + 1] = static_cast<char>((argb >> 8) & 0xff);
      row[static_cast<size_t>(x) * 3 + 2] = static_cast<char>(argb & 0xff);
    }
    out.write(row.data(), static_cast<std::streamsize>(row.size()));
  }
  if (!out) throw fb::Error("cannot write " + path);
}

// FNV-1a 64 over R, G, B of every visible pixel: the same on the host's reference frames and
// on what the guest reads back, whatever the pixel layout in memory.
uint64_t rgb_hash(const std::byte* data, int32_t width, int32_t height, ptrdiff_t stride,
                  fb::PixelFormat format) {
  uint64_t hash = 0xcbf29ce484222325ull;
  const int bpp = fb::bytes_per_pixel(format);
  for (int32_t y = 0; y < height; ++y) {
    for (int32_t x = 0; x < width; ++x) {
      uint32_t pixel = 0;
      std::memcpy(&pixel, data + y * stride + x * bpp, static_cast<size_t>(bpp));
      const uint32_t argb = fb::argb_from_pixel(format, pixel);
      for (int shift : {16, 8, 0}) {
        hash ^= (argb >> shift) & 0xff;
        hash *= 0x100000001b3ull;
      }
    }
  }
  return hash;
}

uint64_t read_number(const std::string& path) {
  std::ifstream in(path);
  uint64_t value = 0;
  if (!(in >> value)) throw fb::Error("cannot read " + path);
  return value;
}

// What the framebuffer memory holds where the driver scans out, read with read() (not the
// backend's mapping), hashed as RGB bytes like the host hashes its reference PPM.
void report_readback(const fb::FbdevDisplay& display, const std::string& tag, int frame) {
  const fb::DisplayInfo& info = display.info();
  const std::string node = info.device.substr(info.device.rfind('/') + 1);
  const std::string sysfs = "/sys/class/graphics/" + node + "/device/";
  const uint64_t scanout = read_number(sysfs + "scanout_offset");
  const uint64_t flips = read_number(sysfs + "flip_count");
  const uint64_t frame_bytes = static_cast<uint64_t>(info.stride) * info.height;

  const int fd = open(info.device.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw fb::Error("cannot open " + info.device + " for read()");
  std::vector<std::byte> frame_data(frame_bytes);
  size_t got = 0;
  while (got < frame_bytes) {
    const ssize_t n =
        pread(fd, frame_data.data() + got, frame_bytes - got, static_cast<off_t>(scanout + got));
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  close(fd);
  if (got != frame_bytes) throw fb::Error("short read() of " + info.device);

  const uint64_t hash =
      rgb_hash(frame_data.data(), info.width, info.height, info.stride, info.format);
  std::printf(
      "E2E-READBACK %s %d scanout_offset=%llu drawn_offset=%llu flip_count=%llu hash=%016llx\n",
      tag.c_str(), frame, static_cast<unsigned long long>(scanout),
      static_cast<unsigned long long>(display.scanout_offset()),
      static_cast<unsigned long long>(flips), static_cast<unsigned long long>(hash));
}

void report_kd_mode(const std::string& tty, const std::string& tag) {
  const int fd = open(tty.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  int mode = -1;
  if (fd >= 0) {
    if (ioctl(fd, KDGETMODE, &mode) != 0) mode = -1;
    close(fd);
  }
  std::printf("E2E-KDMODE %s %s\n", tag.c_str(),
              mode == KD_TEXT       ? "text"
              : mode == KD_GRAPHICS ? "graphics"
                                    : "unknown");
  std::fflush(stdout);
}

void wait_for_host(const std::string& tag, int frame) {
  std::printf("E2E-SHOW %s %d\n", tag.c_str(), frame);
  std::fflush(stdout);
  char line[64];
  if (!std::fgets(line, sizeof line, stdin)) throw fb::Error("no answer from the host");
}

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw fb::Error(std::string(arg) + " needs a value");
      return argv[++i];
    };
    if (arg == "--backend") {
      a.spec = value();
    } else if (arg == "--mode") {
      const std::string m = value();
      if (std::sscanf(m.c_str(), "%dx%d", &a.options.width, &a.options.height) != 2)
        throw fb::Error("bad mode " + m);
    } else if (arg == "--format") {
      a.options.format = fb::pixel_format_from_name(value());
    } else if (arg == "--rotate") {
      const std::string r = value();
      const std::optional<fb::Rotation> rotation = fb::parse_rotation(r);
      if (!rotation) throw fb::Error("bad rotation " + r + " (0, 90, 180 or 270)");
      a.options.rotation = *rotation;
    } else if (arg == "--buffers") {
      a.options.buffers = std::atoi(value().c_str());
    } else if (arg == "--frames") {
      a.frames = std::atoi(value().c_str());
    } else if (arg == "--sync") {
      a.sync = true;
    } else if (arg == "--reference-dir") {
      a.reference_dir = value();
    } else if (arg == "--readback") {
      a.readback = true;
    } else if (arg == "--kd-report") {
      a.kd_tty = value();
    } else if (arg == "--tag") {
      a.tag = value();
    } else if (arg == "--raise") {
      a.raise_signal = value();
    } else if (arg == "--hold") {
      a.hold = true;
    } else {
      throw fb::Error("unknown argument " + std::string(arg));
    }
  }
  return a;
}

int run(const Args& a) {
  if (a.spec.empty()) {  // only a console mode report
    report_kd_mode(a.kd_tty.empty() ? "/dev/tty0" : a.kd_tty, a.tag);
    return 0;
  }
  auto display = fb::open_display(a.spec, a.options);
  const fb::DisplayInfo& info = display->info();
  std::printf(
      "E2E-OPEN %s backend=%s device=%s size=%dx%d format=%s buffers=%d vsync=%d rotation=%d "
      "panel=%dx%d\n",
      a.tag.c_str(), info.backend.c_str(), info.device.c_str(), info.width, info.height,
      std::string(fb::pixel_format_name(info.format)).c_str(), info.buffer_count,
      info.has_vblank ? 1 : 0, fb::degrees(info.rotation), info.scanout_width, info.scanout_height);
  std::fflush(stdout);
  if (!a.kd_tty.empty()) report_kd_mode(a.kd_tty, a.tag);

  fb::Scene scene(info.width, info.height, 0xff203040);
  TestScene t = build_scene(scene);
  fb::Renderer renderer;
  for (int frame = 1; frame <= a.frames; ++frame) {
    update_scene(t, frame);
    fb::BackBuffer buffer = display->acquire();
    const fb::RenderStats stats = renderer.render(scene, buffer);
    display->present(stats.repainted);
    // present() only queues a flip: the frame is on screen after the next vblank, where the
    // display has one (the read-back below and the host's screendump look at the screen).
    display->wait_for_vblank();
    scene.end_frame();
    std::printf("E2E-FRAME %s %d index=%d age=%d repainted=%llu\n", a.tag.c_str(), frame,
                buffer.index, buffer.age, static_cast<unsigned long long>(stats.damage_area));
    if (!a.reference_dir.empty()) {
      auto* headless = dynamic_cast<fb::HeadlessDisplay*>(display.get());
      if (!headless) throw fb::Error("--reference-dir needs the headless backend");
      const fb::Surface& front = headless->front();
      const std::string base = a.reference_dir + "/frame-" + std::to_string(frame);
      write_ppm(front, base + ".ppm");
      char hash[32];
      std::snprintf(
          hash, sizeof hash, "%016llx\n",
          static_cast<unsigned long long>(rgb_hash(front.data(), front.width(), front.height(),
                                                   front.stride(), front.format())));
      std::ofstream(base + ".fnv") << hash;
    }
    if (a.readback) {
      auto* fbdev = dynamic_cast<fb::FbdevDisplay*>(display.get());
      if (!fbdev) throw fb::Error("--readback needs the fbdev backend");
      report_readback(*fbdev, a.tag, frame);
    }
    std::fflush(stdout);
    if (a.sync) wait_for_host(a.tag, frame);
  }
  if (a.hold) {
    std::printf("E2E-HOLDING %s\n", a.tag.c_str());
    std::fflush(stdout);
    pause();
  }
  if (a.raise_signal == "SIGTERM") raise(SIGTERM);
  if (a.raise_signal == "SIGSEGV") raise(SIGSEGV);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse(argc, argv));
  } catch (const std::exception& e) {
    std::printf("E2E-ERROR %s\n", e.what());
    return 1;
  }
}
