// validate_test.cpp - TemplateTree::validate lists every problem.
//
// Limits: runtime template errors are out of reach of validation.
#include <gtest/gtest.h>

#include <algorithm>

#include "temp_tree.hpp"
#include "templates/template_tree.hpp"

namespace tattler::templates {
namespace {

using testing::TempTree;

// has_line - true when a problem line contains both fragments.
bool has_line(const std::vector<std::string>& problems, const std::string& a,
              const std::string& b) {
  return std::any_of(problems.begin(), problems.end(), [&](const auto& p) {
    return p.find(a) != std::string::npos && p.find(b) != std::string::npos;
  });
}

// dump - the problems, for failure messages.
std::string dump(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) out += p + "\n";
  return out;
}

TEST(Validate, WellFormedTreeHasNoProblems) {
  TempTree t;
  t.write("s/e/email/subject.txt", "{{ x }}");
  t.write("s/e/email/body.txt", "{% for i in l %}{{ i }}{% endfor %}");
  t.write("s/e/email/body.html", "<p>{{ x | upper }}</p>");
  t.write("s/e/email/priority.txt", "3\n");
  t.write("s/e/sms/body.txt", "{{ x }}");
  t.write("s/e/context.json", "// sample\n{\"x\": 1}");
  t.write("s/_base/email/body.txt", "{% block c %}{% endblock %}");
  TemplateTree tree(t.root());

  std::vector<std::string> problems = tree.validate();

  EXPECT_TRUE(problems.empty()) << dump(problems);
}

TEST(Validate, MissingRequiredPartsAreReported) {
  TempTree t;
  t.write("s/nosubject/email/body.txt", "b");
  t.write("s/nothing/email/priority.txt", "1");
  t.write("s/nosms/sms/readme", "x");
  TemplateTree tree(t.root());

  std::vector<std::string> problems = tree.validate();

  EXPECT_TRUE(has_line(problems, "s/nosubject/email",
                       "Required parts are missing: {'subject.txt'}"))
      << dump(problems);
  EXPECT_TRUE(has_line(problems, "s/nothing/email",
                       "Required parts are missing: {'body.txt', "
                       "'subject.txt'}"))
      << dump(problems);
  EXPECT_TRUE(
      has_line(problems, "s/nosms/sms", "Required part 'body.txt' is missing."))
      << dump(problems);
}

TEST(Validate, HtmlAndMjmlTogetherAreRejected) {
  TempTree t;
  t.write("s/e/email/subject.txt", "s");
  t.write("s/e/email/body.html", "h");
  t.write("s/e/email/body.mjml", "<mjml><mj-body></mj-body></mjml>");
  TemplateTree tree(t.root());

  std::vector<std::string> problems = tree.validate();

  EXPECT_TRUE(has_line(problems, "s/e/email",
                       "Template 'e' provides both 'body.html' and "
                       "'body.mjml', while only one of them is allowed."))
      << dump(problems);
}

TEST(Validate, SyntaxErrorsAndUnknownFiltersAreReported) {
  TempTree t;
  t.write("s/e/email/subject.txt", "{% if x %}unclosed");
  t.write("s/e/email/body.txt", "{{ x | no_such_filter }}");
  t.write("s/e/sms/body.txt", "{{ x }");
  TemplateTree tree(t.root());

  std::vector<std::string> problems = tree.validate();

  EXPECT_TRUE(has_line(problems, "s/e/email/subject.txt", ":"))
      << dump(problems);
  EXPECT_TRUE(has_line(problems, "s/e/email/body.txt", "no_such_filter"))
      << dump(problems);
  EXPECT_TRUE(has_line(problems, "s/e/sms/body.txt", ":")) << dump(problems);
}

TEST(Validate, EveryProblemOfEveryScopeIsListed) {
  TempTree t;
  t.write("a/one/email/body.txt", "b");
  t.write("a/two/sms/body.txt", "{% endfor %}");
  t.write("b/three/email/subject.txt", "s");
  t.write("b/three/email/body.txt", "b");
  t.write("b/three/email/de/body.txt", "b");
  TemplateTree tree(t.root());

  std::vector<std::string> problems = tree.validate();

  EXPECT_EQ(problems.size(), 3u) << dump(problems);
  EXPECT_TRUE(has_line(problems, "a/one/email", "subject.txt"));
  EXPECT_TRUE(has_line(problems, "a/two/sms/body.txt", ":"));
  EXPECT_TRUE(has_line(problems, "b/three/email/de", "subject.txt"));
}

TEST(Validate, BadPriorityAndContextJsonAreReported) {
  TempTree t;
  t.write("s/e/email/subject.txt", "s");
  t.write("s/e/email/body.txt", "b");
  t.write("s/e/email/priority.txt", "9");
  t.write("s/e/context.json", "{\"x\": ");
  TemplateTree tree(t.root());

  std::vector<std::string> problems = tree.validate();

  EXPECT_TRUE(
      has_line(problems, "s/e/email/priority.txt", "Invalid priority '9'"))
      << dump(problems);
  EXPECT_TRUE(has_line(problems, "s/e/context.json", "JSON")) << dump(problems);
}

TEST(Validate, BrokenBaseTemplatesAreReported) {
  TempTree t;
  t.write("_base/email/body.txt", "{% block c %}");
  t.write("s/_base/sms/body.txt", "{{ }}");
  TemplateTree tree(t.root());

  std::vector<std::string> problems = tree.validate();

  EXPECT_TRUE(has_line(problems, "_base/email/body.txt", ":"))
      << dump(problems);
  EXPECT_TRUE(has_line(problems, "s/_base/sms/body.txt", ":"))
      << dump(problems);
}

TEST(Validate, PartExtendingAMissingBaseIsReported) {
  TempTree t;
  t.write("_base/email/body.txt", "{% block c %}{% endblock %}");
  t.write("s/e/email/subject.txt",
          "{%- extends base_template %}{% block t %}x{% endblock %}");
  t.write("s/e/email/body.txt",
          "{% extends base_template %}{% block c %}x{% endblock %}");
  t.write("s/e/sms/body.txt", "{% extends base_template %}");
  TemplateTree tree(t.root());

  std::vector<std::string> problems = tree.validate();

  EXPECT_EQ(problems.size(), 2u) << dump(problems);
  EXPECT_TRUE(has_line(problems, "s/e/email/subject.txt", "'subject.txt'"))
      << dump(problems);
  EXPECT_TRUE(has_line(problems, "s/e/sms/body.txt", "'body.txt'"))
      << dump(problems);
}

TEST(Validate, HiddenEventsAreNotChecked) {
  TempTree t;
  t.write("s/_draft/email/body.txt", "{% if %}");
  TemplateTree tree(t.root());

  EXPECT_TRUE(tree.validate().empty());
}

TEST(Validate, MissingBaseDirectoryIsAProblem) {
  TemplateTree tree("/nonexistent/tattler-templates");

  std::vector<std::string> problems = tree.validate();

  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            "Cannot access templates at path "
            "'/nonexistent/tattler-templates'.");
}

}  // namespace
}  // namespace tattler::templates
