// tree_listing_test.cpp - scopes, events and vectors of a template tree.
//
// Limits: symlinked scopes are not exercised.
#include <gtest/gtest.h>

#include "temp_tree.hpp"
#include "templates/template_tree.hpp"

namespace tattler::templates {
namespace {

using testing::TempTree;
using Names = std::vector<std::string>;

// sample_tree - two scopes with visible, hidden and vector-less events.
void sample_tree(const TempTree& t) {
  t.write("shop/order/email/subject.txt", "s");
  t.write("shop/order/email/body.txt", "b");
  t.write("shop/order/sms/body.txt", "b");
  t.write("shop/chat/telegram/body.txt", "b");
  t.write("shop/chat/whatsapp/body.txt", "b");
  t.write("shop/_hidden/email/body.txt", "b");
  t.write("shop/.secret/email/body.txt", "b");
  t.mkdir("shop/empty");
  t.mkdir("shop/other/fax");
  t.write("shop/notes.txt", "not an event");
  t.write("shop/_base/email/body.txt", "base");
  t.mkdir("accounts/signup/email");
  t.mkdir("_base/email");
  t.mkdir(".git/objects");
  t.mkdir("_private");
  t.write("README", "not a scope");
}

TEST(TemplateTreeListing, ScopesAreFoldersExceptBaseAndDotNames) {
  TempTree t;
  sample_tree(t);
  TemplateTree tree(t.root());

  EXPECT_EQ(tree.scopes(), (Names{"_private", "accounts", "shop"}));
}

TEST(TemplateTreeListing, MissingBaseHasNoScopes) {
  TemplateTree tree("/nonexistent/tattler/templates");

  EXPECT_TRUE(tree.scopes().empty());
  EXPECT_FALSE(tree.scope_exists("x"));
}

TEST(TemplateTreeListing, EventsAreVisibleFoldersWithAVectorFolder) {
  TempTree t;
  sample_tree(t);
  TemplateTree tree(t.root());

  Result<Names> events = tree.events("shop");

  ASSERT_TRUE(events.ok());
  EXPECT_EQ(*events, (Names{"chat", "order"}));
}

TEST(TemplateTreeListing, UnknownScopeIsAnError) {
  TempTree t;
  sample_tree(t);
  TemplateTree tree(t.root());

  for (std::string scope : {"nope", "_base", ".git", "..", ".", "", "a/b"}) {
    Result<Names> events = tree.events(scope);
    ASSERT_FALSE(events.ok()) << scope;
    EXPECT_EQ(events.error(), "Unknown scope '" + scope + "'");
  }
}

TEST(TemplateTreeListing, VectorsAreSortedByName) {
  TempTree t;
  sample_tree(t);
  TemplateTree tree(t.root());

  Result<std::vector<Vector>> order = tree.vectors("shop", "order");
  Result<std::vector<Vector>> chat = tree.vectors("shop", "chat");

  EXPECT_EQ(*order, (std::vector<Vector>{Vector::kEmail, Vector::kSms}));
  EXPECT_EQ(*chat, (std::vector<Vector>{Vector::kTelegram, Vector::kWhatsapp}));
}

TEST(TemplateTreeListing, HiddenAndUnknownEventsDoNotExist) {
  TempTree t;
  sample_tree(t);
  TemplateTree tree(t.root());

  EXPECT_TRUE(tree.event_exists("shop", "order"));
  EXPECT_TRUE(tree.event_exists("accounts", "signup"));
  EXPECT_FALSE(tree.event_exists("shop", "_hidden"));
  EXPECT_FALSE(tree.event_exists("shop", ".secret"));
  EXPECT_FALSE(tree.event_exists("shop", "empty"));
  EXPECT_FALSE(tree.event_exists("shop", "other"));
  EXPECT_FALSE(tree.event_exists("shop", ".."));
  EXPECT_FALSE(tree.event_exists("nope", "order"));
  Result<std::vector<Vector>> hidden = tree.vectors("shop", "_hidden");
  ASSERT_FALSE(hidden.ok());
  EXPECT_EQ(hidden.error(), "Event does not exist: '_hidden' in scope 'shop'");
}

TEST(TemplateTreeListing, NewFoldersAppearWithoutRestart) {
  TempTree t;
  sample_tree(t);
  TemplateTree tree(t.root());
  ASSERT_FALSE(tree.event_exists("shop", "refund"));

  t.write("shop/refund/sms/body.txt", "b");

  EXPECT_TRUE(tree.event_exists("shop", "refund"));
}

TEST(Vector, NamesAndParsing) {
  EXPECT_EQ(vector_name(Vector::kWhatsapp), "whatsapp");
  EXPECT_EQ(parse_vector("telegram"), Vector::kTelegram);
  EXPECT_FALSE(parse_vector("Email").has_value());
  EXPECT_FALSE(parse_vector("fax").has_value());
}

}  // namespace
}  // namespace tattler::templates
