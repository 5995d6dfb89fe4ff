// tree_watch_test.cpp - the inotify watch that spares stat() calls: what
// counts as a change, and that renders through it see every change.
#include "templates/tree_watch.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "temp_tree.hpp"
#include "templates/template_tree.hpp"

namespace tattler::templates {
namespace {

using testing::TempTree;

// generation_now - the generation a new scope of watch sees.
std::uint64_t generation_now(const TreeWatch& watch) {
  TreeWatch::Fresh fresh(watch);
  return watch.stamp();
}

// body - the SMS body of s/e rendered through tree.
std::string body(const TemplateTree& tree) {
  auto parts = tree.render("s", "e", Vector::kSms, jinja::Dict(), std::nullopt);
  return parts.ok() ? parts->body_text.value_or("") : "error: " + parts.error();
}

TEST(TreeWatch, NothingIsCurrentOutsideAScope) {
  TempTree t;
  TreeWatch watch;
  watch.watch_base(t.root());
  std::uint64_t checked = generation_now(watch);

  EXPECT_NE(checked, TreeWatch::kNever);
  EXPECT_FALSE(watch.current(checked));
  EXPECT_EQ(watch.stamp(), TreeWatch::kNever);
}

// watch_sms_folder - a tree with s/e/sms/body.txt, its folder watched;
// the generation once that is done.
std::uint64_t watch_sms_folder(const TempTree& t, TreeWatch& watch) {
  t.write("s/e/sms/body.txt", "x");
  watch.watch_base(t.root());
  watch.watch_dir(t.root() / "s/e/sms");
  return generation_now(watch);
}

TEST(TreeWatch, AQuietTreeKeepsItsGeneration) {
  TempTree t;
  TreeWatch watch;
  std::uint64_t first = watch_sms_folder(t, watch);

  TreeWatch::Fresh fresh(watch);

  EXPECT_TRUE(watch.current(first));
}

TEST(TreeWatch, AFileWrittenInAWatchedFolderIsAChange) {
  TempTree t;
  TreeWatch watch;
  std::uint64_t first = watch_sms_folder(t, watch);

  t.write("s/e/sms/body.txt", "y");

  TreeWatch::Fresh fresh(watch);
  EXPECT_FALSE(watch.current(first));
}

TEST(TreeWatch, OtherFilesNextToTheBaseAreNoChange) {
  TempTree t;
  t.mkdir("tree");
  TreeWatch watch;
  watch.watch_base(t.root() / "tree");
  std::uint64_t first = generation_now(watch);

  t.write("server.log", "busy");
  t.write("server.log", "busier");

  TreeWatch::Fresh fresh(watch);
  EXPECT_TRUE(watch.current(first));
}

TEST(TreeWatch, EditsAreSeenByTheNextRenderWithoutAnMtimeChange) {
  TempTree t;
  t.write("s/e/sms/body.txt", "first");
  TemplateTree tree(t.root());
  ASSERT_EQ(body(tree), "first");

  // Same size, and the mtime put back: only the watch (or ctime) tells.
  auto before = std::filesystem::last_write_time(t.root() / "s/e/sms/body.txt");
  t.write("s/e/sms/body.txt", "again");
  std::filesystem::last_write_time(t.root() / "s/e/sms/body.txt", before);

  EXPECT_EQ(body(tree), "again");
}

TEST(TreeWatch, AScopeReplacedByRenameIsSeen) {
  TempTree t;
  t.write("s/e/sms/body.txt", "old scope");
  t.write("next/e/sms/body.txt", "new scope");
  TemplateTree tree(t.root());
  ASSERT_EQ(body(tree), "old scope");

  std::filesystem::rename(t.root() / "s", t.root() / "s.old");
  std::filesystem::rename(t.root() / "next", t.root() / "s");

  EXPECT_EQ(body(tree), "new scope");
  t.write("s/e/sms/body.txt", "edited in the new scope");
  EXPECT_EQ(body(tree), "edited in the new scope");
}

TEST(TreeWatch, ATreeSwappedByRepointingASymlinkAboveTheBaseIsSeen) {
  TempTree t;
  t.write("releases/1/tree/s/e/sms/body.txt", "release 1");
  t.write("releases/2/tree/s/e/sms/body.txt", "release 2");
  std::filesystem::create_directory_symlink("releases/1", t.root() / "current");
  TemplateTree tree(t.root() / "current" / "tree");
  ASSERT_EQ(body(tree), "release 1");

  // As deploy tools do: a new link renamed over the old one.
  std::filesystem::create_directory_symlink("releases/2", t.root() / "next");
  std::filesystem::rename(t.root() / "next", t.root() / "current");

  EXPECT_EQ(body(tree), "release 2");
}

TEST(TreeWatch, ATemplateThatIsASymlinkIsCheckedEveryTime) {
  TempTree t;
  t.write("shared/body.txt", "shared one");
  t.mkdir("tree/s/e/sms");
  std::filesystem::create_symlink(t.root() / "shared/body.txt",
                                  t.root() / "tree/s/e/sms/body.txt");
  TemplateTree tree(t.root() / "tree");
  ASSERT_EQ(body(tree), "shared one");

  t.rewrite("shared/body.txt", "shared two");

  EXPECT_EQ(body(tree), "shared two");
}

}  // namespace
}  // namespace tattler::templates
