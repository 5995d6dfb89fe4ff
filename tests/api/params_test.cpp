// params_test.cpp - specification of the notification parameters.
#include "api/params.hpp"

#include <gtest/gtest.h>

#include "api/pyjson.hpp"

namespace tattler::api {
namespace {

ParseError fails(const Query& q, const std::string& master = "production") {
  NotifyParams p;
  ParseError e;
  EXPECT_FALSE(check_params(q, master, p, &e));
  return e;
}

TEST(Params, MissingUserQuotesTheCorrelationId) {
  ParseError e = fails({{"correlationId", "c-1"}});

  EXPECT_EQ(e.status, 400);
  EXPECT_EQ(e.message, "Required parameter 'user' is missing (corrId=c-1).");
}

TEST(Params, GeneratedCorrelationIdIsTattlerUuid) {
  NotifyParams p;
  ParseError e;

  ASSERT_TRUE(check_params({{"user", "u"}}, "debug", p, &e));

  EXPECT_EQ(p.correlation_id.rfind("tattler:", 0), 0u);
  EXPECT_EQ(p.correlation_id.size(), 8u + 36u);
}

TEST(Params, UnknownVectorsAreListedAsAPythonSet) {
  EXPECT_EQ(fails({{"user", "u"}, {"vector", "email,fax"}}).message,
            "Invalid vectors provided '{'fax'}'");
  EXPECT_EQ(fails({{"user", "u"}, {"vector", "email,"}}).message,
            "Invalid vectors provided '{''}'");
}

TEST(Params, VectorsAreTrimmedAndLowerCased) {
  NotifyParams p;
  ParseError e;

  ASSERT_TRUE(check_params({{"user", "u"}, {"vector", " SMS , email"}},
                           "debug", p, &e));

  EXPECT_EQ(p.vectors, (std::vector<std::string>{"email", "sms"}));
}

TEST(Params, BadModeIsRejectedWithTattlersMessage) {
  EXPECT_EQ(fails({{"user", "u"}, {"mode", "bad_mode_name"}}).message,
            "Invalid operating mode 'bad_mode_name'. Valid modes are "
            "['debug', 'staging', 'production']");
}

TEST(Params, ModeIsCappedByMaster) {
  EXPECT_EQ(effective_mode("production", "debug"), "debug");
  EXPECT_EQ(effective_mode("debug", "production"), "debug");
  EXPECT_EQ(effective_mode("", "staging"), "staging");
  EXPECT_EQ(effective_mode("Production", "production"), "");
}

TEST(Params, PriorityTrueOrOneToFive) {
  NotifyParams p;
  ParseError e;

  ASSERT_TRUE(check_params({{"user", "u"}, {"priority", "True"}}, "debug", p,
                           &e));
  EXPECT_EQ(p.priority, "1");
  ASSERT_TRUE(check_params({{"user", "u"}, {"priority", "4"}}, "debug", p,
                           &e));
  EXPECT_EQ(p.priority, "4");
  EXPECT_NE(fails({{"user", "u"}, {"priority", "9"}}).message.find(
                "Invalid priority '9'"),
            std::string::npos);
}

TEST(PyRepr, StringsAndSetsLikePython) {
  EXPECT_EQ(py_str_repr("a"), "'a'");
  EXPECT_EQ(py_str_repr("it's"), "\"it's\"");
  EXPECT_EQ(py_set_repr({"sms", "email"}), "{'email', 'sms'}");
  EXPECT_EQ(json_string_list({"a", "\xc3\xa4"}), "[\"a\", \"\\u00e4\"]");
}

}  // namespace
}  // namespace tattler::api
