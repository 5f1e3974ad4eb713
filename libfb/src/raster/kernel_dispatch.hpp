// SPDX-License-Identifier: MIT
// Internal: which row kernels the raster ops use. Chosen once per process from the CPU's
// features; FB_RASTER_KERNELS=scalar (or sse2, ssse3, avx2, neon) forces a table, for debugging.
#pragma once

#include <string_view>
#include <vector>

#include "raster/row_kernels.hpp"

namespace fb::raster {

/// The tables this CPU can run, the scalar reference first and the fastest last.
std::vector<const RowKernels*> available_row_kernels();

/// The table a FB_RASTER_KERNELS value asks for: empty means the fastest available. A name
/// that is unknown or that this CPU cannot run gives the fastest available, with a note on
/// stderr.
const RowKernels& select_row_kernels(std::string_view requested);

/// The table the raster ops use.
const RowKernels& active_row_kernels();

/// Makes `kernels` the active table and returns the previous one; for tests that run the
/// public ops on every table. Not meant to race with running raster ops.
const RowKernels& set_active_row_kernels(const RowKernels& kernels);

}  // namespace fb::raster
