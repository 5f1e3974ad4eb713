// SPDX-License-Identifier: MIT
#include "fb/cli/options.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <type_traits>

namespace fb::cli {
namespace {

// from_chars is the strict primitive: decimal only (so "010" is ten, not eight), no leading
// whitespace or '+', no "0x", and it reports overflow instead of wrapping. Whole string only.
template <class Number>
bool convert(const std::string& text, Number& value, int base = 10) {
  const char* end = text.data() + text.size();
  std::from_chars_result result;
  if constexpr (std::is_floating_point_v<Number>) {
    result = std::from_chars(text.data(), end, value,
                             std::chars_format::fixed | std::chars_format::scientific);
  } else {
    result = std::from_chars(text.data(), end, value, base);
  }
  return !text.empty() && result.ec == std::errc() && result.ptr == end;
}

std::string format_decimal(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

std::string signed_range(int64_t min, int64_t max) {
  if (max == std::numeric_limits<int64_t>::max()) return "at least " + std::to_string(min);
  return std::to_string(min) + " to " + std::to_string(max);
}

std::string unsigned_range(uint64_t min, uint64_t max) {
  if (max == std::numeric_limits<uint64_t>::max()) return "at least " + std::to_string(min);
  return std::to_string(min) + " to " + std::to_string(max);
}

std::string decimal_range(double min, double max) {
  if (std::isinf(max)) return min == 0 ? "non-negative" : "at least " + format_decimal(min);
  return format_decimal(min) + " to " + format_decimal(max);
}

std::string hex_text(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "%llx", static_cast<unsigned long long>(value));
  return text;
}

// One wording for every number: "--frames wants a number from 1 to 1000000, got '0'".
[[noreturn]] void wants_number(const std::string& flag, const std::string& range,
                               const std::string& text) {
  if (range == "non-negative") {
    throw UsageError(flag + " wants a non-negative number, got '" + text + "'");
  }
  const bool open = range.rfind("at least", 0) == 0;
  throw UsageError(flag + " wants a number " + (open ? "of " : "from ") + range + ", got '" + text +
                   "'");
}

std::string size_range(int32_t min_side, int32_t max_side) {
  return std::to_string(min_side) + "x" + std::to_string(min_side) + " to " +
         std::to_string(max_side) + "x" + std::to_string(max_side);
}

}  // namespace

int64_t parse_integer(const std::string& flag, const std::string& text, int64_t min, int64_t max) {
  int64_t value = 0;
  // A '-' only where negatives are allowed: "-0" is not a spelling of 0 for a 0.. flag.
  const bool stray_sign = min >= 0 && !text.empty() && text[0] == '-';
  if (stray_sign || !convert(text, value) || value < min || value > max) {
    wants_number(flag, signed_range(min, max), text);
  }
  return value;
}

uint64_t parse_unsigned(const std::string& flag, const std::string& text, uint64_t min,
                        uint64_t max) {
  uint64_t value = 0;
  // from_chars accepts no sign for unsigned types, so "-1" cannot wrap to a huge number.
  if (!convert(text, value) || value < min || value > max) {
    wants_number(flag, unsigned_range(min, max), text);
  }
  return value;
}

double parse_decimal(const std::string& flag, const std::string& text, double min, double max) {
  double value = 0;
  if (!convert(text, value) || !std::isfinite(value) || !(value >= min) || !(value <= max)) {
    wants_number(flag, decimal_range(min, max), text);
  }
  return value;
}

uint64_t parse_hex(const std::string& flag, const std::string& text, uint64_t max) {
  uint64_t value = 0;
  if (!convert(text, value, 16) || value > max) {
    throw UsageError(flag + " wants hexadecimal digits from 0 to " + hex_text(max) + ", got '" +
                     text + "'");
  }
  return value;
}

Size parse_size(const std::string& flag, const std::string& text, int32_t min_side,
                int32_t max_side) {
  const std::string wanted =
      flag + " wants WIDTHxHEIGHT from " + size_range(min_side, max_side) + ", got '" + text + "'";
  const size_t x = text.find('x');
  // No sign on either side: "0x-0" would otherwise read as 0x0.
  if (x == std::string::npos || text.find('-') != std::string::npos) throw UsageError(wanted);
  // Each side on its own must be a whole decimal number: "10x10x10" fails on "10x10".
  int32_t width = 0, height = 0;
  if (!convert(text.substr(0, x), width) || !convert(text.substr(x + 1), height) ||
      width < min_side || height < min_side || width > max_side || height > max_side) {
    throw UsageError(wanted);
  }
  return Size{width, height};
}

Parser::Parser(std::string program, std::string summary)
    : program_(std::move(program)), summary_(std::move(summary)) {}

std::string Parser::integer_range_text(int64_t min, int64_t max) {
  return signed_range(min, max);
}

std::string Parser::integer_range_text(uint64_t min, uint64_t max) {
  return unsigned_range(min, max);
}

Parser& Parser::add(const std::string& name, const std::string& metavar, const std::string& help,
                    const std::string& range,
                    std::function<void(const std::string&, const std::string&)> set) {
  // A declaration mistake is the program's bug, not the user's: fail loudly at once.
  if (name.rfind("--", 0) != 0 || name.find('=') != std::string::npos || find(name) != nullptr) {
    throw std::logic_error("bad or duplicate flag declaration '" + name + "'");
  }
  flags_.push_back(Flag{name, metavar, help, range, std::move(set), nullptr});
  return *this;
}

Parser& Parser::option(const std::string& name, bool& target, const std::string& help) {
  return add(name, "", help, "",
             [&target](const std::string&, const std::string&) { target = true; });
}

Parser& Parser::option(const std::string& name, const std::string& metavar, std::string& target,
                       const std::string& help) {
  return add(name, metavar, help, "",
             [&target](const std::string&, const std::string& text) { target = text; });
}

Parser& Parser::decimal(const std::string& name, const std::string& metavar, double& target,
                        double min, double max, const std::string& help) {
  return add(name, metavar, help, decimal_range(min, max),
             [&target, min, max](const std::string& flag, const std::string& text) {
               target = parse_decimal(flag, text, min, max);
             });
}

Parser& Parser::size(const std::string& name, int32_t& width, int32_t& height, int32_t min_side,
                     int32_t max_side, const std::string& help) {
  if (min_side < 1 || max_side > kMaxSide || min_side > max_side) {
    throw std::logic_error("bad size range for '" + name + "'");
  }
  return add(
      name, "WxH", help, size_range(min_side, max_side),
      [&width, &height, min_side, max_side](const std::string& flag, const std::string& text) {
        const Size parsed = parse_size(flag, text, min_side, max_side);
        width = parsed.width;
        height = parsed.height;
      });
}

Parser& Parser::rotation(std::optional<Rotation>& target) {
  return add("--rotate", "DEGREES",
             "turn the picture for a panel mounted rotated, clockwise: 0, 90, 180 or 270\n"
             "(default: $FB_ROTATION, else 0). --size stays the panel's; the program\n"
             "draws the turned size (600x1024 on a 1024x600 panel at 90)",
             "", [&target](const std::string& flag, const std::string& text) {
               target = parse_rotation(text);
               if (!target) throw UsageError(flag + " wants 0, 90, 180 or 270, got '" + text + "'");
             });
}

Parser& Parser::custom(const std::string& name, const std::string& metavar, const std::string& help,
                       std::function<void(const std::string&, const std::string&)> set) {
  return add(name, metavar, help, "", std::move(set));
}

Parser& Parser::action(const std::string& name, const std::string& help,
                       std::function<void()> run) {
  add(name, "", help, "", nullptr);
  flags_.back().action = std::move(run);
  return *this;
}

Parser& Parser::epilogue(const std::string& text) {
  epilogue_ = text;
  return *this;
}

const Parser::Flag* Parser::find(const std::string& name) const {
  for (const Flag& flag : flags_) {
    if (flag.name == name) return &flag;
  }
  return nullptr;
}

Parser::Outcome Parser::parse_args(const std::vector<std::string>& args) const {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i];
    std::optional<std::string> inline_value;
    if (const size_t equals = name.find('='); name.rfind("--", 0) == 0 && equals != name.npos) {
      inline_value = name.substr(equals + 1);
      name.resize(equals);
    }
    if (name == "--help" || name == "-h") {
      if (inline_value) throw UsageError(name + " takes no value");
      std::cout << help() << std::flush;
      return Outcome::exit;
    }
    const Flag* flag = find(name);
    if (flag == nullptr) {
      throw UsageError((name.rfind("-", 0) == 0 ? "unknown option '" : "unknown argument '") +
                       name + "' (see --help)");
    }
    if (flag->metavar.empty()) {
      if (inline_value) throw UsageError(name + " takes no value");
      if (flag->action) {
        flag->action();
        return Outcome::exit;
      }
      flag->set(name, "");
      continue;
    }
    if (!inline_value) {
      // The next argument is the value whatever it looks like ("--output -x.png" is a name).
      if (i + 1 >= args.size()) throw UsageError(name + " needs a value (" + flag->metavar + ")");
      inline_value = args[++i];
    }
    flag->set(name, *inline_value);
  }
  return Outcome::run;
}

