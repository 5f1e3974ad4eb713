// SPDX-License-Identifier: MIT
// ConsoleGraphicsMode where no virtual terminal can be switched. KDSETMODE needs a real VT,
// which a host test does not have: that the mode really goes to KD_GRAPHICS and back (also
// after SIGTERM) is checked in the QEMU e2e test on the guest's /dev/tty0.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <csignal>
#include <string>

#include "fb/fbdev_display.hpp"

namespace {

TEST(ConsoleGraphicsMode, PseudoTerminalIsNotSwitched) {
  const int master = posix_openpt(O_RDWR | O_NOCTTY);
  ASSERT_GE(master, 0);
  ASSERT_EQ(grantpt(master), 0);
  ASSERT_EQ(unlockpt(master), 0);
  const std::string pty = ptsname(master);
  {
    fb::ConsoleGraphicsMode mode(pty);
    EXPECT_FALSE(mode.active());
    EXPECT_NE(mode.reason().find("is not a virtual terminal"), std::string::npos) << mode.reason();
  }
  close(master);
}

TEST(ConsoleGraphicsMode, MissingConsoleIsNotSwitched) {
  fb::ConsoleGraphicsMode mode("/dev/tty-does-not-exist");
  EXPECT_FALSE(mode.active());
  EXPECT_NE(mode.reason().find("cannot open /dev/tty-does-not-exist"), std::string::npos)
      << mode.reason();
}

TEST(ConsoleGraphicsMode, FailedGuardsLeaveSignalHandlersAlone) {
  struct sigaction before {};
  ASSERT_EQ(sigaction(SIGTERM, nullptr, &before), 0);
  { fb::ConsoleGraphicsMode mode("/dev/null"); }
  struct sigaction after {};
  ASSERT_EQ(sigaction(SIGTERM, nullptr, &after), 0);
  EXPECT_EQ(before.sa_handler, after.sa_handler);
}

}  // namespace
