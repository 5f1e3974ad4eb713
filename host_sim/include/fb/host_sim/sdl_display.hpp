// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "fb/backend_registry.hpp"
#include "fb/display.hpp"
#include "fb/surface.hpp"

struct SDL_Window;
struct SDL_Renderer;
struct SDL_Texture;
union SDL_Event;

namespace fb::sim {

/// A display in an SDL2 window, for developing on the desktop what runs on the board. The
/// application draws into one buffer in ordinary memory (like a single-buffered fbdev); present()
/// uploads only the damaged rows into a streaming texture and shows it, zoomed by an integer
/// factor with nearest-neighbour scaling. Mouse and touch arrive as pointer events in display
/// coordinates, the keyboard as Linux KEY_* codes, closing the window or SIGINT as quit.
///
/// Works with any SDL video driver: x11/wayland on a desktop, "dummy" or "offscreen" in CI
/// (SDL_VIDEODRIVER). Vsync is asked for unless SDL_RENDER_VSYNC=0.
class SdlDisplay final : public Display {
 public:
  /// Opens the window for a panel of options.width x options.height (default 1024x600) mounted
  /// with options.rotation: the window is the logical size, so a portrait UI looks on the
  /// desktop as on the rotated board, and pointer events are logical. options.zoom (>= 1),
  /// options.format (xrgb8888, xbgr8888, rgb565 or bgr565). `title` names the window.
  /// Throws fb::Error with SDL's message when SDL cannot open a window or renderer.
  explicit SdlDisplay(const DisplayOptions& options = {}, const std::string& title = "fbmmap");
  ~SdlDisplay() override;

  const DisplayInfo& info() const override { return info_; }
  BackBuffer acquire() override;
  void present(const Region& damage) override;
  /// The window's mouse, fingers and keys (logical coordinates), then the evdev device or
  /// recording options.input names, if any (a replay on the desktop).
  Input& input() override { return input_; }

  /// The buffer last presented, as the panel holds it (unrotated; the window shows it turned
  /// by info().rotation's inverse, the logical picture).
  const Surface& front() const { return buffer_.surface(); }
  int zoom() const { return zoom_; }
  /// Rows uploaded to the texture by the last present() (for stats and tests).
  int64_t last_rows_uploaded() const { return last_rows_uploaded_; }
  /// The SDL video driver in use ("x11", "dummy", "offscreen", ...).
  std::string video_driver() const;
  /// The SDL window id, e.g. for a test to find the window.
  uint32_t window_id() const;

 private:
  class WindowInput final : public Input {
   public:
    explicit WindowInput(SdlDisplay& display) : display_(display) {}
    std::optional<InputEvent> poll() override;
    std::vector<std::string> describe_devices() const override;

   private:
    SdlDisplay& display_;
  };

  void translate(const SDL_Event& event);
  void upload_rows(int32_t y_begin, int32_t y_end);

  DisplayInfo info_;
  int zoom_ = 1;
  Image buffer_;
  bool presented_once_ = false;
  int64_t last_rows_uploaded_ = 0;
  int64_t active_finger_ = -1;  // SDL finger id that acts as the pointer; -1 = none
  std::deque<InputEvent> pending_;
  std::unique_ptr<Input> evdev_;  // a named device or recording besides the window's events
  WindowInput input_{*this};
  SDL_Window* window_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
  SDL_Texture* texture_ = nullptr;
};

}  // namespace fb::sim
