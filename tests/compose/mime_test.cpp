// mime_test.cpp - encodings, header lines and multipart serialization.
//
// Limits: round trips through a decoder are in test_mime.py (Python).
#include <gtest/gtest.h>

#include "compose/mime/header_encoding.hpp"
#include "compose/mime/part.hpp"
#include "compose/mime/transfer_encoding.hpp"

namespace tattler::compose::mime {
namespace {

TEST(Base64, EncodesWithPaddingAndBreaksLinesAt76) {
  EXPECT_EQ(base64_encode("Ma"), "TWE=");
  EXPECT_EQ(base64_encode("M"), "TQ==");
  EXPECT_EQ(base64_encode(""), "");

  std::string lines = base64_encode_lines(std::string(100, 'x'));

  EXPECT_EQ(lines.find("\r\n"), 76u);
  EXPECT_EQ(lines.substr(lines.size() - 2), "\r\n");
}

TEST(Base64, StrictDecodeUsesPythonMessages) {
  EXPECT_EQ(*base64_decode_strict("SGVsbG8="), "Hello");
  EXPECT_EQ(*base64_decode_strict(""), "");

  EXPECT_EQ(base64_decode_strict("SGVs bG8=").error(),
            "Only base64 data is allowed");
  EXPECT_EQ(base64_decode_strict("SGVsbG8").error(), "Incorrect padding");
  EXPECT_EQ(base64_decode_strict("SGVsbG8=A").error(),
            "Excess data after padding");
  EXPECT_EQ(base64_decode_strict("=SGV").error(),
            "Leading padding not allowed");
  EXPECT_EQ(base64_decode_strict("SGVsb").error(),
            "Invalid base64-encoded string: number of data characters (5) "
            "cannot be 1 more than a multiple of 4");
}

TEST(QuotedPrintable, EscapesAndSoftBreaksLongLines) {
  std::string qp = quoted_printable_encode(std::string(100, 'a') + "=\n");

  EXPECT_NE(qp.find("=\r\n"), std::string::npos);
  EXPECT_NE(qp.find("=3D\r\n"), std::string::npos);
  for (size_t start = 0; start < qp.size();) {
    size_t end = qp.find("\r\n", start);
    EXPECT_LE(end - start, 76u);
    start = end + 2;
  }
}

TEST(QuotedPrintable, TrailingBlankIsEscaped) {
  EXPECT_EQ(quoted_printable_encode("a \n"), "a=20\r\n");
}

TEST(TextEncoding, ShortAsciiIs7bitNonAsciiIsBase64LongLinesQp) {
  EXPECT_EQ(choose_text_encoding("plain part\n"), TransferEncoding::k7bit);
  EXPECT_EQ(choose_text_encoding("Späße\n"), TransferEncoding::kBase64);
  EXPECT_EQ(choose_text_encoding(std::string(200, 'a') + "\n"),
            TransferEncoding::kQuotedPrintable);
}

TEST(Headers, AsciiSubjectStaysReadable) {
  EXPECT_EQ(encode_unstructured("Subj html"), "Subj html");
}

TEST(Headers, NonAsciiSubjectBecomesEncodedWords) {
  std::string encoded = encode_unstructured("Grüße Zürich 🙂");

  EXPECT_EQ(encoded.rfind("=?utf-8?", 0), 0u);
  EXPECT_EQ(encoded.find_first_of("\r\n"), std::string::npos);
}

TEST(Headers, LookalikeEncodedWordIsEncoded) {
  EXPECT_EQ(encode_unstructured("=?utf-8?q?x?=").rfind("=?utf-8?", 0), 0u);
}

TEST(Headers, LongHeaderFoldsAt78Columns) {
  std::string subject(30, 'a');
  for (int i = 0; i < 5; ++i)
    subject += " word" + std::to_string(i) + std::string(10, 'b');
  std::string line =
      fold_header("Subject", encode_unstructured_tokens(subject));

  for (size_t start = 0; start < line.size();) {
    size_t end = line.find("\r\n", start);
    EXPECT_LE(end - start, 78u);
    start = end + 2;
  }
  EXPECT_NE(line.find("\r\n "), std::string::npos);
}

TEST(Headers, LineBreakInValueIsRefusedNamingTheHeader) {
  Status s = check_header_value("Subject", "a\r\nBcc: x@y.z");

  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("Subject"), std::string::npos);
}

TEST(Headers, MailboxKeepsOrQuotesOrEncodesDisplayName) {
  auto join = [](const std::vector<std::string>& tokens) {
    std::string s;
    for (const auto& t : tokens) s += t;
    return s;
  };
  EXPECT_EQ(join(encode_mailbox("", "a@b.org")), "a@b.org");
  EXPECT_EQ(join(encode_mailbox("Acme", "a@b.org")), "Acme <a@b.org>");
  EXPECT_EQ(join(encode_mailbox("Acme, Inc.", "a@b.org")),
            "\"Acme, Inc.\" <a@b.org>");
  EXPECT_EQ(join(encode_mailbox("Zürich", "a@b.org")).rfind("=?utf-8?", 0), 0u);
}

TEST(Parameters, AsciiQuotedNonAsciiRfc2231) {
  EXPECT_EQ(encode_parameter("filename", "invoice.pdf")[0],
            "; filename=\"invoice.pdf\"");
  EXPECT_EQ(encode_parameter("filename", "é.pdf")[0],
            "; filename*=utf-8''%C3%A9.pdf");
  EXPECT_GT(encode_parameter("filename", std::string(40, '\xc3') + "").size(),
            0u);
}

TEST(Parameters, LongNonAsciiNameUsesContinuations) {
  std::string name;
  for (int i = 0; i < 30; ++i) name += "é";
  auto tokens = encode_parameter("filename", name + ".pdf");

  ASSERT_GT(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].rfind("; filename*0*=utf-8''", 0), 0u);
  EXPECT_EQ(tokens[1].rfind("; filename*1*=", 0), 0u);
}

TEST(Parameters, LongAsciiNameUsesQuotedContinuations) {
  auto tokens = encode_parameter("filename", std::string(100, 'a') + ".pdf");

  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0], "; filename*0=\"" + std::string(45, 'a') + "\"");
  EXPECT_EQ(tokens[2], "; filename*2=\"aaaaaaaaaa.pdf\"");
}

TEST(Multipart, SerializesLikePythonsGenerator) {
  Part alternative = multipart("alternative");
  alternative.children.push_back(text_part("plain", "a\n"));
  alternative.children.push_back(text_part("html", "<p>b</p>\n"));

  std::string wire = serialize(alternative);

  EXPECT_EQ(
      wire.rfind("Content-Type: multipart/alternative;\r\n boundary=\"", 0),
      0u);
  EXPECT_NE(wire.find("\r\n\r\n--===============", 0), std::string::npos);
  EXPECT_NE(wire.find("a\r\n\r\n--"), std::string::npos);
  EXPECT_EQ(wire.substr(wire.size() - 6), "==--\r\n");
}

TEST(Multipart, BoundaryLooksLikePythons) {
  std::string b = random_boundary();

  EXPECT_EQ(b.size(), 15u + 19u + 2u);
  EXPECT_EQ(b.substr(0, 15), std::string(15, '='));
}

}  // namespace
}  // namespace tattler::compose::mime
