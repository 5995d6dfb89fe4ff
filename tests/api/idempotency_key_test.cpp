// idempotency_key_test.cpp - checking Idempotency-Key values and
// fingerprinting requests.
#include "api/idempotency_key.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tattler::api {
namespace {

http::Request WithHeaders(http::HeaderList headers) {
  http::Request r;
  r.method = "POST";
  r.headers = std::move(headers);
  return r;
}

TEST(IdempotencyKey, BareValueIsTheKey) {
  auto key = parse_idempotency_key("8e03978e-40d5-43e8-bc93-6894a57f9324");

  ASSERT_TRUE(key.ok());
  EXPECT_EQ(*key, "8e03978e-40d5-43e8-bc93-6894a57f9324");
}

TEST(IdempotencyKey, QuotedStringSpellsTheSameKey) {
  auto quoted = parse_idempotency_key("\"abc \\\"x\\\\\"");
  auto bare = parse_idempotency_key("abc");
  auto same = parse_idempotency_key("\"abc\"");

  ASSERT_TRUE(quoted.ok() && bare.ok() && same.ok());
  EXPECT_EQ(*quoted, "abc \"x\\");
  EXPECT_EQ(*same, *bare);
}

TEST(IdempotencyKey, SurroundingWhiteSpaceIsNotPartOfTheKey) {
  EXPECT_EQ(*parse_idempotency_key("  k-1\t"), "k-1");
}

TEST(IdempotencyKey, EmptyKeyIsRefusedSayingSo) {
  auto blank = parse_idempotency_key("   ");
  auto empty_quoted = parse_idempotency_key("\"\"");

  ASSERT_FALSE(blank.ok());
  EXPECT_EQ(blank.error(), "Idempotency-Key is empty");
  EXPECT_FALSE(empty_quoted.ok());
}

TEST(IdempotencyKey, KeyLongerThan255IsRefusedSayingSo) {
  auto at_limit = parse_idempotency_key(std::string(255, 'k'));
  auto over = parse_idempotency_key(std::string(256, 'k'));

  EXPECT_TRUE(at_limit.ok());
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error(), "Idempotency-Key is longer than 255 characters");
}

TEST(IdempotencyKey, ControlCharactersAreRefusedSayingSo) {
  auto tab = parse_idempotency_key("a\tb");
  auto del = parse_idempotency_key(
      "a\x7f"
      "b");

  ASSERT_FALSE(tab.ok());
  EXPECT_EQ(tab.error(), "Idempotency-Key contains control characters");
  EXPECT_FALSE(del.ok());
}

TEST(IdempotencyKey, NonAsciiAndBrokenQuotesAreRefused) {
  EXPECT_FALSE(parse_idempotency_key("cl\xc3\xa9").ok());
  EXPECT_FALSE(parse_idempotency_key("\"open").ok());
  EXPECT_FALSE(parse_idempotency_key("\"a\\nb\"").ok());
}

TEST(IdempotencyKey, RequestWithoutHeaderHasNoKey) {
  auto key = read_idempotency_key(WithHeaders({{"Prefer", "x"}}));

  ASSERT_TRUE(key.ok());
  EXPECT_FALSE(key->has_value());
}

TEST(IdempotencyKey, HeaderNameIgnoresCase) {
  auto key = read_idempotency_key(WithHeaders({{"idempotency-key", "k"}}));

  ASSERT_TRUE(key.ok() && key->has_value());
  EXPECT_EQ(**key, "k");
}

TEST(IdempotencyKey, TwoHeadersAreRefused) {
  auto key = read_idempotency_key(
      WithHeaders({{"Idempotency-Key", "a"}, {"Idempotency-Key", "b"}}));

  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error(), "more than one Idempotency-Key header");
}

TEST(Fingerprint, SameRequestSameFingerprint) {
  Query query{{"user", "u@x.org"}, {"mode", "production"}};

  auto a = request_fingerprint("POST", "app", "hello", query, "{\"n\": 1}");
  auto b = request_fingerprint("POST", "app", "hello", query, "{\"n\": 1}");

  EXPECT_EQ(a, b);
  EXPECT_EQ(a.size(), 64u);  // SHA-256 in hex
}

TEST(Fingerprint, EveryPartOfTheRequestCounts) {
  Query query{{"user", "u"}};
  Query other_user{{"user", "v"}};
  Query extra{{"user", "u"}, {"mode", "debug"}};
  auto base = request_fingerprint("POST", "app", "hello", query, "{}");

  EXPECT_NE(base, request_fingerprint("POST", "app", "bye", query, "{}"));
  EXPECT_NE(base, request_fingerprint("POST", "web", "hello", query, "{}"));
  EXPECT_NE(base,
            request_fingerprint("POST", "app", "hello", other_user, "{}"));
  EXPECT_NE(base, request_fingerprint("POST", "app", "hello", extra, "{}"));
  EXPECT_NE(base, request_fingerprint("POST", "app", "hello", query, "{ }"));
}

TEST(Fingerprint, CorrelationIdDoesNotCount) {
  Query first{{"user", "u"}, {"correlationId", "tattler_client_py:1"}};
  Query retry{{"user", "u"}, {"correlationId", "tattler_client_py:2"}};

  auto a = request_fingerprint("POST", "app", "hello", first, "{}");
  auto b = request_fingerprint("POST", "app", "hello", retry, "{}");

  EXPECT_EQ(a, b);
}

TEST(Fingerprint, PartsCannotRunTogether) {
  Query none;

  auto a = request_fingerprint("POST", "ab", "c", none, "");
  auto b = request_fingerprint("POST", "a", "bc", none, "");

  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace tattler::api
