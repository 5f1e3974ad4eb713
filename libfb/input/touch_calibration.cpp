// SPDX-License-Identifier: MIT
#include "fb/touch_calibration.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <system_error>
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

bool names_existing_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && !S_ISDIR(st.st_mode);
}

std::string reason(int error_number) {
  return std::error_code(error_number, std::generic_category()).message();
}

// The whole file, read with POSIX calls so a failure says why (ifstream keeps no errno);
// O_NONBLOCK so a FIFO named by mistake is refused, not waited on.
std::string read_text(const std::string& path, const std::string& origin) {
  // A calibration is a line of numbers; anything far larger is not one (nor read whole).
  constexpr size_t kMaxBytes = 64 * 1024;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) fail(origin, "cannot open it: " + reason(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    fail(origin, "not a regular file");
  }
  std::string text;
  char buffer[4096];
  for (;;) {
    const ssize_t length = ::read(fd, buffer, sizeof buffer);
    if (length < 0 && errno == EINTR) continue;
    if (length < 0) {
      const int error_number = errno;
      ::close(fd);
      fail(origin, "cannot read it: " + reason(error_number));
    }
    if (length == 0) break;
    text.append(buffer, static_cast<size_t>(length));
    if (text.size() > kMaxBytes) {
      ::close(fd);
      fail(origin, "larger than " + std::to_string(kMaxBytes) + " bytes, not a calibration");
    }
  }
  ::close(fd);
  return text;
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
                     "(tslib's pointercal \"a b c d e f s [xres yres]\")");
  }
  int64_t values[9] = {};
  for (size_t i = 0; i < words.size(); ++i) values[i] = integer_of(words[i], origin);
  const int64_t scale = values[6];
  if (scale == 0) fail(origin, "the pointercal divisor s is 0");
  calibration.form = TouchCalibration::Form::pointercal;
  // tslib's linear plugin: x' = (a[2] + a[0] x + a[1] y) / a[6], the constant third, as in
  // the normalized form's rows.
  const double s = static_cast<double>(scale);
  for (size_t i = 0; i < 6; ++i) calibration.matrix[i] = static_cast<double>(values[i]) / s;
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
  // A '/' makes it a path even when nothing is there: "cannot open it: No such file or
  // directory" says more than "'/etc/pointercal' is not a finite number".
  if (names_existing_file(text) || text.find('/') != std::string::npos) {
    const std::string file_origin = spec.empty() ? text + " (named by " + origin + ")" : text;
    return parse_touch_calibration(read_text(text, file_origin), file_origin);
  }
  return parse_touch_calibration(text, origin);
}

}  // namespace fb
