// SPDX-License-Identifier: MIT
// Files appear whole or not at all: a write that fails midway leaves nothing under the final
// name (and no temporary beside it), and an older file there stays as it was.
#include "fb/atomic_file.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fb/error.hpp"
#include "fb/png.hpp"
#include "fb/surface.hpp"

namespace fb {
namespace {

namespace fs = std::filesystem;

class AtomicFile : public testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() / ("fb_atomic_file_test_" + std::to_string(::getpid()) + "_" +
                                     testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_)) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }
  static std::string contents(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  }

  fs::path dir_;
};

// Lowers the file size limit for the scope, so writes past `bytes` fail with EFBIG (SIGXFSZ
// ignored) as on a full disk.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    old_handler_ = signal(SIGXFSZ, SIG_IGN);
    rlimit limit = saved_;
    limit.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    signal(SIGXFSZ, old_handler_);
  }

 private:
  rlimit saved_{};
  sighandler_t old_handler_{};
};

TEST_F(AtomicFile, WritesTheWholeFile) {
  const fs::path path = dir_ / "out.txt";
  write_file_atomically(path, [](std::FILE* file) { std::fputs("hello\n", file); });
  EXPECT_EQ(contents(path), "hello\n");
  EXPECT_EQ(entries(), std::vector<std::string>{"out.txt"});
}

TEST_F(AtomicFile, AFailureMidwayLeavesNothing) {
  const fs::path path = dir_ / "out.txt";
  EXPECT_THROW(write_file_atomically(path,
                                     [](std::FILE* file) {
                                       std::fputs("half of it", file);
                                       std::fflush(file);
                                       throw Error("forced failure");
                                     }),
               Error);
  EXPECT_TRUE(entries().empty());
}

TEST_F(AtomicFile, AFailureKeepsTheOldFile) {
  const fs::path path = dir_ / "out.txt";
  write_file_atomically(path, [](std::FILE* file) { std::fputs("old", file); });
  EXPECT_THROW(write_file_atomically(path,
                                     [](std::FILE* file) {
                                       std::fputs("new, but cut", file);
                                       throw Error("forced failure");
                                     }),
               Error);
  EXPECT_EQ(contents(path), "old");
  EXPECT_EQ(entries(), std::vector<std::string>{"out.txt"});
}

TEST_F(AtomicFile, AStreamErrorIsAFailure) {
  const fs::path path = dir_ / "big.bin";
  std::string message = "no error";
  {
    FileSizeLimit limit(4096);
    // The callback ignores fwrite's result: the helper must see the stream error itself.
    try {
      write_file_atomically(path, [](std::FILE* file) {
        const std::string block(1024, 'x');
        for (int i = 0; i < 64; ++i) std::fwrite(block.data(), 1, block.size(), file);
      });
    } catch (const Error& error) {
      message = error.what();
    }
  }
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_TRUE(entries().empty());
}

TEST_F(AtomicFile, AMissingFolderNamesThePath) {
  const fs::path path = dir_ / "no" / "such" / "out.txt";
  try {
    write_file_atomically(path, [](std::FILE*) {});
    ADD_FAILURE() << "wrote into a missing folder";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find(path.string()), std::string::npos) << error.what();
  }
}

// The PNG writer goes through the helper: a PNG cut short by a full disk (here a file size
// limit) is never left under the final name. Before, Cairo wrote the final file in place and a
// truncated PNG (a valid header, no IEND) stayed behind.
TEST_F(AtomicFile, APngCutShortLeavesNoFile) {
  Image image(256, 256, PixelFormat::xrgb8888);
  for (int y = 0; y < 256; ++y) {
    for (int x = 0; x < 256; ++x)
      image.pixel32(x, y) = 0xff000000u | uint32_t(x * 7919 + y * 104729);
  }
  const fs::path path = dir_ / "card.png";
  bool threw = false;
  {
    // Nothing else is written under the limit (a test log redirected to a file would be cut).
    FileSizeLimit limit(2048);
    try {
      write_png(image.surface(), path.string());
    } catch (const Error&) {
      threw = true;
    }
  }
  EXPECT_TRUE(threw);
  EXPECT_TRUE(entries().empty()) << entries().front();
  write_png(image.surface(), path.string());
  EXPECT_EQ(entries(), std::vector<std::string>{"card.png"});
}

}  // namespace
}  // namespace fb
