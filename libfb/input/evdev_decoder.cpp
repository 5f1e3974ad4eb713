// SPDX-License-Identifier: MIT
#include "evdev_decoder.hpp"

#include <libevdev/libevdev.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <type_traits>

namespace fb::evdev {
namespace {

bool is_keyboard_key(unsigned code) {
  // Below BTN_MISC are keyboard keys; BTN_* (mouse, joystick, touch, tool) sit in
  // [BTN_MISC, KEY_OK); above that keys again (KEY_OK, KEY_SELECT, ... remote-control keys).
  return (code >= KEY_ESC && code < BTN_MISC) || (code >= KEY_OK && code < BTN_DPAD_UP) ||
         (code > BTN_DPAD_RIGHT && code < BTN_TRIGGER_HAPPY && code <= KEY_MAX);
}

// a + b, held at int64_t's limits rather than overflowing.
int64_t saturating_add(int64_t a, int64_t b) {
  int64_t sum;
  if (__builtin_add_overflow(a, b, &sum)) return b > 0 ? INT64_MAX : INT64_MIN;
  return sum;
}

// The time fields are long on most ABIs but unsigned on some 32-bit ones (time64).
template <typename T>
uint64_t non_negative(T value) {
  if constexpr (std::is_signed_v<T>) {
    if (value < 0) return 0;
  }
  return static_cast<uint64_t>(value);
}

AxisRange range_of(const libevdev* device, unsigned code) {
  const input_absinfo* info = libevdev_get_abs_info(device, code);
  if (!info) return {};
  return {info->minimum, info->maximum};
}

// The raw value's place in the axis range, rounded to a pixel of [0, size), in integers so it
// is exact: an uncalibrated touch maps as it always has.
int32_t scale(int32_t raw, const AxisRange& range, int32_t size) {
  // Within 64 bits for any int32_t inputs: span and value are below 2^32 in magnitude once the
  // value is clamped to the range, and size - 1 below 2^31, so the product stays below 2^63.
  const int64_t span = int64_t{range.maximum} - range.minimum;
  const int64_t offset = int64_t{raw} - range.minimum;
  // No range (none reported, or a flat or inverted one): the values are taken as pixels.
  if (span <= 0) return static_cast<int32_t>(std::clamp<int64_t>(offset, 0, int64_t{size} - 1));
  const int64_t value = std::clamp<int64_t>(offset, 0, span);
  return static_cast<int32_t>((value * (int64_t{size} - 1) + span / 2) / span);
}

// The raw value's place in the axis range, in [0, 1]: what libinput's calibration matrix acts
// on. Without a range the values are pixels of `size`, as for scale().
double normalise(int32_t raw, const AxisRange& range, int32_t size) {
  const int64_t span = int64_t{range.maximum} - range.minimum;
  const int64_t offset = int64_t{raw} - range.minimum;
  if (span <= 0) {
    if (size <= 1) return 0;
    return static_cast<double>(std::clamp<int64_t>(offset, 0, int64_t{size} - 1)) / (size - 1);
  }
  return static_cast<double>(std::clamp<int64_t>(offset, 0, span)) / static_cast<double>(span);
}

// A position in pixels rounded to one of [0, size): off the panel to the nearest edge, and a
// NaN (a huge matrix's infinity times a one-pixel panel's 0) to 0; never converted out of range.
int32_t pixel_of(double position, int32_t size) {
  if (!(position > 0)) return 0;
  if (position >= static_cast<double>(size - 1)) return size - 1;
  return static_cast<int32_t>(std::floor(position + 0.5));
}

}  // namespace

std::string Capabilities::describe() const {
  std::string kinds;
  auto add = [&kinds](const char* kind) {
    if (!kinds.empty()) kinds += ", ";
    kinds += kind;
  };
  if (multitouch) {
    add("multitouch");
  } else if (absolute) {
    add("touchscreen");
  }
  if (relative) add("mouse");
  if (keys) add("keys");
  return kinds.empty() ? "unused" : kinds;
}

Capabilities capabilities_of(const libevdev* device) {
  auto has = [device](unsigned type, unsigned code) {
    return libevdev_has_event_code(device, type, code) != 0;
  };
  Capabilities caps;
  caps.touch_button = has(EV_KEY, BTN_TOUCH);
  caps.left_button = has(EV_KEY, BTN_LEFT);
  // Absolute axes make a pointer only with something that says "contact": joysticks and
  // accelerometers report ABS_X/Y too.
  // A touchpad (INPUT_PROP_POINTER with finger tools) moves a cursor relatively; its absolute
  // axes are not screen positions, so it is not taken for a touchscreen.
  const bool touchpad = libevdev_has_property(device, INPUT_PROP_POINTER) &&
                        has(EV_KEY, BTN_TOOL_FINGER) && !has(EV_REL, REL_X);
  caps.multitouch = has(EV_ABS, ABS_MT_POSITION_X) && has(EV_ABS, ABS_MT_POSITION_Y) && !touchpad;
  caps.absolute = has(EV_ABS, ABS_X) && has(EV_ABS, ABS_Y) && !touchpad &&
                  (caps.touch_button || caps.left_button || caps.multitouch);
  caps.relative = has(EV_REL, REL_X) && has(EV_REL, REL_Y);
  for (unsigned code = KEY_ESC; code <= KEY_MAX && !caps.keys; ++code) {
    caps.keys = is_keyboard_key(code) && has(EV_KEY, code);
  }
  if (caps.absolute) {
    caps.x = range_of(device, ABS_X);
    caps.y = range_of(device, ABS_Y);
  } else if (caps.multitouch) {
    caps.x = range_of(device, ABS_MT_POSITION_X);
    caps.y = range_of(device, ABS_MT_POSITION_Y);
  }
  return caps;
}

uint64_t event_time_us(const input_event& event) {
  const uint64_t seconds = non_negative(event.input_event_sec);
  const uint64_t micros = std::min<uint64_t>(non_negative(event.input_event_usec), 999'999);
  if (seconds > (UINT64_MAX - micros) / 1'000'000) return UINT64_MAX;
  return seconds * 1'000'000 + micros;
}

void set_event_time_us(input_event& event, uint64_t time_us) {
  const uint64_t seconds = std::min(time_us / 1'000'000, kLatestEventSecond);
  const uint64_t micros = seconds == time_us / 1'000'000 ? time_us % 1'000'000 : 999'999;
  event.input_event_sec = static_cast<decltype(event.input_event_sec)>(seconds);
  event.input_event_usec = static_cast<decltype(event.input_event_usec)>(micros);
}

Decoder::Decoder(const Capabilities& capabilities, int32_t panel_width, int32_t panel_height,
                 Rotation rotation, const TouchCalibration& calibration)
    : caps_(capabilities),
      panel_{rotation, std::max(panel_width, 1), std::max(panel_height, 1)},
      calibration_(calibration) {
  // A mouse starts in the middle of the screen, as a desktop cursor does.
  if (caps_.relative && !caps_.absolute && !caps_.multitouch) {
    x_ = panel_.width() / 2;
    y_ = panel_.height() / 2;
  }
}

Point Decoder::to_logical(int32_t raw_x, int32_t raw_y) const {
  const int32_t width = panel_.scanout_width;
  const int32_t height = panel_.scanout_height;
  const std::array<double, 6>& m = calibration_.matrix;
  Point panel;
  if (calibration_.is_identity()) {
    panel = {scale(raw_x, caps_.x, width), scale(raw_y, caps_.y, height)};
  } else if (calibration_.form == TouchCalibration::Form::normalized) {
    // libinput: the matrix maps [0, 1] over the axis ranges to [0, 1] over the panel.
    const double x = normalise(raw_x, caps_.x, width);
    const double y = normalise(raw_y, caps_.y, height);
    panel = {pixel_of((m[0] * x + m[1] * y + m[2]) * (width - 1), width),
             pixel_of((m[3] * x + m[4] * y + m[5]) * (height - 1), height)};
  } else {
    // tslib: the matrix maps raw values to pixels of the screen it was calibrated on.
    const double x = raw_x;
    const double y = raw_y;
    const double to_width =
        calibration_.xres > 0 ? static_cast<double>(width) / calibration_.xres : 1.0;
    const double to_height =
        calibration_.yres > 0 ? static_cast<double>(height) / calibration_.yres : 1.0;
    panel = {pixel_of((m[0] * x + m[1] * y + m[2]) * to_width, width),
             pixel_of((m[3] * x + m[4] * y + m[5]) * to_height, height)};
  }
  return panel_.to_logical(panel);
}

void Decoder::feed(const input_event& event, std::deque<InputEvent>& out) {
  if (dropping_) {
    // The kernel's buffer overflowed: what came before the next SYN_REPORT is incomplete.
    if (event.type == EV_SYN && event.code == SYN_REPORT) dropping_ = false;
    return;
  }
  switch (event.type) {
    case EV_SYN:
      if (event.code == SYN_REPORT) {
        end_frame(event_time_us(event), out);
      } else if (event.code == SYN_DROPPED) {
        dropping_ = true;
        keys_.clear();
        rel_dx_ = rel_dy_ = 0;
      }
      break;
    case EV_ABS:
      // With ABS_X/Y present (single-touch emulation) they are the pointer; otherwise the
      // first multi-touch contact is.
      if (caps_.absolute) {
        if (event.code == ABS_X) raw_x_ = event.value, raw_moved_ = true;
        if (event.code == ABS_Y) raw_y_ = event.value, raw_moved_ = true;
      } else if (caps_.multitouch) {
        if (event.code == ABS_MT_SLOT) {
          slot_ = event.value;
        } else if (slot_ < 0 || slot_ >= kMaxSlots) {
          // A slot beyond those followed (or a nonsense one): its contact is not the pointer.
        } else if (event.code == ABS_MT_TRACKING_ID) {
          if (event.value >= 0 && primary_slot_ < 0) {
            primary_slot_ = slot_;
            mt_contact_ = true;
          } else if (event.value < 0 && slot_ == primary_slot_) {
            primary_slot_ = -1;
            mt_contact_ = false;
          }
        } else {
          if (event.code == ABS_MT_POSITION_X) slots_[slot_].x = event.value;
          if (event.code == ABS_MT_POSITION_Y) slots_[slot_].y = event.value;
        }
      }
      break;
    case EV_REL:
      if (event.code == REL_X) rel_dx_ = saturating_add(rel_dx_, event.value);
      if (event.code == REL_Y) rel_dy_ = saturating_add(rel_dy_, event.value);
      break;
    case EV_KEY:
      if (event.code == BTN_TOUCH) {
        touching_ = event.value != 0;
      } else if (event.code == BTN_LEFT) {
        left_pressed_ = event.value != 0;
      } else if (is_keyboard_key(event.code) && (event.value == 0 || event.value == 1)) {
        InputEvent key;
        key.type = event.value ? InputEventType::key_down : InputEventType::key_up;
        key.key = event.code;
        keys_.push_back(key);
      }
      break;
    default:
      break;
  }
}

void Decoder::end_frame(uint64_t time_us, std::deque<InputEvent>& out) {
  bool contact;
  if (caps_.touch_button) {
    contact = touching_;
  } else if (caps_.left_button) {
    contact = left_pressed_;
  } else {
    contact = mt_contact_;
  }

  Point p{x_, y_};
  if (!caps_.absolute && caps_.multitouch && primary_slot_ >= 0 && primary_slot_ < kMaxSlots) {
    p = to_logical(slots_[primary_slot_].x, slots_[primary_slot_].y);
  } else if (caps_.absolute) {
    if (raw_moved_) p = to_logical(raw_x_, raw_y_);
  } else if (caps_.relative) {
    // A mouse moves over the picture as the user sees it: right is +x whatever the mounting.
    p.x = static_cast<int32_t>(
        std::clamp<int64_t>(saturating_add(x_, rel_dx_), 0, panel_.width() - 1));
    p.y = static_cast<int32_t>(
        std::clamp<int64_t>(saturating_add(y_, rel_dy_), 0, panel_.height() - 1));
  }
  const int32_t x = p.x;
  const int32_t y = p.y;
  const bool moved = x != x_ || y != y_;
  x_ = x;
  y_ = y;
  raw_moved_ = false;
  rel_dx_ = rel_dy_ = 0;

  auto emit = [&](InputEventType type) {
    InputEvent event;
    event.type = type;
    event.x = x_;
    event.y = y_;
    event.time_us = time_us;
    out.push_back(event);
  };
  // A touch lands where it is reported; a mouse cursor moves there first, then clicks. A
  // touchscreen with no contact reports no moves (there is no cursor to hover).
  if (contact && !down_) {
    if (moved && caps_.relative) emit(InputEventType::pointer_move);
    emit(InputEventType::pointer_down);
  } else if (!contact && down_) {
    if (moved) emit(InputEventType::pointer_move);
    emit(InputEventType::pointer_up);
  } else if (moved && (contact || caps_.relative)) {
    emit(InputEventType::pointer_move);
  }
  down_ = contact;

  for (InputEvent& key : keys_) {
    key.time_us = time_us;
    out.push_back(key);
  }
  keys_.clear();
}

}  // namespace fb::evdev
