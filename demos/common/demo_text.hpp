// SPDX-License-Identifier: MIT
#pragma once

#include <cairo.h>

namespace fb::demo {

/// The font every demo writes with: DejaVu Sans (Debian's fonts-dejavu-core), chosen by name
/// and rendered with fixed options (greyscale antialiasing, no hinting) so the pixels do not
/// depend on the machine's fontconfig settings.
void set_demo_font(cairo_t* cr, double size, bool bold = false, bool monospace = false);

}  // namespace fb::demo
