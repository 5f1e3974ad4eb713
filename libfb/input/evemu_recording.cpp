// SPDX-License-Identifier: MIT
// Replays recordings in evemu-record's text format, so a touch session captured on the board
// (`evemu-record /dev/input/event0 > touch.evemu`) plays back through the same decoder:
//   N: <name>                          device name
//   B: <type> <byte> <byte> ...        capability bits of one event type, 8 codes a byte,
//                                      continued on further lines of the same type
//   A: <code> <min> <max> <fuzz> <flat> [<res>]   an absolute axis (code in hex)
//   E: <sec>.<usec> <type> <code> <value>         an event (type, code in hex; value decimal)
//   P: <byte> ...                      input properties (INPUT_PROP_*), 8 a byte
// Other lines (I:, L:, S:, comments) are ignored.
#include <libevdev/libevdev.h>

#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "evdev_decoder.hpp"
#include "fb/error.hpp"
#include "input_source.hpp"

namespace fb::evdev {
namespace {

struct LibevdevDeleter {
  void operator()(libevdev* device) const { libevdev_free(device); }
};
using LibevdevPtr = std::unique_ptr<libevdev, LibevdevDeleter>;

class Recording final : public InputSource {
 public:
  Recording(std::string path, LibevdevPtr device, std::vector<input_event> events,
            const Orientation& panel, const TouchCalibration& calibration)
      : path_(std::move(path)),
        device_(std::move(device)),
        caps_(capabilities_of(device_.get())),
        events_(std::move(events)),
        decoder_(caps_, panel.scanout_width, panel.scanout_height, panel.rotation, calibration) {}

  const std::string& path() const override { return path_; }
  std::string describe() const override {
    const char* name = libevdev_get_name(device_.get());
    return std::string(name ? name : "?") + " (" + caps_.describe() + ", replay of " +
           std::to_string(events_.size()) + " events)";
  }
  bool is_replay() const override { return true; }
  bool finished() const override { return next_ == events_.size(); }

  bool read(std::deque<InputEvent>& out, uint64_t now_us) override {
    if (!started_) {
      started_ = true;
      start_us_ = now_us;
    }
    const uint64_t elapsed = now_us >= start_us_ ? now_us - start_us_ : 0;
    const uint64_t first = events_.empty() ? 0 : event_time_us(events_.front());
    while (next_ < events_.size()) {
      input_event event = events_[next_];
      const uint64_t at = event_time_us(event);
      const uint64_t offset = at >= first ? at - first : 0;
      if (offset > elapsed) break;
      // Re-stamp on the replay clock, as if the device had sent it now. No overflow:
      // offset <= elapsed = now_us - start_us_.
      set_event_time_us(event, start_us_ + offset);
      decoder_.feed(event, out);
      ++next_;
    }
    return true;
  }

