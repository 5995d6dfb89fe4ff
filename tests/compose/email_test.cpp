// email_test.cpp - the e-mail builder: shapes, headers, encodings, errors.
//
// Limits: checks the bytes as text; parsing them back with a real MIME
// parser is done by tests/integration/test_mime.py.
#include "compose/email.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace tattler::compose {
namespace {

EmailHeaders headers_to(std::string to) {
  return EmailHeaders{"sender@example.org", {to}, {to}, "tattler:test"};
}

// header_block - the top-level header block of a message.
std::string header_block(const std::string& data) {
  return data.substr(0, data.find("\r\n\r\n") + 2);
}

// header_names - the names of the top-level headers, in order.
std::vector<std::string> header_names(const std::string& data) {
  std::vector<std::string> names;
  std::string block = header_block(data);
  for (size_t start = 0; start < block.size();) {
    size_t end = block.find("\r\n", start);
    std::string line = block.substr(start, end - start);
    if (!line.empty() && line[0] != ' ') {
      names.push_back(line.substr(0, line.find(':')));
    }
    start = end + 2;
  }
  return names;
}

Attachment pdf() {
  return Attachment{"invoice.pdf", "application/pdf", std::nullopt,
                    "%PDF-1.4\n"};
}

Attachment png() {
  return Attachment{"logo.png", "image/png", "logo@local",
                    std::string("\x89PNG\r\n\x1a\n", 8) + "data"};
}

TEST(Email, PlainMessageIsSingleTextPartWithTattlersHeaderOrder) {
  EmailParts parts{"Subj", "plain part", std::nullopt, std::nullopt};

  auto m = build_email(parts, headers_to("info@x.org"), {});

  ASSERT_TRUE(m.ok()) << m.error();
  EXPECT_EQ(header_names(m->data),
            (std::vector<std::string>{
                "Content-Type", "Content-Transfer-Encoding", "MIME-Version",
                "From", "To", "Date", "Subject", "Message-ID"}));
  EXPECT_NE(m->data.find("Content-Type: text/plain; charset=\"utf-8\"\r\n"),
            std::string::npos);
  EXPECT_NE(m->data.find("\r\n\r\nplain part\r\n"), std::string::npos);
}

TEST(Email, HtmlMessageIsAlternativeWithHtmlLast) {
  EmailParts parts{"Subj html", "plain part", "<p>html</p>", "1"};

  auto m = build_email(parts, headers_to("info@x.org"), {});

  ASSERT_TRUE(m.ok()) << m.error();
  EXPECT_EQ(m->data.rfind("MIME-Version: 1.0\r\nContent-Type: "
                          "multipart/alternative;\r\n boundary=",
                          0),
            0u);
  EXPECT_LT(m->data.find("text/plain"), m->data.find("text/html"));
  EXPECT_NE(m->data.find("X-Priority: 1\r\n"), std::string::npos);
}

TEST(Email, InlineAndRegularAttachmentsNestRelatedInAlternativeInMixed) {
  EmailParts parts{"att", "att plain", "<img src=\"cid:logo@local\">",
                   std::nullopt};

  auto m = build_email(parts, headers_to("a.b@x.org"), {png(), pdf()});

  ASSERT_TRUE(m.ok()) << m.error();
  size_t mixed = m->data.find("multipart/mixed");
  size_t alternative = m->data.find("multipart/alternative");
  size_t related = m->data.find("multipart/related");
  size_t image = m->data.find("Content-ID: <logo@local>");
  size_t file = m->data.find("attachment; filename=\"invoice.pdf\"");
  EXPECT_LT(mixed, alternative);
  EXPECT_LT(alternative, related);
  EXPECT_LT(related, image);
  EXPECT_LT(image, file);
  EXPECT_NE(m->data.find("Content-Disposition: inline; filename=\"logo.png\""),
            std::string::npos);
}

TEST(Email, InlineImageWithoutHtmlIsDemotedToAttachment) {
  EmailParts parts{"s", "text", std::nullopt, std::nullopt};

  auto m = build_email(parts, headers_to("a@x.org"), {pdf(), png()});

  ASSERT_TRUE(m.ok()) << m.error();
  EXPECT_EQ(m->data.find("Content-ID"), std::string::npos);
  EXPECT_LT(m->data.find("filename=\"logo.png\""),
            m->data.find("filename=\"invoice.pdf\""));
}

TEST(Email, SenderDisplayNameKeptEnvelopeIsBareAddress) {
  EmailHeaders h{"Acme <NoReply@Acme.com>", {"a@x.org"}, {"d@x.org"}, "c"};

  auto m = build_email({"s", "t", std::nullopt, std::nullopt}, h, {});

  ASSERT_TRUE(m.ok()) << m.error();
  EXPECT_EQ(m->sender, "noreply@acme.com");
  EXPECT_NE(m->data.find("From: Acme <noreply@acme.com>\r\n"),
            std::string::npos);
  EXPECT_NE(m->data.find("To: a@x.org\r\n"), std::string::npos);
  EXPECT_EQ(m->recipients, std::vector<std::string>{"d@x.org"});
  EXPECT_TRUE(
      std::regex_match(m->message_id, std::regex("[0-9a-f-]{36}@acme\\.com")));
  EXPECT_NE(m->data.find("Message-ID: <" + m->message_id + ">"),
            std::string::npos);
}

TEST(Email, DateIsUtcWithPlusZeroZone) {
  auto m = build_email({"s", "t", std::nullopt, std::nullopt},
                       headers_to("a@x.org"), {});

  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(std::regex_search(
      m->data, std::regex("\r\nDate: [A-Z][a-z]{2}, \\d\\d [A-Z][a-z]{2} "
                          "\\d{4} \\d\\d:\\d\\d:\\d\\d \\+0000\r\n")));
}

TEST(Email, LineBreakInSubjectIsAnErrorNamingSubject) {
  auto m = build_email({"a\nBcc: evil@x.org", "t", std::nullopt, std::nullopt},
                       headers_to("a@x.org"), {});

  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.error().find("Subject"), std::string::npos);
}

