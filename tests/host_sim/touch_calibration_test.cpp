// SPDX-License-Identifier: MIT
// Touchscreen calibrations as boards write them: libinput's six-number matrix and tslib's
// pointercal, from text, a file or $FB_TOUCH_CALIBRATION, and every way they can be wrong.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>

#include "fb/error.hpp"
#include "fb/touch_calibration.hpp"
#include "temp_dir.hpp"

namespace fb {
namespace {

using test_support::TempDir;

namespace fs = std::filesystem;
using Matrix = std::array<double, 6>;

/// Sets $FB_TOUCH_CALIBRATION (nullopt: unsets it) for one test, then puts it back.
class CalibrationVariable {
 public:
  explicit CalibrationVariable(const std::optional<std::string>& value) {
    if (const char* old = std::getenv(kTouchCalibrationEnvironmentVariable)) saved_ = old;
    set(value);
  }
  ~CalibrationVariable() { set(saved_); }

 private:
  static void set(const std::optional<std::string>& value) {
    if (value) {
      setenv(kTouchCalibrationEnvironmentVariable, value->c_str(), 1);
    } else {
      unsetenv(kTouchCalibrationEnvironmentVariable);
    }
  }
  std::optional<std::string> saved_;
};

/// The fb::Error message `call` throws, or a note that it threw none.
template <typename Call>
std::string error_of(Call call) {
  try {
    call();
  } catch (const Error& error) {
    return error.what();
  }
  return "(no fb::Error thrown)";
}

std::string parse_error(std::string_view text) {
  return error_of([text] { parse_touch_calibration(text, "the test's text"); });
}

/// The message names where the calibration came from and says what is wrong.
testing::AssertionResult names(const std::string& message, const std::string& origin,
                               const std::string& what) {
  if (message.find("touch calibration from " + origin + ":") == std::string::npos ||
      message.find(what) == std::string::npos) {
    return testing::AssertionFailure()
           << "'" << message << "' does not name '" << origin << "' and '" << what << "'";
  }
  return testing::AssertionSuccess();
}

TEST(TouchCalibration, DefaultIsTheIdentity) {
  EXPECT_TRUE(TouchCalibration{}.is_identity());
  EXPECT_TRUE(parse_touch_calibration("1 0 0 0 1 0", "t").is_identity());
  EXPECT_FALSE(parse_touch_calibration("0 1 0 1 0 0", "t").is_identity());
  // The same numbers in tslib's form act on raw values, not on the range: not the identity.
  EXPECT_FALSE(parse_touch_calibration("1 0 0 0 1 0 1", "t").is_identity());
}

TEST(TouchCalibration, ParsesLibinputsMatrix) {
  const TouchCalibration swap = parse_touch_calibration("0 1 0 1 0 0", "t");
  EXPECT_EQ(swap.form, TouchCalibration::Form::normalized);
  EXPECT_EQ(swap.matrix, (Matrix{0, 1, 0, 1, 0, 0}));
  EXPECT_EQ(swap.xres, 0);
  EXPECT_EQ(swap.yres, 0);

  // Blanks, tabs and newlines (CRLF too) between the numbers, around them, on several lines;
  // signs, decimals and exponents.
  const TouchCalibration mirror =
      parse_touch_calibration("\n  -1\t0 1.0\r\n0 1e0 \n-0.25e-1\n\n", "t");
  EXPECT_EQ(mirror.form, TouchCalibration::Form::normalized);
  EXPECT_EQ(mirror.matrix, (Matrix{-1, 0, 1, 0, 1, -0.025}));
}

TEST(TouchCalibration, ParsesTslibsPointercal) {
  // ts_calibrate writes "a b c d e f s": x' = (a x + b y + c) / s, the constant third.
  const TouchCalibration plain = parse_touch_calibration("2 -6 100 8 4 -20 2", "t");
  EXPECT_EQ(plain.form, TouchCalibration::Form::pointercal);
  EXPECT_EQ(plain.matrix, (Matrix{1, -3, 50, 4, 2, -10}));
  EXPECT_EQ(plain.xres, 0);
  EXPECT_EQ(plain.yres, 0);

  // With the screen size it was taken at, on two lines as some boards store it; a negative s.
  const TouchCalibration sized = parse_touch_calibration("-8 0 4096 0 16 -64 -16\n800 480\n", "t");
  EXPECT_EQ(sized.form, TouchCalibration::Form::pointercal);
  EXPECT_EQ(sized.matrix, (Matrix{0.5, 0, -256, 0, -1, 4}));
  EXPECT_EQ(sized.xres, 800);
  EXPECT_EQ(sized.yres, 480);
}

TEST(TouchCalibration, RefusesAWrongCountOfValues) {
  for (const char* text : {"", "  \n ", "1 0 0 0 1", "1 0 0 0 1 0 1 2", "1 0 0 0 1 0 1 2 3 4"}) {
    const std::string message = parse_error(text);
    EXPECT_TRUE(names(message, "the test's text", "expected 6")) << "for '" << text << "'";
  }
  EXPECT_TRUE(names(parse_error("1 0 0 0 1"), "the test's text", "5 values"));
  EXPECT_TRUE(names(parse_error(""), "the test's text", "0 values"));
}

TEST(TouchCalibration, RefusesWhatIsNotAFiniteNumber) {
  for (const char* word : {"x", "1,0", "0x10", "--1", "1e", "inf", "-inf", "nan", "NaN", "1e999"}) {
    const std::string text = std::string("1 0 0 0 ") + word + " 0";
    EXPECT_TRUE(names(parse_error(text), "the test's text",
                      "'" + std::string(word) + "' is not a finite number"))
        << "for '" << text << "'";
  }
}

TEST(TouchCalibration, RefusesPointercalValuesThatAreNotIntegers) {
  for (const char* word : {"1.5", "1e3", "x", "inf", "nan", "99999999999999999999"}) {
    const std::string text = std::string("1 0 0 0 ") + word + " 0 1";
    EXPECT_TRUE(names(parse_error(text), "the test's text",
                      "'" + std::string(word) + "' is not an integer"))
        << "for '" << text << "'";
  }
  // The screen size too.
  EXPECT_TRUE(names(parse_error("1 0 0 0 1 0 1 800 480.5"), "the test's text",
                    "'480.5' is not an integer"));
}

TEST(TouchCalibration, RefusesADivisorOfZero) {
  EXPECT_TRUE(names(parse_error("1 0 0 0 1 0 0"), "the test's text", "divisor s is 0"));
  EXPECT_TRUE(names(parse_error("1 0 0 0 1 0 0 800 480"), "the test's text", "divisor s is 0"));
}

TEST(TouchCalibration, RefusesAScreenSizeThatIsNone) {
  for (const char* size : {"0 480", "800 0", "-800 480", "800 -1", "65536 480", "800 70000"}) {
    const std::string text = std::string("1 0 0 0 1 0 1 ") + size;
    EXPECT_TRUE(names(parse_error(text), "the test's text", "is not a screen size"))
        << "for '" << text << "'";
  }
  // The largest accepted.
  const TouchCalibration widest = parse_touch_calibration("1 0 0 0 1 0 1 65535 65535", "t");
  EXPECT_EQ(widest.xres, 65535);
  EXPECT_EQ(widest.yres, 65535);
}

TEST(TouchCalibration, LoadsTheSpecGivenAsNumbers) {
  CalibrationVariable variable("1 0 0 0 1 0");  // the application's spec wins
  EXPECT_EQ(load_touch_calibration("0 1 0 1 0 0").matrix, (Matrix{0, 1, 0, 1, 0, 0}));
  EXPECT_TRUE(
      names(error_of([] { load_touch_calibration("0 1 0"); }), "the application", "3 values"));
}

TEST(TouchCalibration, LoadsAFile) {
  TempDir dir("fb-calibration");
  const std::string path = dir.write("pointercal", "0 2 -400 -1 0 4195 16 512 300\n");
  const TouchCalibration calibration = load_touch_calibration(path);
  EXPECT_EQ(calibration.form, TouchCalibration::Form::pointercal);
  EXPECT_EQ(calibration.matrix, (Matrix{0, 0.125, -25, -0.0625, 0, 262.1875}));
  EXPECT_EQ(calibration.xres, 512);
  EXPECT_EQ(calibration.yres, 300);

  // A file's errors name the file.
  const std::string bad = dir.write("bad", "1 0 0\n0 1 zero\n");
  EXPECT_TRUE(
      names(error_of([&] { load_touch_calibration(bad); }), bad, "'zero' is not a finite number"));
}

TEST(TouchCalibration, UnsetVariableMeansNoCalibration) {
  {
    CalibrationVariable unset(std::nullopt);
    EXPECT_TRUE(load_touch_calibration("").is_identity());
  }
  CalibrationVariable empty("");
  EXPECT_TRUE(load_touch_calibration("").is_identity());
}

TEST(TouchCalibration, LoadsNumbersFromTheVariable) {
  CalibrationVariable variable(" -1 0 1\n0 1 0 ");
  const TouchCalibration calibration = load_touch_calibration("");
  EXPECT_EQ(calibration.form, TouchCalibration::Form::normalized);
  EXPECT_EQ(calibration.matrix, (Matrix{-1, 0, 1, 0, 1, 0}));
}

TEST(TouchCalibration, LoadsTheFileTheVariableNames) {
  TempDir dir("fb-calibration");
  const std::string path = dir.write("calibration", "0 1 0\n1 0 0\n");
  CalibrationVariable variable(path);
  const TouchCalibration calibration = load_touch_calibration("");
  EXPECT_EQ(calibration.form, TouchCalibration::Form::normalized);
  EXPECT_EQ(calibration.matrix, (Matrix{0, 1, 0, 1, 0, 0}));
}

TEST(TouchCalibration, VariableErrorsNameTheVariable) {
  {
    CalibrationVariable variable("1 0 0 0 1 nan");
    EXPECT_TRUE(names(error_of([] { load_touch_calibration(""); }), "$FB_TOUCH_CALIBRATION",
                      "'nan' is not a finite number"));
  }
  TempDir dir("fb-calibration");
  const std::string missing = (dir.path() / "missing").string();
  CalibrationVariable variable(missing);
  EXPECT_TRUE(names(error_of([] { load_touch_calibration(""); }),
                    missing + " (named by $FB_TOUCH_CALIBRATION)",
                    "cannot open it: No such file or directory"));
}

TEST(TouchCalibration, UnreadableFilesAreErrors) {
  TempDir dir("fb-calibration");
  // A path that names nothing is still taken for a file, not for numbers.
  const std::string missing = (dir.path() / "pointercal").string();
  EXPECT_TRUE(names(error_of([&] { load_touch_calibration(missing); }), missing,
                    "cannot open it: No such file or directory"));
  // A directory.
  const std::string directory = dir.path().string();
  EXPECT_TRUE(
      names(error_of([&] { load_touch_calibration(directory); }), directory, "not a regular file"));
  // A FIFO is refused without waiting for a writer.
  const std::string fifo = (dir.path() / "fifo").string();
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_TRUE(names(error_of([&] { load_touch_calibration(fifo); }), fifo, "not a regular file"));
  // An empty file holds no calibration.
  const std::string empty = dir.write("empty", "");
  EXPECT_TRUE(names(error_of([&] { load_touch_calibration(empty); }), empty, "0 values"));
  // Permissions stop everyone but root.
  const std::string locked = dir.write("locked", "1 0 0 0 1 0");
  ASSERT_EQ(chmod(locked.c_str(), 0), 0);
  if (geteuid() != 0) {
    EXPECT_TRUE(names(error_of([&] { load_touch_calibration(locked); }), locked,
                      "cannot open it: Permission denied"));
  }
}

}  // namespace
}  // namespace fb
