// SPDX-License-Identifier: MIT
// Raster ops' clipping: random surfaces (size, stride padding, offset into the allocation,
// format), random and extreme rectangles and origins, every op of raster.hpp. Each surface sits
// in an allocation of random bytes with 64 guard bytes on either side.
// Invariants:
//  - no byte of any allocation changes outside the op's clipped destination: guards, row
//    padding past width, the pixels outside the rectangle, and every source surface;
//  - the clipped destination is what the header promises: for copy-like ops the destination
//    pixels whose source pixel lies in src_rect ∩ src.bounds() (and in dst); for fills and
//    stream_over* the rectangle ∩ dst.bounds();
//  - copy writes exactly the source's pixels (memmove semantics when src and dst alias); fill
//    writes exactly pixel_from_argb(format, colour), stream_fill the same of the opaque colour;
//  - an op that refuses a format (UnsupportedFormat) or a misaligned surface (fb::Error)
//    throws and changes nothing.
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <vector>

#include "fb/error.hpp"
#include "fb/pixel_format.hpp"
#include "fb/raster.hpp"
#include "fb/surface.hpp"
#include "fuzz_support.hpp"

namespace {

using fb::PixelFormat;
using fb::Point;
using fb::Rect;

constexpr size_t kGuard = 64;

struct Buffer {
  std::vector<uint8_t> bytes;  // guard, then the surface's rows, then guard
  size_t offset = 0;           // of pixel (0, 0)
  int32_t width = 0, height = 0;
  ptrdiff_t stride = 0;
  PixelFormat format = PixelFormat::xrgb8888;
  int bpp = 4;

