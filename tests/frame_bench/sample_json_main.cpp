// SPDX-License-Identifier: MIT
// Writes the hand-made report's JSON (ratios added) to the file named by the one argument, for
// check_json_schema.py to validate against frame_bench.schema.json.
#include <cstdio>
#include <exception>

#include "fb/atomic_file.hpp"
#include "frame_samples.hpp"
#include "report_json.hpp"
#include "sample_report.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT.json\n", argv[0]);
    return 2;
  }
  try {
    fb::bench::Report report = fb::bench::testing::sample_report();
    fb::bench::add_ratios(report);
    const std::string json = fb::bench::report_to_json(report);
    fb::write_file_atomically(
        argv[1], [&](std::FILE* file) { std::fwrite(json.data(), 1, json.size(), file); });
  } catch (const std::exception& error) {
    std::fprintf(stderr, "frame_bench_sample_json: %s\n", error.what());
    return 1;
  }
  return 0;
}
