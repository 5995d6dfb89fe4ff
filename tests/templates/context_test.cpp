// context_test.cpp - the variables templates see, and sample contexts.
//
// Limits: context plug-ins are tested where they live.
#include "templates/context.hpp"

#include <gtest/gtest.h>

#include "temp_tree.hpp"
#include "templates/jinja/datetime.hpp"
#include "templates/sample_context.hpp"
#include "templates/template_tree.hpp"

namespace tattler::templates {
namespace {

// core - a typical request for user john.doe@x.com.
CoreInfo core() {
  CoreInfo c;
  c.user_id = "42";
  c.contacts.email = "John.Doe@x.com";
  c.contacts.sms = "+41791112233";
  c.correlation_id = "tattler:0123-4567-89ab-cdef01234567";
  c.mode = "staging";
  c.vector = Vector::kSms;
  c.scope = "shop";
  c.event = "order";
  return c;
}

// str - a context value printed as templates print it.
std::string str(const jinja::Dict& d, std::string_view key) {
  const jinja::Value* v = d.find(key);
  return v ? v->str() : "<absent>";
}

TEST(BuildContext, CoreVariablesInTattlersOrder) {
  jinja::Dict d = build_context(core(), {});

  std::vector<std::string> keys;
  for (const auto& [key, value] : d) keys.push_back(key);
  EXPECT_EQ(keys,
            (std::vector<std::string>{
                "user_id", "user_email", "user_sms", "user_firstname",
                "user_account_type", "user_language", "correlation_id",
                "notification_id", "notification_mode", "notification_vector",
                "notification_scope", "event_name"}));
}

TEST(BuildContext, ServerValuesAreNotConverted) {
  jinja::Dict d = build_context(core(), {});

  EXPECT_TRUE(d.find("user_id")->is_string());
  EXPECT_EQ(str(d, "user_sms"), "+41791112233");
  EXPECT_EQ(str(d, "user_email"), "John.Doe@x.com");
  EXPECT_EQ(str(d, "user_firstname"), "John");
  EXPECT_EQ(str(d, "notification_id"), "cdef01234567");
  EXPECT_EQ(str(d, "notification_mode"), "staging");
  EXPECT_EQ(str(d, "notification_vector"), "sms");
  EXPECT_EQ(str(d, "notification_scope"), "shop");
  EXPECT_EQ(str(d, "event_name"), "order");
}

TEST(BuildContext, AccountTypeUnknownOnlyWhenAbsent) {
  CoreInfo absent = core();
  CoreInfo none = core();
  none.contacts.account_type = std::optional<std::string>();
  CoreInfo gold = core();
  gold.contacts.account_type = std::optional<std::string>("gold");

  EXPECT_EQ(str(build_context(absent, {}), "user_account_type"), "unknown");
  EXPECT_EQ(str(build_context(none, {}), "user_account_type"), "None");
  EXPECT_EQ(str(build_context(gold, {}), "user_account_type"), "gold");
  EXPECT_EQ(str(build_context(absent, {}), "user_language"), "None");
}

TEST(BuildContext, ClientDefinitionsOverrideAndAreConverted) {
  jinja::Dict defs;
  defs.set("user_firstname", jinja::Value("Zed"));
  defs.set("count", jinja::Value("007"));
  defs.set("ratio", jinja::Value("1.5"));
  defs.set("spaced", jinja::Value(" 42 "));
  defs.set("when", jinja::Value("2021-09-29T17:03:36Z"));
  defs.set("day", jinja::Value("2024-01-02"));
  defs.set("word", jinja::Value("0b1"));
  jinja::List nested = {jinja::Value("5")};
  defs.set("nested", jinja::Value(nested));

  jinja::Dict d = build_context(core(), defs);

  EXPECT_EQ(str(d, "user_firstname"), "Zed");
  EXPECT_TRUE(d.find("count")->is_int());
  EXPECT_EQ(str(d, "count"), "7");
  EXPECT_EQ(str(d, "ratio"), "1.5");
  EXPECT_EQ(str(d, "spaced"), "42");
  EXPECT_EQ(str(d, "when"), "2021-09-29 17:03:36");
  EXPECT_EQ(str(d, "day"), "2024-01-02 00:00:00");
  EXPECT_EQ(str(d, "word"), "0b1");
  EXPECT_EQ(str(d, "nested"), "['5']");
}

TEST(NotificationId, LastTwelveCharactersAfterLastColon) {
  EXPECT_EQ(notification_id("tattler:7f0c3a8e-1c2d-4d6a-9b1e-6a9f0f2b7c11"),
            "6a9f0f2b7c11");
  EXPECT_EQ(notification_id("a:b:short"), "short");
  EXPECT_EQ(notification_id("nocolonbutverylongid"), "utverylongid");
  EXPECT_EQ(notification_id("x:"), "");
}

TEST(SampleContext, CommentsOutsideStringsAreStripped) {
  EXPECT_EQ(strip_json_comments("{\"u\": \"http://x\"} // c\n"),
            "{\"u\": \"http://x\"} \n");
  EXPECT_EQ(strip_json_comments("{\"q\": \"a\\\"//b\"}"),
            "{\"q\": \"a\\\"//b\"}");
}

TEST(SampleContext, TypedStringsAreDecoded) {
  Result<jinja::Dict> d = parse_sample_context(
      "{\"when\": \"^tattler^datetime^2024-01-02T03:04:05\", // x\n"
      " \"n\": 3}");

  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_TRUE(d->find("when")->is_datetime());
  EXPECT_EQ(str(*d, "n"), "3");
}

TEST(SampleContext, NonObjectsAndBadJsonAreErrors) {
  EXPECT_FALSE(parse_sample_context("[1, 2]").ok());
  EXPECT_FALSE(parse_sample_context("{\"a\": ").ok());
  EXPECT_FALSE(parse_sample_context("null").ok());
  EXPECT_TRUE(parse_sample_context("  // only a comment\n").ok());
}

TEST(SampleContext, TreeReadsTheEventsContextJson) {
  testing::TempTree t;
  t.write("s/e/sms/body.txt", "b");
  t.write("s/e/context.json", "{\"order\": {\"number\": \"7\"}}");
  t.write("s/f/sms/body.txt", "b");
  TemplateTree tree(t.root());

  Result<jinja::Dict> e = tree.sample_context("s", "e");
  Result<jinja::Dict> f = tree.sample_context("s", "f");

  ASSERT_TRUE(e.ok()) << e.error();
  EXPECT_EQ(str(*e, "order"), "{'number': '7'}");
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->empty());
  EXPECT_FALSE(tree.sample_context("s", "..").ok());
}

}  // namespace
}  // namespace tattler::templates
