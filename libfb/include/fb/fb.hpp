// SPDX-License-Identifier: MIT
// libfb: one include for the whole public interface.
#pragma once

#include "fb/backend_registry.hpp"
#include "fb/buffer_ages.hpp"
#include "fb/display.hpp"
#include "fb/error.hpp"
#include "fb/headless_display.hpp"
#include "fb/input_event.hpp"
#include "fb/pixel_format.hpp"
#include "fb/png.hpp"
#include "fb/raster.hpp"
#include "fb/rect.hpp"
#include "fb/region.hpp"
#include "fb/surface.hpp"
