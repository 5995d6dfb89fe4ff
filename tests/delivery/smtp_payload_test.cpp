// smtp_payload_test.cpp - the DATA payload: dot-stuffing and its end.
#include "delivery/smtp_payload.hpp"

#include <gtest/gtest.h>

#include <string>

#include "delivery/smtp_auth.hpp"

namespace tattler::delivery {
namespace {

// wire - the payload as it goes on the wire.
std::string wire(const std::string& message) {
  std::string scratch;
  DataPayload payload = data_payload(message, &scratch);
  return std::string(payload.body) + std::string(payload.tail);
}

TEST(DataPayload, MessageWithoutDotsIsSentAsItIsWithoutCopy) {
  std::string message = "Subject: hi\r\n\r\nbody\r\n";
  std::string scratch;

  DataPayload payload = data_payload(message, &scratch);

  EXPECT_EQ(payload.body.data(), message.data());
  EXPECT_EQ(payload.tail, ".\r\n");
}

TEST(DataPayload, LeadingDotsAreDoubled) {
  std::string message = ".first\r\nmid.dle\r\n.\r\n..two\r\n";

  EXPECT_EQ(wire(message), "..first\r\nmid.dle\r\n..\r\n...two\r\n.\r\n");
}

TEST(DataPayload, MessageWithoutFinalLineEndGetsOne) {
  EXPECT_EQ(wire("Subject: x\r\n\r\nlast line"),
            "Subject: x\r\n\r\nlast line\r\n.\r\n");
}

TEST(DataPayload, EmptyMessageIsJustTheDot) { EXPECT_EQ(wire(""), ".\r\n"); }

TEST(SmtpAuth, PlainResponseIsBase64OfNulSeparatedCredentials) {
  EXPECT_EQ(auth_plain_response("alice", "s3cret:with colon"),
            base64(std::string("\0alice\0s3cret:with colon", 24)));
  EXPECT_EQ(auth_plain_response("u", "p"), "AHUAcA==");
}

TEST(SmtpAuth, Base64PadsAndNeverBreaksLines) {
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foo"), "Zm9v");
  EXPECT_EQ(base64(std::string(100, 'a')).find('\n'), std::string::npos);
}

}  // namespace
}  // namespace tattler::delivery
