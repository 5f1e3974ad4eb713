// SPDX-License-Identifier: MIT
// Worker threads: the pool hands every band out once, in order, and passes errors back; a
// threaded repaint writes exactly its bands' rectangles (a sentinel target shows any other
// byte written); small repaints stay on the calling thread; $FB_RENDER_WORKERS is honoured and
// bad values refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "fb/compositor/renderer.hpp"
#include "fb/compositor/scene.hpp"
#include "fb/error.hpp"
#include "fb/raster.hpp"
#include "scene_history.hpp"
#include "scoped_variable.hpp"
#include "test_displays.hpp"
#include "worker_pool.hpp"

namespace fb {
namespace {

using compositor_detail::WorkerPool;

TEST(WorkerPool, RunsEveryItemOnceEachWorkerInIncreasingOrder) {
  for (unsigned workers : {1u, 2u, 3u, 4u}) {
    WorkerPool pool(workers);
    ASSERT_EQ(pool.workers(), workers);
    for (size_t items : {size_t{0}, size_t{1}, size_t{7}, size_t{500}}) {
      std::vector<std::vector<size_t>> taken(workers);
      std::vector<int> runs(items, 0);
      std::mutex mutex;
      auto work = [&](unsigned worker, size_t item) {
        ASSERT_LT(worker, workers);
        const std::lock_guard<std::mutex> lock(mutex);
        taken[worker].push_back(item);
        ++runs[item];
      };
      pool.run(items, work);
      for (size_t item = 0; item < items; ++item) {
        EXPECT_EQ(runs[item], 1) << "item " << item << " of " << items << ", " << workers
                                 << " workers";
      }
      for (const std::vector<size_t>& mine : taken) {
        EXPECT_TRUE(std::is_sorted(mine.begin(), mine.end())) << workers << " workers";
      }
    }
  }
}

TEST(WorkerPool, RethrowsTheErrorOfAnItemAndStaysUsable) {
  WorkerPool pool(3);
  auto failing = [](unsigned, size_t item) {
    if (item == 5) throw std::runtime_error("item 5 failed");
  };
  try {
    pool.run(40, failing);
    FAIL() << "no exception";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "item 5 failed");
  }
  std::vector<int> runs(20, 0);
  std::mutex mutex;
  auto counting = [&](unsigned, size_t item) {
    const std::lock_guard<std::mutex> lock(mutex);
    ++runs[item];
  };
  pool.run(runs.size(), counting);
  EXPECT_EQ(std::count(runs.begin(), runs.end(), 1), 20);
}

// A scene with a bit of everything (images, translucent sprites, solids, opacity), from the
// property tests' random histories.
std::unique_ptr<Scene> busy_scene(int32_t width, int32_t height, uint32_t seed) {
  auto scene = std::make_unique<Scene>(width, height, 0xff203040);
  for (const test::Op& op : test::random_history(seed, width, height)) test::apply(*scene, op);
  return scene;
}

// The region of one rectangle per four-row band, each ending a row above its band's end and
// starting a few pixels in: every band has sentinel rows and columns around what it may write.
Region one_rectangle_per_band(int32_t width, int32_t height, std::mt19937& random) {
  Region region;
  for (int32_t top = 0; top + 3 <= height; top += 4) {
    const int32_t left = int32_t(random() % 7);
    const int32_t right = width - int32_t(random() % 7);
    region.unite(Rect{left, top, right - left, 1 + int32_t(random() % 3)});
  }
  return region;
}

TEST(RendererWorkers, ThreadsWriteOnlyTheirBandsRectangles) {
  constexpr int32_t kWidth = 61, kHeight = 160;
  std::mt19937 random(test::first_seed());
  for (PixelFormat format : {PixelFormat::xrgb8888, PixelFormat::rgb565}) {
    for (unsigned workers : {2u, 4u}) {
      Renderer::Options options;
      options.strip_bytes = size_t(kWidth) * 4 * 4;  // four-row bands
      options.workers = workers;
      options.parallel_min_pixels = 0;
      Renderer renderer(options);
      for (int round = 0; round < 30; ++round) {
        const uint32_t seed = test::first_seed() + 300000 + uint32_t(round);
        const std::unique_ptr<Scene> busy = busy_scene(kWidth, kHeight, seed);
        const Scene& scene = *busy;
        test::MemoryTarget expected(kWidth, kHeight, format);
        {
          Image full = compose_full(scene);
          ScanoutSurface out = expected.scanout();
          stream_copy(out, Point{0, 0}, full, full.bounds());
        }
        test::MemoryTarget target(kWidth, kHeight, format);  // all sentinel bytes
        ScanoutSurface out = target.scanout();
        const Region region = one_rectangle_per_band(kWidth, kHeight, random);
        const RenderStats stats = renderer.render(scene, out, region);
        ASSERT_EQ(stats.workers, workers) << "the repaint did not go to the workers";
        const int bpp = bytes_per_pixel(format);
        for (int32_t y = 0; y < kHeight; ++y) {
          for (ptrdiff_t at = 0; at < target.stride(); ++at) {
            const size_t i = size_t(y) * size_t(target.stride()) + size_t(at);
            const int32_t x = int32_t(at / bpp);
            const bool inside = x < kWidth && region.contains(Point{x, y});
            const std::byte want =
                inside ? expected.bytes()[i] : std::byte{test::MemoryTarget::kSentinel};
            ASSERT_EQ(target.bytes()[i], want)
                << "seed " << seed << ", " << workers << " workers, " << pixel_format_name(format)
                << ": byte " << at << " of row " << y << (inside ? " (repainted)" : " (outside)");
          }
        }
      }
    }
  }
}

TEST(RendererWorkers, SmallRepaintsStayOnTheCallingThread) {
  const std::unique_ptr<Scene> busy = busy_scene(128, 128, test::first_seed());
  const Scene& scene = *busy;
  test::MemoryTarget target(128, 128, PixelFormat::xrgb8888);
  ScanoutSurface out = target.scanout();
  Renderer::Options options;
  options.workers = 2;
  options.parallel_min_pixels = 1000;
  options.strip_bytes = 128 * 4 * 8;
  Renderer renderer(options);
  EXPECT_EQ(renderer.render(scene, out, Region(Rect{0, 0, 10, 99})).workers, 1u);  // 990 pixels
  EXPECT_EQ(renderer.render(scene, out, Region(Rect{0, 0, 10, 100})).workers, 2u);
  EXPECT_EQ(renderer.render(scene, out, Region(scene.bounds())).workers, 2u);
}

using test_support::ScopedVariable;

TEST(RendererWorkers, WorkersComeFromTheEnvironmentUnlessGiven) {
  {
    ScopedVariable unset(kRenderWorkersEnvironmentVariable, std::nullopt);
    EXPECT_EQ(Renderer().options().workers, 1u);
  }
  {
    ScopedVariable three(kRenderWorkersEnvironmentVariable, "3");
    EXPECT_EQ(Renderer().options().workers, 3u);
    Renderer::Options given;
    given.workers = 2;
    EXPECT_EQ(Renderer(given).options().workers, 2u);
  }
  for (const char* bad : {"0", "65", "two", "2x", "-1", " 2"}) {
    ScopedVariable variable(kRenderWorkersEnvironmentVariable, bad);
    try {
      Renderer renderer;
      ADD_FAILURE() << "FB_RENDER_WORKERS='" << bad << "' was taken";
    } catch (const Error& error) {
      EXPECT_NE(std::string(error.what()).find("FB_RENDER_WORKERS"), std::string::npos)
          << error.what();
    }
  }
  for (unsigned bad : {0u, kMaxRenderWorkers + 1}) {
    Renderer::Options options;
    options.workers = bad;
    EXPECT_THROW(Renderer{options}, Error) << bad << " workers";
  }
}

}  // namespace
}  // namespace fb
