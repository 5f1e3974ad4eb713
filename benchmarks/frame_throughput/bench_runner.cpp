// SPDX-License-Identifier: MIT
#include "bench_runner.hpp"

#include <unistd.h>

#include <deque>
#include <memory>

#include "bench_scenes.hpp"
#include "fb/error.hpp"
#include "fb/frame_pacer.hpp"
#include "fb/raster.hpp"
#include "frame_samples.hpp"
#include "machine_info.hpp"
#include "present_strategies.hpp"

namespace fb::bench {
namespace {

// Unmeasured frames first: every buffer of a flipping display shown once, so that measured
// frames repaint what their buffer's age asks, not the whole screen of a first use.
constexpr int kWarmupFrames = 4;
constexpr size_t kMinFrames = 3;

// --fps display: the rate of one frame per refresh, on each display as it is opened.
double pacing_rate(const Display& display, const BenchOptions& options) {
  return options.fps_display ? FramePacer::display_rate(display) : options.fps;
}

RunInfo run_info_of(const Display& display, const BenchOptions& options) {
  const DisplayInfo& info = display.info();
  RunInfo run;
  run.tool_version = FB_VERSION;
  run.backend = info.backend;
  run.device = info.device;
  run.driver = info.driver;
  run.width = info.width;
  run.height = info.height;
  run.rotation = degrees(info.rotation);
  run.format = std::string(pixel_format_name(info.format));
  run.stride = info.stride;
  run.refresh_mhz = info.refresh_mhz;
  run.write_combined = info.write_combined;
  run.has_vblank = info.has_vblank;
  run.raster_kernels = raster_kernels_name();
  run.cpu = cpu_model();
  run.machine = machine_description();
  run.seconds_per_cell = options.seconds;
  run.fps = pacing_rate(display, options);
  run.started_at = utc_timestamp();
  return run;
}

class Progress {
 public:
  Progress(std::FILE* out, size_t total)
      : out_(out), total_(total), tty_(out && isatty(fileno(out))) {}
  ~Progress() {
    if (out_ && tty_ && shown_) std::fputs("\r\033[K", out_);
  }
  void cell(const Cell& cell) {
    ++done_;
    if (!out_) return;
    std::string what = cell.scene.empty() ? cell.strategy : cell.scene + " / " + cell.strategy;
    char figure[64];
    if (cell.status == CellStatus::ok) {
      std::snprintf(figure, sizeof figure, "%.1f fps", cell.figures.fps);
    } else {
      std::snprintf(figure, sizeof figure, "%s",
                    cell.status == CellStatus::unsupported ? "n/a" : "failed");
    }
    std::fprintf(out_, "%sfb-frame-bench: [%zu/%zu] %s: %s%s", tty_ ? "\r\033[K" : "", done_,
                 total_, what.c_str(), figure, tty_ ? "" : "\n");
    std::fflush(out_);
    shown_ = true;
  }

