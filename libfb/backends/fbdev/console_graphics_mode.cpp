// SPDX-License-Identifier: MIT
// KD_GRAPHICS for the time a framebuffer is drawn on, restored on every way out.
#include <fcntl.h>
#include <linux/kd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "fb/fbdev_display.hpp"

namespace fb {
namespace {

// What a signal handler may touch: plain integers, written before the handlers go in.
volatile sig_atomic_t g_console_fd = -1;
volatile sig_atomic_t g_saved_mode = KD_TEXT;

constexpr int kFatalSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV,
                                 SIGBUS, SIGFPE,  SIGILL, SIGABRT};
struct sigaction g_previous[NSIG];

std::mutex g_mutex;
bool g_atexit_registered = false;

void restore_console_mode() {
  const int fd = g_console_fd;
  if (fd >= 0) ioctl(fd, KDSETMODE, static_cast<unsigned long>(g_saved_mode));
}

void on_fatal_signal(int sig, siginfo_t* info, void* context) {
  const int saved_errno = errno;
  const struct sigaction& previous = g_previous[sig];
  if (previous.sa_flags & SA_SIGINFO) {
    // The application handles this signal itself (and may well go on running): let it, our
    // destructor restores the console when it closes the display.
    if (previous.sa_sigaction) previous.sa_sigaction(sig, info, context);
  } else if (previous.sa_handler == SIG_IGN) {
    // Ignored before we came: stays ignored.
  } else if (previous.sa_handler != SIG_DFL) {
    previous.sa_handler(sig);
  } else {
    // The signal ends the process: give the console back, then let it end as it would have.
    restore_console_mode();
    g_console_fd = -1;
    sigaction(sig, &previous, nullptr);
    raise(sig);
  }
  errno = saved_errno;
}

void restore_at_exit() {
  restore_console_mode();
}

void install_handlers() {
  struct sigaction action {};
  action.sa_sigaction = on_fatal_signal;
  action.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&action.sa_mask);
  for (int sig : kFatalSignals) sigaction(sig, &action, &g_previous[sig]);
}

void remove_handlers() {
  for (int sig : kFatalSignals) {
    struct sigaction current {};
    sigaction(sig, nullptr, &current);
    // Put back only what we replaced; a handler installed after ours stays.
    if ((current.sa_flags & SA_SIGINFO) && current.sa_sigaction == on_fatal_signal)
      sigaction(sig, &g_previous[sig], nullptr);
  }
}

}  // namespace

ConsoleGraphicsMode::ConsoleGraphicsMode(const std::string& console) {
  const std::string path = console.empty() ? "/dev/tty0" : console;
  std::lock_guard lock(g_mutex);
  if (g_console_fd >= 0) {
    reason_ = "a console is already held in graphics mode by this process";
    return;
  }
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    reason_ = "cannot open " + path + ": " + std::strerror(errno);
    return;
  }
  int mode = 0;
  if (ioctl(fd, KDGETMODE, &mode) != 0) {
    reason_ = path + " is not a virtual terminal (KDGETMODE: " + std::strerror(errno) + ")";
    ::close(fd);
    return;
  }
  g_saved_mode = mode;
  g_console_fd = fd;
  install_handlers();
  if (!g_atexit_registered) g_atexit_registered = std::atexit(restore_at_exit) == 0;
  if (ioctl(fd, KDSETMODE, static_cast<unsigned long>(KD_GRAPHICS)) != 0) {
    reason_ = "KDSETMODE KD_GRAPHICS on " + path + ": " + std::strerror(errno);
    remove_handlers();
    g_console_fd = -1;
    ::close(fd);
    return;
  }
  active_ = true;
}

ConsoleGraphicsMode::~ConsoleGraphicsMode() {
  if (!active_) return;
  std::lock_guard lock(g_mutex);
  restore_console_mode();
  const int fd = g_console_fd;
  g_console_fd = -1;
  remove_handlers();
  ::close(fd);
}

}  // namespace fb
