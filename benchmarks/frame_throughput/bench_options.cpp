// SPDX-License-Identifier: MIT
#include "bench_options.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "bench_scenes.hpp"
#include "fb/cli/options.hpp"
#include "fb/error.hpp"
#include "present_strategies.hpp"

namespace fb::bench {
namespace {

constexpr double kUnbounded = std::numeric_limits<double>::infinity();

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    const size_t comma = text.find(',', start);
    parts.push_back(text.substr(start, comma - start));
    if (comma == std::string::npos) return parts;
    start = comma + 1;
  }
}

// A comma-separated choice among `known` (or "all"), returned in `known`'s order.
std::vector<std::string> parse_id_list(const std::string& flag, const std::string& text,
                                       const std::vector<std::string>& known,
                                       const std::string& what) {
  if (text == "all") return known;
  std::vector<std::string> chosen;
  for (const std::string& id : split_commas(text)) {
    if (std::find(known.begin(), known.end(), id) == known.end()) {
      std::string list;
      for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
      throw cli::UsageError(flag + ": " +
                            (id.empty() ? "an empty name" : "no " + what + " '" + id + "'") + "; " +
                            what + "s: " + list + " (or all)");
    }
    chosen.push_back(id);
  }
  std::vector<std::string> ordered;
  for (const std::string& k : known)
    if (std::find(chosen.begin(), chosen.end(), k) != chosen.end()) ordered.push_back(k);
  return ordered;
}

std::vector<std::string> scene_ids() {
  std::vector<std::string> ids;
  for (const BenchScene& scene : bench_scenes()) ids.push_back(scene.description.id);
  return ids;
}

std::vector<std::string> strategy_ids() {
  std::vector<std::string> ids;
  for (const StrategySpec& spec : strategy_specs()) ids.push_back(spec.description.id);
  return ids;
}

std::string join(const std::vector<std::string>& ids) {
  std::string text;
  for (const std::string& id : ids) text += (text.empty() ? "" : ",") + id;
  return text;
}

std::string epilogue() {
  std::string text = "Scenes (--scenes), each at the display's size and pixel format:\n";
  for (const BenchScene& scene : bench_scenes())
    text += "  " + scene.description.id + std::string(12 - scene.description.id.size(), ' ') +
            scene.description.what + "\n";
  text += "\nStrategies and baselines (--strategies), one column each:\n";
  for (const StrategySpec& spec : strategy_specs())
    text += "  " + spec.description.id + std::string(18 - spec.description.id.size(), ' ') +
            spec.description.what + "\n";
  text +=
      "\nFigures, per cell (a scene with a strategy, or a baseline):\n"
      "  fps          frames / wall time of the measured frames (after 4 warm-up frames)\n"
      "  p50/p95/p99  frame time, start of one frame to the start of the next, in ms, by\n"
      "               nearest rank: 95 % of frames took at most p95\n"
      "  cpu ms       CPU time of the process (user + system) per frame: below the frame time\n"
      "               when it waits (vblank, flips, the pacer), about equal when it computes\n"
      "  KiB w / r    scanout memory written / read per frame (r > 0: it reads the mapping\n"
      "               back, slow on write-combined memory)\n"
      "  missed       paced runs (--fps): display periods missed in all; '-' when unpaced\n"
      "  x memcpy-scanout  fps / the fps of memcpy of whole frames into the scanout (> 1: "
      "cheaper\n"
      "               than a full-frame update); x pixman: fps / pixman's on the same scene\n"
      "A strategy a backend cannot do is shown as n/a with the reason. Figures only: the run\n"
      "never fails on speed. Exit 0 after a run (even with failed cells, marked in the\n"
      "report), 1 when no display opens or a report cannot be written, 2 for a bad flag.";
  return text;
}

cli::Parser make_parser(BenchOptions& o) {
  cli::Parser parser(
      "fb-frame-bench",
      "Measures what a display pipeline can do: typical scenes presented in several ways, side\n"
      "by side with baselines measured in the same run on the same display memory. Prints a\n"
      "table (a progress line on stderr while it runs); --json and --chart save the results.");
  parser
      .option("--backend", "SPEC", o.backend,
              "headless (default, or $FB_BACKEND), fbdev[:/dev/fbN], drm[:/dev/dri/cardN], sdl")
      .size("--size", o.display.width, o.display.height, kMinBenchSide, cli::kMaxSide,
            "headless and SDL size, DRM mode (default 1024x600 headless, the device's otherwise)")
      .custom("--format", "NAME",
              "pixel format: headless and SDL emulate it, DRM asks the device for it (xrgb8888, "
              "rgb565, ...)",
              [&o](const std::string& flag, const std::string& text) {
                try {
                  o.display.format = pixel_format_from_name(text);
                } catch (const fb::Error&) {
                  throw cli::UsageError(flag + ": no pixel format '" + text +
                                        "' (xrgb8888, xbgr8888, rgb565, bgr565)");
                }
              })
      .rotation(o.display.rotation)
      .number("--workers", "N", o.workers, 1u, kMaxRenderWorkers,
              "above 1: measure the compositor's strategies (damage, flip2, flip3, full-copy)\n"
              "again with N threads composing each frame, as strategies ID-wN beside them\n"
              "(default: $FB_RENDER_WORKERS, else 1)")
      .decimal("--seconds", "S", o.seconds, 0.01, 3600, "measured time of each cell (default 2)")
      .custom("--fps", "RATE",
              "pace frames: 0 = unpaced (default, measures the pipeline), 'display' = the "
              "display's refresh (its vblank where it has one), or a rate; paced runs count "
              "missed frames",
              [&o](const std::string& flag, const std::string& text) {
                o.fps_display = text == "display";
                if (o.fps_display) return;
                try {
                  o.fps = cli::parse_decimal(flag, text, 0, kUnbounded);
                } catch (const cli::UsageError&) {
                  throw cli::UsageError(flag + " wants 0, 'display' or a rate above 0, got '" +
                                        text + "'");
                }
              })
      .custom("--scenes", "LIST", "comma-separated scene ids, or all (default)",
              [&o](const std::string& flag, const std::string& text) {
                o.scenes = parse_id_list(flag, text, scene_ids(), "scene");
              })
      .custom("--strategies", "LIST", "comma-separated strategy and baseline ids, or all (default)",
              [&o](const std::string& flag, const std::string& text) {
                o.strategies = parse_id_list(flag, text, strategy_ids(), "strategy");
              })
      .option("--json", "FILE", o.json_path,
              "write the results as JSON (schema fbmmap-frame-bench/1, see the README)")
      .option("--chart", "FILE.png", o.chart_path,
              "draw the results as PNG bar charts, one per scene")
      .option("--quiet", o.quiet, "no progress line on stderr")
      .action("--list-backends", "list the display backends built in and exit",
              [] { print_backends(stdout); })
      .epilogue(epilogue());
  return parser;
}

}  // namespace

std::string all_scene_ids() {
  return join(scene_ids());
}
std::string all_strategy_ids() {
  return join(strategy_ids());
}

ParsedBenchOptions parse_bench_options(int argc, const char* const argv[]) {
  ParsedBenchOptions parsed;
  parsed.options.scenes = scene_ids();
  parsed.options.strategies = strategy_ids();
  cli::Parser parser = make_parser(parsed.options);
  parsed.exit_code = parser.parse(argc, argv);
  return parsed;
}

std::string bench_help() {
  BenchOptions unused;
  return make_parser(unused).help();
}

}  // namespace fb::bench
