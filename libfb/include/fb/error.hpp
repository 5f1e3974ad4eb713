// SPDX-License-Identifier: MIT
#pragma once

#include <stdexcept>
#include <string>

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

/// Every error libfb reports: the message says what was wrong and with what.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A device or caller asked for a pixel layout libfb cannot draw. Never a guess.
class UnsupportedFormat : public Error {
 public:
  using Error::Error;
};

/// A system call on a device failed; carries errno so callers can tell EBUSY from ENOENT.
class DeviceError : public Error {
 public:
  DeviceError(const std::string& what, int error_number);
  int error_number() const noexcept { return error_number_; }

 private:
  int error_number_;
};

}  // namespace fb

#pragma GCC visibility pop
