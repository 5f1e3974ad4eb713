// SPDX-License-Identifier: MIT
#pragma once

namespace fb::sim {

/// Registers the "sdl" backend with fb::open_display(), so `--backend sdl` or FB_BACKEND=sdl
/// opens an SdlDisplay. Call once at start-up; calling again is harmless.
void register_sdl_backend();

}  // namespace fb::sim
