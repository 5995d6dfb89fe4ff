// blacklist_test.cpp - blacklist files and their matching.
//
// Limits: non-ASCII case folding is not covered (ASCII only).
#include "recipients/blacklist.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <fstream>

namespace tattler::recipients {
namespace {

namespace fs = std::filesystem;

// TempFile - a file in a fresh temporary folder, removed afterwards.
class TempFile {
 public:
  TempFile() {
    dir_ = fs::temp_directory_path() /
           ("tattler-blacklist-" + std::to_string(::getpid()) + "-" +
            std::to_string(counter_++));
    fs::create_directories(dir_);
  }
  ~TempFile() { fs::remove_all(dir_); }
  fs::path path() const { return dir_ / "blacklist.txt"; }
  void write(const std::string& text) const {
    std::ofstream(path(), std::ios::binary | std::ios::trunc) << text;
  }

 private:
  static inline int counter_ = 0;
  fs::path dir_;
};

TEST(Blacklist, ListedAddressesMatchWithoutRegardToCase) {
  Blacklist list =
      Blacklist::parse("Spaced@X.org\nuser789-blacklisted@dom.ch\n");

  EXPECT_TRUE(list.contains("spaced@x.org"));
  EXPECT_TRUE(list.contains("  SPACED@x.ORG "));
  EXPECT_TRUE(list.contains("user789-blacklisted@dom.ch"));
  EXPECT_FALSE(list.contains("other@dom.ch"));
}

TEST(Blacklist, HashInFirstColumnIsAComment) {
  Blacklist list = Blacklist::parse("#a@b.c\n  #d@e.f\n+12345678\r\n");

  EXPECT_FALSE(list.contains("a@b.c"));
  EXPECT_FALSE(list.contains("#a@b.c"));
  EXPECT_TRUE(list.contains("#d@e.f"));
  EXPECT_TRUE(list.contains("+12345678"));
}

TEST(Blacklist, DefaultBlocksNothing) {
  Blacklist list;

  EXPECT_FALSE(list.contains("a@b.c"));
}

TEST(Blacklist, UnreadableFileIsAnErrorOrAnEmptyList) {
  EXPECT_FALSE(Blacklist::read("/nonexistent/blacklist").ok());
  EXPECT_EQ(Blacklist::load("/nonexistent/blacklist").size(), 0u);
}

TEST(BlacklistFile, ReReadsTheFileWhenItChanges) {
  TempFile file;
  file.write("a@b.c\n");
  BlacklistFile cached(file.path());
  ASSERT_TRUE(cached.current()->contains("a@b.c"));

  file.write("x@y.zz\n");
  fs::last_write_time(
      file.path(), fs::last_write_time(file.path()) + std::chrono::seconds(5));

  EXPECT_FALSE(cached.current()->contains("a@b.c"));
  EXPECT_TRUE(cached.current()->contains("x@y.zz"));
}

TEST(BlacklistFile, MissingFileBlocksNothing) {
  BlacklistFile cached("/nonexistent/blacklist");

  EXPECT_FALSE(cached.current()->contains("a@b.c"));
}

TEST(BlacklistFile, EmptyPathBlocksNothing) {
  BlacklistFile cached("");

  EXPECT_EQ(cached.current()->size(), 0u);
}

}  // namespace
}  // namespace tattler::recipients
