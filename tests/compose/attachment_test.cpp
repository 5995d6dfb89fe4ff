// attachment_test.cpp - `_attachments` rules and types, and the address
// classes the SSRF guard refuses.
//
// Limits: URL fetches need a server; they are covered by
// tests/integration/test_mime_attachments.py.
#include "compose/attachment.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include "compose/content_type.hpp"
#include "compose/url_fetch.hpp"

namespace tattler::compose {
namespace {

using Json = nlohmann::ordered_json;

// error_of - the error load_attachments gives for spec.
std::string error_of(const Json& spec, AttachmentOptions options = {}) {
  auto result = load_attachments(spec, options);
  return result.ok() ? "" : result.error();
}

TEST(Attachments, NullOrEmptyMeansNone) {
  EXPECT_TRUE(load_attachments(Json(), {})->empty());
  EXPECT_TRUE(load_attachments(Json::object(), {})->empty());
}

TEST(Attachments, NonObjectIsRefused) {
  EXPECT_EQ(error_of(Json::array({1})), "Attachments must be a dict");
}

TEST(Attachments, EntryMustBeAnObject) {
  EXPECT_EQ(error_of(Json{{"a.pdf", 3}}),
            "Attachment 'a.pdf': must be an object");
}

TEST(Attachments, RegularFileIsDecodedAndTypedByExtension) {
  auto r = load_attachments(
      Json{{"invoice.pdf", {{"content_b64", "JVBERi0xLjQK"}}}}, {});

  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].filename, "invoice.pdf");
  EXPECT_EQ((*r)[0].content_type, "application/pdf");
  EXPECT_FALSE((*r)[0].content_id);
  EXPECT_EQ((*r)[0].bytes, "%PDF-1.4\n");
}

TEST(Attachments, KeyWithAtIsInlineImageTypedByContent) {
  auto r = load_attachments(
      Json{{"logo@local",
            {{"content_b64", "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ"}}}},
      {});

  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ((*r)[0].content_id, "logo@local");
  EXPECT_EQ((*r)[0].filename, "logo.png");
  EXPECT_EQ((*r)[0].content_type, "image/png");
}

TEST(Attachments, InlineNonImageIsRefused) {
  EXPECT_EQ(error_of(Json{{"x@y", {{"content_b64", "aGVsbG8="}}}}),
            "Attachment 'x@y': could not detect image type from content; "
            "supported inline formats are PNG, JPEG, GIF, WebP, SVG");
}

TEST(Attachments, BadContentIdOrFilenameIsRefused) {
  EXPECT_EQ(error_of(Json{{"a b@c", {{"content_b64", ""}}}}),
            "Attachment 'a b@c': 'cid' contains invalid characters");
  EXPECT_EQ(error_of(Json{{"<a@c>", {{"content_b64", ""}}}}),
            "Attachment '<a@c>': 'cid' contains invalid characters");
  EXPECT_EQ(error_of(Json{{"../a.pdf", {{"content_b64", ""}}}}),
            "Attachment '../a.pdf': invalid filename '../a.pdf'");
  EXPECT_EQ(error_of(Json{{".hidden.pdf", {{"content_b64", ""}}}}),
            "Attachment '.hidden.pdf': invalid filename '.hidden.pdf'");
  EXPECT_EQ(error_of(Json{{"", {{"content_b64", ""}}}}),
            "Attachment '': key must be a non-empty string");
}

TEST(Attachments, ExactlyOneSourceIsRequired) {
  std::string expected =
      "Attachment 'a.pdf': must specify exactly one of 'url', 'content_b64', "
      "'content_bytes'";
  EXPECT_EQ(error_of(Json{{"a.pdf", Json::object()}}), expected);
  EXPECT_EQ(
      error_of(Json{{"a.pdf", {{"url", "http://x"}, {"content_b64", ""}}}}),
      expected);
}

