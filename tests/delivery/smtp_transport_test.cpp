// smtp_transport_test.cpp - SmtpTransport behaviour that needs no SMTP
// server (the Python tests drive it against real ones).
#include "delivery/smtp_transport.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace tattler::delivery {
namespace {

// unused_port - a loopback port nobody listens on right now.
int unused_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

compose::Message email() {
  compose::Message m;
  m.vector = "email";
  m.sender = "noreply@example.com";
  m.recipients = {"someone@example.com"};
  m.message_id = "unit@example.com";
  m.data = "Subject: hi\r\n\r\nbody\r\n";
  return m;
}

SmtpOptions options_for(std::string address) {
  SmtpOptions options;
  options.address = std::move(address);
  options.timeout = std::chrono::seconds(2);
  return options;
}

TEST(SmtpTransport, RefusedConnectionIsTemporaryAndNamesTheServer) {
  std::string address = "127.0.0.1:" + std::to_string(unused_port());
  SmtpTransport transport(options_for(address));

  Outcome outcome = transport.send(email());

  EXPECT_TRUE(outcome.temporary());
  EXPECT_NE(outcome.detail.find(address), std::string::npos) << outcome.detail;
  EXPECT_EQ(transport.connections_opened(), 0u);
}

TEST(SmtpTransport, InvalidAddressIsPermanent) {
  SmtpTransport transport(options_for("a.b:25:26"));

  Outcome outcome = transport.send(email());

  EXPECT_EQ(outcome.kind, Outcome::Kind::kPermanentFailure);
  EXPECT_NE(outcome.detail.find("a.b:25:26"), std::string::npos);
}

TEST(SmtpTransport, MessageWithoutRecipientsIsPermanent) {
  SmtpTransport transport(options_for("127.0.0.1:1"));
  compose::Message message = email();
  message.recipients.clear();

  Outcome outcome = transport.send(message);

  EXPECT_EQ(outcome.kind, Outcome::Kind::kPermanentFailure);
}

TEST(SmtpTransport, AddressesCannotInjectSmtpCommands) {
  SmtpTransport transport(options_for("127.0.0.1:1"));
  compose::Message bad_rcpt = email();
  bad_rcpt.recipients = {"a@example.com>\r\nDATA"};
  compose::Message bad_sender = email();
  bad_sender.sender = "x@example.com\nRSET";

  Outcome rcpt = transport.send(bad_rcpt);
  Outcome sender = transport.send(bad_sender);

  EXPECT_EQ(rcpt.kind, Outcome::Kind::kPermanentFailure);
  EXPECT_EQ(sender.kind, Outcome::Kind::kPermanentFailure);
  EXPECT_NE(rcpt.detail.find("recipient"), std::string::npos);
  EXPECT_NE(sender.detail.find("sender"), std::string::npos);
}

}  // namespace
}  // namespace tattler::delivery
