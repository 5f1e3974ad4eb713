// SPDX-License-Identifier: MIT
// The CRTC's primary plane and the pixel formats it scans out, which decide the buffers' format.
#include <algorithm>
#include <cstring>
#include <memory>

#include "drm_card.hpp"
#include "drm_formats.hpp"

namespace fb {
namespace {

struct PlaneResourcesDeleter {
  void operator()(drmModePlaneRes* p) const { drmModeFreePlaneResources(p); }
};
struct PlaneDeleter {
  void operator()(drmModePlane* p) const { drmModeFreePlane(p); }
};
struct PropertiesDeleter {
  void operator()(drmModeObjectProperties* p) const { drmModeFreeObjectProperties(p); }
};
struct PropertyDeleter {
  void operator()(drmModePropertyRes* p) const { drmModeFreeProperty(p); }
};
using PlaneResources = std::unique_ptr<drmModePlaneRes, PlaneResourcesDeleter>;
using Plane = std::unique_ptr<drmModePlane, PlaneDeleter>;
using Properties = std::unique_ptr<drmModeObjectProperties, PropertiesDeleter>;
using Property = std::unique_ptr<drmModePropertyRes, PropertyDeleter>;

bool is_primary_plane(int fd, uint32_t plane_id) {
  Properties properties(drmModeObjectGetProperties(fd, plane_id, DRM_MODE_OBJECT_PLANE));
  if (!properties) return false;
  for (uint32_t i = 0; i < properties->count_props; ++i) {
    Property property(drmModeGetProperty(fd, properties->props[i]));
    if (property && std::strcmp(property->name, "type") == 0)
      return properties->prop_values[i] == DRM_PLANE_TYPE_PRIMARY;
  }
  return false;
}

}  // namespace

void DrmDisplay::Impl::read_primary_plane_formats() {
  plane_formats.reset();
  // Without this client cap the kernel lists overlay planes only. Old drivers without universal
  // planes leave the formats unknown; drmModeAddFB2 is then the only check.
  if (drmSetClientCap(fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1) != 0) return;
  PlaneResources resources(drmModeGetPlaneResources(fd));
  if (!resources) return;
  for (uint32_t i = 0; i < resources->count_planes; ++i) {
    Plane plane(drmModeGetPlane(fd, resources->planes[i]));
    if (!plane || !(plane->possible_crtcs & (1u << crtc_index))) continue;
    if (!is_primary_plane(fd, plane->plane_id)) continue;
    // A primary plane shared between CRTCs: the one already on ours wins.
    if (plane_formats && plane->crtc_id != crtc_id) continue;
    plane_formats.emplace(plane->formats, plane->formats + plane->count_formats);
    if (plane->crtc_id == crtc_id) break;
  }
}

void DrmDisplay::Impl::choose_format() {
  const std::string where = "drm: " + path + ": the primary plane of CRTC " +
                            std::to_string(crtc_id) + " (" + driver + ")";
  if (options.format) {
    drm::check_scanout_format(*options.format, plane_formats, where);
    format = *options.format;
    return;
  }
  // XRGB8888 unless the plane says it cannot; then the first format libfb draws that it can.
  format = PixelFormat::xrgb8888;
  if (!plane_formats) return;
  const std::vector<PixelFormat> drawable = drm::drawable_scanout_formats(*plane_formats);
  if (drawable.empty()) drm::check_scanout_format(format, plane_formats, where);  // throws
  if (std::find(drawable.begin(), drawable.end(), format) == drawable.end()) format = drawable[0];
}

}  // namespace fb
