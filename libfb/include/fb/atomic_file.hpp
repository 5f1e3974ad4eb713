// SPDX-License-Identifier: MIT
#pragma once

#include <cstdio>
#include <functional>
#include <string>

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

/// Writes the file at `path` so that it appears whole or not at all: `write` fills a temporary
/// file in the same folder, which is flushed, synced and renamed over `path` only if every write
/// succeeded. On any failure (an fb::Error or other exception from `write`, a full disk, a file
/// size limit) the temporary is removed, `path` is left as it was and fb::Error names `path`.
/// `write` reports its own failures by throwing; stream errors on the FILE are checked here.
void write_file_atomically(const std::string& path, const std::function<void(std::FILE*)>& write);

}  // namespace fb

#pragma GCC visibility pop
