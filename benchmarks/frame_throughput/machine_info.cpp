// SPDX-License-Identifier: MIT
#include "machine_info.hpp"

#include <sys/utsname.h>
#include <time.h>

#include <fstream>

namespace fb::bench {

std::string cpu_model() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line, hardware, processor;
  while (std::getline(cpuinfo, line)) {
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string key = line.substr(0, colon);
    while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.pop_back();
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(value.begin());
    if (value.empty()) continue;
    if (key == "model name") return value;  // x86, and ARM kernels name the core here too
    if (key == "Hardware" && hardware.empty()) hardware = value;
    if (key == "Processor" && processor.empty()) processor = value;
  }
  if (!hardware.empty()) return hardware;
  return processor.empty() ? "unknown" : processor;
}

std::string machine_description() {
  utsname name{};
  if (uname(&name) != 0) return "unknown";
  return std::string(name.sysname) + " " + name.release + " " + name.machine;
}

std::string utc_timestamp() {
  const time_t now = time(nullptr);
  tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace fb::bench
