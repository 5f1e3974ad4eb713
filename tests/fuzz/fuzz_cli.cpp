// SPDX-License-Identifier: MIT
// The option parser: parse_integer/parse_unsigned/parse_decimal/parse_hex/parse_size on random
// text and ranges, and fb::cli::Parser on a random argv against a declared set of flags.
// Invariants:
//  - nothing but fb::cli::UsageError is ever thrown;
//  - an accepted number is within its range, and the text was strictly its decimal spelling:
//    digits only (a '-' only where negatives are allowed), and re-printed it equals the text
//    with leading zeros removed (so no octal, no hex, no junk, no wrap-around);
//  - an accepted decimal is finite, within range and what strtod reads from the whole text;
//  - an accepted size is "WxH" with both sides decimal and in range;
//  - after Parser::parse_args, every flag's target holds a value within its declared range.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "fb/cli/options.hpp"
#include "fuzz_support.hpp"

namespace {

using fb::cli::UsageError;

bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// "-007" -> "-7", "000" -> "0", "-0" -> "0".
std::string canonical(const std::string& text) {
  const bool negative = !text.empty() && text[0] == '-';
  std::string digits = text.substr(negative ? 1 : 0);
  const size_t first = digits.find_first_not_of('0');
  digits = first == std::string::npos ? "0" : digits.substr(first);
  return (negative && digits != "0" ? "-" : "") + digits;
}

void check_integer(fuzz::Reader& in, const std::string& text) {
  int64_t min = in.edgy_int64(), max = in.edgy_int64();
  if (min > max) std::swap(min, max);
  try {
    const int64_t v = fb::cli::parse_integer("--n", text, min, max);
    FUZZ_CHECK(v >= min && v <= max);
    const bool negative = !text.empty() && text[0] == '-';
    FUZZ_CHECK(all_digits(negative ? text.substr(1) : text));
    FUZZ_CHECK(!negative || min < 0);
    FUZZ_CHECK(std::to_string(v) == canonical(text));
  } catch (const UsageError&) {
  }
}

void check_unsigned(fuzz::Reader& in, const std::string& text) {
  uint64_t min = uint64_t(in.edgy_int64()), max = uint64_t(in.edgy_int64());
  if (min > max) std::swap(min, max);
  try {
    const uint64_t v = fb::cli::parse_unsigned("--n", text, min, max);
    FUZZ_CHECK(v >= min && v <= max);
    FUZZ_CHECK(all_digits(text));
    FUZZ_CHECK(std::to_string(v) == canonical(text));
  } catch (const UsageError&) {
  }
}

void check_decimal(fuzz::Reader& in, const std::string& text) {
  static constexpr double kBounds[] = {0.0, 1.0, -1.0, 1e-300, 1000.0, 1e308, HUGE_VAL, -HUGE_VAL};
  double min = kBounds[in.byte() % 8], max = kBounds[in.byte() % 8];
  if (min > max) std::swap(min, max);
  try {
    const double v = fb::cli::parse_decimal("--d", text, min, max);
    FUZZ_CHECK(std::isfinite(v) && v >= min && v <= max);
    char* end = nullptr;
    const double expected = std::strtod(text.c_str(), &end);
    FUZZ_CHECK(end == text.c_str() + text.size());
    FUZZ_CHECK(v == expected);
    for (char c : text) FUZZ_CHECK(c != 'x' && c != 'X' && c != 'n' && c != 'N' && c != 'i' && c != 'I');
  } catch (const UsageError&) {
  }
}

void check_hex(fuzz::Reader& in, const std::string& text) {
  const uint64_t max = uint64_t(in.edgy_int64());
  try {
    const uint64_t v = fb::cli::parse_hex("--x", text, max);
    FUZZ_CHECK(v <= max);
    FUZZ_CHECK(!text.empty());
    for (char c : text) FUZZ_CHECK(std::isxdigit(static_cast<unsigned char>(c)));
    FUZZ_CHECK(std::strtoull(text.c_str(), nullptr, 16) == v);
  } catch (const UsageError&) {
  }
}

void check_size(fuzz::Reader& in, const std::string& text) {
  int32_t lo = int32_t(in.range(0, 20)), hi = int32_t(in.range(0, fb::cli::kMaxSide));
  if (lo > hi) std::swap(lo, hi);
  try {
    const fb::cli::Size s = fb::cli::parse_size("--size", text, lo, hi);
    FUZZ_CHECK(s.width >= lo && s.width <= hi && s.height >= lo && s.height <= hi);
    const size_t x = text.find('x');
    FUZZ_CHECK(x != std::string::npos);
    FUZZ_CHECK(all_digits(text.substr(0, x)) && all_digits(text.substr(x + 1)));
    FUZZ_CHECK(std::to_string(s.width) == canonical(text.substr(0, x)));
    FUZZ_CHECK(std::to_string(s.height) == canonical(text.substr(x + 1)));
  } catch (const UsageError&) {
  }
}

void check_parser(fuzz::Reader& in) {
  bool verbose = false;
  std::string output = "unset";
  int buffers = 2;
  uint32_t count = 5;
  std::optional<uint64_t> seed;
  int64_t offset = 0;
  double fps = 60.0;
  int32_t width = 320, height = 240;
  int actions = 0;
  fb::cli::Parser parser("fuzz", "The fuzz target's flags.");
  parser.option("--verbose", verbose, "Say more.")
      .option("--output", "PATH", output, "Where to write.")
      .number("--buffers", "N", buffers, 1, 4, "Buffers.")
      .number("--count", "N", count, uint32_t{0}, UINT32_MAX, "Count.")
      .number("--seed", "N", seed, uint64_t{1}, UINT64_MAX, "Seed.")
      .number("--offset", "N", offset, INT64_MIN, INT64_MAX, "Offset.")
      .decimal("--fps", "RATE", fps, 0.001, 1000.0, "Frame rate.")
      .size("--size", width, height, 1, fb::cli::kMaxSide, "Size.")
      .custom("--even", "N", "An even number.",
              [](const std::string& flag, const std::string& text) {
                if (fb::cli::parse_unsigned(flag, text, 0, 100) % 2)
                  throw UsageError(flag + " must be even");
              })
      .action("--list", "List.", [&actions] { ++actions; })
      .epilogue("The end.");
  (void)parser.help();
  std::vector<std::string> args;
  while (!in.empty() && args.size() < 16) args.push_back(in.string(64));
  try {
    (void)parser.parse_args(args);
  } catch (const UsageError&) {
  }
  FUZZ_CHECK(buffers >= 1 && buffers <= 4);
  FUZZ_CHECK(!seed || *seed >= 1);
  FUZZ_CHECK(std::isfinite(fps) && fps >= 0.001 && fps <= 1000.0);
  FUZZ_CHECK(width >= 1 && width <= fb::cli::kMaxSide && height >= 1 &&
             height <= fb::cli::kMaxSide);
  FUZZ_CHECK(actions <= 1);  // an action ends the parse
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // --help prints to stdout; libFuzzer reports on stderr.
  if (!std::freopen("/dev/null", "w", stdout)) std::abort();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Reader in(data, size);
  const int which = in.byte() % 6;
  if (which == 5) {
    check_parser(in);
    return 0;
  }
  const std::string text = in.string(48);
  switch (which) {
    case 0: check_integer(in, text); break;
    case 1: check_unsigned(in, text); break;
    case 2: check_decimal(in, text); break;
    case 3: check_hex(in, text); break;
    default: check_size(in, text); break;
  }
  return 0;
}
