// SPDX-License-Identifier: MIT
// Choosing what to drive (connector, mode, CRTC), setting the mode and giving the CRTC back.
#include <cerrno>
#include <string>

#include "drm_card.hpp"

namespace fb {
namespace drm {
namespace {

std::string connector_name_of(const drmModeConnector& connector) {
  const char* type = drmModeGetConnectorTypeName(connector.connector_type);
  return std::string(type ? type : "Unknown") + "-" + std::to_string(connector.connector_type_id);
}

}  // namespace

std::string mode_text(const drmModeModeInfo& mode) {
  return std::to_string(mode.hdisplay) + "x" + std::to_string(mode.vdisplay) + "@" +
         std::to_string(mode.vrefresh);
}

}  // namespace drm

void DrmDisplay::Impl::choose_connector_and_crtc(const drmModeRes& resources) {
  std::string seen;
  drm::Connector chosen;
  for (int i = 0; i < resources.count_connectors && !chosen; ++i) {
    drm::Connector candidate(drmModeGetConnector(fd, resources.connectors[i]));
    if (!candidate) continue;
    const std::string name = drm::connector_name_of(*candidate);
    if (!options.connector.empty() && name != options.connector) continue;
    const bool connected = candidate->connection == DRM_MODE_CONNECTED;
    seen += (seen.empty() ? "" : ", ") + name +
            (connected ? (candidate->count_modes > 0 ? "" : " (no modes)") : " (disconnected)");
    if (connected && candidate->count_modes > 0) {
      connector = name;
      chosen = std::move(candidate);
    }
  }
  if (!chosen) {
    if (!options.connector.empty() && seen.empty())
      fail("no connector named " + options.connector, ENODEV);
    fail("no connector is connected" + (seen.empty() ? std::string() : " (" + seen + ")"), ENODEV);
  }
  connector_id = chosen->connector_id;
  choose_mode(*chosen);

  // Keep the CRTC the connector already drives; otherwise the first one its encoders can use.
  crtc_id = 0;
  if (chosen->encoder_id != 0) {
    drm::Encoder encoder(drmModeGetEncoder(fd, chosen->encoder_id));
    if (encoder) crtc_id = encoder->crtc_id;
  }
  for (int e = 0; e < chosen->count_encoders && crtc_id == 0; ++e) {
    drm::Encoder encoder(drmModeGetEncoder(fd, chosen->encoders[e]));
    if (!encoder) continue;
    for (int c = 0; c < resources.count_crtcs; ++c) {
      if (encoder->possible_crtcs & (1u << c)) {
        crtc_id = resources.crtcs[c];
        break;
      }
    }
  }
  if (crtc_id == 0) fail("no CRTC can drive connector " + connector, ENODEV);
  // Planes and vblank requests name a CRTC by its index, not its id.
  for (int c = 0; c < resources.count_crtcs; ++c)
    if (resources.crtcs[c] == crtc_id) crtc_index = c;
}

void DrmDisplay::Impl::choose_mode(const drmModeConnector& chosen) {
  connector_modes.assign(chosen.modes, chosen.modes + chosen.count_modes);
  const drmModeModeInfo* best = nullptr;
  auto better = [](const drmModeModeInfo& a, const drmModeModeInfo* b) {
    if (!b) return true;
    const bool a_preferred = a.type & DRM_MODE_TYPE_PREFERRED;
    const bool b_preferred = b->type & DRM_MODE_TYPE_PREFERRED;
    if (a_preferred != b_preferred) return a_preferred;
    return a.vrefresh > b->vrefresh;
  };
  const bool requested = options.width > 0 || options.height > 0;
  for (const drmModeModeInfo& m : connector_modes) {
    if (requested && (m.hdisplay != options.width || m.vdisplay != options.height)) continue;
    if (!requested && best && (best->type & DRM_MODE_TYPE_PREFERRED)) break;
    if (better(m, best)) best = &m;
  }
  if (!best) {
    std::string offered;
    for (const drmModeModeInfo& m : connector_modes)
      offered += (offered.empty() ? "" : ", ") + drm::mode_text(m);
    throw Error("drm: " + path + ": connector " + connector + " has no " +
                std::to_string(options.width) + "x" + std::to_string(options.height) +
                " mode; it offers " + offered);
  }
  mode = *best;
}

void DrmDisplay::Impl::set_mode() {
  saved_crtc.reset(drmModeGetCrtc(fd, crtc_id));
  uint32_t connectors[1] = {connector_id};
  if (drmModeSetCrtc(fd, crtc_id, buffers[0].fb_id, 0, 0, connectors, 1, &mode) != 0) {
    const int e = errno;
    if (e == EACCES || e == EPERM) fail("cannot set a mode: another process is DRM master", e);
    fail("setting mode " + drm::mode_text(mode) + " on " + connector + " failed", e);
  }
  mode_set = true;
}

void DrmDisplay::Impl::restore_crtc() {
  if (!mode_set || !saved_crtc || saved_crtc->buffer_id == 0 || !saved_crtc->mode_valid) return;
  // Give the screen back as we found it (e.g. to the fbdev console).
  uint32_t connectors[1] = {connector_id};
  drmModeSetCrtc(fd, saved_crtc->crtc_id, saved_crtc->buffer_id, saved_crtc->x, saved_crtc->y,
                 connectors, 1, &saved_crtc->mode);
  mode_set = false;
}

}  // namespace fb