 private:
  std::string path_;
  LibevdevPtr device_;
  Capabilities caps_;
  std::vector<input_event> events_;
  Decoder decoder_;
  size_t next_ = 0;
  bool started_ = false;
  uint64_t start_us_ = 0;
};

}  // namespace

std::unique_ptr<InputSource> open_recording(const std::string& path, const Orientation& panel,
                                            const TouchCalibration& calibration) {
  std::ifstream file(path);
  if (!file) throw Error("evdev: cannot read the recording " + path);
  LibevdevPtr device(libevdev_new());
  if (!device) throw Error("evdev: out of memory reading " + path);

  std::vector<input_event> events;
  std::map<unsigned, unsigned> bytes_seen;  // per event type, for B: lines that continue
  std::map<unsigned, input_absinfo> axes;
  std::vector<std::pair<unsigned, unsigned>> codes;  // (type, code) from B: lines
  unsigned property_bytes = 0;
  bool described = false;
  std::string line;
  int line_number = 0;
  auto fail = [&](const std::string& why) -> Error {
    return Error("evdev: " + path + ":" + std::to_string(line_number) + ": " + why + ": '" + line +
                 "'");
  };

  while (std::getline(file, line)) {
    ++line_number;
    if (line.size() < 2 || line[1] != ':') continue;
    std::istringstream fields(line.substr(2));
    switch (line[0]) {
      case 'N': {
        std::string name;
        std::getline(fields >> std::ws, name);
        libevdev_set_name(device.get(), name.c_str());
        break;
      }
      case 'P': {
        // Input properties, 8 a byte, continued on further P: lines.
        unsigned byte = 0;
        while (fields >> std::hex >> byte) {
          for (unsigned bit = 0; bit < 8; ++bit) {
            if ((byte & (1u << bit)) && uint64_t{property_bytes} * 8 + bit <= INPUT_PROP_MAX) {
              libevdev_enable_property(device.get(), property_bytes * 8 + bit);
            }
          }
          if (property_bytes <= INPUT_PROP_MAX / 8) ++property_bytes;  // never wraps
        }
        break;
      }
      case 'B': {
        unsigned type = 0;
        if (!(fields >> std::hex >> type) || type > EV_MAX) throw fail("bad event type");
        // Codes past the type's last are ignored (libevdev would refuse them), and the count
        // of bytes stops there, so any number of them cannot wrap it around.
        const int last_code = libevdev_event_type_get_max(type);
        unsigned byte = 0;
        while (fields >> std::hex >> byte) {
          unsigned& index = bytes_seen[type];
          for (unsigned bit = 0; bit < 8; ++bit) {
            const uint64_t code = uint64_t{index} * 8 + bit;
            if ((byte & (1u << bit)) && last_code >= 0 && code <= unsigned(last_code)) {
              codes.emplace_back(type, unsigned(code));
            }
          }
          if (last_code >= 0 && index <= unsigned(last_code) / 8) ++index;
        }
        described = true;
        break;
      }
      case 'A': {
        unsigned code = 0;
        input_absinfo info{};
        if (!(fields >> std::hex >> code >> std::dec >> info.minimum >> info.maximum >> info.fuzz >>
              info.flat)) {
          throw fail("bad axis");
        }
        fields >> info.resolution;  // optional
        if (code > ABS_MAX) throw fail("bad axis code");
        axes[code] = info;
        break;
      }
      case 'E': {
        // "E: 12.345678 0003 0035 512": seconds and microseconds are separate integers so
        // timestamps round-trip exactly.
        long long seconds = 0;
        long long micros = 0;
        unsigned type = 0, code = 0;
        int value = 0;
        char dot = 0;
        if (!(fields >> seconds >> dot >> micros) || dot != '.' || seconds < 0 || micros < 0 ||
            micros >= 1000000 || !(fields >> std::hex >> type >> code >> std::dec >> value)) {
          throw fail("bad event");
        }
        // Later times would not fit input_event here or would wrap the replay's microseconds.
        if (uint64_t(seconds) > kLatestEventSecond) {
          throw fail("event time past the latest second " + std::to_string(kLatestEventSecond));
        }
        if (type > EV_MAX || code > KEY_MAX) throw fail("event type or code out of range");
        input_event event{};
        event.input_event_sec = static_cast<decltype(event.input_event_sec)>(seconds);
        event.input_event_usec = static_cast<decltype(event.input_event_usec)>(micros);
        event.type = static_cast<uint16_t>(type);
        event.code = static_cast<uint16_t>(code);
        event.value = value;
        events.push_back(event);
        break;
      }
      default:
        break;
    }
  }
  if (!described) throw Error("evdev: " + path + " has no device description (B: lines)");

  for (const auto& [type, code] : codes) {
    if (type == EV_SYN || type == EV_REP) continue;  // always present; needs values
    if (type == EV_ABS) {
      const auto axis = axes.find(code);
      if (axis == axes.end())
        throw Error("evdev: " + path + ": axis " + std::to_string(code) +
                    " has a B: bit but no A: line");
      libevdev_enable_event_code(device.get(), type, code, &axis->second);
    } else {
      libevdev_enable_event_code(device.get(), type, code, nullptr);
    }
  }
  if (!capabilities_of(device.get()).usable()) return nullptr;  // as for a live device
  return std::make_unique<Recording>(path, std::move(device), std::move(events), panel,
                                     calibration);
}

}  // namespace fb::evdev
