// render_test.cpp - rendering events of a template tree.
//
// Limits: the MJML case is skipped when node or mjml is missing.
#include <gtest/gtest.h>

#include "temp_tree.hpp"
#include "templates/mjml.hpp"
#include "templates/template_tree.hpp"

namespace tattler::templates {
namespace {

using testing::TempTree;

// ctx - a context with a name and a greeting.
jinja::Dict ctx() {
  jinja::Dict d;
  d.set("name", jinja::Value("Ann"));
  d.set("n", jinja::Value(int64_t{3}));
  return d;
}

// email_event - a plain e-mail event under s/e.
void email_event(const TempTree& t) {
  t.write("s/e/email/subject.txt", "  Hello {{ name }}  \n");
  t.write("s/e/email/body.txt", "Dear {{ name }},\n{{ n * 2 }}\n\n");
  t.write("s/e/email/body.html", "<p>{{ name }} & <b>{{ n }}</b></p>\n");
}

TEST(TemplateTreeRender, EmailPartsAreRenderedAndSubjectStripped) {
  TempTree t;
  email_event(t);
  TemplateTree tree(t.root());

  Result<RenderedParts> parts =
      tree.render("s", "e", Vector::kEmail, ctx(), std::nullopt);

  ASSERT_TRUE(parts.ok()) << parts.error();
  EXPECT_EQ(parts->subject, "Hello Ann");
  EXPECT_EQ(parts->body_text, "Dear Ann,\n6\n");
  EXPECT_EQ(parts->body_html, "<p>Ann & <b>3</b></p>");
  EXPECT_FALSE(parts->priority.has_value());
  EXPECT_EQ(parts->language, "");
}

TEST(TemplateTreeRender, ShortMessageBodiesAreStripped) {
  TempTree t;
  t.write("s/e/sms/body.txt", "\n  Hi {{ name }}!  \n\n");
  t.write("s/e/telegram/body.txt", " <b>{{ name }}</b> \n");
  t.write("s/e/whatsapp/body.txt", " {{ name }} \n");
  TemplateTree tree(t.root());

  auto sms = tree.render("s", "e", Vector::kSms, ctx(), std::nullopt);
  auto tg = tree.render("s", "e", Vector::kTelegram, ctx(), std::nullopt);
  auto wa = tree.render("s", "e", Vector::kWhatsapp, ctx(), std::nullopt);

  EXPECT_EQ(sms->body_text, "Hi Ann!");
  EXPECT_FALSE(sms->subject.has_value());
  EXPECT_FALSE(sms->body_html.has_value());
  EXPECT_EQ(tg->body_text, "<b>Ann</b>");
  EXPECT_EQ(wa->body_text, "Ann");
}

TEST(TemplateTreeRender, UnicodeSpacesAreStrippedAsPythonDoes) {
  TempTree t;
  t.write("s/e/sms/body.txt", "\u00a0\u3000 Hi\u00a0there \u2009\n");
  TemplateTree tree(t.root());

  auto sms = tree.render("s", "e", Vector::kSms, ctx(), std::nullopt);

  EXPECT_EQ(sms->body_text, "Hi\u00a0there");
}

TEST(TemplateTreeRender, OldFileNamesStillWork) {
  TempTree t;
  t.write("s/e/email/subject", "old subject");
  t.write("s/e/email/body_plain", "old plain");
  t.write("s/e/email/body_html", "old html");
  t.write("s/e/email/priority", "2");
  t.write("s/e/sms/body", "old sms");
  TemplateTree tree(t.root());

  auto email = tree.render("s", "e", Vector::kEmail, ctx(), std::nullopt);
  auto sms = tree.render("s", "e", Vector::kSms, ctx(), std::nullopt);

  ASSERT_TRUE(email.ok()) << email.error();
  EXPECT_EQ(email->subject, "old subject");
  EXPECT_EQ(email->body_text, "old plain");
  EXPECT_EQ(email->body_html, "old html");
  EXPECT_EQ(email->priority, "2");
  EXPECT_EQ(sms->body_text, "old sms");
}

TEST(TemplateTreeRender, NewFileNamesWinOverOldOnes) {
  TempTree t;
  t.write("s/e/email/subject", "old");
  t.write("s/e/email/subject.txt", "new");
  t.write("s/e/email/body_plain", "old");
  t.write("s/e/email/body.txt", "new");
  TemplateTree tree(t.root());

  auto email = tree.render("s", "e", Vector::kEmail, ctx(), std::nullopt);

  EXPECT_EQ(email->subject, "new");
  EXPECT_EQ(email->body_text, "new");
}

TEST(TemplateTreeRender, BodyIsNotAnEmailAlias) {
  TempTree t;
  t.write("s/e/email/subject.txt", "s");
  t.write("s/e/email/body", "sms-style name");
  TemplateTree tree(t.root());

  auto email = tree.render("s", "e", Vector::kEmail, ctx(), std::nullopt);

  ASSERT_FALSE(email.ok());
  EXPECT_NE(email.error().find("body.txt"), std::string::npos);
}

TEST(TemplateTreeRender, PriorityIsRawAndStripped) {
  TempTree t;
  email_event(t);
  t.write("s/e/email/priority.txt", " 1 \n");
  TemplateTree tree(t.root());

  auto email = tree.render("s", "e", Vector::kEmail, ctx(), std::nullopt);

  EXPECT_EQ(email->priority, "1");
}

TEST(TemplateTreeRender, HtmlWithoutBodyTxtLeavesTextToAutoText) {
  TempTree t;
  t.write("s/e/email/subject.txt", "s");
  t.write("s/e/email/body.html", "<p>{{ name }}</p>");
  TemplateTree tree(t.root());

  auto email = tree.render("s", "e", Vector::kEmail, ctx(), std::nullopt);

  ASSERT_TRUE(email.ok()) << email.error();
  EXPECT_FALSE(email->body_text.has_value());
  EXPECT_EQ(email->body_html, "<p>Ann</p>");
}

TEST(TemplateTreeRender, MissingSubjectIsAnErrorNamingTheFile) {
  TempTree t;
  t.write("s/e/email/body.txt", "b");
  TemplateTree tree(t.root());

  auto email = tree.render("s", "e", Vector::kEmail, ctx(), std::nullopt);

  ASSERT_FALSE(email.ok());
  EXPECT_NE(email.error().find("No such file or directory"), std::string::npos);
  EXPECT_NE(email.error().find("subject.txt"), std::string::npos);
}

TEST(TemplateTreeRender, UnknownHiddenOrVectorlessRequestsAreErrors) {
  TempTree t;
  email_event(t);
  t.write("s/_h/email/subject.txt", "s");
  TemplateTree tree(t.root());

  EXPECT_FALSE(tree.render("s", "x", Vector::kEmail, ctx(), std::nullopt).ok());
  EXPECT_FALSE(
      tree.render("s", "_h", Vector::kEmail, ctx(), std::nullopt).ok());
  EXPECT_FALSE(tree.render("x", "e", Vector::kEmail, ctx(), std::nullopt).ok());
  EXPECT_FALSE(tree.render("s", "e", Vector::kSms, ctx(), std::nullopt).ok());
}

TEST(TemplateTreeRender, TemplateErrorsNameTheFile) {
  TempTree t;
  t.write("s/e/sms/body.txt", "{{ missing.attr }}");
  t.write("s/f/sms/body.txt", "{% if %}");
  TemplateTree tree(t.root());

  auto runtime = tree.render("s", "e", Vector::kSms, ctx(), std::nullopt);
  auto syntax = tree.render("s", "f", Vector::kSms, ctx(), std::nullopt);

  ASSERT_FALSE(runtime.ok());
  EXPECT_NE(runtime.error().find("s/e/sms/body.txt"), std::string::npos);
  ASSERT_FALSE(syntax.ok());
  EXPECT_NE(syntax.error().find("s/f/sms/body.txt"), std::string::npos);
}

TEST(TemplateTreeRender, ChangedFilesAreReadAgain) {
  TempTree t;
  t.write("s/e/sms/body.txt", "first {{ name }}");
  TemplateTree tree(t.root());
  ASSERT_EQ(tree.render("s", "e", Vector::kSms, ctx(), std::nullopt)->body_text,
            "first Ann");

  t.rewrite("s/e/sms/body.txt", "second {{ name }}");

  EXPECT_EQ(tree.render("s", "e", Vector::kSms, ctx(), std::nullopt)->body_text,
            "second Ann");
}

TEST(TemplateTreeRender, AutoescapeIsOff) {
  TempTree t;
  t.write("s/e/email/subject.txt", "s");
  t.write("s/e/email/body.html", "{{ html }}");
  TemplateTree tree(t.root());
  jinja::Dict d;
  d.set("html", jinja::Value("<i>x</i>"));

  auto email = tree.render("s", "e", Vector::kEmail, d, std::nullopt);

  EXPECT_EQ(email->body_html, "<i>x</i>");
}

TEST(TemplateTreeRender, MjmlIsCompiledBeforeJinja) {
  if (!compile_mjml("<mjml><mj-body></mj-body></mjml>").ok()) {
    GTEST_SKIP() << "node or the mjml package is not installed";
  }
  TempTree t;
  t.write("s/e/email/subject.txt", "s");
  t.write("s/e/email/body.mjml",
          "<mjml><mj-body><mj-section><mj-column><mj-text>Hi {{ name }}"
          "</mj-text></mj-column></mj-section></mj-body></mjml>");
  TemplateTree tree(t.root());

  auto email = tree.render("s", "e", Vector::kEmail, ctx(), std::nullopt);

  ASSERT_TRUE(email.ok()) << email.error();
  EXPECT_NE(email->body_html->find("Hi Ann"), std::string::npos);
  EXPECT_NE(email->body_html->find("<html"), std::string::npos);
}

}  // namespace
}  // namespace tattler::templates
