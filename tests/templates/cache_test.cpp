// cache_test.cpp - compiled templates follow the files on disk.
//
// Limits: same-size rewrites within one clock tick are not tested.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "temp_tree.hpp"
#include "templates/template_cache.hpp"
#include "templates/template_tree.hpp"

namespace tattler::templates {
namespace {

using testing::TempTree;

// sms_body - the rendered SMS body of s/e, or the error.
std::string sms_body(const TemplateTree& tree) {
  jinja::Dict d;
  d.set("name", jinja::Value("Ann"));
  Result<RenderedParts> parts =
      tree.render("s", "e", Vector::kSms, d, std::nullopt);
  return parts.ok() ? *parts->body_text : "error: " + parts.error();
}

TEST(TemplateCache, SameTemplateIsCompiledOnce) {
  TempTree t;
  t.write("a.txt", "{{ x }}");
  TemplateCache cache;

  auto first =
      cache.compiled(t.root() / "a.txt", "a", TemplateCache::Kind::kJinja);
  auto second =
      cache.compiled(t.root() / "a.txt", "a", TemplateCache::Kind::kJinja);

  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->get(), second->get());
}

TEST(TemplateCache, FileReplacedByRenameIsSeenAtOnce) {
  TempTree t;
  t.write("s/e/sms/body.txt", "one {{ name }}");
  TemplateTree tree(t.root());
  ASSERT_EQ(sms_body(tree), "one Ann");

  t.write("s/e/sms/.body.tmp", "two {{ name }}");
  std::filesystem::rename(t.root() / "s/e/sms/.body.tmp",
                          t.root() / "s/e/sms/body.txt");

  EXPECT_EQ(sms_body(tree), "two Ann");
}

TEST(TemplateCache, BrokenFileIsReportedUntilFixed) {
  TempTree t;
  t.write("s/e/sms/body.txt", "{% if %}");
  TemplateTree tree(t.root());
  ASSERT_EQ(sms_body(tree).rfind("error: ", 0), 0u);

  t.rewrite("s/e/sms/body.txt", "fixed {{ name }}");

  EXPECT_EQ(sms_body(tree), "fixed Ann");
}

TEST(TemplateCache, DeletedFileIsAnError) {
  TempTree t;
  t.write("s/e/sms/body.txt", "x");
  t.write("s/e/email/body.txt", "x");
  TemplateTree tree(t.root());
  ASSERT_EQ(sms_body(tree), "x");

  t.remove("s/e/sms/body.txt");

  EXPECT_EQ(sms_body(tree).rfind("error: ", 0), 0u);
}

TEST(TemplateCache, TextIsReadAgainAfterAChange) {
  TempTree t;
  t.write("p.txt", "1");
  TemplateCache cache;
  ASSERT_EQ(*cache.text(t.root() / "p.txt"), "1");

  t.rewrite("p.txt", "22");

  EXPECT_EQ(*cache.text(t.root() / "p.txt"), "22");
  EXPECT_FALSE(cache.text(t.root() / "missing.txt").ok());
}

TEST(TemplateCache, ManyThreadsRenderTheSameTreeAtOnce) {
  TempTree t;
  t.write("s/e/sms/body.txt",
          "Hi {{ name }}{% for i in range(3) %}!{% endfor %}");
  t.write("_base/sms/body.txt", "{% block b %}{% endblock %}");
  TemplateTree tree(t.root());
  std::atomic<int> good{0};

  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 200; ++j) {
        if (sms_body(tree) == "Hi Ann!!!") ++good;
      }
    });
  }
  for (std::thread& th : threads) th.join();

  EXPECT_EQ(good.load(), 8 * 200);
}

}  // namespace
}  // namespace tattler::templates
