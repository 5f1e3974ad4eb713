// SPDX-License-Identifier: MIT
#include "fb/error.hpp"

#include <cstring>

namespace fb {

DeviceError::DeviceError(const std::string& what, int error_number)
    : Error(what + ": " + std::strerror(error_number)), error_number_(error_number) {}

}  // namespace fb
