// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

namespace fb::sim {

/// The Linux input key code (KEY_* of <linux/input-event-codes.h>) for an SDL scancode, so
/// applications see the same key space from an SDL window as from evdev on the board. Returns 0
/// (KEY_RESERVED) for keys with no Linux equivalent. Takes the scancode as an int so this header
/// does not need SDL's.
uint32_t linux_key_from_sdl_scancode(int scancode);

}  // namespace fb::sim
