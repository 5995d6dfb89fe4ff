// base_and_language_test.cpp - `_base` templates and language folders.
//
// Limits: symlinked _base folders are not exercised.
#include <gtest/gtest.h>

#include "temp_tree.hpp"
#include "templates/template_tree.hpp"

namespace tattler::templates {
namespace {

using testing::TempTree;

// child - an e-mail event whose parts extend base_template.
void child(const TempTree& t, const std::string& event) {
  t.write("s/" + event + "/email/subject.txt",
          "{% extends base_template %}{% block t %}child{% endblock %}");
  t.write("s/" + event + "/email/body.txt",
          "{% extends base_template %}{% block c %}new text{% endblock %}");
}

TEST(BaseTemplates, ChildExtendsTheGlobalBase) {
  TempTree t;
  t.write("_base/email/subject.txt", "[global] {% block t %}{% endblock %}");
  t.write("_base/email/body.txt", "Text base {% block c %}{% endblock %}");
  child(t, "e");
  TemplateTree tree(t.root());

  auto email = tree.render("s", "e", Vector::kEmail, {}, std::nullopt);

  ASSERT_TRUE(email.ok()) << email.error();
  EXPECT_EQ(email->subject, "[global] child");
  EXPECT_EQ(email->body_text, "Text base new text");
}

TEST(BaseTemplates, ScopeBaseWinsOverGlobalBase) {
  TempTree t;
  t.write("_base/email/subject.txt", "[global] {% block t %}{% endblock %}");
  t.write("_base/email/body.txt", "global {% block c %}{% endblock %}");
  t.write("s/_base/email/subject.txt", "[scope] {% block t %}{% endblock %}");
  t.write("s/_base/email/body.txt", "scope {% block c %}{% endblock %}");
  child(t, "e");
  TemplateTree tree(t.root());

  auto email = tree.render("s", "e", Vector::kEmail, {}, std::nullopt);

  ASSERT_TRUE(email.ok()) << email.error();
  EXPECT_EQ(email->subject, "[scope] child");
  EXPECT_EQ(email->body_text, "scope new text");
}

TEST(BaseTemplates, ContextBaseTemplateIsNotReplaced) {
  TempTree t;
  t.write("_base/email/body.txt", "base {% block c %}{% endblock %}");
  t.write("s/e/email/subject.txt", "s");
  t.write("s/e/email/body.txt", "{{ base_template }}");
  TemplateTree tree(t.root());
  jinja::Dict d;
  d.set("base_template", jinja::Value("client value"));

  auto email = tree.render("s", "e", Vector::kEmail, d, std::nullopt);

  EXPECT_EQ(email->body_text, "client value");
}

TEST(BaseTemplates, SmsMayExtendABaseToo) {
  TempTree t;
  t.write("_base/sms/body.txt", "[{% block c %}{% endblock %}] -- Shop");
  t.write("s/e/sms/body.txt",
          "{% extends base_template %}{% block c %}Hi{% endblock %}");
  TemplateTree tree(t.root());

  auto sms = tree.render("s", "e", Vector::kSms, {}, std::nullopt);

  ASSERT_TRUE(sms.ok()) << sms.error();
  EXPECT_EQ(sms->body_text, "[Hi] -- Shop");
}

TEST(BaseTemplates, BaseWithoutThatPartGivesNoBaseTemplate) {
  TempTree t;
  t.write("_base/email/body.txt", "base {% block c %}{% endblock %}");
  t.write("s/e/email/subject.txt", "plain {{ base_template is defined }}");
  t.write("s/e/email/body.txt",
          "{% extends base_template %}{% block c %}x{% endblock %}");
  TemplateTree tree(t.root());

  auto email = tree.render("s", "e", Vector::kEmail, {}, std::nullopt);

  ASSERT_TRUE(email.ok()) << email.error();
  EXPECT_EQ(email->subject, "plain False");
  EXPECT_EQ(email->body_text, "base x");
}

TEST(BaseTemplates, PriorityNeverComesFromTheBase) {
  TempTree t;
  t.write("_base/email/priority.txt", "5");
  t.write("s/e/email/subject.txt", "s");
  t.write("s/e/email/body.txt", "b");
  TemplateTree tree(t.root());

  auto email = tree.render("s", "e", Vector::kEmail, {}, std::nullopt);

  EXPECT_FALSE(email->priority.has_value());
}

TEST(BaseTemplates, BaseTemplatesMayUseHumanize) {
  TempTree t;
  t.write("_base/sms/body.txt", "{{ 1234567 | humanize('intcomma') }}");
  t.write("s/e/sms/body.txt", "{% extends base_template %}");
  TemplateTree tree(t.root());

  auto sms = tree.render("s", "e", Vector::kSms, {}, std::nullopt);

  ASSERT_TRUE(sms.ok()) << sms.error();
  EXPECT_EQ(sms->body_text, "1,234,567");
}

// multilingual - an event with German and default e-mail templates.
void multilingual(const TempTree& t) {
  t.write("s/e/email/subject.txt", "Hello");
  t.write("s/e/email/body.txt", "Hello {{ name }}");
  t.write("s/e/email/priority.txt", "2");
  t.write("s/e/email/de/subject.txt", "Hallo");
  t.write("s/e/email/de/body.txt", "Hallo {{ name }}");
  t.write("s/e/sms/body.txt", "Hi");
  t.write("s/e/sms/it/body.txt", "Ciao");
}

TEST(LanguageFolders, RecipientLanguagePicksItsFolder) {
  TempTree t;
  multilingual(t);
  TemplateTree tree(t.root());
  jinja::Dict d;
  d.set("name", jinja::Value("Ann"));

  auto email = tree.render("s", "e", Vector::kEmail, d, std::string("de"));

  ASSERT_TRUE(email.ok()) << email.error();
  EXPECT_EQ(email->subject, "Hallo");
  EXPECT_EQ(email->body_text, "Hallo Ann");
  EXPECT_EQ(email->language, "de");
}

TEST(LanguageFolders, PriorityFallsBackToTheVectorFolder) {
  TempTree t;
  multilingual(t);
  TemplateTree tree(t.root());

  auto email = tree.render("s", "e", Vector::kEmail, {}, std::string("de"));

  EXPECT_EQ(email->priority, "2");
}

TEST(LanguageFolders, RegionFallsBackToPrimaryLanguage) {
  TempTree t;
  multilingual(t);
  TemplateTree tree(t.root());

  auto email = tree.render("s", "e", Vector::kEmail, {}, std::string("de-CH"));
  auto upper = tree.render("s", "e", Vector::kEmail, {}, std::string("DE"));
  auto sms = tree.render("s", "e", Vector::kSms, {}, std::string("it_IT"));

  EXPECT_EQ(email->subject, "Hallo");
  EXPECT_EQ(upper->subject, "Hallo");
  EXPECT_EQ(sms->body_text, "Ciao");
}

TEST(LanguageFolders, MissingLanguageFallsBackToDefaultFiles) {
  TempTree t;
  multilingual(t);
  TemplateTree tree(t.root());

  auto fr = tree.render("s", "e", Vector::kEmail, {}, std::string("fr"));
  auto none = tree.render("s", "e", Vector::kEmail, {}, std::nullopt);
  auto bad = tree.render("s", "e", Vector::kEmail, {}, std::string("../de"));

  EXPECT_EQ(fr->subject, "Hello");
  EXPECT_EQ(fr->language, "");
  EXPECT_EQ(none->subject, "Hello");
  EXPECT_EQ(bad->subject, "Hello");
}

TEST(LanguageFolders, BaseTemplatesHaveLanguageFoldersToo) {
  TempTree t;
  t.write("_base/sms/body.txt", "EN {% block c %}{% endblock %}");
  t.write("_base/sms/de/body.txt", "DE {% block c %}{% endblock %}");
  t.write("s/e/sms/body.txt",
          "{% extends base_template %}{% block c %}x{% endblock %}");
  TemplateTree tree(t.root());

  auto de = tree.render("s", "e", Vector::kSms, {}, std::string("de"));
  auto en = tree.render("s", "e", Vector::kSms, {}, std::nullopt);

  EXPECT_EQ(de->body_text, "DE x");
  EXPECT_EQ(en->body_text, "EN x");
}

}  // namespace
}  // namespace tattler::templates
