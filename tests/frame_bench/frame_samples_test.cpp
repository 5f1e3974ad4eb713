// SPDX-License-Identifier: MIT
// The statistics: the percentile definition, summarize() on known samples, ratios.
#include "frame_samples.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "sample_report.hpp"

namespace fb::bench {
namespace {

TEST(Percentile, NearestRankOnTheTextbookExample) {
  // The usual nearest-rank example: ranks ceil(p / 100 * 5).
  const std::vector<double> values = {15, 20, 35, 40, 50};
  EXPECT_EQ(percentile(values, 5), 15);
  EXPECT_EQ(percentile(values, 30), 20);
  EXPECT_EQ(percentile(values, 40), 20);
  EXPECT_EQ(percentile(values, 50), 35);
  EXPECT_EQ(percentile(values, 100), 50);
}

TEST(Percentile, WholeRanksAreNotRoundedUpByFloatingPoint) {
  std::vector<double> values;
  for (int i = 20; i >= 1; --i) values.push_back(i);  // Unsorted on purpose.
  EXPECT_EQ(percentile(values, 50), 10);
  EXPECT_EQ(percentile(values, 95), 19);  // 95 % of 20 is rank 19 exactly.
  EXPECT_EQ(percentile(values, 99), 20);
  EXPECT_EQ(percentile(values, 0), 1);
}

TEST(Percentile, EdgeCases) {
  EXPECT_EQ(percentile({}, 50), 0);
  EXPECT_EQ(percentile({7.5}, 0), 7.5);
  EXPECT_EQ(percentile({7.5}, 99), 7.5);
  EXPECT_EQ(percentile({3, 1, 2}, -10), 1);
  EXPECT_EQ(percentile({3, 1, 2}, 250), 3);
  // Never interpolated: always one of the values.
  EXPECT_EQ(percentile({1, 100}, 50), 1);
  EXPECT_EQ(percentile({1, 100}, 51), 100);
}

TEST(FrameSamples, SummarizesPacedSamples) {
  FrameSamples samples(/*paced=*/true);
  samples.add({10, 1'000'000, 1000, 0, 0});
  samples.add({20, 2'000'000, 2000, 0, 1});
  samples.add({40, 3'000'000, 3000, 400, 0});
  samples.add({30, 2'000'000, 2000, 0, 2});
  const FrameFigures f = samples.summarize();
  EXPECT_EQ(f.frames, 4u);
  EXPECT_DOUBLE_EQ(f.seconds, 0.1);  // The frame times, start to start, add up to the wall time.
  EXPECT_DOUBLE_EQ(f.fps, 40);
  EXPECT_EQ(f.frame_ms_p50, 20);
  EXPECT_EQ(f.frame_ms_p95, 40);
  EXPECT_EQ(f.frame_ms_p99, 40);
  EXPECT_DOUBLE_EQ(f.cpu_ms_per_frame, 2);
  EXPECT_DOUBLE_EQ(f.scanout_bytes_per_frame, 2000);
  EXPECT_DOUBLE_EQ(f.scanout_read_bytes_per_frame, 100);
  ASSERT_TRUE(f.missed_frames.has_value());
  EXPECT_EQ(*f.missed_frames, 3u);
}

TEST(FrameSamples, UnpacedHasNoMissedFramesAndWallTimeCanBeGiven) {
  FrameSamples samples;
  samples.add({10, 0, 0, 0, 5});
  samples.add({10, 0, 0, 0, 5});
  samples.set_wall_seconds(0.5);
  const FrameFigures f = samples.summarize();
  EXPECT_FALSE(f.missed_frames.has_value());
  EXPECT_EQ(f.seconds, 0.5);
  EXPECT_EQ(f.fps, 4);
}

TEST(FrameSamples, NoSamplesAndOneSample) {
  const FrameFigures none = FrameSamples().summarize();
  EXPECT_EQ(none.frames, 0u);
  EXPECT_EQ(none.fps, 0);
  EXPECT_EQ(none.frame_ms_p99, 0);
  EXPECT_EQ(none.cpu_ms_per_frame, 0);
  EXPECT_FALSE(none.missed_frames.has_value());
  EXPECT_EQ(FrameSamples(true).summarize().missed_frames, std::optional<uint64_t>(0));

  FrameSamples one;
  one.add({16, 4'000'000, 768000, 0, 0});
  const FrameFigures f = one.summarize();
  EXPECT_EQ(f.frames, 1u);
  EXPECT_DOUBLE_EQ(f.fps, 62.5);
  EXPECT_EQ(f.frame_ms_p50, 16);
  EXPECT_EQ(f.frame_ms_p99, 16);
  EXPECT_DOUBLE_EQ(f.cpu_ms_per_frame, 4);
  EXPECT_DOUBLE_EQ(f.scanout_bytes_per_frame, 768000);
}

TEST(FrameSamples, ProcessCpuTimeAdvancesWithWork) {
  const uint64_t before = process_cpu_ns();
  volatile uint64_t sink = 0;
  while (process_cpu_ns() - before < 2'000'000) sink = sink + 1;
  EXPECT_GE(process_cpu_ns() - before, 2'000'000u);
}

const Cell& cell_of(const Report& report, const std::string& scene, const std::string& id) {
  for (const Cell& cell : report.cells) {
    if (cell.scene == scene && cell.strategy == id) return cell;
  }
  throw std::runtime_error("no cell " + scene + "/" + id);
}

std::vector<std::pair<std::string, double>> ratios_of(const Cell& cell) {
  std::vector<std::pair<std::string, double>> out;
  for (const Ratio& ratio : cell.ratios) out.emplace_back(ratio.baseline, ratio.value);
  return out;
}

using Ratios = std::vector<std::pair<std::string, double>>;

TEST(AddRatios, PicksTheBaselinesOfEachKindOfCell) {
  Report report = testing::sample_report();
  add_ratios(report);
  // Scene cells: the machine's memcpy-scanout (200 fps) and the same scene's pixman (400 fps).
  EXPECT_EQ(ratios_of(cell_of(report, "fill", "direct")),
            (Ratios{{"memcpy-scanout", 0.25}, {"pixman", 0.125}}));
  EXPECT_EQ(ratios_of(cell_of(report, "fill", "damage")),
            (Ratios{{"memcpy-scanout", 0.3}, {"pixman", 0.15}}));
  // The pixman baseline gets no ratio to itself.
  EXPECT_EQ(ratios_of(cell_of(report, "fill", "pixman")), (Ratios{{"memcpy-scanout", 2}}));
  // Text's pixman failed: only memcpy-scanout.
  EXPECT_EQ(ratios_of(cell_of(report, "text", "direct")), (Ratios{{"memcpy-scanout", 0.1}}));
  // Cells that were not measured get none.
  EXPECT_TRUE(cell_of(report, "fill", "flip2").ratios.empty());
  EXPECT_TRUE(cell_of(report, "text", "pixman").ratios.empty());
  // Machine baselines against memcpy-cached (1000 fps), not against themselves.
  EXPECT_EQ(ratios_of(cell_of(report, "", "memset-scanout")), (Ratios{{"memcpy-cached", 0.25}}));
  EXPECT_EQ(ratios_of(cell_of(report, "", "memcpy-scanout")), (Ratios{{"memcpy-cached", 0.2}}));
  EXPECT_TRUE(cell_of(report, "", "memcpy-cached").ratios.empty());
}

TEST(AddRatios, ReplacesRatherThanAppends) {
  Report report = testing::sample_report();
  add_ratios(report);
  add_ratios(report);
  EXPECT_EQ(cell_of(report, "fill", "direct").ratios.size(), 2u);
}

TEST(AddRatios, SkipsMissingUnsupportedAndZeroBaselines) {
  Report report = testing::sample_report();
  std::erase_if(report.cells, [](const Cell& c) { return c.strategy == "memcpy-cached"; });
  for (Cell& cell : report.cells) {
    if (cell.strategy == "memcpy-scanout") cell.figures.fps = 0;
    if (cell.scene == "fill" && cell.strategy == "pixman") {
      cell.status = CellStatus::unsupported;
      cell.reason = "no pixman";
    }
  }
  add_ratios(report);
  for (const Cell& cell : report.cells) {
    EXPECT_TRUE(cell.ratios.empty()) << cell.scene << "/" << cell.strategy;
  }
}

}  // namespace
}  // namespace fb::bench