 private:
  std::FILE* out_;
  size_t total_;
  bool tty_;
  size_t done_ = 0;
  bool shown_ = false;
};

Cell not_run(const std::string& scene, const StrategySpec& spec, CellStatus status,
             const std::string& reason) {
  Cell cell;
  cell.scene = scene;
  cell.strategy = spec.description.id;
  cell.baseline = spec.description.baseline;
  cell.status = status;
  cell.reason = reason;
  return cell;
}

}  // namespace

Cell run_cell(Display& display, const std::string& scene_id, const std::string& strategy_id,
              double seconds, double fps) {
  const StrategySpec* spec = find_strategy(strategy_id);
  if (!spec) throw Error("fb-frame-bench: no strategy '" + strategy_id + "'");
  return run_cell(display, scene_id, *spec, seconds, fps);
}

Cell run_cell(Display& display, const std::string& scene_id, const StrategySpec& strategy,
              double seconds, double fps) {
  const StrategySpec* spec = &strategy;
  const DisplayInfo& info = display.info();
  if (auto reason = unsupported_reason(*spec, info))
    return not_run(scene_id, *spec, CellStatus::unsupported, *reason);

  std::unique_ptr<Scene> scene;
  SceneUpdate update;
  if (spec->needs_scene) {
    const BenchScene* bench_scene = find_bench_scene(scene_id);
    if (!bench_scene) throw Error("fb-frame-bench: no scene '" + scene_id + "'");
    scene = std::make_unique<Scene>(info.width, info.height);
    update = bench_scene->build(*scene);
  }
  std::unique_ptr<FramePresenter> presenter = make_presenter(*spec, display);
  FramePacer pacer(display, fps);

  uint64_t frame = 0;
  auto one_frame = [&]() -> FrameSample {
    FrameSample sample;
    const uint64_t cpu_start = process_cpu_ns();
    if (update) update(frame);
    ++frame;
    const ScanoutTraffic traffic = presenter->frame(scene.get());
    sample.missed_periods = pacer.wait();
    sample.cpu_ns = process_cpu_ns() - cpu_start;
    sample.scanout_bytes_written = traffic.written;
    sample.scanout_bytes_read = traffic.read;
    return sample;
  };
  for (int i = 0; i < kWarmupFrames; ++i) one_frame();

  FrameSamples samples(pacer.paced());
  const int64_t start = FramePacer::monotonic_ns();
  const int64_t budget = static_cast<int64_t>(seconds * 1e9);
  int64_t frame_start = start;
  for (;;) {
    FrameSample sample = one_frame();
    const int64_t end = FramePacer::monotonic_ns();
    sample.frame_ms = double(end - frame_start) / 1e6;
    frame_start = end;
    samples.add(sample);
    if (end - start >= budget && samples.size() >= kMinFrames) break;
  }
  samples.set_wall_seconds(double(frame_start - start) / 1e9);

  Cell cell = not_run(scene_id, *spec, CellStatus::ok, "");
  cell.figures = samples.summarize();
  return cell;
}

Report run_bench(const BenchOptions& options, std::FILE* progress) {
  Report report;
  for (const std::string& id : options.scenes)
    report.scenes.push_back(find_bench_scene(id)->description);
  // Resolved once: a bad $FB_RENDER_WORKERS stops the run before any cell.
  const unsigned workers =
      options.workers ? *options.workers : render_workers_from_environment().value_or(1);
  size_t total = 0;
  std::vector<const StrategySpec*> specs;
  std::deque<StrategySpec> with_more_workers;  // the "-wN" strategies (stable addresses)
  auto add = [&](const StrategySpec* spec) {
    specs.push_back(spec);
    report.strategies.push_back(spec->description);
    total += spec->needs_scene ? options.scenes.size() : 1;
  };
  for (const std::string& id : options.strategies) {
    const StrategySpec* spec = find_strategy(id);
    add(spec);
    // Each compositor strategy again with the workers, measured right after it.
    if (workers > 1 && spec->workers != 0)
      add(&with_more_workers.emplace_back(with_workers(*spec, workers)));
  }
  Progress shown(options.quiet ? nullptr : progress, total);
  bool have_run_info = false;
  std::string first_error;
  // Strategy by strategy: each needs the display opened with its buffer count.
  for (const StrategySpec* spec : specs) {
    const std::vector<std::string> scenes =
        spec->needs_scene ? options.scenes : std::vector<std::string>{""};
    DisplayOptions display_options = options.display;
    display_options.buffers = spec->buffers;
    std::unique_ptr<Display> display;
    try {
      display = open_display(options.backend, display_options);
    } catch (const Error& e) {
      if (first_error.empty()) first_error = e.what();
      for (const std::string& scene : scenes) {
        report.cells.push_back(not_run(scene, *spec, CellStatus::failed, e.what()));
        shown.cell(report.cells.back());
      }
      continue;
    }
    if (!have_run_info) {
      report.run = run_info_of(*display, options);
      report.run.workers = workers;
      have_run_info = true;
    }
    for (const std::string& scene : scenes) {
      try {
        report.cells.push_back(
            run_cell(*display, scene, *spec, options.seconds, pacing_rate(*display, options)));
      } catch (const Error& e) {
        report.cells.push_back(not_run(scene, *spec, CellStatus::failed, e.what()));
      }
      shown.cell(report.cells.back());
    }
  }
  if (!have_run_info) throw Error(first_error.empty() ? "no strategy chosen" : first_error);
  add_ratios(report);
  return report;
}

}  // namespace fb::bench
