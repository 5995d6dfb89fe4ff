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

TEST(DirCache, ListsSubdirectoriesSortedWithoutFiles) {
  TempTree tree;
  tree.mkdir("b");
  tree.mkdir("a");
  tree.write("file.txt", "x");
  DirCache cache;

  auto names = cache.subdirs(tree.root());

  ASSERT_NE(names, nullptr);
  EXPECT_EQ(*names, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(contains(names, "a"));
  EXPECT_FALSE(contains(names, "file.txt"));
}

TEST(DirCache, MissingDirectoryOrFileIsNull) {
  TempTree tree;
  tree.write("file.txt", "x");
  DirCache cache;

  EXPECT_EQ(cache.subdirs(tree.root() / "nope"), nullptr);
  EXPECT_EQ(cache.subdirs(tree.root() / "file.txt"), nullptr);
  EXPECT_FALSE(contains(nullptr, "a"));
}

TEST(DirCache, AYoungDirectoryIsScannedAgainAtOnce) {
  TempTree tree;
  tree.mkdir("a");
  DirCache cache;
  ASSERT_EQ(cache.subdirs(tree.root())->size(), 1u);

  tree.mkdir("b");

  EXPECT_EQ(cache.subdirs(tree.root())->size(), 2u);
}

TEST(DirCache, AnOldListingIsKeptUntilTheMtimeChanges) {
  TempTree tree;
  tree.mkdir("a");
  age(tree.root());
  DirCache cache;
  auto before = fs::last_write_time(tree.root());
  ASSERT_EQ(cache.subdirs(tree.root())->size(), 1u);

  // Same mtime: the cached listing is served (no scan).
  tree.mkdir("b");
  fs::last_write_time(tree.root(), before);
  EXPECT_EQ(cache.subdirs(tree.root())->size(), 1u);

  // Any other mtime: scanned again.
  age(tree.root());
  EXPECT_EQ(cache.subdirs(tree.root())->size(), 2u);
}

}  // namespace
}  // namespace tattler::templates
