// SPDX-License-Identifier: MIT
#include "fb/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <exception>

#include "fb/error.hpp"

namespace fb {
namespace {

// Same folder as the target so rename() is atomic (no cross-filesystem move); the pid and a
// counter keep concurrent writers apart, O_EXCL guards against anything left over.
int open_temporary(const std::string& path, std::string& temp_path) {
  static std::atomic<unsigned> counter{0};
  for (int attempt = 0; attempt < 100; ++attempt) {
    temp_path = path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    // 0666 and the umask: the final file gets the permissions fopen() would have given it.
    const int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  errno = EEXIST;
  return -1;
}

}  // namespace

void write_file_atomically(const std::string& path, const std::function<void(std::FILE*)>& write) {
  std::string temp_path;
  const int fd = open_temporary(path, temp_path);
  if (fd < 0) throw Error("cannot write '" + path + "': " + std::strerror(errno));
  std::FILE* file = ::fdopen(fd, "wb");
  if (file == nullptr) {
    const int saved = errno;
    ::close(fd);
    ::unlink(temp_path.c_str());
    throw Error("cannot write '" + path + "': " + std::strerror(saved));
  }
  try {
    write(file);
  } catch (...) {
    std::fclose(file);
    ::unlink(temp_path.c_str());
    throw;
  }
  // Every way a write can fail shows here: a stream error, a failed flush or sync, a failed
  // close (delayed write-back errors), a failed rename.
  errno = 0;
  bool ok = std::fflush(file) == 0 && !std::ferror(file);
  ok = ok && ::fsync(fd) == 0;
  int saved = errno;
  if (std::fclose(file) != 0 && ok) {
    ok = false;
    saved = errno;
  }
  if (ok && ::rename(temp_path.c_str(), path.c_str()) != 0) {
    ok = false;
    saved = errno;
  }
  if (!ok) {
    ::unlink(temp_path.c_str());
    throw Error("cannot write '" + path + "'" +
                (saved != 0 ? std::string(": ") + std::strerror(saved) : std::string()));
  }
}

}  // namespace fb
