// request_parts_test.cpp - specification of route and query parsing.
#include "api/request_parts.hpp"

#include <gtest/gtest.h>

namespace tattler::api {
namespace {

Route route(std::string_view path) {
  ParseError e;
  auto r = parse_route(path, &e);
  EXPECT_TRUE(r.ok()) << e.message;
  return r.ok() ? *r : Route{};
}

TEST(Route, TheFourRoutesMatchWhole) {
  EXPECT_EQ(route("/notification/").kind, Route::Kind::kScopes);
  EXPECT_EQ(route("/notification/s1/").kind, Route::Kind::kEvents);
  EXPECT_EQ(route("/notification/s1/ev/").kind, Route::Kind::kEvent);
  EXPECT_EQ(route("/notification/s1/ev").kind, Route::Kind::kEvent);
  EXPECT_EQ(route("/notification/s1/ev/vectors/").kind,
            Route::Kind::kVectors);
  EXPECT_EQ(route("/notification/s1/ev/vectors/").event, "ev");
}

TEST(Route, TrailingJunkIsNoRoute) {
  EXPECT_EQ(route("/notification/s1/ev/vectors/x").kind, Route::Kind::kNone);
  EXPECT_EQ(route("/notification/s1").kind, Route::Kind::kNone);
  EXPECT_EQ(route("/notification/s1/ev/x/").kind, Route::Kind::kNone);
  EXPECT_EQ(route("/NOTIFICATION/").kind, Route::Kind::kNone);
  EXPECT_EQ(route("/notification/;").kind, Route::Kind::kNone);
  EXPECT_EQ(route("/invalid_url/").kind, Route::Kind::kNone);
}

TEST(Route, SegmentsArePercentDecodedOnce) {
  Route r = route("/notification/s%31/e%76/");

  EXPECT_EQ(r.scope, "s1");
  EXPECT_EQ(r.kind, Route::Kind::kEvent);
  EXPECT_EQ(r.event, "ev");
  // "%2565" decodes once to "%65", which is no name.
  EXPECT_EQ(route("/notification/s1/%2565/").kind, Route::Kind::kNone);
}

TEST(Route, EncodedSlashIsA400) {
  ParseError e;

  auto r = parse_route("/notification/a%2Fb/", &e);

  EXPECT_FALSE(r.ok());
  EXPECT_EQ(e.status, 400);
  EXPECT_NE(e.message.find("%2F"), std::string::npos);
}

TEST(Route, EncodedControlCharacterIsA400) {
  ParseError e;

  EXPECT_FALSE(parse_route("/notification/a%0Ab/", &e).ok());
  EXPECT_EQ(e.status, 400);
  EXPECT_FALSE(parse_route("/notification/a%00/", &e).ok());
}

TEST(Route, MalformedEscapeIsA400) {
  ParseError e;

  EXPECT_FALSE(parse_route("/notification/a%zz/", &e).ok());
  EXPECT_EQ(e.status, 400);
}

TEST(Query, StrictParsingLikePython) {
  Query q;
  ParseError e;

  ASSERT_TRUE(parse_query("user=a%40b.org&mode=debug&mode=staging&x=", q, &e));

  EXPECT_EQ(q.at("user"), "a@b.org");
  EXPECT_EQ(q.at("mode"), "staging");  // last wins
  EXPECT_EQ(q.count("x"), 0u);         // blank dropped
}

TEST(Query, PlusIsASpace) {
  Query q;
  ParseError e;

  ASSERT_TRUE(parse_query("user=a+b%2Bc", q, &e));

  EXPECT_EQ(q.at("user"), "a b+c");
}

TEST(Query, FieldWithoutEqualsIsMalformed) {
  Query q;
  ParseError e;

  EXPECT_FALSE(parse_query("user", q, &e));
  EXPECT_EQ(e.status, 400);
  EXPECT_NE(e.message.find("Malformed query"), std::string::npos);
}

TEST(Query, EmptyFieldIsMalformed) {
  Query q;
  ParseError e;

  EXPECT_FALSE(parse_query("a=1&&b=2", q, &e));
  EXPECT_FALSE(parse_query("a=1&", q, &e));
}

TEST(Query, ControlCharactersAreRefused) {
  Query q;
  ParseError e;

  EXPECT_FALSE(parse_query("user=a%0D%0Ab", q, &e));
  EXPECT_NE(e.message.find("control character"), std::string::npos);
  EXPECT_FALSE(parse_query("user=a%00", q, &e));
}

TEST(Query, TooManyFieldsAreRefused) {
  std::string text;
  for (int i = 0; i < 10000; ++i) text += "a=1&";
  text += "a=1";
  Query q;
  ParseError e;

  EXPECT_FALSE(parse_query(text, q, &e));
  EXPECT_EQ(e.status, 400);
}

TEST(Query, InvalidUtf8IsRefused) {
  Query q;
  ParseError e;

  EXPECT_FALSE(parse_query("user=%FF", q, &e));
  EXPECT_TRUE(parse_query("user=%C3%BC", q, &e));
}

}  // namespace
}  // namespace tattler::api
