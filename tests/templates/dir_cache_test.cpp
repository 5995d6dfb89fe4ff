// dir_cache_test.cpp - listings follow the directory's mtime.
#include "templates/dir_cache.hpp"

#include <gtest/gtest.h>

#include "temp_tree.hpp"

namespace tattler::templates {
namespace {

using testing::TempTree;
namespace fs = std::filesystem;

// age - moves dir's mtime an hour back, out of the racy window.
void age(const fs::path& dir) {
  fs::last_write_time(dir, fs::last_write_time(dir) - std::chrono::hours(1));
}

TEST(DirCache, ListsDirectoriesAndFilesApartSorted) {
  TempTree tree;
  tree.mkdir("b");
  tree.mkdir("a");
  tree.write("z.txt", "x");
  tree.write("file.txt", "x");
  fs::create_directory_symlink(tree.root() / "a", tree.root() / "link");
  DirCache cache;

  auto listing = cache.list(tree.root());

  ASSERT_NE(listing, nullptr);
  EXPECT_EQ(listing->dirs, (std::vector<std::string>{"a", "b", "link"}));
  EXPECT_EQ(listing->files, (std::vector<std::string>{"file.txt", "z.txt"}));
  EXPECT_TRUE(has_dir(listing, "a"));
  EXPECT_FALSE(has_dir(listing, "file.txt"));
  EXPECT_TRUE(has_file(listing, "file.txt"));
  EXPECT_FALSE(has_file(listing, "a"));
}

TEST(DirCache, MissingDirectoryOrFileIsNull) {
  TempTree tree;
  tree.write("file.txt", "x");
  DirCache cache;

  EXPECT_EQ(cache.list(tree.root() / "nope"), nullptr);
  EXPECT_EQ(cache.list(tree.root() / "file.txt"), nullptr);
  EXPECT_FALSE(has_dir(nullptr, "a"));
  EXPECT_FALSE(has_file(nullptr, "a"));
}

TEST(DirCache, AYoungDirectoryIsScannedAgainAtOnce) {
  TempTree tree;
  tree.mkdir("a");
  DirCache cache;
  ASSERT_EQ(cache.list(tree.root())->dirs.size(), 1u);

  tree.mkdir("b");

  EXPECT_EQ(cache.list(tree.root())->dirs.size(), 2u);
}

TEST(DirCache, AnOldListingIsKeptUntilTheMtimeChanges) {
  TempTree tree;
  tree.mkdir("a");
  age(tree.root());
  DirCache cache;
  auto before = fs::last_write_time(tree.root());
  ASSERT_EQ(cache.list(tree.root())->dirs.size(), 1u);

  // Same mtime: the cached listing is served (no scan).
  tree.mkdir("b");
  fs::last_write_time(tree.root(), before);
  EXPECT_EQ(cache.list(tree.root())->dirs.size(), 1u);

  // Any other mtime: scanned again.
  age(tree.root());
  EXPECT_EQ(cache.list(tree.root())->dirs.size(), 2u);
}

}  // namespace
}  // namespace tattler::templates
