// SPDX-License-Identifier: MIT
// The SDL display under SDL's dummy video driver: buffer ages, damaged-row uploads, input
// translation (zoom undone, touch, keys, quit), a panel mounted turned (logical window and
// input, the panel's pixels in front()) and registration as the "sdl" backend.
#include <SDL.h>
#include <gtest/gtest.h>
#include <linux/input-event-codes.h>

#include <limits>
#include <vector>

#include "fb/backend_registry.hpp"
#include "fb/error.hpp"
#include "fb/host_sim/register_sdl_backend.hpp"
#include "fb/host_sim/sdl_display.hpp"
#include "fb/host_sim/sdl_keymap.hpp"
#include "fb/raster.hpp"

namespace fb::sim {
namespace {

DisplayOptions small(int zoom = 1) {
  DisplayOptions options;
  options.width = 64;
  options.height = 48;
  options.zoom = zoom;
  return options;
}

std::vector<InputEvent> drain(SdlDisplay& display) {
  std::vector<InputEvent> events;
  while (auto event = display.input().poll()) events.push_back(*event);
  return events;
}

TEST(SdlDisplay, ReportsItsModeAndAges) {
  SdlDisplay display(small(2));
  EXPECT_EQ(display.info().backend, "sdl");
  EXPECT_EQ(display.info().width, 64);
  EXPECT_EQ(display.info().height, 48);
  EXPECT_EQ(display.info().format, PixelFormat::xrgb8888);
  EXPECT_EQ(display.info().buffer_count, 1);
  EXPECT_GE(display.info().stride, 64 * 4);
  EXPECT_FALSE(display.info().has_vblank);  // SDL paces by a timer
  EXPECT_EQ(display.zoom(), 2);

  BackBuffer first = display.acquire();
  EXPECT_EQ(first.age, 0);
  EXPECT_EQ(first.target.width(), 64);
  stream_fill(first.target, first.target.bounds(), 0xff112233);
  display.present(Region(Rect{0, 0, 64, 48}));
  EXPECT_EQ(display.acquire().age, 1);
  EXPECT_EQ(display.front().pixel32(5, 5) & 0xffffff, 0x112233u);
}

// The window's events come first, then the recording DisplayOptions::input names, both from
// the one Input the display hands out; a named input that cannot be opened fails the display.
TEST(SdlDisplay, InputAlsoReplaysANamedRecording) {
  DisplayOptions options = small();
  options.input = FB_DRAG_RECORDING;
  options.input_clock = [] { return uint64_t{0}; };  // frozen: only the first touch is due
  SdlDisplay display(options);
  ASSERT_EQ(display.input().describe_devices().size(), 1u);
  EXPECT_NE(display.input().describe_devices()[0].find("drag_touch.evemu"), std::string::npos);

  SDL_Event key{};
  key.type = SDL_KEYDOWN;
  key.key.keysym.scancode = SDL_SCANCODE_Q;
  ASSERT_EQ(SDL_PushEvent(&key), 1);
  std::vector<InputEvent> events = drain(display);
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events[0].type, InputEventType::key_down);
  EXPECT_EQ(events[0].key, uint32_t{KEY_Q});
  EXPECT_EQ(events[1].type, InputEventType::pointer_down);  // the recording's first touch
  EXPECT_LT(events[1].x, 64);
  EXPECT_LT(events[1].y, 48);

