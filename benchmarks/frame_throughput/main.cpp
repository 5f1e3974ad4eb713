// SPDX-License-Identifier: MIT
// fb-frame-bench: what a display pipeline can do. Typical scenes presented in several ways on
// the chosen backend, next to baselines measured in the same run on the same display memory;
// a table on stdout, optionally JSON and PNG charts. Figures only: it never fails on speed.
#include <cstdio>
#include <exception>
#include <string>

#include "bench_options.hpp"
#include "bench_runner.hpp"
#include "fb/atomic_file.hpp"
#include "fb/error.hpp"
#include "report_chart.hpp"
#include "report_json.hpp"
#include "report_table.hpp"
#ifdef FB_HAVE_HOST_SIM
#include "fb/host_sim/register_sdl_backend.hpp"
#endif

int main(int argc, char** argv) {
#ifdef FB_HAVE_HOST_SIM
  fb::sim::register_sdl_backend();
#endif
  const fb::bench::ParsedBenchOptions parsed = fb::bench::parse_bench_options(argc, argv);
  if (parsed.exit_code) return *parsed.exit_code;
  const fb::bench::BenchOptions& options = parsed.options;
  try {
    const fb::bench::Report report = fb::bench::run_bench(options, stderr);
    fb::bench::print_table(stdout, report);
    std::fflush(stdout);
    if (!options.json_path.empty()) {
      const std::string json = fb::bench::report_to_json(report);
      fb::write_file_atomically(options.json_path, [&json](std::FILE* out) {
        std::fwrite(json.data(), 1, json.size(), out);
      });
      std::printf("json: %s\n", options.json_path.c_str());
    }
    if (!options.chart_path.empty()) {
      fb::bench::write_chart_png(report, options.chart_path);
      std::printf("chart: %s\n", options.chart_path.c_str());
    }
  } catch (const fb::Error& e) {
    std::fprintf(stderr, "fb-frame-bench: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fb-frame-bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
