// arguments_test.cpp - endpoint parsing and the checks of the constructor
// and of send_notification(), with tattler's exact messages.
//
// Limits: send_notification() is only run up to its argument checks here;
// sending is covered by failure_test.cpp and the integration tests.
#include <gtest/gtest.h>

#include <cstdlib>

#include "tattler/client.hpp"
#include "url.hpp"

namespace {

// message_of - the text of the std::invalid_argument fn throws.
template <class Fn>
std::string message_of(Fn fn) {
  try {
    fn();
  } catch (const std::invalid_argument& err) {
    return err.what();
  }
  return "<no exception>";
}

TEST(Endpoint, SplitsAtTheLastColon) {
  auto e = tattler::parse_endpoint(" 10.0.0.1:8080 ");
  EXPECT_EQ(e.address, "10.0.0.1");
  EXPECT_EQ(e.port, 8080);

  auto v6 = tattler::parse_endpoint("[::1]:11503");
  EXPECT_EQ(v6.address, "[::1]");
  EXPECT_EQ(v6.port, 11503);
}

TEST(Endpoint, RefusesSpecsWithoutAValidPort) {
  for (const char* spec : {"asd", ":asd", "1.2.3.4:",
                           "2a00:1450:400a:801::200e", ":80", "h:70000"}) {
    EXPECT_EQ(message_of([&] { tattler::parse_endpoint(spec); }),
              std::string("Endpoint '") + spec +
                  "' fails to provide valid port value, want addr:port");
  }
}

TEST(Endpoint, EnvironmentOrDefault) {
  unsetenv("TATTLER_SERVER_ADDRESS");
  EXPECT_EQ(tattler::endpoint_from_env().address, "127.0.0.1");
  EXPECT_EQ(tattler::endpoint_from_env().port, 11503);

  setenv("TATTLER_SERVER_ADDRESS", "[::1]:9", 1);
  EXPECT_EQ(tattler::endpoint_from_env().address, "[::1]");
  EXPECT_EQ(tattler::endpoint_from_env().port, 9);
  unsetenv("TATTLER_SERVER_ADDRESS");
}

TEST(ClientArguments, ScopeNamesAreCheckedWithTattlersMessage) {
  for (const char* scope : {"", "invalid+", "s/", "perch\xc3\xa9", "a:b"}) {
    EXPECT_EQ(message_of([&] { tattler::TattlerClientHTTP c(scope); }),
              std::string("Invalid scope name '") + scope +
                  "'. It only accepts alphanumeric sybols and '.', '_' or "
                  "'-'.");
  }
  EXPECT_NO_THROW(tattler::TattlerClientHTTP("a-b_c.D9"));
}

TEST(ClientArguments, ModeIsTrimmedAndLowerCased) {
  tattler::TattlerClientHTTP spaced("s", "127.0.0.1", 1, "  debug ");
  tattler::TattlerClientHTTP upper("s", "127.0.0.1", 1, "PRODUCTION");

  EXPECT_EQ(spaced.mode(), "debug");
  EXPECT_EQ(upper.mode(), "production");
  EXPECT_EQ(
      message_of([] { tattler::TattlerClientHTTP c("s", "h", 1, "Fast"); }),
      "Invalid mode 'fast'. Valid values are: {'debug', 'staging', "
      "'production'}");
}

TEST(ClientArguments, EndpointMustBeSet) {
  EXPECT_EQ(message_of([] { tattler::TattlerClientHTTP c("s", "", 11503); }),
            "Endpoint of server must be set. Values :11503");
  EXPECT_EQ(message_of([] { tattler::TattlerClientHTTP c("s", "h", 0); }),
            "Endpoint of server must be set. Values h:0");
}

TEST(ClientArguments, Ipv6AddressesAreBracketed) {
  tattler::TattlerClientHTTP bare("s", "::1", 11503);
  tattler::TattlerClientHTTP bracketed("s", "[::1]", 11503);

  EXPECT_EQ(bare.endpoint(), "[::1]:11503");
  EXPECT_EQ(bracketed.endpoint(), "[::1]:11503");
}

TEST(SendNotification, OnlyOneOfAddressAndPortIsAnError) {
  tattler::NotificationOptions options;
  options.srv_addr = "1.2.3.4";

  EXPECT_EQ(
      message_of([&] { tattler::send_notification("s", "e", "r", options); }),
      "Endpoint of server must be set. Values 1.2.3.4:None");
}

TEST(SendNotification, BadEnvironmentEndpointIsAnError) {
  setenv("TATTLER_SERVER_ADDRESS", "asd", 1);

  std::string message =
      message_of([] { tattler::send_notification("s", "e", "r"); });
  unsetenv("TATTLER_SERVER_ADDRESS");

  EXPECT_EQ(message,
            "Endpoint 'asd' fails to provide valid port value, want "
            "addr:port");
}

TEST(SendNotification, AttachmentsTwiceIsAnError) {
  tattler::NotificationOptions options;
  options.srv_addr = "127.0.0.1";
  options.srv_port = 1;
  options.context = {{"_attachments", tattler::Json::object()}};
  options.attachments = tattler::Attachments{{"a.pdf", "https://x/a.pdf"}};

  EXPECT_EQ(
      message_of([&] { tattler::send_notification("s", "e", "r", options); }),
      "Pass attachments via attachments= or context['_attachments'], "
      "not both");
}

TEST(UrlEncoding, QueryValuesAreEncodedAsPythonUrlencode) {
  EXPECT_EQ(tattler::client::quote_plus("a.b@x.org"), "a.b%40x.org");
  EXPECT_EQ(tattler::client::quote_plus("a+b c,d"), "a%2Bb+c%2Cd");
  EXPECT_EQ(tattler::client::quote_plus("tattler:x"), "tattler%3Ax");
  EXPECT_EQ(tattler::client::quote("a b/~_"), "a%20b%2F~_");
}

}  // namespace