std::optional<int> Parser::parse(int argc, const char* const argv[]) const {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  try {
    if (parse_args(args) == Outcome::exit) return 0;
  } catch (const UsageError& error) {
    std::cerr << program_ << ": " << error.what() << "\n";
    return kUsageExitCode;
  }
  return std::nullopt;
}

std::string Parser::help() const {
  std::string text = "usage: " + program_ + " [options]\n";
  if (!summary_.empty()) text += summary_ + "\n";
  text += "\nOptions:\n";
  std::vector<Flag> all = flags_;
  all.push_back(Flag{"--help", "", "this help", "", nullptr, nullptr});
  // Help text lines after the first, and a long left column, continue under the text column.
  constexpr size_t kColumn = 22;
  for (const Flag& flag : all) {
    std::string left = "  " + flag.name + (flag.metavar.empty() ? "" : " " + flag.metavar);
    std::string help_text = flag.help;
    if (!flag.range.empty()) {
      // The range after the text, on a line of its own when the last line would pass 96.
      const std::string range = "[" + flag.metavar + ": " + flag.range + "]";
      const size_t last_line = help_text.size() - (help_text.rfind('\n') + 1);
      help_text += (kColumn + last_line + 1 + range.size() > 96 ? "\n" : " ") + range;
    }
    if (left.size() + 1 > kColumn) {
      text += left + "\n" + std::string(kColumn, ' ');
    } else {
      text += left + std::string(kColumn - left.size(), ' ');
    }
    for (char c : help_text) {
      text += c;
      if (c == '\n') text += std::string(kColumn, ' ');
    }
    text += "\n";
  }
  if (!epilogue_.empty()) text += "\n" + epilogue_ + "\n";
  return text;
}

}  // namespace fb::cli
