// SPDX-License-Identifier: MIT
#pragma once

#include <cairo.h>
#include <pixman.h>

#include "fb/pixel_format.hpp"

// The public API: exported from the shared library, whose other symbols are hidden.
#pragma GCC visibility push(default)

namespace fb {

/// Cairo's name for a format, or CAIRO_FORMAT_INVALID where Cairo has none (BGR orders).
cairo_format_t cairo_format_of(PixelFormat format);

/// pixman's name for a format; pixman has every format libfb draws.
pixman_format_code_t pixman_format_of(PixelFormat format);

}  // namespace fb

#pragma GCC visibility pop
