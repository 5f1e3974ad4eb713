// SPDX-License-Identifier: MIT
// The one option parser of the tools, demos and benchmarks: strict decimal, whole-string,
// range-checked values, both "--flag value" and "--flag=value", messages that name the flag
// and the accepted range, and --help generated from the declarations.
#include "fb/cli/options.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace fb::cli {
namespace {

// Runs `args` through `parser` and returns the UsageError's message ("" if none).
std::string error_of(const Parser& parser, const std::vector<std::string>& args) {
  try {
    parser.parse_args(args);
  } catch (const UsageError& error) {
    return error.what();
  }
  return "";
}

struct Program {
  std::string backend, output;
  int frames = 300;
  int32_t width = 0, height = 0;
  double fps = 60;
  uint64_t big = 0;
  int64_t offset = 0;
  std::optional<uint64_t> seed;
  bool stats = false;
  int actions = 0;
  Parser parser{"prog", "Does things."};

  Program() {
    parser.option("--backend", "SPEC", backend, "display")
        .option("--output", "FILE", output, "where to write")
        .number("--frames", "N", frames, 1, 1'000'000, "frames")
        .size("--size", width, height, 16, 8192, "display size")
        .decimal("--fps", "F", fps, 0, std::numeric_limits<double>::infinity(), "rate")
        .number("--big", "N", big, uint64_t{0}, std::numeric_limits<uint64_t>::max(), "big")
        .number("--offset", "N", offset, int64_t{-5}, int64_t{5}, "signed")
        .number("--seed", "N", seed, uint64_t{0}, std::numeric_limits<uint64_t>::max(), "seed")
        .option("--stats", stats, "figures")
        .action("--list", "list things", [this] { ++actions; });
  }
};

TEST(CliOptions, ParsesBothValueSpellings) {
  Program p;
  EXPECT_EQ(p.parser.parse_args({"--frames", "12", "--size=640x480", "--backend=fbdev:/dev/fb1",
                                 "--fps", "0.5", "--stats", "--seed=7"}),
            Parser::Outcome::run);
  EXPECT_EQ(p.frames, 12);
  EXPECT_EQ(p.width, 640);
  EXPECT_EQ(p.height, 480);
  EXPECT_EQ(p.backend, "fbdev:/dev/fb1");
  EXPECT_DOUBLE_EQ(p.fps, 0.5);
  EXPECT_TRUE(p.stats);
  ASSERT_TRUE(p.seed.has_value());
  EXPECT_EQ(*p.seed, 7u);
}

TEST(CliOptions, SizesAreWholeDecimalAndInRange) {
  Program p;
  // 4294967297 is 2^32 + 1: a 32-bit wrap would read it as 1.
  EXPECT_EQ(error_of(p.parser, {"--size", "4294967297x600"}),
            "--size wants WIDTHxHEIGHT from 16x16 to 8192x8192, got '4294967297x600'");
  for (const char* bad : {"10x10x10", "640x480junk", "640", "x480", "640x", "-640x480", "+640x480",
                          " 640x480", "640 x480", "0x10", "8193x600", "640X480", "0x280x1e0", ""}) {
    EXPECT_NE(error_of(p.parser, {"--size", bad}).find("--size wants WIDTHxHEIGHT"),
              std::string::npos)
        << bad;
  }
  EXPECT_EQ(p.width, 0) << "a refused value must not be stored";
  // Leading zeros are decimal, never octal.
  ASSERT_EQ(error_of(p.parser, {"--size", "020x0100"}), "");
  EXPECT_EQ(p.width, 20);
  EXPECT_EQ(p.height, 100);
  ASSERT_EQ(error_of(p.parser, {"--size", "8192x16"}), "");
  EXPECT_EQ(p.width, 8192);
}

TEST(CliOptions, NumbersAreStrictDecimal) {
  Program p;
  ASSERT_EQ(error_of(p.parser, {"--frames", "010"}), "");
  EXPECT_EQ(p.frames, 10) << "010 is ten, not octal eight";
  EXPECT_EQ(error_of(p.parser, {"--frames", "0"}),
            "--frames wants a number from 1 to 1000000, got '0'");
  for (const char* bad : {"many", "", "12junk", " 12", "12 ", "+12", "0x10", "1e3", "1.5", "-1",
                          "1000001", "4294967297", "99999999999999999999"}) {
    EXPECT_EQ(error_of(p.parser, {"--frames", bad}),
              std::string("--frames wants a number from 1 to 1000000, got '") + bad + "'");
  }
  EXPECT_EQ(p.frames, 10);
}

TEST(CliOptions, UnsignedRefusesNegativeAndOverflow) {
  Program p;
  ASSERT_EQ(error_of(p.parser, {"--big", "18446744073709551615"}), "");
  EXPECT_EQ(p.big, std::numeric_limits<uint64_t>::max());
  // One past the maximum, and a minus sign that strtoull would have wrapped to a huge number.
  EXPECT_EQ(error_of(p.parser, {"--big", "18446744073709551616"}),
            "--big wants a number of at least 0, got '18446744073709551616'");
  EXPECT_NE(error_of(p.parser, {"--big", "-1"}), "");
  EXPECT_NE(error_of(p.parser, {"--seed", "-0"}), "");
}

TEST(CliOptions, SignedRangesAllowAMinusWhereTheRangeDoes) {
  Program p;
  ASSERT_EQ(error_of(p.parser, {"--offset", "-5"}), "");
  EXPECT_EQ(p.offset, -5);
  EXPECT_EQ(error_of(p.parser, {"--offset", "-6"}),
            "--offset wants a number from -5 to 5, got '-6'");
  EXPECT_NE(error_of(p.parser, {"--offset", "--5"}), "");
  EXPECT_NE(error_of(p.parser, {"--offset", "-9223372036854775809"}), "");
}

// Both found by the cli fuzz target (tests/fuzz/corpus/cli/regression-*): a minus sign is only
// for ranges that go below zero, even before a zero, and never in a size.
TEST(CliOptions, NoMinusWhereTheRangeHasNoNegatives) {
  EXPECT_THROW(parse_integer("--n", "-0", 0, 10), UsageError);
  EXPECT_EQ(parse_integer("--n", "-0", -1, 10), 0);
  EXPECT_THROW(parse_size("--size", "0x-0", 0, 100), UsageError);
  EXPECT_THROW(parse_size("--size", "-0x0", 0, 100), UsageError);
}

TEST(CliOptions, DecimalsAreFiniteAndInRange) {
  Program p;
  ASSERT_EQ(error_of(p.parser, {"--fps", "0"}), "");
  EXPECT_EQ(p.fps, 0);
  ASSERT_EQ(error_of(p.parser, {"--fps=2.5e1"}), "");
  EXPECT_EQ(p.fps, 25);
  for (const char* bad : {"-5", "inf", "nan", "-0.1", "1e999", "0x10", "", "5fps", " 5"}) {
    EXPECT_EQ(error_of(p.parser, {"--fps", bad}),
              std::string("--fps wants a non-negative number, got '") + bad + "'");
  }
  EXPECT_EQ(p.fps, 25);
}

TEST(CliOptions, HexIsDigitsOnly) {
  EXPECT_EQ(parse_hex("--fill", "ff8000", 0xffffff), 0xff8000u);
  EXPECT_EQ(parse_hex("--fill", "0", 0xffffff), 0u);
  for (const char* bad : {"0x10", "1000000", "-1", "", "gg", "ff 00", "+ff"}) {
    EXPECT_THROW(parse_hex("--fill", bad, 0xffffff), UsageError) << bad;
  }
}

TEST(CliOptions, MissingValuesUnknownFlagsAndStrayValues) {
  Program p;
  EXPECT_EQ(error_of(p.parser, {"--output"}), "--output needs a value (FILE)");
  EXPECT_EQ(error_of(p.parser, {"--bogus"}), "unknown option '--bogus' (see --help)");
  EXPECT_EQ(error_of(p.parser, {"--bogus=1"}), "unknown option '--bogus' (see --help)");
  EXPECT_EQ(error_of(p.parser, {"stray"}), "unknown argument 'stray' (see --help)");
  EXPECT_EQ(error_of(p.parser, {"--stats=yes"}), "--stats takes no value");
  // A prefix is not the flag.
  EXPECT_EQ(error_of(p.parser, {"--frame", "3"}), "unknown option '--frame' (see --help)");
}

TEST(CliOptions, ValuesAreTakenAsTheyAre) {
  Program p;
  // The next argument is the value even if it looks like a flag, and "=" splits once.
  ASSERT_EQ(error_of(p.parser,
                     {"--output", "--stats", "--backend=a=b", "--output=", "--output", "-x.png"}),
            "");
  EXPECT_EQ(p.output, "-x.png");
  EXPECT_EQ(p.backend, "a=b");
  EXPECT_FALSE(p.stats);
}

TEST(CliOptions, TheLastOfARepeatedFlagWins) {
  Program p;
  ASSERT_EQ(
      error_of(p.parser, {"--frames", "3", "--frames=4", "--size", "20x20", "--size", "30x40"}),
      "");
  EXPECT_EQ(p.frames, 4);
  EXPECT_EQ(p.width, 30);
  EXPECT_EQ(p.height, 40);
}

TEST(CliOptions, ActionsAndHelpEndTheRun) {
  Program p;
  EXPECT_EQ(p.parser.parse_args({"--list", "--bogus"}), Parser::Outcome::exit);
  EXPECT_EQ(p.actions, 1);
  testing::internal::CaptureStdout();
  EXPECT_EQ(p.parser.parse_args({"--help"}), Parser::Outcome::exit);
  EXPECT_EQ(testing::internal::GetCapturedStdout(), p.parser.help());
}

TEST(CliOptions, ParseReturnsExitCodes) {
  Program p;
  const char* usage_error[] = {"prog", "--frames", "0"};
  testing::internal::CaptureStderr();
  EXPECT_EQ(p.parser.parse(3, usage_error), kUsageExitCode);
  EXPECT_EQ(testing::internal::GetCapturedStderr(),
            "prog: --frames wants a number from 1 to 1000000, got '0'\n");
  const char* fine[] = {"prog", "--frames", "5"};
  EXPECT_EQ(p.parser.parse(3, fine), std::nullopt);
  const char* help[] = {"prog", "-h"};
  testing::internal::CaptureStdout();
  EXPECT_EQ(p.parser.parse(2, help), 0);
  testing::internal::GetCapturedStdout();
}

TEST(CliOptions, HelpComesFromTheDeclarations) {
  Program p;
  const std::string help = p.parser.help();
  EXPECT_EQ(help.rfind("usage: prog [options]\nDoes things.\n", 0), 0u) << help;
  for (const char* line :
       {"--frames N", "[N: 1 to 1000000]", "--size WxH", "[WxH: 16x16 to 8192x8192]",
        "[F: non-negative]", "--stats", "--list", "--help", "--output FILE"}) {
    EXPECT_NE(help.find(line), std::string::npos) << line << " not in:\n" << help;
  }
}

TEST(CliOptions, DeclarationMistakesAreCaughtAtOnce) {
  bool flag = false;
  int32_t w = 0, h = 0;
  Parser parser("prog", "");
  parser.option("--a", flag, "a");
  EXPECT_THROW(parser.option("--a", flag, "again"), std::logic_error);
  EXPECT_THROW(parser.option("b", flag, "no dashes"), std::logic_error);
  // A size kind never accepts more than a display can be.
  EXPECT_THROW(parser.size("--size", w, h, 1, kMaxSide + 1, "too big"), std::logic_error);
}

}  // namespace
}  // namespace fb::cli