  DisplayOptions missing = small();
  missing.input = "/nonexistent/input/event7";
  EXPECT_THROW(SdlDisplay{missing}, Error);
}

TEST(SdlDisplay, UploadsOnlyTheDamagedRows) {
  SdlDisplay display(small());
  display.acquire();
  display.present(Region());
  EXPECT_EQ(display.last_rows_uploaded(), 48);  // the first frame uploads everything

  display.acquire();
  const Rect rects[] = {{0, 10, 5, 10}, {30, 15, 5, 15}, {2, 40, 3, 2}};
  display.present(Region(rects));
  // Rows 10..30 (two overlapping rectangles merged) and 40..42.
  EXPECT_EQ(display.last_rows_uploaded(), 20 + 2);

  display.acquire();
  display.present(Region(Rect{-10, 46, 100, 50}));  // clipped to the display
  EXPECT_EQ(display.last_rows_uploaded(), 2);

  display.acquire();
  display.present(Region());
  EXPECT_EQ(display.last_rows_uploaded(), 0);
}

TEST(SdlDisplay, RejectsFormatsAWindowCannotShow) {
  DisplayOptions options = small();
  options.format = PixelFormat::argb8888_premul;
  EXPECT_THROW(SdlDisplay display(options), UnsupportedFormat);
  options = small(0);
  EXPECT_THROW(SdlDisplay display(options), Error);
}

TEST(SdlDisplay, EmulatesRgb565) {
  DisplayOptions options = small();
  options.format = PixelFormat::rgb565;
  SdlDisplay display(options);
  EXPECT_EQ(display.info().format, PixelFormat::rgb565);
  BackBuffer back = display.acquire();
  stream_fill(back.target, back.target.bounds(), 0xffff0000);
  display.present(Region(back.target.bounds()));
  EXPECT_EQ(display.front().row_as<uint16_t>(3)[3], 0xf800);
}

void push_mouse_button(const SdlDisplay& display, uint32_t type, int x, int y, uint32_t which = 0) {
  SDL_Event event{};
  event.type = type;
  event.button.windowID = display.window_id();
  event.button.which = which;
  event.button.button = SDL_BUTTON_LEFT;
  event.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
  event.button.x = x;
  event.button.y = y;
  ASSERT_EQ(SDL_PushEvent(&event), 1);
}

TEST(SdlDisplay, MouseArrivesInDisplayCoordinatesWithTheZoomUndone) {
  SdlDisplay display(small(2));
  display.present(Region());
  drain(display);

  push_mouse_button(display, SDL_MOUSEBUTTONDOWN, 20, 10);
  SDL_Event motion{};
  motion.type = SDL_MOUSEMOTION;
  motion.motion.windowID = display.window_id();
  motion.motion.x = 100;
  motion.motion.y = 60;
  ASSERT_EQ(SDL_PushEvent(&motion), 1);
  push_mouse_button(display, SDL_MOUSEBUTTONUP, 101, 61);
  // A mouse event SDL made up from a touch: the finger events deliver it instead.
  push_mouse_button(display, SDL_MOUSEBUTTONDOWN, 4, 4, SDL_TOUCH_MOUSEID);

  const auto events = drain(display);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, InputEventType::pointer_down);
  EXPECT_EQ(events[0].x, 10);
  EXPECT_EQ(events[0].y, 5);
  EXPECT_EQ(events[1].type, InputEventType::pointer_move);
  EXPECT_EQ(events[1].x, 50);
  EXPECT_EQ(events[1].y, 30);
  EXPECT_EQ(events[2].type, InputEventType::pointer_up);
  EXPECT_EQ(events[2].x, 50);
  EXPECT_EQ(events[2].y, 30);
  EXPECT_GT(events[0].time_us, 0u);
}

void push_finger(uint32_t type, int64_t finger, float x, float y) {
  SDL_Event event{};
  event.type = type;
  event.tfinger.touchId = 1;
  event.tfinger.fingerId = finger;
  event.tfinger.x = x;
  event.tfinger.y = y;
  ASSERT_EQ(SDL_PushEvent(&event), 1);
}

TEST(SdlDisplay, TheFirstFingerIsThePointer) {
  SdlDisplay display(small(3));
  drain(display);
  push_finger(SDL_FINGERDOWN, 7, 0.5f, 0.25f);
  push_finger(SDL_FINGERDOWN, 8, 0.9f, 0.9f);  // a second finger: ignored
  push_finger(SDL_FINGERMOTION, 8, 0.1f, 0.1f);
  push_finger(SDL_FINGERMOTION, 7, 0.75f, 0.5f);
  push_finger(SDL_FINGERUP, 8, 0.1f, 0.1f);
  push_finger(SDL_FINGERUP, 7, 0.75f, 0.5f);

  const auto events = drain(display);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, InputEventType::pointer_down);
  EXPECT_EQ(events[0].x, 32);
  EXPECT_EQ(events[0].y, 12);
  EXPECT_EQ(events[1].type, InputEventType::pointer_move);
  EXPECT_EQ(events[1].x, 48);
  EXPECT_EQ(events[1].y, 24);
  EXPECT_EQ(events[2].type, InputEventType::pointer_up);
}

// SDL passes on what a touch device reports: positions past the window, infinities and NaN
// land on the display's edges instead of an undefined float-to-int conversion.
TEST(SdlDisplay, FingersOutsideTheWindowAreClamped) {
  SdlDisplay display(small(3));
  drain(display);
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  push_finger(SDL_FINGERDOWN, 7, 1e30f, -1e30f);
  push_finger(SDL_FINGERMOTION, 7, -inf, inf);
  push_finger(SDL_FINGERMOTION, 7, nan, 3e9f);
  push_finger(SDL_FINGERUP, 7, std::numeric_limits<float>::max(), -0.5f);

  const auto events = drain(display);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].x, 63);
  EXPECT_EQ(events[0].y, 0);
  EXPECT_EQ(events[1].x, 0);
  EXPECT_EQ(events[1].y, 47);
  EXPECT_EQ(events[2].x, 0);
  EXPECT_EQ(events[2].y, 47);
  EXPECT_EQ(events[3].x, 63);
  EXPECT_EQ(events[3].y, 0);
}

