// SPDX-License-Identifier: MIT
// Shared by the fuzz targets: a reader that turns the fuzzer's bytes into values (biased
// towards the edges, where the bugs live) and FUZZ_CHECK, which aborts on a broken invariant so
// libFuzzer records the input as a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

#define FUZZ_CHECK(condition)                                                                \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::fprintf(stderr, "fuzz invariant broken at %s:%d: %s\n", __FILE__, __LINE__,      \
                   #condition);                                                              \
      std::abort();                                                                          \
    }                                                                                        \
  } while (0)

namespace fuzz {

class Reader {
 public:
  Reader(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  bool empty() const { return pos_ >= size_; }
  size_t remaining() const { return size_ - pos_; }

  uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  template <class T>
  T raw() {
    T value{};
    size_t n = std::min(sizeof(T), remaining());
    std::memcpy(&value, data_ + pos_, n);
    pos_ += n;
    return value;
  }
  /// A value in [min, max] (inclusive).
  int64_t range(int64_t min, int64_t max) {
    uint64_t span = uint64_t(max) - uint64_t(min);
    uint64_t v = raw<uint64_t>();
    if (span == std::numeric_limits<uint64_t>::max()) return int64_t(v);
    return int64_t(uint64_t(min) + v % (span + 1));
  }
  /// An int32 that is often an extreme or near a limit, else small, else anything.
  int32_t edgy_int32() {
    static constexpr int32_t kEdges[] = {0, 1, -1, 2, -2, 7, 64, 1 << 29, -(1 << 29), (1 << 29) - 1,
                                         (1 << 30), -(1 << 30), std::numeric_limits<int32_t>::max(),
                                         std::numeric_limits<int32_t>::min(),
                                         std::numeric_limits<int32_t>::max() - 1,
                                         std::numeric_limits<int32_t>::min() + 1};
    switch (byte() % 4) {
      case 0: return kEdges[byte() % (sizeof kEdges / sizeof kEdges[0])];
      case 1: return int32_t(int8_t(byte()));
      case 2: return int32_t(range(-300, 300));
      default: return raw<int32_t>();
    }
  }
  int64_t edgy_int64() {
    static constexpr int64_t kEdges[] = {0, 1, -1, int64_t{1} << 40, -(int64_t{1} << 40),
                                         (int64_t{1} << 40) + 1, int64_t{1} << 32,
                                         std::numeric_limits<int64_t>::max(),
                                         std::numeric_limits<int64_t>::min()};
    switch (byte() % 3) {
      case 0: return kEdges[byte() % (sizeof kEdges / sizeof kEdges[0])];
      case 1: return edgy_int32();
      default: return raw<int64_t>();
    }
  }
  /// A string of up to `max` bytes, ended by a NUL byte in the input or its end.
  std::string string(size_t max) {
    std::string out;
    while (pos_ < size_ && out.size() < max) {
      char c = char(data_[pos_++]);
      if (c == '\0') break;
      out.push_back(c);
    }
    return out;
  }
  std::string rest() {
    std::string out(reinterpret_cast<const char*>(data_ + pos_), remaining());
    pos_ = size_;
    return out;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

}  // namespace fuzz