TEST(Attachments, InvalidBase64GivesPythonsReason) {
  EXPECT_EQ(error_of(Json{{"a.pdf", {{"content_b64", "JVBER i0x"}}}}),
            "Attachment 'a.pdf': invalid base64: Only base64 data is allowed");
}

TEST(Attachments, UnknownExtensionIsRefused) {
  EXPECT_EQ(error_of(Json{{"a.weirdext", {{"content_b64", ""}}}}),
            "Attachment 'a.weirdext': cannot determine content type for "
            "'a.weirdext'; rename with a recognized extension");
}

TEST(Attachments, TotalCapIsEnforced) {
  AttachmentOptions small;
  small.max_total_bytes = 4;

  EXPECT_EQ(error_of(Json{{"a.txt", {{"content_b64", "aGVsbG8="}}}}, small),
            "Attachments exceed total cap of 4 bytes");
}

TEST(Attachments, UnsupportedUrlSchemeIsRefused) {
  EXPECT_EQ(error_of(Json{{"a.pdf", {{"url", "ftp://example.org/a.pdf"}}}}),
            "URL scheme 'ftp' not supported; use http or https.");
}

TEST(ContentType, FollowsPythonMimetypes) {
  EXPECT_EQ(type_from_filename("a.pdf"), "application/pdf");
  EXPECT_EQ(type_from_filename("A.PDF"), "application/pdf");
  EXPECT_EQ(type_from_filename("a.txt"), "text/plain");
  EXPECT_EQ(type_from_filename("a.csv"), "text/csv");
  EXPECT_EQ(type_from_filename("a.zip"), "application/zip");
  EXPECT_EQ(type_from_filename("a.ics"), "text/calendar");
  EXPECT_EQ(type_from_filename("a.tar.gz"), "application/x-tar");
  EXPECT_EQ(type_from_filename("a.tgz"), "application/x-tar");
  EXPECT_FALSE(type_from_filename("a.gz"));
  EXPECT_FALSE(type_from_filename("a.weirdext"));
  EXPECT_FALSE(type_from_filename("noextension"));
}

TEST(ContentType, SniffsTheFiveImageFormats) {
  using namespace std::string_literals;
  EXPECT_EQ(sniff_image("\x89PNG\r\n\x1a\nxx"s)->extension, ".png");
  EXPECT_EQ(sniff_image("\xff\xd8\xff\xe0"s)->content_type, "image/jpeg");
  EXPECT_EQ(sniff_image("GIF89a..")->content_type, "image/gif");
  EXPECT_EQ(sniff_image("RIFF\x10\0\0\0WEBPVP8 "s)->content_type, "image/webp");
  EXPECT_EQ(sniff_image("  \n<SVG xmlns=...>")->content_type, "image/svg+xml");
  EXPECT_FALSE(sniff_image("hello"));
}

// internal - is_internal_address of a textual IPv4 or IPv6 address.
bool internal(const char* text) {
  sockaddr_in6 v6{};
  sockaddr_in v4{};
  if (inet_pton(AF_INET, text, &v4.sin_addr) == 1) {
    v4.sin_family = AF_INET;
    return is_internal_address(reinterpret_cast<sockaddr*>(&v4));
  }
  EXPECT_EQ(inet_pton(AF_INET6, text, &v6.sin6_addr), 1) << text;
  v6.sin6_family = AF_INET6;
  return is_internal_address(reinterpret_cast<sockaddr*>(&v6));
}

TEST(Guard, InternalAddressesAreRecognised) {
  for (const char* ip :
       {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "::", "fe80::1", "fc00::1",
        "fd12::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
        "64:ff9b::a9fe:a9fe"}) {
    EXPECT_TRUE(internal(ip)) << ip;
  }
}

TEST(Guard, PublicAddressesPass) {
  for (const char* ip : {"8.8.8.8", "93.184.216.34", "172.32.0.1",
                         "2001:4860:4860::8888", "::ffff:8.8.8.8"}) {
    EXPECT_FALSE(internal(ip)) << ip;
  }
}

}  // namespace
}  // namespace tattler::compose