TEST(SdlDisplay, KeysUseLinuxCodesAndQuitEnds) {
  SdlDisplay display(small());
  drain(display);
  SDL_Event key{};
  key.type = SDL_KEYDOWN;
  key.key.windowID = display.window_id();
  key.key.keysym.scancode = SDL_SCANCODE_F;
  ASSERT_EQ(SDL_PushEvent(&key), 1);
  key.key.repeat = 1;  // auto-repeat: dropped
  ASSERT_EQ(SDL_PushEvent(&key), 1);
  key.type = SDL_KEYUP;
  key.key.repeat = 0;
  ASSERT_EQ(SDL_PushEvent(&key), 1);
  SDL_Event quit{};
  quit.type = SDL_QUIT;
  ASSERT_EQ(SDL_PushEvent(&quit), 1);

  const auto events = drain(display);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, InputEventType::key_down);
  EXPECT_EQ(events[0].key, uint32_t{KEY_F});
  EXPECT_EQ(events[1].type, InputEventType::key_up);
  EXPECT_EQ(events[2].type, InputEventType::quit);
}

TEST(SdlDisplay, ClosingTheWindowQuits) {
  SdlDisplay display(small());
  drain(display);
  SDL_Event close{};
  close.type = SDL_WINDOWEVENT;
  close.window.windowID = display.window_id();
  close.window.event = SDL_WINDOWEVENT_CLOSE;
  ASSERT_EQ(SDL_PushEvent(&close), 1);
  const auto events = drain(display);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front().type, InputEventType::quit);
}

DisplayOptions turned(Rotation rotation, int zoom = 1) {
  DisplayOptions options = small(zoom);  // a 64x48 panel
  options.rotation = rotation;
  return options;
}

// The panel pixel that shows the logical pixel (x, y) of a 64x48 panel's 48x64 picture,
// written out here rather than taken from fb::Orientation.
Point panel_pixel_of(Rotation rotation, int32_t x, int32_t y) {
  if (rotation == Rotation::r90) return {63 - y, x};  // the top edge down the right-hand side
  return {y, 47 - x};                                 // r270: the top edge up the left-hand side
}

class RotatedSdlDisplay : public ::testing::TestWithParam<Rotation> {};

TEST_P(RotatedSdlDisplay, IsLogicalOutsideAndThePanelInside) {
  const Rotation rotation = GetParam();
  SdlDisplay display(turned(rotation, 2));
  const DisplayInfo& info = display.info();
  EXPECT_EQ(info.rotation, rotation);
  EXPECT_EQ(info.width, 48);
  EXPECT_EQ(info.height, 64);
  EXPECT_EQ(info.scanout_width, 64);
  EXPECT_EQ(info.scanout_height, 48);
  EXPECT_GE(info.stride, 64 * 4);  // the panel's rows
  int window_width = 0, window_height = 0;
  SDL_GetWindowSize(SDL_GetWindowFromID(display.window_id()), &window_width, &window_height);
  EXPECT_EQ(window_width, 48 * 2);  // the logical picture, zoomed
  EXPECT_EQ(window_height, 64 * 2);

  BackBuffer back = display.acquire();
  EXPECT_EQ(back.target.width(), 48);
  EXPECT_EQ(back.target.height(), 64);
  // Blue, with three logical corners marked so that any wrong turn or mirror shows.
  stream_fill(back.target, back.target.bounds(), 0xff0000ff);
  stream_fill(back.target, Rect{0, 0, 1, 1}, 0xffff0000);
  stream_fill(back.target, Rect{47, 0, 1, 1}, 0xff00ff00);
  stream_fill(back.target, Rect{0, 63, 1, 1}, 0xffffffff);
  display.present(Region(back.target.bounds()));
  EXPECT_EQ(display.last_rows_uploaded(), 48);  // every row of the panel

  const Surface& panel = display.front();
  ASSERT_EQ(panel.width(), 64);
  ASSERT_EQ(panel.height(), 48);
  auto at = [&](int32_t x, int32_t y) {
    const Point p = panel_pixel_of(rotation, x, y);
    return panel.pixel32(p.x, p.y) & 0xffffff;
  };
  EXPECT_EQ(at(0, 0), 0xff0000u);
  EXPECT_EQ(at(47, 0), 0x00ff00u);
  EXPECT_EQ(at(0, 63), 0xffffffu);
  EXPECT_EQ(at(47, 63), 0x0000ffu);
  int red = 0;
  for (int32_t y = 0; y < 48; ++y) {
    for (int32_t x = 0; x < 64; ++x) red += (panel.pixel32(x, y) & 0xffffff) == 0xff0000u;
  }
  EXPECT_EQ(red, 1);

  // Logical damage, panel rows: the picture's top row is a column of the panel (every row of
  // it); one of its columns is a single panel row.
  display.acquire();
  display.present(Region(Rect{0, 0, 48, 1}));
  EXPECT_EQ(display.last_rows_uploaded(), 48);
  display.acquire();
  display.present(Region(Rect{5, 0, 1, 64}));
  EXPECT_EQ(display.last_rows_uploaded(), 1);
}

