// SPDX-License-Identifier: MIT
#include "report_chart.hpp"

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

#include "fb/error.hpp"
#include "fb/png.hpp"
#include "fb/surface.hpp"
#include "frame_samples.hpp"

namespace fb::bench {
namespace {

constexpr int kPanelWidth = 600;
constexpr int kPanelHeight = 320;
constexpr int kTitleHeight = 64;
constexpr int kLegendHeight = 40;
// Inside a panel: room for the axis labels, the scene title and the bar labels.
// The right margin holds the reference lines' labels, clear of the bars.
constexpr double kPlotLeft = 58, kPlotRight = 112, kPlotTop = 40, kPlotBottom = 30;
// A reference line up to this many times the tallest bar still fits on the axis; beyond
// that the bars would shrink to slivers, so it becomes an arrow at the top edge.
constexpr double kReferenceStretch = 1.6;
constexpr const char* kFont = "DejaVu Sans";

struct Rgb {
  double r, g, b;
};
constexpr Rgb kPalette[] = {{0.31, 0.47, 0.65}, {0.95, 0.56, 0.17}, {0.35, 0.63, 0.31},
                            {0.88, 0.34, 0.35}, {0.46, 0.72, 0.70}, {0.93, 0.79, 0.28},
                            {0.69, 0.48, 0.63}, {0.61, 0.46, 0.37}};
constexpr Rgb kBaselineFill{0.72, 0.72, 0.72};
constexpr Rgb kText{0.12, 0.12, 0.12};
constexpr Rgb kMuted{0.45, 0.45, 0.45};
constexpr Rgb kMemcpyLine{0.15, 0.15, 0.15};
constexpr Rgb kMemsetLine{0.75, 0.20, 0.55};

struct SurfaceDeleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct ContextDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};

std::string number(double value) {
  char text[32];
  const double magnitude = std::fabs(value);
  const char* format = magnitude >= 100 || magnitude == 0 ? "%.0f"
                       : magnitude >= 10                  ? "%.1f"
                                                          : "%.2f";
  std::snprintf(text, sizeof text, format, value);
  return text;
}

// 1, 2, 2.5, 5 times a power of ten: round axis ticks.
double nice_ceiling(double value) {
  if (!(value > 0)) return 1;
  const double power = std::pow(10.0, std::floor(std::log10(value)));
  for (double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

void set_color(cairo_t* cr, Rgb color) {
  cairo_set_source_rgb(cr, color.r, color.g, color.b);
}

void set_font(cairo_t* cr, double size, bool bold = false) {
  cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

double text_width(cairo_t* cr, const std::string& text) {
  cairo_text_extents_t extents;
  cairo_text_extents(cr, text.c_str(), &extents);
  return extents.x_advance;
}

// align: 0 left, 0.5 centre, 1 right of x; y is the baseline.
void text_at(cairo_t* cr, const std::string& text, double x, double y, double align = 0) {
  cairo_move_to(cr, x - align * text_width(cr, text), y);
  cairo_show_text(cr, text.c_str());
}

// Shrinks the font down to 8 px, then cuts the text, so a label stays inside its slot.
void fitted_text(cairo_t* cr, std::string text, double centre_x, double y, double width,
                 double size) {
  set_font(cr, size);
  while (size > 8 && text_width(cr, text) > width) set_font(cr, size -= 0.5);
  while (text.size() > 1 && text_width(cr, text) > width)
    text = text.substr(0, text.size() - 2) + "~";
  text_at(cr, text, centre_x, y, 0.5);
}

std::string title_of(const std::vector<Described>& list, const std::string& id) {
  for (const Described& described : list) {
    if (described.id == id) return described.title.empty() ? id : described.title;
  }
  return id;
}

const Cell* find_cell(const Report& report, const std::string& scene, const std::string& id) {
  for (const Cell& cell : report.cells) {
    if (cell.scene == scene && cell.strategy == id) return &cell;
  }
  return nullptr;
}

std::size_t strategy_index(const Report& report, const std::string& id) {
  for (std::size_t i = 0; i < report.strategies.size(); ++i) {
    if (report.strategies[i].id == id) return i;
  }
  return report.strategies.size();
}

// Present strategies in column order, the scene's baselines after them.
std::vector<const Cell*> bars_of_scene(const Report& report, const std::string& scene) {
  std::vector<const Cell*> cells;
  for (const Cell& cell : report.cells) {
    if (cell.scene == scene) cells.push_back(&cell);
  }
  std::stable_sort(cells.begin(), cells.end(), [&](const Cell* a, const Cell* b) {
    if (a->baseline != b->baseline) return !a->baseline;
    return strategy_index(report, a->strategy) < strategy_index(report, b->strategy);
  });
  return cells;
}

std::vector<std::string> scene_ids(const Report& report) {
  std::vector<std::string> scenes;
  for (const Described& scene : report.scenes) scenes.push_back(scene.id);
  for (const Cell& cell : report.cells) {
    if (!cell.scene.empty() && std::find(scenes.begin(), scenes.end(), cell.scene) == scenes.end())
      scenes.push_back(cell.scene);
  }
  return scenes;
}

bool measured(const Cell* cell) {
  return cell != nullptr && cell->status == CellStatus::ok && std::isfinite(cell->figures.fps) &&
         cell->figures.fps > 0;
}

struct Reference {
  const char* id;
  double fps;
  Rgb color;
  double dash;
};

void hatch(cairo_t* cr, double x, double y, double w, double h) {
  cairo_save(cr);
  cairo_rectangle(cr, x, y, w, h);
  cairo_clip(cr);
  set_color(cr, {0.35, 0.35, 0.35});
  cairo_set_line_width(cr, 1.2);
  for (double d = -h; d < w; d += 7) {
    cairo_move_to(cr, x + d, y + h);
    cairo_line_to(cr, x + d + h, y);
  }
  cairo_stroke(cr);
  cairo_restore(cr);
}

void draw_panel(cairo_t* cr, const Report& report, const std::string& scene,
                const std::vector<Reference>& references, double x0, double y0) {
  const double left = x0 + kPlotLeft, right = x0 + kPanelWidth - kPlotRight;
  const double top = y0 + kPlotTop, bottom = y0 + kPanelHeight - kPlotBottom;
  const double plot_w = right - left, plot_h = bottom - top;

  set_color(cr, kText);
  set_font(cr, 14, true);
  text_at(cr, title_of(report.scenes, scene) + " (" + scene + ")", x0 + 12, y0 + 22);

  const std::vector<const Cell*> bars = bars_of_scene(report, scene);
  double tallest = 0;
  for (const Cell* cell : bars) {
    if (measured(cell)) tallest = std::max(tallest, cell->figures.fps);
  }
  double axis_top = tallest;
  for (const Reference& ref : references) {
    if (tallest == 0 || ref.fps <= kReferenceStretch * tallest)
      axis_top = std::max(axis_top, ref.fps);
  }
  axis_top = nice_ceiling(axis_top * 1.08);
  const auto y_of = [&](double fps) { return bottom - plot_h * std::min(fps / axis_top, 1.0); };

  // Grid and axis labels.
  set_font(cr, 10);
  cairo_set_line_width(cr, 1);
  for (int tick = 0; tick <= 5; ++tick) {
    const double fps = axis_top * tick / 5, y = std::round(y_of(fps)) + 0.5;
    set_color(cr, tick == 0 ? kMuted : Rgb{0.88, 0.88, 0.88});
    cairo_move_to(cr, left, y);
    cairo_line_to(cr, right, y);
    cairo_stroke(cr);
    set_color(cr, kMuted);
    char label[32];
    std::snprintf(label, sizeof label, "%g", fps);  // Ticks are round: no trailing zeros.
    text_at(cr, label, left - 6, y + 3.5, 1);
  }
  cairo_save(cr);
  cairo_translate(cr, x0 + 13, (top + bottom) / 2);
  cairo_rotate(cr, -M_PI / 2);
  text_at(cr, "fps", 0, 0, 0.5);
  cairo_restore(cr);

  if (bars.empty()) {
    set_font(cr, 12);
    text_at(cr, "no cells", (left + right) / 2, (top + bottom) / 2, 0.5);
  }
  const double slot = bars.empty() ? plot_w : plot_w / static_cast<double>(bars.size());
  const double bar_w = std::min(slot * 0.66, 90.0);
  struct Value {
    std::string text;
    double x, y;
  };
  std::vector<Value> values;  // Drawn last, over the reference lines.
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Cell& cell = *bars[i];
    const double centre = left + slot * (static_cast<double>(i) + 0.5), x = centre - bar_w / 2;
    set_color(cr, kText);
    fitted_text(cr, title_of(report.strategies, cell.strategy), centre, bottom + 16, slot - 4, 11);
    if (cell.status != CellStatus::ok) {
      // An empty, dashed slot: the strategy exists but has no figure on this backend.
      const double h = plot_h * 0.3;
      const double dash[] = {4, 3};
      cairo_set_dash(cr, dash, 2, 0);
      set_color(cr, cell.status == CellStatus::failed ? Rgb{0.8, 0.2, 0.2} : kMuted);
      cairo_rectangle(cr, x + 0.5, bottom - h + 0.5, bar_w - 1, h - 1);
      cairo_stroke(cr);
      cairo_set_dash(cr, nullptr, 0, 0);
      set_font(cr, 11, true);
      text_at(cr, cell.status == CellStatus::failed ? "failed" : "n/a", centre, bottom - h / 2 + 4,
              0.5);
      continue;
    }
    const double fps = std::isfinite(cell.figures.fps) ? cell.figures.fps : 0;
    const double y = y_of(fps);
    if (cell.baseline) {
      set_color(cr, kBaselineFill);
      cairo_rectangle(cr, x, y, bar_w, bottom - y);
      cairo_fill(cr);
      hatch(cr, x, y, bar_w, bottom - y);
    } else {
      const std::size_t index = strategy_index(report, cell.strategy);
      set_color(cr, kPalette[index % std::size(kPalette)]);
      cairo_rectangle(cr, x, y, bar_w, bottom - y);
      cairo_fill(cr);
    }
    values.push_back({number(fps), centre, y - 4});
  }

  // Reference lines across the plot, labelled in the right margin at their height (pushed
  // apart when close); those above the axis as arrows at the top of the margin.
  double next_free = top - 8;  // Lowest label baseline used so far.
  for (const Reference& ref : references) {
    const bool on_axis = ref.fps <= axis_top;
    const double line_y = std::round(y_of(std::min(ref.fps, axis_top))) + 0.5;
    set_color(cr, ref.color);
    if (on_axis) {
      const double dash[] = {ref.dash, 4};
      cairo_set_dash(cr, dash, 2, 0);
      cairo_set_line_width(cr, 1.5);
      cairo_move_to(cr, left, line_y);
      cairo_line_to(cr, right + 4, line_y);
      cairo_stroke(cr);
      cairo_set_dash(cr, nullptr, 0, 0);
    }
    double y = std::max(on_axis ? line_y - 2 : top + 2, next_free + 26);
    next_free = y;
    set_font(cr, 10, true);
    text_at(cr, ref.id, right + 8, y);
    set_font(cr, 10);
    text_at(cr, number(ref.fps) + (on_axis ? " fps" : " fps \u2191 off scale"), right + 8, y + 12);
  }

  // Bar values on a white patch, so a reference line through one does not hide it.
  set_font(cr, 11);
  for (const Value& value : values) {
    const double w = text_width(cr, value.text);
    set_color(cr, {1, 1, 1});
    cairo_rectangle(cr, value.x - w / 2 - 2, value.y - 10, w + 4, 13);
    cairo_fill(cr);
    set_color(cr, kText);
    text_at(cr, value.text, value.x, value.y, 0.5);
  }
}

// What the marks mean, with a sample of each.
void draw_legend(cairo_t* cr, double y) {
  set_font(cr, 11);
  double x = 14;
  const auto label = [&](const std::string& text) {
    set_color(cr, kMuted);
    text_at(cr, text, x, y);
    x += text_width(cr, text) + 18;
  };
  set_color(cr, kPalette[0]);
  cairo_rectangle(cr, x, y - 10, 12, 12);
  cairo_fill(cr);
  x += 16;
  label("present strategies");
  set_color(cr, kBaselineFill);
  cairo_rectangle(cr, x, y - 10, 12, 12);
  cairo_fill(cr);
  hatch(cr, x, y - 10, 12, 12);
  x += 16;
  label("pixman composing the scene in cached memory");
  set_color(cr, kMemcpyLine);
  const double dash[] = {8, 4};
  cairo_set_dash(cr, dash, 2, 0);
  cairo_set_line_width(cr, 1.5);
  cairo_move_to(cr, x, y - 4);
  cairo_line_to(cr, x + 24, y - 4);
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0);
  x += 28;
  label("whole frames written into the scanout (machine)");
  label("n/a: not possible on this backend");
}

void draw(cairo_t* cr, const Report& report, ChartSize size) {
  set_color(cr, {1, 1, 1});
  cairo_paint(cr);

  const RunInfo& run = report.run;
  set_color(cr, kText);
  set_font(cr, 17, true);
  char mode[96];
  if (run.rotation != 0) {
    std::snprintf(mode, sizeof mode, "%dx%d %s rotated %d", run.width, run.height,
                  run.format.c_str(), run.rotation);
  } else {
    std::snprintf(mode, sizeof mode, "%dx%d %s", run.width, run.height, run.format.c_str());
  }
  text_at(cr, "fb-frame-bench: " + run.backend + ", " + mode + ", " + run.cpu, 14, 26);
  set_font(cr, 12);
  set_color(cr, kMuted);
  const std::string pacing = run.fps > 0 ? "paced at " + number(run.fps) + " fps" : "unpaced";
  text_at(cr,
          "frames per second, higher is better; " + pacing + ", " + number(run.seconds_per_cell) +
              " s per cell; " + (run.device.empty() ? "" : run.device + ", ") + run.machine,
          14, 48);

  std::vector<Reference> references;
  for (const Reference& ref : {Reference{baseline_id::kMemsetScanout, 0, kMemsetLine, 3},
                               Reference{baseline_id::kMemcpyScanout, 0, kMemcpyLine, 8}}) {
    const Cell* cell = find_cell(report, "", ref.id);
    if (measured(cell)) references.push_back({ref.id, cell->figures.fps, ref.color, ref.dash});
  }
  // The higher first: their labels stack down the margin in the order of the lines.
  std::sort(references.begin(), references.end(),
            [](const Reference& a, const Reference& b) { return a.fps > b.fps; });

  const std::vector<std::string> scenes = scene_ids(report);
  const int columns = size.width / kPanelWidth;
  for (std::size_t i = 0; i < scenes.size(); ++i) {
    const int column = static_cast<int>(i) % columns, row = static_cast<int>(i) / columns;
    draw_panel(cr, report, scenes[i], references, column * kPanelWidth,
               kTitleHeight + row * kPanelHeight);
  }
  if (scenes.empty()) {
    set_color(cr, kMuted);
    set_font(cr, 14);
    text_at(cr, "no scenes were run", size.width / 2.0, kTitleHeight + kPanelHeight / 2.0, 0.5);
  }

  draw_legend(cr, size.height - 15);
}

}  // namespace

ChartSize chart_size(const Report& report) {
  const std::size_t scenes = scene_ids(report).size();
  const int columns = scenes <= 1 ? 1 : 2;
  const int rows = std::max(1, static_cast<int>((scenes + 1) / 2));
  return {columns * kPanelWidth, kTitleHeight + rows * kPanelHeight + kLegendHeight};
}

void write_chart_png(const Report& report, const std::string& path) {
  const ChartSize size = chart_size(report);
  // Drawn into an Image so that libfb's PNG writer (atomic, errors naming the path) saves it.
  Image chart(size.width, size.height, PixelFormat::xrgb8888);
  std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface(cairo_image_surface_create_for_data(
      reinterpret_cast<unsigned char*>(chart.data()), CAIRO_FORMAT_RGB24, chart.width(),
      chart.height(), static_cast<int>(chart.stride())));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    throw Error("cannot draw the chart for '" + path +
                "': " + cairo_status_to_string(cairo_surface_status(surface.get())));
  }
  {
    std::unique_ptr<cairo_t, ContextDeleter> cr(cairo_create(surface.get()));
    draw(cr.get(), report, size);
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
      throw Error("cannot draw the chart for '" + path +
                  "': " + cairo_status_to_string(cairo_status(cr.get())));
    }
  }
  cairo_surface_flush(surface.get());
  write_png(chart, path);
}

}  // namespace fb::bench
