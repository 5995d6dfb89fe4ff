// demo_test.cpp - the built-in demo tree is found, valid and renders.
//
// Limits: the installed location (../share/tattler/templates) is not exercised.
#include <gtest/gtest.h>

#include "templates/context.hpp"
#include "templates/template_tree.hpp"

namespace tattler::templates {
namespace {

TEST(DemoTree, IsFoundWhenNoBaseIsSet) {
  std::filesystem::path demo = TemplateTree::demo_base();

  EXPECT_TRUE(std::filesystem::is_directory(demo / "demoscope")) << demo;
  EXPECT_EQ(TemplateTree::base_from_setting(std::nullopt), demo);
  EXPECT_EQ(TemplateTree::base_from_setting(std::string("  ")), demo);
  EXPECT_EQ(TemplateTree::base_from_setting(std::string("/srv/t")),
            std::filesystem::path("/srv/t"));
}

TEST(DemoTree, ListsDemoscopeWithEveryVector) {
  TemplateTree tree(TemplateTree::demo_base());

  EXPECT_EQ(tree.scopes(), std::vector<std::string>{"demoscope"});
  EXPECT_EQ(*tree.events("demoscope"), std::vector<std::string>{"demoevent"});
  EXPECT_EQ(tree.vectors("demoscope", "demoevent")->size(), 4u);
}

TEST(DemoTree, HasNoProblems) {
  TemplateTree tree(TemplateTree::demo_base());

  std::vector<std::string> problems = tree.validate();

  EXPECT_TRUE(problems.empty()) << problems.front();
}

TEST(DemoTree, EveryVectorRendersWithTheSampleContext) {
  TemplateTree tree(TemplateTree::demo_base());
  CoreInfo core;
  core.user_id = "ada@example.com";
  core.contacts.email = "ada@example.com";
  core.correlation_id = "tattler:abcdef123456";
  core.mode = "debug";
  core.scope = "demoscope";
  core.event = "demoevent";
  Result<jinja::Dict> sample = tree.sample_context("demoscope", "demoevent");
  ASSERT_TRUE(sample.ok()) << sample.error();

  for (Vector v : kAllVectors) {
    core.vector = v;
    jinja::Dict context = build_context(core, *sample);
    Result<RenderedParts> parts =
        tree.render("demoscope", "demoevent", v, context, std::nullopt);
    ASSERT_TRUE(parts.ok()) << vector_name(v) << ": " << parts.error();
    ASSERT_TRUE(parts->body_text.has_value());
    EXPECT_NE(parts->body_text->find("Ada"), std::string::npos);
  }
}

TEST(DemoTree, EmailUsesTheBaseLayoutAndPriority) {
  TemplateTree tree(TemplateTree::demo_base());
  CoreInfo core;
  core.user_id = "ada@example.com";
  core.contacts.email = "ada@example.com";
  core.correlation_id = "tattler:abcdef123456";
  core.mode = "debug";
  core.scope = "demoscope";
  core.event = "demoevent";

  Result<RenderedParts> parts =
      tree.render("demoscope", "demoevent", Vector::kEmail,
                  build_context(core, {}), std::nullopt);

  ASSERT_TRUE(parts.ok()) << parts.error();
  EXPECT_EQ(parts->subject, "Hello Ada, your tattler server works");
  EXPECT_EQ(parts->priority, "1");
  EXPECT_NE(parts->body_html->find("<!DOCTYPE html>"), std::string::npos);
  EXPECT_NE(parts->body_html->find("abcdef123456"), std::string::npos);
  EXPECT_NE(parts->body_text->find("The tattler demo"), std::string::npos);
}

}  // namespace
}  // namespace tattler::templates
