// SPDX-License-Identifier: MIT
#include "fb/evdev_input.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <deque>

#include "fb/error.hpp"
#include "input_source.hpp"

namespace fb {
namespace {

uint64_t monotonic_us() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

bool is_event_node_name(const std::string& name) {
  return name.rfind("event", 0) == 0;
}

}  // namespace

struct EvdevInput::Impl {
  EvdevInputOptions options;
  std::vector<std::unique_ptr<evdev::InputSource>> sources;
  std::deque<InputEvent> pending;
  std::function<uint64_t()> replay_clock = monotonic_us;
  int inotify_fd = -1;

  ~Impl() {
    if (inotify_fd >= 0) close(inotify_fd);
  }

  bool is_open(const std::string& path) const {
    return std::any_of(sources.begin(), sources.end(),
                       [&path](const auto& source) { return source->path() == path; });
  }

  // A regular file is a recording; anything else a device node. Returns nullptr when the
  // device has nothing for us (e.g. a lid switch).
  std::unique_ptr<evdev::InputSource> open_source(const std::string& path) const {
    struct stat status {};
    if (stat(path.c_str(), &status) != 0) throw DeviceError("evdev: cannot open " + path, errno);
    const Orientation panel{options.rotation, options.display_width, options.display_height};
    if (S_ISREG(status.st_mode)) return evdev::open_recording(path, panel, options.calibration);
    return evdev::open_evdev_device(path, panel, options.calibration);
  }

  // Devices found by scanning or hot-plug are optional: one we may not read (permissions, not
  // yet set up by udev, half-written recording) is skipped and tried again on its next change.
  void try_add(const std::string& path) {
    if (is_open(path)) return;
    try {
      if (auto source = open_source(path)) sources.push_back(std::move(source));
    } catch (const Error&) {
    }
  }

  void remove(const std::string& path) {
    std::erase_if(sources, [&path](const auto& source) { return source->path() == path; });
  }

  void scan_directory() {
    DIR* dir = opendir(options.directory.c_str());
    if (!dir) return;
    std::vector<std::string> names;
    while (const dirent* entry = readdir(dir)) {
      if (is_event_node_name(entry->d_name)) names.emplace_back(entry->d_name);
    }
    closedir(dir);
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) try_add(options.directory + "/" + name);
  }

  void watch_directory() {
    inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    // Out of inotify instances (EMFILE) is no reason to lose the devices present now: they
    // are still read, only hot-plug is off.
    if (inotify_fd < 0) return;
    // Device nodes appear (IN_CREATE) and get their permissions from udev (IN_ATTRIB);
    // recordings are complete once written (IN_CLOSE_WRITE) or renamed into place.
    const uint32_t mask =
        IN_CREATE | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM;
    if (inotify_add_watch(inotify_fd, options.directory.c_str(), mask) < 0) {
      close(inotify_fd);
      inotify_fd = -1;  // no directory: a board without input devices
    }
  }

  void handle_hotplug() {
    if (inotify_fd < 0) return;
    alignas(inotify_event) char buffer[4096];
    for (;;) {
      const ssize_t length = ::read(inotify_fd, buffer, sizeof buffer);
      if (length <= 0) return;  // EAGAIN: nothing more
      for (ssize_t offset = 0; offset < length;) {
        const auto* event = reinterpret_cast<const inotify_event*>(buffer + offset);
        offset += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
        if (event->len == 0 || !is_event_node_name(event->name)) continue;
        const std::string path = options.directory + "/" + event->name;
        if (event->mask & (IN_DELETE | IN_MOVED_FROM)) {
          remove(path);
        } else if (event->mask & IN_CREATE) {
          struct stat status {};
          // A regular file is still being written: wait for IN_CLOSE_WRITE.
          if (stat(path.c_str(), &status) == 0 && !S_ISREG(status.st_mode)) try_add(path);
        } else {
          try_add(path);
        }
      }
    }
  }

  void read_sources() {
    const uint64_t now = replay_clock();
    // A device that reports it is gone (unplugged) is dropped; its node's removal also is.
    std::erase_if(sources, [&](const auto& source) { return !source->read(pending, now); });
  }
};

EvdevInput::EvdevInput(EvdevInputOptions options) : impl_(std::make_unique<Impl>()) {
  if (options.device.empty()) {
    if (const char* from_environment = std::getenv(kInputEnvironmentVariable)) {
      options.device = from_environment;
    }
  }
  if (options.display_width <= 0 || options.display_height <= 0) {
    throw Error("evdev: the display size must be positive, got " +
                std::to_string(options.display_width) + "x" +
                std::to_string(options.display_height));
  }
  // Orientation would take any other angle for r0 without a word.
  if (const int angle = degrees(options.rotation);
      angle != 0 && angle != 90 && angle != 180 && angle != 270) {
    throw Error("evdev: the rotation must be 0, 90, 180 or 270, got " + std::to_string(angle));
  }
  impl_->options = std::move(options);
  const std::string& device = impl_->options.device;
  if (!device.empty()) {
    auto source = impl_->open_source(device);
    if (!source) throw Error("evdev: " + device + " is neither a pointer nor a keyboard");
    impl_->sources.push_back(std::move(source));
  } else {
    impl_->watch_directory();  // before the scan, so nothing plugged in between is missed
    impl_->scan_directory();
  }
}

EvdevInput::~EvdevInput() = default;

std::optional<InputEvent> EvdevInput::poll() {
  if (impl_->pending.empty()) {
    impl_->handle_hotplug();
    impl_->read_sources();
  }
  if (impl_->pending.empty()) return std::nullopt;
  InputEvent next = impl_->pending.front();
  impl_->pending.pop_front();
  return next;
}

void EvdevInput::set_replay_clock(std::function<uint64_t()> now_us) {
  impl_->replay_clock = now_us ? std::move(now_us) : std::function<uint64_t()>(monotonic_us);
}

std::vector<std::string> EvdevInput::describe_devices() const {
  std::vector<std::string> lines;
  for (const auto& source : impl_->sources) {
    lines.push_back(source->path() + ": " + source->describe());
  }
  return lines;
}

bool EvdevInput::replay_finished() const {
  bool any = false;
  for (const auto& source : impl_->sources) {
    if (!source->is_replay()) continue;
    any = true;
    if (!source->finished()) return false;
  }
  return any;
}

}  // namespace fb
