// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <string>
#include <string_view>

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

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
/// - tslib's pointercal (what ts_calibrate writes): seven integers "a b c d e f s", optionally
///   followed by the screen size it was taken at, "xres yres", acting on the device's raw values
///   and giving pixels: x' = (a x + b y + c) / s, y' = (d x + e y + f) / s (tslib's linear
///   plugin: the constant is the third number), scaled from xres x yres to the panel when given.
///   "1 0 0 0 1 0 1" takes raw values as pixels.
struct TouchCalibration {
  enum class Form { normalized, pointercal };
  Form form = Form::normalized;
  /// x' = m[0] x + m[1] y + m[2], y' = m[3] x + m[4] y + m[5]. pointercal: already divided by s.
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
/// variable) naming an existing file, or holding a '/' (a path: numbers never do), is read from
/// that file, anything else parsed as the matrix itself. Throws fb::Error when the file cannot
/// be read or the matrix cannot be parsed; the message names the file or the variable.
TouchCalibration load_touch_calibration(const std::string& spec);

}  // namespace fb

#pragma GCC visibility pop
