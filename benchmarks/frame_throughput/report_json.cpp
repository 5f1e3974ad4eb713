// SPDX-License-Identifier: MIT
#include "report_json.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>

namespace fb::bench {

std::string json_string(std::string_view text) {
  std::string out = "\"";
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  for (std::size_t i = 0; i < size;) {
    const unsigned char c = bytes[i];
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          if (c < 0x20 || c == 0x7f) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
            out += escaped;
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    // A well-formed UTF-8 sequence (no overlongs, no surrogates, at most U+10FFFF) is copied;
    // anything else costs one byte and becomes U+FFFD.
    std::size_t length = 0;
    uint32_t lower = 0x80, upper = 0xbf;  // Range of the second byte.
    if (c >= 0xc2 && c <= 0xdf) {
      length = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      length = 3;
      if (c == 0xe0) lower = 0xa0;
      if (c == 0xed) upper = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      length = 4;
      if (c == 0xf0) lower = 0x90;
      if (c == 0xf4) upper = 0x8f;
    }
    bool valid = length != 0 && i + length <= size;
    for (std::size_t k = 1; valid && k < length; ++k) {
      const unsigned char next = bytes[i + k];
      valid = k == 1 ? (next >= lower && next <= upper) : (next >= 0x80 && next <= 0xbf);
    }
    if (valid) {
      out.append(text.substr(i, length));
      i += length;
    } else {
      out += "\xef\xbf\xbd";
      ++i;
    }
  }
  out += '"';
  return out;
}

std::string json_number(double value) {
  if (!std::isfinite(value)) return "null";
  char text[32];
  const auto result = std::to_chars(text, text + sizeof text, value);
  return std::string(text, result.ptr);
}

namespace {

// Members separated by commas, one per line, indented by depth.
class Writer {
 public:
  void open(char bracket) {
    out_ += bracket;
    ++depth_;
    first_ = true;
  }
  void close(char bracket) {
    --depth_;
    if (!first_) newline();
    out_ += bracket;
    first_ = false;
  }
  void key(const char* name) {
    item();
    out_ += json_string(name);
    out_ += ": ";
  }
  void item() {
    if (!first_) out_ += ',';
    newline();
    first_ = false;
  }
  void raw(const std::string& text) { out_ += text; }
  void member(const char* name, const std::string& text) {
    key(name);
    raw(json_string(text));
  }
  void member(const char* name, const char* text) {
    key(name);
    raw(json_string(text));
  }
  void member(const char* name, double value) {
    key(name);
    raw(json_number(value));
  }
  void member(const char* name, int64_t value) {
    key(name);
    raw(std::to_string(value));
  }
  void member(const char* name, uint64_t value) {
    key(name);
    raw(std::to_string(value));
  }
  void member(const char* name, bool value) {
    key(name);
    raw(value ? "true" : "false");
  }
  std::string take() { return std::move(out_) + "\n"; }

 private:
  void newline() { out_ += '\n' + std::string(2 * static_cast<std::size_t>(depth_), ' '); }
  std::string out_;
  int depth_ = 0;
  bool first_ = true;
};

const char* status_name(CellStatus status) {
  switch (status) {
    case CellStatus::ok:
      return "ok";
    case CellStatus::unsupported:
      return "unsupported";
    case CellStatus::failed:
      return "failed";
  }
  return "failed";
}

void write_run(Writer& w, const RunInfo& run) {
  w.key("run");
  w.open('{');
  w.member("tool_version", run.tool_version);
  w.member("backend", run.backend);
  w.member("device", run.device);
  w.member("driver", run.driver);
  w.member("width", int64_t{run.width});
  w.member("height", int64_t{run.height});
  w.member("rotation", int64_t{run.rotation});
  w.member("workers", int64_t{run.workers});
  w.member("format", run.format);
  w.member("stride", int64_t{run.stride});
  w.member("refresh_mhz", int64_t{run.refresh_mhz});
  w.member("write_combined", run.write_combined);
  w.member("has_vblank", run.has_vblank);
  w.member("raster_kernels", run.raster_kernels);
  w.member("cpu", run.cpu);
  w.member("machine", run.machine);
  w.member("seconds_per_cell", run.seconds_per_cell);
  w.member("pacing_fps", run.fps);
  w.member("started_at", run.started_at);
  w.close('}');
}

void write_figures(Writer& w, const FrameFigures& f) {
  w.key("figures");
  w.open('{');
  w.member("frames", f.frames);
  w.member("seconds", f.seconds);
  w.member("fps", f.fps);
  w.member("frame_ms_p50", f.frame_ms_p50);
  w.member("frame_ms_p95", f.frame_ms_p95);
  w.member("frame_ms_p99", f.frame_ms_p99);
  w.member("cpu_ms_per_frame", f.cpu_ms_per_frame);
  w.member("scanout_bytes_per_frame", f.scanout_bytes_per_frame);
  w.member("scanout_read_bytes_per_frame", f.scanout_read_bytes_per_frame);
  if (f.missed_frames) {
    w.member("missed_frames", *f.missed_frames);
  } else {
    w.key("missed_frames");
    w.raw("null");
  }
  w.close('}');
}

void write_cell(Writer& w, const Cell& cell) {
  w.item();
  w.open('{');
  // Machine baselines belong to no scene: null rather than "".
  w.key("scene");
  w.raw(cell.scene.empty() ? std::string("null") : json_string(cell.scene));
  w.member("strategy", cell.strategy);
  w.member("baseline", cell.baseline);
  w.member("status", status_name(cell.status));
  if (cell.status != CellStatus::ok) w.member("reason", cell.reason);
  if (cell.status == CellStatus::ok) write_figures(w, cell.figures);
  w.key("ratios");
  w.open('{');
  for (const Ratio& ratio : cell.ratios) w.member(ratio.baseline.c_str(), ratio.value);
  w.close('}');
  w.close('}');
}

}  // namespace

std::string report_to_json(const Report& report) {
  Writer w;
  w.open('{');
  w.member("schema", kJsonSchemaId);
  write_run(w, report.run);
  w.key("scenes");
  w.open('[');
  for (const Described& scene : report.scenes) {
    w.item();
    w.open('{');
    w.member("id", scene.id);
    w.member("title", scene.title);
    w.member("what", scene.what);
    w.close('}');
  }
  w.close(']');
  w.key("strategies");
  w.open('[');
  for (const Described& strategy : report.strategies) {
    w.item();
    w.open('{');
    w.member("id", strategy.id);
    w.member("title", strategy.title);
    w.member("what", strategy.what);
    w.member("baseline", strategy.baseline);
    w.close('}');
  }
  w.close(']');
  w.key("cells");
  w.open('[');
  for (const Cell& cell : report.cells) write_cell(w, cell);
  w.close(']');
  w.close('}');
  return w.take();
}

}  // namespace fb::bench
