// SPDX-License-Identifier: MIT
#include "fb/host_sim/sdl_display.hpp"

#include <SDL.h>

#include <algorithm>
#include <chrono>
#include <cstring>

#include "fb/error.hpp"
#include "fb/evdev_input.hpp"
#include "fb/host_sim/sdl_keymap.hpp"

namespace fb::sim {
namespace {

constexpr int32_t kDefaultWidth = 1024;
constexpr int32_t kDefaultHeight = 600;

uint32_t sdl_format_of(PixelFormat format) {
  switch (format) {
    case PixelFormat::xrgb8888:
      return SDL_PIXELFORMAT_XRGB8888;
    case PixelFormat::xbgr8888:
      return SDL_PIXELFORMAT_XBGR8888;
    case PixelFormat::rgb565:
      return SDL_PIXELFORMAT_RGB565;
    case PixelFormat::bgr565:
      return SDL_PIXELFORMAT_BGR565;
    default:
      throw UnsupportedFormat("sdl: a window shows opaque pixels; cannot emulate a " +
                              std::string(pixel_format_name(format)) + " display");
  }
}

uint64_t monotonic_us() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

[[noreturn]] void throw_sdl(const std::string& what) {
  throw Error("sdl: " + what + ": " + SDL_GetError());
}

}  // namespace

SdlDisplay::SdlDisplay(const DisplayOptions& options, const std::string& title) {
  // The panel's own size; the window shows the picture turned as the panel would.
  const int32_t panel_width = options.width > 0 ? options.width : kDefaultWidth;
  const int32_t panel_height = options.height > 0 ? options.height : kDefaultHeight;
  info_.set_panel(panel_width, panel_height, options.rotation.value_or(Rotation::r0));
  // First, before SDL holds anything: a named input that cannot be opened fails the display.
  evdev_ = open_named_input(options.input, info_.orientation(),
                            load_touch_calibration(options.touch_calibration), options.input_clock);
  const int32_t width = info_.width;
  const int32_t height = info_.height;
  const PixelFormat format = options.format.value_or(PixelFormat::xrgb8888);
  const uint32_t texture_format = sdl_format_of(format);
  zoom_ = options.zoom;
  if (zoom_ < 1 || zoom_ > 16) {
    throw Error("sdl: zoom must be an integer from 1 to 16, got " + std::to_string(zoom_));
  }
  // Bound the window so width * zoom cannot overflow SDL's int sizes.
  if (panel_width > 16384 || panel_height > 16384) {
    throw Error("sdl: display size " + std::to_string(width) + "x" + std::to_string(height) +
                " is larger than 16384x16384");
  }

  if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) throw_sdl("cannot initialise video");
  try {
    window_ = SDL_CreateWindow(title.c_str(), SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED,
                               width * zoom_, height * zoom_, SDL_WINDOW_SHOWN);
    if (!window_)
      throw_sdl("cannot open a " + std::to_string(width * zoom_) + "x" +
                std::to_string(height * zoom_) + " window");

    // No SDL_RENDERER_PRESENTVSYNC: a present that waits would pace inside present(), and
    // pacing is FramePacer's alone (on a timer at the window's refresh rate).
    renderer_ = SDL_CreateRenderer(window_, -1, 0);
    if (!renderer_) renderer_ = SDL_CreateRenderer(window_, -1, SDL_RENDERER_SOFTWARE);
    if (!renderer_) throw_sdl("cannot create a renderer");

    // Zoom by whole pixels with nearest-neighbour sampling, so each display pixel is a crisp
    // zoom x zoom square; SDL maps mouse coordinates back through the logical size.
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "nearest");
    if (SDL_RenderSetLogicalSize(renderer_, width, height) != 0) throw_sdl("cannot set zoom");
    SDL_RenderSetIntegerScale(renderer_, SDL_TRUE);

