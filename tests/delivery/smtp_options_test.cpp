// smtp_options_test.cpp - the SMTP address and AUTH parsers.
#include "delivery/smtp_options.hpp"

#include <gtest/gtest.h>

namespace tattler::delivery {
namespace {

TEST(SmtpAddress, Ipv4WithoutPortUsesPort25) {
  Result<SmtpEndpoint> endpoint = parse_smtp_endpoint("127.0.0.1");

  ASSERT_TRUE(endpoint.ok()) << endpoint.error();
  EXPECT_EQ(endpoint->host, "127.0.0.1");
  EXPECT_EQ(endpoint->port, 25);
  EXPECT_EQ(endpoint->url(), "smtp://127.0.0.1:25");
}

TEST(SmtpAddress, BracketedIpv6KeepsItsPort) {
  Result<SmtpEndpoint> endpoint = parse_smtp_endpoint("[A::B]:30");

  ASSERT_TRUE(endpoint.ok()) << endpoint.error();
  EXPECT_EQ(endpoint->host, "a::b");
  EXPECT_TRUE(endpoint->ipv6);
  EXPECT_EQ(endpoint->port, 30);
  EXPECT_EQ(endpoint->url(), "smtp://[a::b]:30");
}

TEST(SmtpAddress, HostNameIsLowerCased) {
  Result<SmtpEndpoint> endpoint = parse_smtp_endpoint("MAIL.Example.com:2525");

  ASSERT_TRUE(endpoint.ok()) << endpoint.error();
  EXPECT_EQ(endpoint->host, "mail.example.com");
  EXPECT_EQ(endpoint->port, 2525);
}

TEST(SmtpAddress, LocalhostWithoutDotIsAccepted) {
  Result<SmtpEndpoint> bare = parse_smtp_endpoint("localhost");
  Result<SmtpEndpoint> with_port = parse_smtp_endpoint("localhost:25");

  ASSERT_TRUE(bare.ok()) << bare.error();
  ASSERT_TRUE(with_port.ok()) << with_port.error();
  EXPECT_EQ(bare->host, "localhost");
  EXPECT_EQ(with_port->port, 25);
}

TEST(SmtpAddress, Port465IsImplicitTls) {
  Result<SmtpEndpoint> endpoint = parse_smtp_endpoint("smtp.example.com:465");

  ASSERT_TRUE(endpoint.ok()) << endpoint.error();
  EXPECT_TRUE(endpoint->implicit_tls());
  EXPECT_EQ(endpoint->url(), "smtps://smtp.example.com:465");
}

TEST(SmtpAddress, Port587TurnsOnStarttls) {
  Result<SmtpOptions> submission = parse_smtp_address("smtp.example.com:587");
  Result<SmtpOptions> plain = parse_smtp_address("smtp.example.com");

  ASSERT_TRUE(submission.ok()) << submission.error();
  ASSERT_TRUE(plain.ok()) << plain.error();
  EXPECT_TRUE(submission->starttls);
  EXPECT_FALSE(plain->starttls);
  EXPECT_EQ(plain->address, "smtp.example.com:25");
}

TEST(SmtpAddress, NormalisedIpv6KeepsBrackets) {
  Result<SmtpOptions> options = parse_smtp_address("[::1]");

  ASSERT_TRUE(options.ok()) << options.error();
  EXPECT_EQ(options->address, "[::1]:25");
}

TEST(SmtpAddress, MalformedAddressesAreRefusedWithTheValueNamed) {
  const char* bad[] = {"",          "a.b:25:26", "::1",        "[::1",
                       "[xyz]:25",  "host:0",    "host:65536", "host:abc",
                       "1.2.3.4.5", "300.1.1.1", "a..b",       "host name",
                       "host:",     "[::1]x"};

  for (const char* address : bad) {
    Result<SmtpEndpoint> endpoint = parse_smtp_endpoint(address);

    ASSERT_FALSE(endpoint.ok()) << "accepted: " << address;
    EXPECT_NE(endpoint.error().find(std::string("'") + address + "'"),
              std::string::npos)
        << endpoint.error();
  }
}

TEST(SmtpAuth, UserAndPasswordAreAccepted) {
  EXPECT_TRUE(parse_smtp_auth("user:secret").ok());
  EXPECT_TRUE(parse_smtp_auth("user:pass:with:colons").ok());
  EXPECT_TRUE(parse_smtp_auth("user:").ok());
}

TEST(SmtpAuth, MissingColonOrUserIsRefusedWithoutTheSecret) {
  Status no_colon = parse_smtp_auth("justasecret");
  Status no_user = parse_smtp_auth(":secret");

  EXPECT_FALSE(no_colon.ok());
  EXPECT_FALSE(no_user.ok());
  EXPECT_EQ(no_colon.message().find("justasecret"), std::string::npos);
  EXPECT_EQ(no_user.message().find("secret'"), std::string::npos);
}

}  // namespace
}  // namespace tattler::delivery
