// SPDX-License-Identifier: MIT
#include "fb/input.hpp"

namespace fb {
namespace {

class NoInput final : public Input {
 public:
  std::optional<InputEvent> poll() override { return std::nullopt; }
  std::vector<std::string> describe_devices() const override { return {}; }
};

}  // namespace

Input& no_input() {
  static NoInput none;
  return none;
}

}  // namespace fb
