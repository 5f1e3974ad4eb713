// SPDX-License-Identifier: MIT
// Internal: the backends compiled into libfb, each defined in its own folder under backends/.
#pragma once

#include "fb/backend_registry.hpp"

namespace fb::detail {

BackendEntry fbdev_backend_entry();
BackendEntry drm_backend_entry();

}  // namespace fb::detail
