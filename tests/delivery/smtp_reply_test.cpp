// smtp_reply_test.cpp - assembling SMTP replies, reading EHLO and
// classifying failures.
#include "delivery/smtp_reply.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string_view>

namespace tattler::delivery {
namespace {

// assemble - feed lines to a fresh reply; the result of the last line.
ReplyLine assemble(std::initializer_list<std::string_view> lines,
                   SmtpReply* reply) {
  ReplyLine last = ReplyLine::kMore;
  for (std::string_view line : lines) last = add_reply_line(line, reply);
  return last;
}

// reply_of - the complete reply made of lines.
SmtpReply reply_of(std::initializer_list<std::string_view> lines) {
  SmtpReply reply;
  EXPECT_EQ(assemble(lines, &reply), ReplyLine::kDone);
  return reply;
}

TEST(SmtpReply, SingleLineReplyIsCompleteWithItsCode) {
  SmtpReply reply;

  ReplyLine added = add_reply_line("250 2.0.0 OK", &reply);

  EXPECT_EQ(added, ReplyLine::kDone);
  EXPECT_EQ(reply.code, 250);
  EXPECT_EQ(reply.text(), "250 2.0.0 OK");
}

TEST(SmtpReply, MultiLineReplyIsJoined) {
  SmtpReply reply;

  ReplyLine first = add_reply_line("250-mail.example.com", &reply);
  ReplyLine middle = add_reply_line("250-SIZE 1000", &reply);
  ReplyLine last = add_reply_line("250 HELP", &reply);

  EXPECT_EQ(first, ReplyLine::kMore);
  EXPECT_EQ(middle, ReplyLine::kMore);
  EXPECT_EQ(last, ReplyLine::kDone);
  EXPECT_EQ(reply.text(), "250 mail.example.com SIZE 1000 HELP");
}

TEST(SmtpReply, BareCodeEndsTheReply) {
  SmtpReply reply = reply_of({"354"});

  EXPECT_EQ(reply.code, 354);
  EXPECT_EQ(reply.text(), "354");
}

TEST(SmtpReply, LinesThatAreNotSmtpAreMalformed) {
  for (std::string_view line : {"", "25", "hello", "2500 x", "abc def"}) {
    SmtpReply reply;

    EXPECT_EQ(add_reply_line(line, &reply), ReplyLine::kMalformed) << line;
  }
}

TEST(SmtpReply, CodeChangingInsideAReplyIsMalformed) {
  SmtpReply reply;

  ReplyLine added = assemble({"250-first", "550 second"}, &reply);

  EXPECT_EQ(added, ReplyLine::kMalformed);
}

TEST(SmtpReply, VeryLongRepliesAreTruncated) {
  SmtpReply reply = reply_of({"550-" + std::string(5000, 'x'), "550 end"});

  EXPECT_LE(reply.text().size(), kMaxReplyText);
  EXPECT_EQ(reply.text().substr(0, 4), "550 ");
}

TEST(SmtpReply, EndlessReplyKeepsBoundedLines) {
  SmtpReply reply;

  for (int i = 0; i < 1000; ++i) add_reply_line("250-more", &reply);

  EXPECT_EQ(reply.lines.size(), kMaxReplyLines);
}

TEST(SmtpReply, ClearStartsTheNextReply) {
  SmtpReply reply = reply_of({"451 try later"});

  reply.clear();
  add_reply_line("250 OK", &reply);

  EXPECT_EQ(reply.text(), "250 OK");
}

TEST(EhloOffer, ExtensionsAreRead) {
  SmtpReply reply =
      reply_of({"250-mx.example.com Hello", "250-PIPELINING",
                "250-SIZE 10240000", "250-STARTTLS", "250 AUTH LOGIN PLAIN"});

  EhloOffer offer = parse_ehlo(reply);

  EXPECT_TRUE(offer.pipelining);
  EXPECT_TRUE(offer.starttls);
  EXPECT_TRUE(offer.auth);
  EXPECT_TRUE(offer.auth_plain);
  EXPECT_TRUE(offer.auth_login);
  EXPECT_EQ(offer.size_limit, 10240000u);
}

TEST(EhloOffer, KeywordsIgnoreCaseAndOldAuthFormCounts) {
  SmtpReply reply = reply_of({"250-mx", "250-pipelining", "250 AUTH=login"});

  EhloOffer offer = parse_ehlo(reply);

  EXPECT_TRUE(offer.pipelining);
  EXPECT_TRUE(offer.auth_login);
  EXPECT_FALSE(offer.auth_plain);
}

TEST(EhloOffer, GreetingLineIsNotAnExtension) {
  SmtpReply reply = reply_of({"250 PIPELINING"});

  EhloOffer offer = parse_ehlo(reply);

  EXPECT_FALSE(offer.pipelining);
}

TEST(EhloOffer, AuthWithUnknownMechanismsIsStillAnOffer) {
  SmtpReply reply = reply_of({"250-mx", "250 AUTH CRAM-MD5 XOAUTH2"});

  EhloOffer offer = parse_ehlo(reply);

  EXPECT_TRUE(offer.auth);
  EXPECT_FALSE(offer.auth_plain);
  EXPECT_FALSE(offer.auth_login);
}

constexpr std::string_view kServer = "127.0.0.1:25";

TEST(FailureOutcome, PermanentReplyIsQuotedAndPermanent) {
  SmtpStatus refused =
      SmtpStatus::Refused(reply_of({"550 5.1.1 user unknown"}));

  Outcome outcome = failure_outcome(refused, kServer);

  EXPECT_EQ(outcome.kind, Outcome::Kind::kPermanentFailure);
  EXPECT_EQ(outcome.detail, "550 5.1.1 user unknown");
}

TEST(FailureOutcome, TemporaryReplyIsQuotedAndTemporary) {
  SmtpStatus refused = SmtpStatus::Refused(reply_of({"451 4.3.0 try later"}));

  Outcome outcome = failure_outcome(refused, kServer);

  EXPECT_TRUE(outcome.temporary());
  EXPECT_EQ(outcome.detail, "451 4.3.0 try later");
}

TEST(FailureOutcome, UnexpectedReplyIsTemporaryAndNamesTheServer) {
  SmtpStatus refused = SmtpStatus::Refused(reply_of({"354 go ahead"}));

  Outcome outcome = failure_outcome(refused, kServer);

  EXPECT_TRUE(outcome.temporary());
  EXPECT_EQ(outcome.detail,
            "SMTP server 127.0.0.1:25: unexpected reply '354 go ahead'");
}

TEST(FailureOutcome, ConnectionProblemsAreTemporaryAndNameTheServer) {
  SmtpStatus status = SmtpStatus::Error(SmtpStatus::Kind::kConnect,
                                        "cannot connect (Connection refused)");

  Outcome outcome = failure_outcome(status, kServer);

  EXPECT_TRUE(outcome.temporary());
  EXPECT_EQ(outcome.detail,
            "SMTP server 127.0.0.1:25: cannot connect (Connection refused)");
}

TEST(FailureOutcome, TimeoutAndLostConnectionAreTemporary) {
  for (SmtpStatus::Kind kind :
       {SmtpStatus::Kind::kTimeout, SmtpStatus::Kind::kClosed,
        SmtpStatus::Kind::kNetwork, SmtpStatus::Kind::kProtocol}) {
    SmtpStatus status = SmtpStatus::Error(kind, "timed out");

    EXPECT_TRUE(failure_outcome(status, kServer).temporary());
  }
}

TEST(FailureOutcome, CertificateTlsRefusalAndAuthProblemsArePermanent) {
  for (SmtpStatus::Kind kind :
       {SmtpStatus::Kind::kCertificate, SmtpStatus::Kind::kTlsNotOffered,
        SmtpStatus::Kind::kAuthNotSupported, SmtpStatus::Kind::kTooBig}) {
    SmtpStatus status = SmtpStatus::Error(kind, "no");

    EXPECT_EQ(failure_outcome(status, kServer).kind,
              Outcome::Kind::kPermanentFailure);
  }
}

TEST(SmtpStatus, ClosingReplyAndLostConnectionMeanTheSessionIsGone) {
  SmtpStatus closing = SmtpStatus::Refused(reply_of({"421 4.3.2 closing"}));
  SmtpStatus refused = SmtpStatus::Refused(reply_of({"550 no"}));
  SmtpStatus closed = SmtpStatus::Error(SmtpStatus::Kind::kClosed, "gone");

  EXPECT_TRUE(closing.connection_lost());
  EXPECT_TRUE(closed.connection_lost());
  EXPECT_FALSE(refused.connection_lost());
}

}  // namespace
}  // namespace tattler::delivery
