// SPDX-License-Identifier: MIT
#include "raster/kernel_dispatch.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>

#if defined(__arm__) && defined(FB_RASTER_HAVE_NEON_KERNELS)
#include <sys/auxv.h>
#endif

namespace fb::raster {
namespace {

#if defined(FB_RASTER_HAVE_NEON_KERNELS)
bool cpu_runs_neon() {
#if defined(__aarch64__)
  return true;  // NEON (Advanced SIMD) is part of the aarch64 base architecture.
#else
  constexpr unsigned long kHwcapNeon = 1ul << 12;  // HWCAP_NEON on 32-bit ARM
  return (getauxval(AT_HWCAP) & kHwcapNeon) != 0;
#endif
}
#endif

const RowKernels& kernels_from_environment() {
  const char* requested = std::getenv("FB_RASTER_KERNELS");
  return select_row_kernels(requested ? requested : "");
}

std::atomic<const RowKernels*>& active_slot() {
  static std::atomic<const RowKernels*> slot{&kernels_from_environment()};
  return slot;
}

}  // namespace

std::vector<const RowKernels*> available_row_kernels() {
  std::vector<const RowKernels*> tables{&kScalarRowKernels};
#if defined(FB_RASTER_HAVE_SSE2_KERNELS)
  tables.push_back(&kSse2RowKernels);  // compiled only where SSE2 is the baseline
#endif
#if defined(FB_RASTER_HAVE_SSSE3_KERNELS) || defined(FB_RASTER_HAVE_AVX2_KERNELS)
  __builtin_cpu_init();  // needed when this runs before libgcc's own constructors
#endif
#if defined(FB_RASTER_HAVE_SSSE3_KERNELS)
  if (__builtin_cpu_supports("ssse3")) tables.push_back(&ssse3_row_kernels());
#endif
#if defined(FB_RASTER_HAVE_AVX2_KERNELS)
  if (__builtin_cpu_supports("avx2")) tables.push_back(&kAvx2RowKernels);
#endif
#if defined(FB_RASTER_HAVE_NEON_KERNELS)
  if (cpu_runs_neon()) tables.push_back(&kNeonRowKernels);
#endif
  return tables;
}

const RowKernels& select_row_kernels(std::string_view requested) {
  std::vector<const RowKernels*> tables = available_row_kernels();
  const RowKernels& fastest = *tables.back();
  if (requested.empty()) return fastest;
  for (const RowKernels* table : tables) {
    if (requested == table->name) return *table;
  }
  std::string known;
  for (const RowKernels* table : tables)
    known += std::string(known.empty() ? "" : ", ") + table->name;
  std::fprintf(stderr, "libfb: FB_RASTER_KERNELS=%.*s is not available here (%s); using %s\n",
               static_cast<int>(requested.size()), requested.data(), known.c_str(), fastest.name);
  return fastest;
}

const RowKernels& active_row_kernels() {
  return *active_slot().load(std::memory_order_relaxed);
}

const RowKernels& set_active_row_kernels(const RowKernels& kernels) {
  return *active_slot().exchange(&kernels);
}

}  // namespace fb::raster
