// SPDX-License-Identifier: MIT
// The JSON writer: escaping, numbers JSON can hold, the shape of a report. Validation against
// frame_bench.schema.json is check_json_schema.py's (ctest frame_bench_json_schema*).
#include "report_json.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <limits>

#include "frame_samples.hpp"
#include "sample_report.hpp"

namespace fb::bench {
namespace {

TEST(JsonString, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(json_string(""), "\"\"");
  EXPECT_EQ(json_string("a\"b\\c/d"), R"("a\"b\\c/d")");
  EXPECT_EQ(json_string("\n\r\t\b\f"), R"("\n\r\t\b\f")");
  EXPECT_EQ(json_string(std::string("\x01\x1f\x7f", 3)), R"("\u0001\u001f\u007f")");
  EXPECT_EQ(json_string(std::string("a\0b", 3)), R"("a\u0000b")");
}

TEST(JsonString, KeepsUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(json_string("caf\xc3\xa9 \xe2\x86\x91 \xf0\x9f\x99\x82"),
            "\"caf\xc3\xa9 \xe2\x86\x91 \xf0\x9f\x99\x82\"");
  const std::string replacement = "\xef\xbf\xbd";
  EXPECT_EQ(json_string("\xff"), "\"" + replacement + "\"");
  EXPECT_EQ(json_string("x\xc3"), "\"x" + replacement + "\"");                  // Cut short.
  EXPECT_EQ(json_string("\xc0\xaf"), "\"" + replacement + replacement + "\"");  // Overlong.
  EXPECT_EQ(json_string("\xed\xa0\x80"),                                        // A surrogate.
            "\"" + replacement + replacement + replacement + "\"");
  EXPECT_EQ(json_string("\xf4\x90\x80\x80").find("\xf4"), std::string::npos);  // Past U+10FFFF.
}

TEST(JsonNumber, FiniteNumbersRoundTripAndTheRestAreNull) {
  EXPECT_EQ(json_number(60), "60");
  EXPECT_EQ(json_number(0.1), "0.1");
  EXPECT_EQ(json_number(-2.5), "-2.5");
  EXPECT_EQ(json_number(0), "0");
  const double third = 1.0 / 3;
  EXPECT_EQ(std::strtod(json_number(third).c_str(), nullptr), third);
  EXPECT_EQ(std::strtod(json_number(1e300).c_str(), nullptr), 1e300);
  EXPECT_EQ(json_number(std::numeric_limits<double>::quiet_NaN()), "null");
  EXPECT_EQ(json_number(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(json_number(-std::numeric_limits<double>::infinity()), "null");
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(ReportToJson, WritesEveryKindOfCell) {
  Report report = testing::sample_report();
  add_ratios(report);
  const std::string json = report_to_json(report);
  EXPECT_EQ(json.rfind("{\n  \"schema\": \"fbmmap-frame-bench/1\",", 0), 0u) << json;
  EXPECT_EQ(json.back(), '\n');
  EXPECT_NE(json.find(R"("cpu": "ARMv7 Processor rev 0 (v7l) \"quoted\"\tand a tab )"),
            std::string::npos);
  EXPECT_NE(json.find(R"("what": "Lines of text\\changing\nevery frame.")"), std::string::npos);
  EXPECT_NE(json.find(R"("pacing_fps": 60)"), std::string::npos);
  EXPECT_NE(json.find("\"width\": 480,\n    \"height\": 800,\n    \"rotation\": 90,"),
            std::string::npos);
  EXPECT_EQ(count(json, "\"status\": \"ok\""), 9u);
  EXPECT_EQ(count(json, "\"status\": \"unsupported\""), 2u);
  EXPECT_EQ(count(json, "\"status\": \"failed\""), 1u);
  EXPECT_EQ(count(json, "\"reason\": "), 3u);     // Only cells that were not measured.
  EXPECT_EQ(count(json, "\"figures\": "), 9u);    // Only cells that were.
  EXPECT_EQ(count(json, "\"scene\": null"), 4u);  // Machine baselines.
  EXPECT_NE(json.find("\"missed_frames\": 7"), std::string::npos);
  EXPECT_EQ(count(json, "\"missed_frames\": null"), 5u);                  // The unpaced baselines.
  EXPECT_NE(json.find("\"cpu_ms_per_frame\": null"), std::string::npos);  // The NaN.
  EXPECT_EQ(count(json, "nan"), 0u);
  EXPECT_NE(json.find("\"memcpy-scanout\": 0.25,\n"), std::string::npos);
  EXPECT_NE(json.find("\"pixman\": 0.125\n"), std::string::npos);
  EXPECT_NE(json.find("\"ratios\": {}"), std::string::npos);
  EXPECT_EQ(count(json, "\"baseline\": true"), 5u + 6u);  // Strategies + cells.
}

TEST(ReportToJson, EmptyReportIsStillADocument) {
  const std::string json = report_to_json(Report{});
  EXPECT_NE(json.find("\"scenes\": []"), std::string::npos);
  EXPECT_NE(json.find("\"cells\": []"), std::string::npos);
}

}  // namespace
}  // namespace fb::bench