TEST(Email, LineBreakInRecipientOrSenderIsAnErrorNamingTheHeader) {
  EmailHeaders bad_to = headers_to("a@x.org\r\nBcc: e@x.org");
  EmailHeaders bad_from{"s@x.org\n", {"a@x.org"}, {"a@x.org"}, "c"};

  auto to = build_email({"s", "t", std::nullopt, std::nullopt}, bad_to, {});
  auto from = build_email({"s", "t", std::nullopt, std::nullopt}, bad_from, {});

  ASSERT_FALSE(to.ok());
  EXPECT_NE(to.error().find("'To'"), std::string::npos);
  ASSERT_FALSE(from.ok());
  EXPECT_NE(from.error().find("'From'"), std::string::npos);
}

TEST(Email, NonAsciiAddressIsAnErrorNamingTheHeader) {
  auto to = build_email({"s", "t", std::nullopt, std::nullopt},
                        headers_to("jürgen@x.org"), {});
  EmailHeaders h{"Zoë <zoë@x.org>", {"a@x.org"}, {"a@x.org"}, "c"};
  auto from = build_email({"s", "t", std::nullopt, std::nullopt}, h, {});

  ASSERT_FALSE(to.ok());
  EXPECT_NE(to.error().find("'To'"), std::string::npos);
  ASSERT_FALSE(from.ok());
  EXPECT_NE(from.error().find("'From'"), std::string::npos);
}

TEST(Email, SenderWithoutDomainIsAnError) {
  EmailHeaders h{"nobody", {"a@x.org"}, {"a@x.org"}, "c"};

  auto m = build_email({"s", "t", std::nullopt, std::nullopt}, h, {});

  EXPECT_FALSE(m.ok());
}

TEST(Email, InvalidPriorityIsTattlersError) {
  auto m =
      build_email({"s", "t", std::nullopt, "9"}, headers_to("a@x.org"), {});

  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error(),
            "Invalid priority '9', values are { None, [1, 2, 3, 4, 5] }, 1 "
            "highest.");
}

TEST(Email, MissingPlainTextIsMadeFromHtml) {
  EmailParts parts{"s", std::nullopt,
                   "<p>Hello <a href=\"https://x.org\">"
                   "there</a></p>",
                   std::nullopt};

  auto m = build_email(parts, headers_to("a@x.org"), {});

  ASSERT_TRUE(m.ok()) << m.error();
  EXPECT_NE(m->data.find("Hello there (https://x.org)\r\n"), std::string::npos);
}

TEST(Email, NonAsciiBodyGoesBase64AndWireIsSevenBit) {
  auto m = build_email({"Grüße", "Späße Україна", std::nullopt, std::nullopt},
                       headers_to("a@x.org"), {});

  ASSERT_TRUE(m.ok());
  EXPECT_NE(m->data.find("Content-Transfer-Encoding: base64"),
            std::string::npos);
  for (char c : m->data) EXPECT_LT(static_cast<unsigned char>(c), 128);
}

TEST(Email, EveryLineEndIsCrlf) {
  auto m = build_email({"s", "a\nb\r\nc", "<p>x</p>\n<p>y</p>", std::nullopt},
                       headers_to("a@x.org"), {pdf()});

  ASSERT_TRUE(m.ok());
  for (size_t i = 0; i < m->data.size(); ++i) {
    if (m->data[i] == '\n') {
      EXPECT_EQ(m->data[i - 1], '\r') << i;
    }
  }
}

TEST(Email, NoBodyAtAllIsAnError) {
  EXPECT_FALSE(build_email({"s", std::nullopt, std::nullopt, std::nullopt},
                           headers_to("a@x.org"), {})
                   .ok());
}

}  // namespace
}  // namespace tattler::compose