TEST_P(RotatedSdlDisplay, PointerAndFingersArriveInLogicalCoordinates) {
  SdlDisplay display(turned(GetParam(), 2));
  display.present(Region());
  drain(display);

  // The window is 96x128: (90, 120) is the logical (45, 60), below the panel's 48 rows.
  push_mouse_button(display, SDL_MOUSEBUTTONDOWN, 90, 120);
  SDL_Event motion{};
  motion.type = SDL_MOUSEMOTION;
  motion.motion.windowID = display.window_id();
  motion.motion.x = 120;  // past the logical width: clamped to 47
  motion.motion.y = 30;
  ASSERT_EQ(SDL_PushEvent(&motion), 1);
  push_mouse_button(display, SDL_MOUSEBUTTONUP, 2, 126);
  push_finger(SDL_FINGERDOWN, 3, 0.5f, 0.75f);
  push_finger(SDL_FINGERUP, 3, 0.25f, 0.999f);

  const auto events = drain(display);
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0].type, InputEventType::pointer_down);
  EXPECT_EQ(events[0].x, 45);
  EXPECT_EQ(events[0].y, 60);
  EXPECT_EQ(events[1].type, InputEventType::pointer_move);
  EXPECT_EQ(events[1].x, 47);
  EXPECT_EQ(events[1].y, 15);
  EXPECT_EQ(events[2].type, InputEventType::pointer_up);
  EXPECT_EQ(events[2].x, 1);
  EXPECT_EQ(events[2].y, 63);
  EXPECT_EQ(events[3].type, InputEventType::pointer_down);
  EXPECT_EQ(events[3].x, 24);
  EXPECT_EQ(events[3].y, 48);
  EXPECT_EQ(events[4].type, InputEventType::pointer_up);
  EXPECT_EQ(events[4].x, 12);
  EXPECT_EQ(events[4].y, 63);
}

INSTANTIATE_TEST_SUITE_P(Turned, RotatedSdlDisplay,
                         ::testing::Values(Rotation::r90, Rotation::r270),
                         [](const ::testing::TestParamInfo<Rotation>& param) {
                           return "r" + std::to_string(degrees(param.param));
                         });

TEST(SdlKeymap, MapsHidUsagesToLinuxKeys) {
  EXPECT_EQ(linux_key_from_sdl_scancode(SDL_SCANCODE_A), uint32_t{KEY_A});
  EXPECT_EQ(linux_key_from_sdl_scancode(SDL_SCANCODE_Z), uint32_t{KEY_Z});
  EXPECT_EQ(linux_key_from_sdl_scancode(SDL_SCANCODE_0), uint32_t{KEY_0});
  EXPECT_EQ(linux_key_from_sdl_scancode(SDL_SCANCODE_ESCAPE), uint32_t{KEY_ESC});
  EXPECT_EQ(linux_key_from_sdl_scancode(SDL_SCANCODE_RETURN), uint32_t{KEY_ENTER});
  EXPECT_EQ(linux_key_from_sdl_scancode(SDL_SCANCODE_F12), uint32_t{KEY_F12});
  EXPECT_EQ(linux_key_from_sdl_scancode(SDL_SCANCODE_LEFT), uint32_t{KEY_LEFT});
  EXPECT_EQ(linux_key_from_sdl_scancode(SDL_SCANCODE_KP_5), uint32_t{KEY_KP5});
  EXPECT_EQ(linux_key_from_sdl_scancode(SDL_SCANCODE_RGUI), uint32_t{KEY_RIGHTMETA});
  EXPECT_EQ(linux_key_from_sdl_scancode(SDL_SCANCODE_UNKNOWN), 0u);
}

TEST(SdlBackend, OpensThroughTheRegistry) {
  register_sdl_backend();
  bool listed = false;
  for (const auto& entry : list_backends()) listed = listed || entry.name == "sdl";
  EXPECT_TRUE(listed);
  auto display = open_display("sdl", small());
  EXPECT_EQ(display->info().backend, "sdl");
  EXPECT_EQ(display->info().width, 64);
}

}  // namespace
}  // namespace fb::sim
