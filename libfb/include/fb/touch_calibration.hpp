// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace fb {

/// The environment variable a touchscreen calibration is read from when the application names
/// none: the matrix itself, or the path of a file holding it.
inline constexpr const char* kTouchCalibrationEnvironmentVariable = "FB_TOUCH_CALIBRATION";

/// Where a touch lands on the panel, for touchscreens whose axes are swapped, inverted, offset
/// or scaled relative to the LCD. Applied to absolute touch positions before the display's
/// rotation (the panel's own pixels), never to mice.
///
/// Two forms, as the two tools boards use write them:
/// - libinput's LIBINPUT_CALIBRATION_MATRIX: six numbers "a b c d e f" acting on coordinates
///   normalised to [0, 1] over the device's axis ranges: x' = a x + b y + c, y' = d x + e y + f.
///   "0 1 0 1 0 0" swaps the axes, "-1 0 1 0 1 0" mirrors x.
/// - tslib's pointercal: seven integers "a1 a2 a3 a4 a5 a6 s", optionally followed by the
///   screen size it was taken at, "xres yres", acting on the device's raw values and giving
///   pixels: x' = (a1 + a2 x + a3 y) / s, y' = (a4 + a5 x + a6 y) / s, scaled from xres x yres
///   to the panel when given.
struct TouchCalibration {
  enum class Form { normalized, pointercal };
  Form form = Form::normalized;
  /// normalized: a..f. pointercal: a1..a6 already divided by s.
  std::array<double, 6> matrix{1, 0, 0, 0, 1, 0};
  /// pointercal only: the screen the calibration was taken at; 0 = the panel's own.
  int xres = 0;
  int yres = 0;

  bool is_identity() const {
    return form == Form::normalized && matrix == TouchCalibration{}.matrix;
  }
};

/// Parses either form from text (numbers separated by blanks or newlines). Throws fb::Error
/// naming `origin` (a file or the variable) and what is wrong: a count other than 6, 7 or 9,
/// a value that is not a finite number, pointercal values that are not integers or s = 0.
TouchCalibration parse_touch_calibration(std::string_view text, const std::string& origin);

/// The calibration a display uses: `spec` is DisplayOptions::touch_calibration. Empty takes
/// $FB_TOUCH_CALIBRATION, and no calibration (identity) when that is unset too; a spec (or
/// variable) naming a readable file is read from it, anything else parsed as the matrix itself.
/// Throws fb::Error when a file cannot be read or the matrix cannot be parsed.
TouchCalibration load_touch_calibration(const std::string& spec);

}  // namespace fb
