// definitions_test.cpp - specification of the request body rules.
#include "api/definitions.hpp"

#include <gtest/gtest.h>

namespace tattler::api {
namespace {

http::Request post(std::string body, std::string type = "application/json") {
  http::Request r;
  r.method = "POST";
  r.body = std::move(body);
  r.body_limit = 12582912;
  if (!type.empty()) r.headers.emplace_back("Content-Type", type);
  return r;
}

std::string error_of(const http::Request& r) {
  Definitions d;
  std::string error;
  EXPECT_FALSE(read_definitions(r, d, error));
  return error;
}

TEST(Definitions, NoBodyIsAnEmptyContextWhateverTheType) {
  Definitions d;
  std::string error;

  EXPECT_TRUE(read_definitions(post("", "text/plain"), d, error));
  EXPECT_TRUE(d.context.empty());
}

TEST(Definitions, OversizeBodyIsRefusedWithTattlersMessage) {
  http::Request r = post("");
  r.body_exceeds_limit = true;

  EXPECT_EQ(error_of(r), "Unable to get definitions: Request body exceeds "
                         "12582912 bytes");
}

TEST(Definitions, WrongContentTypeIsRefused) {
  EXPECT_EQ(error_of(post("{}", "application/x-www-form-urlencoded")),
            "Unable to get definitions: Invalid content type "
            "application/x-www-form-urlencoded");
  EXPECT_EQ(error_of(post("{}", "")),
            "Unable to get definitions: Invalid content type text/plain");
}

TEST(Definitions, ContentTypeParametersAndCaseAreIgnored) {
  Definitions d;
  std::string error;

  EXPECT_TRUE(read_definitions(
      post("{\"a\": 1}", "APPLICATION/JSON; charset=utf-8"), d, error));
  ASSERT_NE(d.context.find("a"), nullptr);
}

TEST(Definitions, BrokenOrNonObjectJsonIsRefused) {
  const std::string want =
      "Unable to get definitions: Invalid definitions in body. Want JSON "
      "dictionary.";
  EXPECT_EQ(error_of(post("{")), want);
  EXPECT_EQ(error_of(post("[1, 2]")), want);
  EXPECT_EQ(error_of(post("42")), want);
  EXPECT_EQ(error_of(post("\"str\"")), want);
  EXPECT_EQ(error_of(post("{\"a\": \"\xff\"}")), want);
}

TEST(Definitions, DeepNestingIsRefused) {
  std::string deep(100000, '[');

  EXPECT_NE(error_of(post(deep)).find("nested deeper"), std::string::npos);
}

TEST(Definitions, TypedStringsAreDecoded) {
  Definitions d;
  std::string error;

  ASSERT_TRUE(read_definitions(
      post("{\"t\": \"^tattler^time^11\", \"_attachments\": {}}"), d, error))
      << error;

  ASSERT_NE(d.context.find("t"), nullptr);
  EXPECT_TRUE(d.context.find("t")->is_time());
  EXPECT_TRUE(d.attachments.is_object());
}

TEST(Definitions, MalformedTypedStringIsRefused) {
  EXPECT_NE(error_of(post("{\"d\": \"^tattler^timedelta^xx\"}"))
                .find("Unable to get definitions: "),
            std::string::npos);
}

}  // namespace
}  // namespace tattler::api
