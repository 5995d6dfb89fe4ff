// smtp_reply_test.cpp - reading SMTP replies and classifying failures.
#include "delivery/smtp_reply.hpp"

#include <curl/curl.h>
#include <gtest/gtest.h>

namespace tattler::delivery {
namespace {

TEST(SmtpReplyLog, SingleLineReplyIsKeptWithoutLineEnd) {
  SmtpReplyLog log;

  log.feed("250 2.0.0 OK\r\n");

  EXPECT_EQ(log.replies(), 1);
  EXPECT_EQ(log.last_reply(), "250 2.0.0 OK");
  EXPECT_EQ(log.last_refusal(), "");
}

TEST(SmtpReplyLog, MultiLineReplyBecomesOneLine) {
  SmtpReplyLog log;

  log.feed("250-mail.example.com\r\n250-SIZE 1000\r\n250 HELP\r\n");

  EXPECT_EQ(log.replies(), 1);
  EXPECT_EQ(log.last_reply(), "250 mail.example.com SIZE 1000 HELP");
}

TEST(SmtpReplyLog, LinesSplitAcrossFeedsAreJoined) {
  SmtpReplyLog log;

  log.feed("550 5.1.1 us");
  log.feed("er unknown\r");
  log.feed("\n");

  EXPECT_EQ(log.last_reply(), "550 5.1.1 user unknown");
}

TEST(SmtpReplyLog, LastRefusalSurvivesLaterSuccesses) {
  SmtpReplyLog log;

  log.feed("250 OK\r\n550 5.1.1 user unknown\r\n250 OK\r\n");

  EXPECT_EQ(log.replies(), 3);
  EXPECT_EQ(log.last_reply(), "250 OK");
  EXPECT_EQ(log.last_refusal(), "550 5.1.1 user unknown");
}

TEST(SmtpReplyLog, ResetForgetsEverything) {
  SmtpReplyLog log;
  log.feed("451 try later\r\n");

  log.reset();

  EXPECT_EQ(log.replies(), 0);
  EXPECT_EQ(log.last_refusal(), "");
}

TEST(SmtpReplyLog, VeryLongRepliesAreTruncated) {
  SmtpReplyLog log;

  log.feed("550 " + std::string(5000, 'x') + "\r\n");

  EXPECT_LE(log.last_reply().size(), SmtpReplyLog::kMaxReplyText);
  EXPECT_EQ(log.last_refusal().substr(0, 4), "550 ");
}

TEST(SmtpReplyLog, AuthOfferInEhloIsNoticed) {
  SmtpReplyLog with_auth;
  SmtpReplyLog without_auth;

  with_auth.feed("250-mx.example.com\r\n250-AUTH PLAIN LOGIN\r\n250 OK\r\n");
  without_auth.feed("250-mx.example.com\r\n250-SIZE 100\r\n250 OK\r\n");

  EXPECT_TRUE(with_auth.offered_auth());
  EXPECT_FALSE(without_auth.offered_auth());
}

TransferFailure with_refusal(std::string reply, long code) {
  TransferFailure failure;
  failure.curl_code = CURLE_RECV_ERROR;
  failure.response_code = code;
  failure.refusal = std::move(reply);
  failure.curl_message = "RCPT failed";
  failure.server = "127.0.0.1:25";
  return failure;
}

TEST(FailureOutcome, PermanentReplyIsQuotedAndPermanent) {
  Outcome outcome =
      failure_outcome(with_refusal("550 5.1.1 user unknown", 550));

  EXPECT_EQ(outcome.kind, Outcome::Kind::kPermanentFailure);
  EXPECT_EQ(outcome.detail, "550 5.1.1 user unknown");
}

TEST(FailureOutcome, TemporaryReplyIsQuotedAndTemporary) {
  Outcome outcome = failure_outcome(with_refusal("451 4.3.0 try later", 451));

  EXPECT_TRUE(outcome.temporary());
  EXPECT_EQ(outcome.detail, "451 4.3.0 try later");
}

TEST(FailureOutcome, ConnectionProblemsAreTemporaryAndNameTheServer) {
  TransferFailure failure = with_refusal("", 0);
  failure.curl_code = CURLE_COULDNT_CONNECT;
  failure.curl_message = "Connection refused";

  Outcome outcome = failure_outcome(failure);

  EXPECT_TRUE(outcome.temporary());
  EXPECT_EQ(outcome.detail, "SMTP server 127.0.0.1:25: Connection refused");
}

TEST(FailureOutcome, TimeoutIsTemporary) {
  TransferFailure failure = with_refusal("", 0);
  failure.curl_code = CURLE_OPERATION_TIMEDOUT;
  failure.curl_message = "server response timeout";

  Outcome outcome = failure_outcome(failure);

  EXPECT_TRUE(outcome.temporary());
  EXPECT_EQ(outcome.detail,
            "SMTP server 127.0.0.1:25: timed out (server response timeout)");
}

TEST(FailureOutcome, CertificateAndLoginProblemsArePermanent) {
  for (CURLcode code : {CURLE_PEER_FAILED_VERIFICATION, CURLE_LOGIN_DENIED,
                        CURLE_USE_SSL_FAILED}) {
    TransferFailure failure = with_refusal("", 0);
    failure.curl_code = code;

    EXPECT_EQ(failure_outcome(failure).kind, Outcome::Kind::kPermanentFailure)
        << code;
  }
}

TEST(FailureOutcome, ResponseCodeWithoutTextStillClassifies) {
  TransferFailure permanent = with_refusal("", 554);
  TransferFailure temporary = with_refusal("", 421);

  EXPECT_EQ(failure_outcome(permanent).kind, Outcome::Kind::kPermanentFailure);
  EXPECT_TRUE(failure_outcome(temporary).temporary());
}

}  // namespace
}  // namespace tattler::delivery
