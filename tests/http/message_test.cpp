// message_test.cpp - specification of the plain request/response helpers.
#include "http/message.hpp"

#include <gtest/gtest.h>

namespace tattler::http {
namespace {

TEST(EscapeReason, PrintableAsciiIsKept) {
  EXPECT_EQ(escape_reason("Unknown scope 'x'"), "Unknown scope 'x'");
}

TEST(EscapeReason, NonAsciiBecomesUnicodeEscapes) {
  EXPECT_EQ(escape_reason("\xd0\x96 \xc3\xa4 \xf0\x9f\x99\x82"),
            "\\u0416 \\u00e4 \\U0001f642");
}

TEST(EscapeReason, ControlCharactersAndBrokenUtf8AreEscaped) {
  EXPECT_EQ(escape_reason("a\r\nb\xff"), "a\\u000d\\u000ab\\xff");
}

TEST(Request, HeaderLookupIgnoresCase) {
  Request r;
  r.headers = {{"Content-Type", "application/json"}};

  ASSERT_NE(r.header("content-type"), nullptr);
  EXPECT_EQ(*r.header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(r.header("Accept"), nullptr);
}

TEST(StandardReason, KnownCodes) {
  EXPECT_EQ(standard_reason(404), "Not Found");
  EXPECT_EQ(standard_reason(431), "Request Header Fields Too Large");
}

}  // namespace
}  // namespace tattler::http