    texture_ = SDL_CreateTexture(renderer_, texture_format, SDL_TEXTUREACCESS_STREAMING,
                                 panel_width, panel_height);
    if (!texture_) throw_sdl("cannot create a streaming texture");
  } catch (...) {
    if (texture_) SDL_DestroyTexture(texture_);
    if (renderer_) SDL_DestroyRenderer(renderer_);
    if (window_) SDL_DestroyWindow(window_);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    throw;
  }

  buffer_ = Image(panel_width, panel_height, format);

  const std::string driver = video_driver();

  info_.backend = "sdl";
  info_.device = driver;
  info_.driver = driver;
  info_.format = format;
  info_.stride = buffer_.stride();
  info_.buffer_count = 1;
  SDL_DisplayMode mode{};
  if (SDL_GetWindowDisplayMode(window_, &mode) == 0 && mode.refresh_rate > 0) {
    info_.refresh_mhz = mode.refresh_rate * 1000;
  }
  info_.write_combined = false;
  // SDL offers no wait for a vblank apart from a present: paced by a timer.
  info_.has_vblank = false;
}

SdlDisplay::~SdlDisplay() {
  SDL_DestroyTexture(texture_);
  SDL_DestroyRenderer(renderer_);
  SDL_DestroyWindow(window_);
  SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

std::string SdlDisplay::video_driver() const {
  const char* name = SDL_GetCurrentVideoDriver();
  return name ? name : "";
}

uint32_t SdlDisplay::window_id() const {
  return SDL_GetWindowID(window_);
}

BackBuffer SdlDisplay::acquire() {
  BackBuffer back;
  back.target = ScanoutSurface(buffer_.data(), buffer_.width(), buffer_.height(), buffer_.stride(),
                               buffer_.format())
                    .rotated(info_.rotation);
  back.index = 0;
  // One buffer in memory: after the first frame it always holds the previous one.
  back.age = presented_once_ ? 1 : 0;
  return back;
}

void SdlDisplay::upload_rows(int32_t y_begin, int32_t y_end) {
  const SDL_Rect rows{0, y_begin, buffer_.width(), y_end - y_begin};
  if (SDL_UpdateTexture(texture_, &rows, buffer_.surface().row(y_begin),
                        static_cast<int>(buffer_.stride())) != 0) {
    throw_sdl("cannot update the texture");
  }
  last_rows_uploaded_ += y_end - y_begin;
}

void SdlDisplay::present(const Region& damage) {
  last_rows_uploaded_ = 0;
  const int32_t height = buffer_.height();
  if (!presented_once_) {
    upload_rows(0, height);
  } else {
    // The texture keeps the previous frame: upload the damaged rows only, merging the row spans
    // of the region's bands (they come top to bottom).
    int32_t span_begin = -1;
    int32_t span_end = -1;
    const Region panel_damage = info_.orientation().to_scanout(damage);
    for (const pixman_box32_t& box : panel_damage.boxes()) {
      const int32_t y1 = std::clamp<int32_t>(box.y1, 0, height);
      const int32_t y2 = std::clamp<int32_t>(box.y2, 0, height);
      if (y2 <= y1 || box.x2 <= 0 || box.x1 >= buffer_.width()) continue;
      if (span_begin >= 0 && y1 <= span_end) {
        span_end = std::max(span_end, y2);
        continue;
      }
      if (span_begin >= 0) upload_rows(span_begin, span_end);
      span_begin = y1;
      span_end = y2;
    }
    if (span_begin >= 0) upload_rows(span_begin, span_end);
  }
  presented_once_ = true;

  // The renderer's back buffer is undefined after a present, so the whole texture is drawn
  // each frame; only the upload above is limited to what changed.
  SDL_SetRenderDrawColor(renderer_, 0, 0, 0, 255);
  SDL_RenderClear(renderer_);
  if (info_.rotation == Rotation::r0) {
    SDL_RenderCopy(renderer_, texture_, nullptr, nullptr);
  } else {
    // The panel's picture turned back to the logical one: SDL turns the panel-sized rectangle
    // clockwise about its top-left corner, placed so the result fills the logical window. Whole
    // pixels only: turning about a half-pixel centre (odd width minus height) shifts a row.
    const int32_t w = buffer_.width();
    const int32_t h = buffer_.height();
    SDL_Rect panel{0, 0, w, h};
    if (info_.rotation == Rotation::r90) panel.y = w;  // turned back by 270
    if (info_.rotation == Rotation::r180) panel.x = w, panel.y = h;
    if (info_.rotation == Rotation::r270) panel.x = h;  // turned back by 90
    const SDL_Point corner{0, 0};
    SDL_RenderCopyEx(renderer_, texture_, nullptr, &panel, degrees(inverse(info_.rotation)),
                     &corner, SDL_FLIP_NONE);
  }
  SDL_RenderPresent(renderer_);
  // Keep the window responsive even if the application never polls input.
  SDL_PumpEvents();
}

void SdlDisplay::translate(const SDL_Event& event) {
  InputEvent out;
  out.time_us = monotonic_us();
  auto clamp_x = [this](int32_t x) { return std::clamp(x, 0, info_.width - 1); };
  auto clamp_y = [this](int32_t y) { return std::clamp(y, 0, info_.height - 1); };
  auto pointer = [&](InputEventType type, int32_t x, int32_t y) {
    out.type = type;
    out.x = clamp_x(x);
    out.y = clamp_y(y);
    pending_.push_back(out);
  };
  // Finger coordinates are normalised to the window, which is exactly the display zoomed. They
  // are the device's word (NaN, infinities, far outside): clamped while still floats, since
  // converting an out-of-range float to an integer is undefined.
  auto to_pixel = [](float normalised, int32_t size) -> int32_t {
    const float position = normalised * static_cast<float>(size);
    if (!(position > 0.0f)) return 0;  // also NaN
    if (position >= static_cast<float>(size - 1)) return size - 1;
    return static_cast<int32_t>(position);
  };
  auto finger = [&](InputEventType type, const SDL_TouchFingerEvent& touch) {
    pointer(type, to_pixel(touch.x, info_.width), to_pixel(touch.y, info_.height));
  };

  switch (event.type) {
    case SDL_QUIT:
      out.type = InputEventType::quit;
      pending_.push_back(out);
      break;
    case SDL_WINDOWEVENT:
      // Closing the window; SDL usually follows with SDL_QUIT too, and a second quit is
      // harmless.
      if (event.window.event == SDL_WINDOWEVENT_CLOSE) {
        out.type = InputEventType::quit;
        pending_.push_back(out);
      }
      break;
    // SDL also turns touches into mouse events marked SDL_TOUCH_MOUSEID: the finger events
    // below already deliver those, so skip the copies.
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
      if (event.button.which == SDL_TOUCH_MOUSEID || event.button.button != SDL_BUTTON_LEFT) break;
      pointer(event.type == SDL_MOUSEBUTTONDOWN ? InputEventType::pointer_down
                                                : InputEventType::pointer_up,
              event.button.x, event.button.y);
      break;
    case SDL_MOUSEMOTION:
      if (event.motion.which == SDL_TOUCH_MOUSEID) break;
      pointer(InputEventType::pointer_move, event.motion.x, event.motion.y);
      break;
    // The first finger down acts as the pointer until it lifts; others are ignored, as on
    // the board's single-touch path.
    case SDL_FINGERDOWN:
      if (active_finger_ != -1) break;
      active_finger_ = event.tfinger.fingerId;
      finger(InputEventType::pointer_down, event.tfinger);
      break;
    case SDL_FINGERMOTION:
      if (event.tfinger.fingerId != active_finger_) break;
      finger(InputEventType::pointer_move, event.tfinger);
      break;
    case SDL_FINGERUP:
      if (event.tfinger.fingerId != active_finger_) break;
      active_finger_ = -1;
      finger(InputEventType::pointer_up, event.tfinger);
      break;
    case SDL_KEYDOWN:
    case SDL_KEYUP: {
      // Auto-repeat is dropped on both SDL and evdev so a held key is one down and one up.
      if (event.key.repeat) break;
      const uint32_t key = linux_key_from_sdl_scancode(event.key.keysym.scancode);
      if (key == 0) break;
      out.type = event.type == SDL_KEYDOWN ? InputEventType::key_down : InputEventType::key_up;
      out.key = key;
      pending_.push_back(out);
      break;
    }
    default:
      break;
  }
}

std::optional<InputEvent> SdlDisplay::WindowInput::poll() {
  SdlDisplay& d = display_;
  SDL_Event event;
  while (d.pending_.empty() && SDL_PollEvent(&event)) d.translate(event);
  if (d.pending_.empty()) return d.evdev_ ? d.evdev_->poll() : std::nullopt;
  InputEvent next = d.pending_.front();
  d.pending_.pop_front();
  return next;
}

std::vector<std::string> SdlDisplay::WindowInput::describe_devices() const {
  return display_.evdev_ ? display_.evdev_->describe_devices() : std::vector<std::string>{};
}

}  // namespace fb::sim
