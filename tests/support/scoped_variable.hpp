// SPDX-License-Identifier: MIT
// Test support: an environment variable set (or unset) for a scope, restored after.
#pragma once

#include <cstdlib>
#include <optional>
#include <string>

namespace fb::test_support {

/// Sets `name` to `value` (unsets it for nullopt) until the end of the scope, then puts back
/// what it held before.
class ScopedVariable {
 public:
  ScopedVariable(const char* name, const std::optional<std::string>& value) : name_(name) {
    if (const char* old = std::getenv(name)) saved_ = old;
    assign(value);
  }
  ~ScopedVariable() { assign(saved_); }
  ScopedVariable(const ScopedVariable&) = delete;
  ScopedVariable& operator=(const ScopedVariable&) = delete;

 private:
  void assign(const std::optional<std::string>& value) {
    if (value) {
      setenv(name_, value->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

  const char* name_;
  std::optional<std::string> saved_;
};

}  // namespace fb::test_support
