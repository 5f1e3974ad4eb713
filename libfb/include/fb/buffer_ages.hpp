// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

/// How many frames ago each of a display's buffers was last shown: what BackBuffer::age reports.
/// For Display implementations; every backend in libfb keeps its ages with it.
class BufferAges {
 public:
  explicit BufferAges(int buffers = 0) : shown_at_(static_cast<std::size_t>(buffers), 0) {}

  /// 0 until `buffer` has been shown (its contents are unknown); then 1 when it holds the
  /// latest frame shown, 2 the one before, and so on.
  int age(int buffer) const {
    const uint64_t shown = shown_at_[static_cast<std::size_t>(buffer)];
    return shown == 0 ? 0 : static_cast<int>(presented_ + 1 - shown);
  }
  /// `buffer` is now on screen.
  void presented(int buffer) { shown_at_[static_cast<std::size_t>(buffer)] = ++presented_; }
  uint64_t frames_presented() const { return presented_; }

 private:
  std::vector<uint64_t> shown_at_;  // present number that last showed each buffer; 0 = never
  uint64_t presented_ = 0;
};

}  // namespace fb

#pragma GCC visibility pop
