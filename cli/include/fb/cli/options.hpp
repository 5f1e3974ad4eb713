// SPDX-License-Identifier: MIT
#pragma once

// The one command-line parser of the tools, demos and benchmarks. Each program declares its
// flags (name, kind of value, accepted range, help text); parsing is strict and whole-string
// (decimal only, no sign where none is allowed, no trailing junk, range-checked, no wrap-around),
// and --help is generated from the same declarations, so help and parser cannot drift.

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "fb/rotation.hpp"

namespace fb::cli {

/// A flag the user got wrong: the message names the flag and what it accepts.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The exit code of a usage error.
inline constexpr int kUsageExitCode = 2;

/// Strict decimal parsing: the whole text, digits only (a leading '-' only if `min` < 0), within
/// [min, max]. `flag` and the range are named in the UsageError's message.
int64_t parse_integer(const std::string& flag, const std::string& text, int64_t min, int64_t max);
uint64_t parse_unsigned(const std::string& flag, const std::string& text, uint64_t min,
                        uint64_t max);
/// A finite decimal number ("0.25", "60", "1e3") within [min, max]; no inf, nan or hex.
double parse_decimal(const std::string& flag, const std::string& text, double min, double max);
/// Hexadecimal digits only (no "0x", no sign), at most `max`.
uint64_t parse_hex(const std::string& flag, const std::string& text, uint64_t max);

struct Size {
  int32_t width = 0;
  int32_t height = 0;
};
/// "WIDTHxHEIGHT", each side decimal within [min_side, max_side].
Size parse_size(const std::string& flag, const std::string& text, int32_t min_side,
                int32_t max_side);

/// The largest side a --size may ask for: what a display can be (fb::kMaxDisplaySide).
inline constexpr int32_t kMaxSide = 16384;

class Parser {
 public:
  /// `program` prefixes messages; `summary` follows the usage line in --help.
  Parser(std::string program, std::string summary);

  /// A flag without a value: sets `target` to true.
  Parser& option(const std::string& name, bool& target, const std::string& help);
  /// A flag whose value is taken as it is (a path, a backend spec); may be empty.
  Parser& option(const std::string& name, const std::string& metavar, std::string& target,
                 const std::string& help);
  /// A whole number within [min, max], for any integer type.
  template <class Int>
  Parser& number(const std::string& name, const std::string& metavar, Int& target, Int min, Int max,
                 const std::string& help) {
    static_assert(std::numeric_limits<Int>::is_integer);
    std::function<void(const std::string&, const std::string&)> set;
    if constexpr (std::numeric_limits<Int>::is_signed) {
      set = [&target, min, max](const std::string& flag, const std::string& text) {
        target = static_cast<Int>(parse_integer(flag, text, min, max));
      };
    } else {
      set = [&target, min, max](const std::string& flag, const std::string& text) {
        target = static_cast<Int>(parse_unsigned(flag, text, min, max));
      };
    }
    return add(name, metavar, help, integer_range_text(min, max), std::move(set));
  }
  /// An optional whole number: set when the flag is given.
  template <class Int>
  Parser& number(const std::string& name, const std::string& metavar, std::optional<Int>& target,
                 Int min, Int max, const std::string& help) {
    static_assert(!std::numeric_limits<Int>::is_signed);
    return add(name, metavar, help, integer_range_text(min, max),
               [&target, min, max](const std::string& flag, const std::string& text) {
                 target = static_cast<Int>(parse_unsigned(flag, text, min, max));
               });
  }
  /// A finite decimal number within [min, max] (max may be infinity: no upper bound).
  Parser& decimal(const std::string& name, const std::string& metavar, double& target, double min,
                  double max, const std::string& help);
  /// WIDTHxHEIGHT with each side in [min_side, max_side] (max_side at most kMaxSide).
  Parser& size(const std::string& name, int32_t& width, int32_t& height, int32_t min_side,
               int32_t max_side, const std::string& help);
  /// --rotate DEGREES: how the panel is mounted (0, 90, 180 or 270, clockwise); unset leaves
  /// the choice to $FB_ROTATION. Every program that opens a display takes it.
  Parser& rotation(std::optional<Rotation>& target);
  /// Any other kind: `set(flag, text)` converts and stores, throwing UsageError on bad text.
  Parser& custom(const std::string& name, const std::string& metavar, const std::string& help,
                 std::function<void(const std::string& flag, const std::string& text)> set);
  /// A flag that does its job at once and ends the run with exit code 0 (--list-backends).
  Parser& action(const std::string& name, const std::string& help, std::function<void()> run);
  /// Text after the flags in --help.
  Parser& epilogue(const std::string& text);

  enum class Outcome { run, exit };
  /// Parses the arguments after the program name. A flag may appear more than once: the last
  /// one wins. "--flag value" and "--flag=value" both work. --help (or -h) prints the help to
  /// stdout and returns exit, as does an action. Throws UsageError.
  Outcome parse_args(const std::vector<std::string>& args) const;
  /// parse_args on argv; a UsageError is printed to stderr as "PROGRAM: message". Returns the
  /// exit code if the program should end now (0 after --help or an action, 2 after an error).
  std::optional<int> parse(int argc, const char* const argv[]) const;

  /// The --help text.
  std::string help() const;
  const std::string& program() const { return program_; }

 private:
  struct Flag {
    std::string name;
    std::string metavar;  // empty: takes no value
    std::string help;
    std::string range;  // appended to the help, e.g. "1 to 16"
    std::function<void(const std::string&, const std::string&)> set;
    std::function<void()> action;
  };
  Parser& add(const std::string& name, const std::string& metavar, const std::string& help,
              const std::string& range,
              std::function<void(const std::string&, const std::string&)> set);
  const Flag* find(const std::string& name) const;
  static std::string integer_range_text(int64_t min, int64_t max);
  static std::string integer_range_text(uint64_t min, uint64_t max);
  template <class Int>
  static std::string integer_range_text(Int min, Int max) {
    if constexpr (std::numeric_limits<Int>::is_signed) {
      return integer_range_text(static_cast<int64_t>(min), static_cast<int64_t>(max));
    } else {
      return integer_range_text(static_cast<uint64_t>(min), static_cast<uint64_t>(max));
    }
  }

  std::string program_;
  std::string summary_;
  std::string epilogue_;
  std::vector<Flag> flags_;
};

}  // namespace fb::cli