  uint8_t* base() { return bytes.data() + offset; }
  fb::Surface surface() { return fb::Surface(base(), width, height, stride, format); }
  fb::ScanoutSurface scanout() { return fb::ScanoutSurface(base(), width, height, stride, format); }
  // Index of pixel (x, y)'s first byte in `bytes`.
  size_t at(int64_t x, int64_t y) const { return offset + size_t(y * stride + x * bpp); }
};

PixelFormat any_format(fuzz::Reader& in) { return PixelFormat(in.byte() % 6); }

Buffer make_buffer(fuzz::Reader& in, std::optional<PixelFormat> format = std::nullopt) {
  Buffer b;
  b.format = format ? *format : any_format(in);
  b.bpp = fb::bytes_per_pixel(b.format);
  b.width = int32_t(in.range(0, 40));
  b.height = int32_t(in.range(0, 40));
  // Padding and offset mostly in whole pixels; now and then misaligned, which the ops refuse.
  const bool misaligned = in.byte() % 8 == 0;
  b.stride = ptrdiff_t(b.width + in.range(0, 9)) * b.bpp + (misaligned ? in.range(0, 3) : 0);
  b.offset = kGuard + size_t(in.range(0, 9)) * size_t(b.bpp) + (misaligned ? size_t(in.range(0, 3)) : 0);
  b.bytes.resize(b.offset + size_t(b.height) * size_t(b.stride) + kGuard);
  uint32_t state = 0x9e3779b9u ^ in.byte();
  for (uint8_t& byte : b.bytes) {  // cheap pseudo-random contents
    state = state * 1664525u + 1013904223u;
    byte = uint8_t(state >> 24);
  }
  return b;
}

Rect any_rect(fuzz::Reader& in) {
  if (in.byte() % 2) {  // mostly near the surfaces
    return Rect{int32_t(in.range(-50, 50)), int32_t(in.range(-50, 50)),
                int32_t(in.range(-5, 60)), int32_t(in.range(-5, 60))};
  }
  return Rect{in.edgy_int32(), in.edgy_int32(), in.edgy_int32(), in.edgy_int32()};
}
Point any_point(fuzz::Reader& in) {
  if (in.byte() % 2) return Point{int32_t(in.range(-50, 50)), int32_t(in.range(-50, 50))};
  return Point{in.edgy_int32(), in.edgy_int32()};
}

// Which pixels of `dst` an op may write.
using Footprint = std::function<bool(int64_t x, int64_t y)>;

void check_only_footprint_changed(const Buffer& after, const std::vector<uint8_t>& before,
                                  const Footprint& footprint) {
  FUZZ_CHECK(after.bytes.size() == before.size());
  std::vector<bool> allowed(before.size(), false);
  for (int64_t y = 0; y < after.height; ++y) {
    for (int64_t x = 0; x < after.width; ++x) {
      if (!footprint(x, y)) continue;
      for (int i = 0; i < after.bpp; ++i) allowed[after.at(x, y) + size_t(i)] = true;
    }
  }
  for (size_t i = 0; i < before.size(); ++i) {
    if (!allowed[i]) FUZZ_CHECK(after.bytes[i] == before[i]);
  }
}

uint32_t load(const std::vector<uint8_t>& bytes, size_t index, int bpp) {
  uint32_t v = 0;
  std::memcpy(&v, bytes.data() + index, size_t(bpp));  // little-endian hosts
  return v;
}

// Destination pixel (x, y) of a copy-like op and its source pixel, if it has one.
struct CopyMap {
  Point origin;
  Rect src_clip;  // src_rect ∩ src bounds
  Rect src_rect;
  std::optional<std::pair<int64_t, int64_t>> source(int64_t x, int64_t y) const {
    const int64_t sx = src_rect.left() + (x - origin.x), sy = src_rect.top() + (y - origin.y);
    if (sx < src_clip.left() || sx >= src_clip.right() || sy < src_clip.top() ||
        sy >= src_clip.bottom()) {
      return std::nullopt;
    }
    return std::make_pair(sx, sy);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Reader in(data, size);
  const int op = in.byte() % 9;
  Buffer dst = make_buffer(in);
  const std::vector<uint8_t> dst_before = dst.bytes;
  const Rect rect = any_rect(in);
  const Point origin = any_point(in);
  const uint32_t colour = in.raw<uint32_t>();
  const uint8_t opacity = in.byte();
  const Rect dst_clip = fb::intersect(rect, dst.surface().bounds());
  Footprint in_rect = [&](int64_t x, int64_t y) { return dst_clip.contains(Point{int32_t(x), int32_t(y)}); };

  // Sources: the destination's format for copy (else random), often premultiplied ARGB.
  const bool alias = op == 1 && in.byte() % 4 == 0;
  std::optional<PixelFormat> src_format;
  if (op == 1 && in.byte() % 8 != 0) src_format = dst.format;
  if (op != 1 && in.byte() % 8 != 0) src_format = PixelFormat::argb8888_premul;
  Buffer src = alias ? Buffer{} : make_buffer(in, src_format);
  Buffer below = make_buffer(in, in.byte() % 2 ? std::optional(PixelFormat::xrgb8888) : std::nullopt);
  const std::vector<uint8_t> src_before = src.bytes, below_before = below.bytes;
  const Point second_origin = any_point(in);
  const Rect second_rect = any_rect(in);

  Buffer& source = alias ? dst : src;
  const std::vector<uint8_t>& source_before = alias ? dst_before : src_before;
  CopyMap map{origin, fb::intersect(rect, source.surface().bounds()), rect};
  Footprint copied = [&](int64_t x, int64_t y) { return map.source(x, y).has_value(); };

  Footprint footprint = in_rect;
  bool threw = false;
  try {
    switch (op) {
      case 0:
        fb::fill(dst.surface(), rect, colour);
        break;
      case 1:
        fb::copy(dst.surface(), origin, source.surface(), rect);
        footprint = copied;
        break;
      case 2:
        fb::composite_over(dst.surface(), origin, src.surface(), rect, opacity);
        footprint = copied;
        break;
      case 3:
        fb::composite_solid_over(dst.surface(), rect, colour);
        break;
      case 4: {
        fb::ScanoutSurface out = dst.scanout();
        fb::stream_copy(out, origin, src.surface(), rect);
        footprint = copied;
        break;
      }
      case 5: {
        fb::ScanoutSurface out = dst.scanout();
        fb::stream_over(out, rect, below.surface(), origin, src.surface(), second_origin, opacity);
        break;
      }
      case 6: {
        fb::ScanoutSurface out = dst.scanout();
        fb::stream_over_solid(out, rect, colour, src.surface(), second_origin, opacity);
        break;
      }
      case 7: {
        fb::ScanoutSurface out = dst.scanout();
        fb::stream_fill(out, rect, colour);
        break;
      }
      default: {
        // fill through a subsurface cut by `rect`: the same clipping reached another way.
        fb::Surface sub = dst.surface().subsurface(rect);
        fb::fill(sub, second_rect, colour);
        const Rect inner = fb::intersect(second_rect.translated(dst_clip.x, dst_clip.y), dst_clip);
        footprint = [inner](int64_t x, int64_t y) {
          return inner.contains(Point{int32_t(x), int32_t(y)});
        };
        break;
      }
    }
  } catch (const fb::Error&) {  // UnsupportedFormat, or a misaligned surface
    threw = true;
  }

  if (threw) {
    FUZZ_CHECK(dst.bytes == dst_before);
  } else {
    check_only_footprint_changed(dst, dst_before, footprint);
  }
  if (!alias) FUZZ_CHECK(src.bytes == src_before);
  FUZZ_CHECK(below.bytes == below_before);
  if (threw) return 0;

  // Exact values where the header states them.
  if (op == 1) {
    for (int64_t y = 0; y < dst.height; ++y) {
      for (int64_t x = 0; x < dst.width; ++x) {
        if (auto s = map.source(x, y)) {
          FUZZ_CHECK(load(dst.bytes, dst.at(x, y), dst.bpp) ==
                     load(source_before, source.at(s->first, s->second), dst.bpp));
        }
      }
    }
  }
  if (op == 0 || op == 7 || op == 8) {
    const uint32_t mask = dst.bpp == 4 ? 0xffffffffu : 0xffffu;
    // stream_fill's colour is opaque whatever its alpha ("scanouts are opaque").
    const uint32_t pixel = fb::pixel_from_argb(dst.format, op == 7 ? colour | 0xff000000u : colour) & mask;
    for (int64_t y = 0; y < dst.height; ++y) {
      for (int64_t x = 0; x < dst.width; ++x) {
        if (footprint(x, y)) FUZZ_CHECK(load(dst.bytes, dst.at(x, y), dst.bpp) == pixel);
      }
    }
  }
  return 0;
}
