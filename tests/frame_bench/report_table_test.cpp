// SPDX-License-Identifier: MIT
// The terminal table: every cell has its row, reasons shown, fits in 120 columns.
#include "report_table.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <tuple>

#include "frame_samples.hpp"
#include "sample_report.hpp"

namespace fb::bench {
namespace {

std::string table_of(const Report& report) {
  char* buffer = nullptr;
  std::size_t size = 0;
  std::FILE* out = open_memstream(&buffer, &size);
  print_table(out, report);
  std::fclose(out);
  std::string text(buffer, size);
  std::free(buffer);
  return text;
}

std::string line_with(const std::string& text, const std::string& what) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.find(what) != std::string::npos) return line;
  }
  return "";
}

TEST(PrintTable, ShowsRunInfoEveryCellAndTheLegend) {
  Report report = testing::sample_report();
  add_ratios(report);
  const std::string table = table_of(report);
  SCOPED_TRACE(table);
  EXPECT_NE(table.find("backend fbdev, device /dev/fb0, driver fbmmap"), std::string::npos);
  EXPECT_NE(table.find("480x800 xrgb8888, stride 3200 B, refresh 60.0 Hz, write-combined yes"),
            std::string::npos);
  EXPECT_NE(table.find("  rotation  90 degrees (panel 800x480)\n"), std::string::npos);
  EXPECT_NE(table.find("paced at 60.0 fps"), std::string::npos);
  EXPECT_NE(table.find("Fill (fill)"), std::string::npos);
  EXPECT_NE(table.find("Text (text)"), std::string::npos);
  EXPECT_NE(table.find("machine baselines"), std::string::npos);
  EXPECT_NE(line_with(table, "flip 2 buffers").find("n/a: fbdev: the mapping holds one buffer"),
            std::string::npos);
  EXPECT_NE(table.find("failed: cairo: out of memory"), std::string::npos);
  EXPECT_NE(table.find("x memcpy-scanout:"), std::string::npos);  // The legend.

  // fill/direct: 50 fps, 20 ms, 750 KiB written, 7 missed, 0.25 x memcpy-scanout.
  const std::string direct = line_with(table, "  direct ");
  EXPECT_NE(direct.find(" 50.0 "), std::string::npos) << direct;
  EXPECT_NE(direct.find(" 20.0 "), std::string::npos) << direct;
  EXPECT_NE(direct.find(" 1500 "), std::string::npos) << direct;
  EXPECT_NE(direct.find(" 7 "), std::string::npos) << direct;
  EXPECT_NE(direct.find(" 0.25 "), std::string::npos) << direct;
  // Unpaced cells: "-" for missed.
  const std::string memcpy = line_with(table, "memcpy scanout");
  EXPECT_NE(memcpy.find(" - "), std::string::npos) << memcpy;
  EXPECT_NE(memcpy.find("0.20"), std::string::npos) << memcpy;

  std::istringstream lines(table);
  for (std::string line; std::getline(lines, line);) EXPECT_LE(line.size(), 120u) << line;
}

TEST(PrintTable, NamesTheRotationAndThePanelTurnedSideways) {
  Report report = testing::sample_report();
  for (auto [degrees, width, height, line] :
       {std::tuple{0, 800, 480, "  rotation  0 degrees"},
        std::tuple{180, 800, 480, "  rotation  180 degrees"},
        std::tuple{270, 480, 800, "  rotation  270 degrees (panel 800x480)"}}) {
    report.run.rotation = degrees;
    report.run.width = width;
    report.run.height = height;
    const std::string table = table_of(report);
    EXPECT_EQ(line_with(table, "  rotation "), line) << table;
    EXPECT_NE(line_with(table, "  mode ")
                  .find(std::to_string(width) + "x" + std::to_string(height) + " xrgb8888, stride"),
              std::string::npos)
        << table;
  }
}

TEST(PrintTable, EmptyReportPrintsTheHeader) {
  const std::string table = table_of(Report{});
  EXPECT_NE(table.find("unpaced"), std::string::npos);
}

}  // namespace
}  // namespace fb::bench
