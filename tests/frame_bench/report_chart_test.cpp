// SPDX-License-Identifier: MIT
// The chart: a PNG of the size chart_size() promises, and a clear error with no file left
// when it cannot be written.
#include "report_chart.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "fb/error.hpp"
#include "frame_samples.hpp"
#include "sample_report.hpp"

namespace fb::bench {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "frame_bench_chart_XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(path_))
      names.push_back(entry.path().filename());
    return names;
  }

 private:
  fs::path path_;
};

struct PngHeader {
  bool signature = false;
  uint32_t width = 0, height = 0;
};

// The signature, then the IHDR chunk: length, "IHDR", width and height big-endian.
PngHeader read_header(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::vector<unsigned char> bytes(24);
  file.read(reinterpret_cast<char*>(bytes.data()), 24);
  PngHeader header;
  if (file.gcount() != 24) return header;
  const std::string start(bytes.begin(), bytes.end());
  header.signature =
      start.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0 && start.compare(12, 4, "IHDR") == 0;
  auto be32 = [&](int at) {
    return uint32_t{bytes[at]} << 24 | uint32_t{bytes[at + 1]} << 16 |
           uint32_t{bytes[at + 2]} << 8 | uint32_t{bytes[at + 3]};
  };
  header.width = be32(16);
  header.height = be32(20);
  return header;
}

TEST(ChartSize, TwoColumnsOfPanelsOneForASingleScene) {
  Report report = testing::sample_report();
  const ChartSize two = chart_size(report);
  report.scenes.push_back({"sprites", "Sprites", "", false});
  EXPECT_EQ(chart_size(report).width, two.width);
  EXPECT_GT(chart_size(report).height, two.height);  // A second row.
  report.scenes.resize(1);
  std::erase_if(report.cells, [](const Cell& c) { return c.scene == "text"; });
  EXPECT_EQ(chart_size(report).width * 2, two.width);
}

TEST(WriteChartPng, WritesAPngOfTheExpectedSize) {
  Report report = testing::sample_report();
  add_ratios(report);
  TempDir dir;
  const fs::path path = dir.path() / "chart.png";
  write_chart_png(report, path);
  const PngHeader header = read_header(path);
  EXPECT_TRUE(header.signature);
  EXPECT_EQ(header.width, static_cast<uint32_t>(chart_size(report).width));
  EXPECT_EQ(header.height, static_cast<uint32_t>(chart_size(report).height));
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"chart.png"});  // No temporary left.
}

TEST(WriteChartPng, DrawsReportsWithoutCellsOrScenes) {
  TempDir dir;
  write_chart_png(Report{}, dir.path() / "empty.png");
  const PngHeader header = read_header(dir.path() / "empty.png");
  EXPECT_TRUE(header.signature);
  EXPECT_EQ(header.width, static_cast<uint32_t>(chart_size(Report{}).width));

  // References far above every bar, and a scene whose cells all failed.
  Report report = testing::sample_report();
  for (Cell& cell : report.cells) {
    if (cell.strategy == "memcpy-scanout") cell.figures.fps = 1e6;
    if (cell.scene == "text") cell.status = CellStatus::failed, cell.reason = "boom";
  }
  write_chart_png(report, dir.path() / "far.png");
  EXPECT_TRUE(read_header(dir.path() / "far.png").signature);
}

TEST(WriteChartPng, UnwritablePathThrowsNamingItAndLeavesNothing) {
  TempDir dir;
  std::ofstream(dir.path() / "file") << "not a folder";
  const std::string path = (dir.path() / "file" / "chart.png").string();
  try {
    write_chart_png(testing::sample_report(), path);
    FAIL() << "no error for " << path;
  } catch (const fb::Error& error) {
    EXPECT_NE(std::string(error.what()).find(path), std::string::npos) << error.what();
  }
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"file"});
}

// A write that fails midway (a file size limit, as a full disk would) leaves neither the
// chart nor a temporary.
TEST(WriteChartPng, FailedWriteLeavesNoPartialFile) {
  TempDir dir;
  const fs::path whole = dir.path() / "whole.png";
  write_chart_png(testing::sample_report(), whole);
  constexpr rlim_t kLimit = 4096;
  ASSERT_GT(fs::file_size(whole), kLimit);
  fs::remove(whole);

  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &saved), 0);
  struct sigaction ignore {
  }, previous{};
  ignore.sa_handler = SIG_IGN;
  ASSERT_EQ(sigaction(SIGXFSZ, &ignore, &previous), 0);
  rlimit limited = saved;
  limited.rlim_cur = kLimit;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &limited), 0);
  const std::string path = (dir.path() / "chart.png").string();
  std::string message;
  try {
    write_chart_png(testing::sample_report(), path);
  } catch (const fb::Error& error) {
    message = error.what();
  }
  setrlimit(RLIMIT_FSIZE, &saved);
  sigaction(SIGXFSZ, &previous, nullptr);
  EXPECT_NE(message.find(path), std::string::npos) << "error: '" << message << "'";
  EXPECT_TRUE(dir.entries().empty());
}

}  // namespace
}  // namespace fb::bench
