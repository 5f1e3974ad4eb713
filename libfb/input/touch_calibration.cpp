// SPDX-License-Identifier: MIT
#include "fb/touch_calibration.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "fb/error.hpp"

namespace fb {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::vector<std::string_view> words_of(std::string_view text) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_blank(text[i])) ++i;
    size_t start = i;
    while (i < text.size() && !is_blank(text[i])) ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

[[noreturn]] void fail(const std::string& origin, const std::string& what) {
  throw Error("touch calibration from " + origin + ": " + what);
}

double number_of(std::string_view word, const std::string& origin) {
  double value = 0;
  const auto [end, error] = std::from_chars(word.data(), word.data() + word.size(), value);
  if (error != std::errc() || end != word.data() + word.size() || !std::isfinite(value)) {
    fail(origin, "'" + std::string(word) + "' is not a finite number");
  }
  return value;
}

int64_t integer_of(std::string_view word, const std::string& origin) {
  int64_t value = 0;
  const auto [end, error] = std::from_chars(word.data(), word.data() + word.size(), value);
  if (error != std::errc() || end != word.data() + word.size()) {
    fail(origin,
         "'" + std::string(word) + "' is not an integer (tslib's pointercal holds integers)");
  }
  return value;
}

bool names_regular_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

TouchCalibration read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw Error("touch calibration: cannot read " + path);
  return parse_touch_calibration(text.str(), path);
}

}  // namespace

TouchCalibration parse_touch_calibration(std::string_view text, const std::string& origin) {
  const std::vector<std::string_view> words = words_of(text);
  TouchCalibration calibration;
  if (words.size() == 6) {
    for (size_t i = 0; i < 6; ++i) calibration.matrix[i] = number_of(words[i], origin);
    return calibration;
  }
  if (words.size() != 7 && words.size() != 9) {
    fail(origin, std::to_string(words.size()) +
                     " values; expected 6 (libinput's matrix \"a b c d e f\") or 7 or 9 "
                     "(tslib's pointercal \"a1 a2 a3 a4 a5 a6 s [xres yres]\")");
  }
  int64_t values[9] = {};
  for (size_t i = 0; i < words.size(); ++i) values[i] = integer_of(words[i], origin);
  const int64_t scale = values[6];
  if (scale == 0) fail(origin, "the pointercal divisor s is 0");
  calibration.form = TouchCalibration::Form::pointercal;
  // pointercal's order is constant first: x' = (a1 + a2 x + a3 y) / s; stored as x', y' rows
  // of "x y constant" like the normalized form.
  const double s = static_cast<double>(scale);
  calibration.matrix = {values[1] / s, values[2] / s, values[0] / s,
                        values[4] / s, values[5] / s, values[3] / s};
  if (words.size() == 9) {
    if (values[7] <= 0 || values[8] <= 0 || values[7] > 65535 || values[8] > 65535) {
      fail(origin, "the pointercal screen size " + std::to_string(values[7]) + "x" +
                       std::to_string(values[8]) + " is not a screen size");
    }
    calibration.xres = static_cast<int>(values[7]);
    calibration.yres = static_cast<int>(values[8]);
  }
  return calibration;
}

TouchCalibration load_touch_calibration(const std::string& spec) {
  std::string text = spec;
  std::string origin = "the application";
  if (text.empty()) {
    const char* from_environment = std::getenv(kTouchCalibrationEnvironmentVariable);
    if (from_environment == nullptr || *from_environment == '\0') return TouchCalibration{};
    text = from_environment;
    origin = std::string("$") + kTouchCalibrationEnvironmentVariable;
  }
  if (names_regular_file(text)) return read_file(text);
  return parse_touch_calibration(text, origin);
}

}  // namespace fb
