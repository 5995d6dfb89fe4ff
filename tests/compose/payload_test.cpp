// payload_test.cpp - priority, auto-text, SMS and chat payloads.
//
// Limits: payloads are checked as JSON, not sent to any gateway.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "compose/auto_text.hpp"
#include "compose/chat.hpp"
#include "compose/priority.hpp"
#include "compose/sms.hpp"

namespace tattler::compose {
namespace {

using Json = nlohmann::ordered_json;

TEST(Priority, AcceptsOneToFiveAndTrue) {
  EXPECT_EQ(*parse_priority("1"), 1);
  EXPECT_EQ(*parse_priority(" 5\n"), 5);
  EXPECT_EQ(*parse_priority("true"), 1);
  EXPECT_EQ(*parse_priority("False"), 3);
}

TEST(Priority, RefusesOthersWithTattlersMessage) {
  EXPECT_EQ(parse_priority("6").error(),
            "Invalid priority '6', values are { None, [1, 2, 3, 4, 5] }, 1 "
            "highest.");
  EXPECT_FALSE(parse_priority("").ok());
  EXPECT_FALSE(parse_priority("1.0").ok());
  EXPECT_FALSE(parse_priority("high").ok());
}

TEST(AutoText, LinksShowTheirUrl) {
  EXPECT_EQ(html_to_text("<p>See <a href=\"https://x.org/a\">the docs</a>."
                         "</p>"),
            "See the docs (https://x.org/a).\n");
  EXPECT_EQ(html_to_text("<a href=\"https://x.org\">https://x.org</a>"),
            "https://x.org\n");
}

TEST(AutoText, ListsGetMarkers) {
  EXPECT_EQ(html_to_text("<ul><li>one</li><li>two</li></ul>"
                         "<ol><li>first</li><li>second</li></ol>"),
            "- one\n- two\n\n1. first\n2. second\n");
}

TEST(AutoText, TableRowsAreLinesWithCellSeparators) {
  EXPECT_EQ(html_to_text("<table><tr><th>Item</th><th>Price</th></tr>"
                         "<tr><td>Tea</td><td>3 &euro;</td></tr></table>"),
            "Item | Price\nTea | 3 €\n");
}

TEST(AutoText, LayoutTableCellsWithBlocksDoNotStartLinesWithSeparators) {
  EXPECT_EQ(html_to_text("<table><tr><td><p>left</p></td><td><p>right</p>"
                         "</td></tr></table>"),
            "left\n\nright\n");
}

TEST(AutoText, HeadStyleScriptAreDroppedEntitiesDecoded) {
  EXPECT_EQ(html_to_text("<html><head><title>T</title><style>p{}</style>"
                         "</head><body><h1>Hi &amp; welcome</h1>"
                         "<script>x()</script><p>a&nbsp;b&#33;</p>"
                         "</body></html>"),
            "Hi & welcome\n\na b!\n");
}

TEST(AutoText, BlanksCollapseAndBreaksAreKept) {
  EXPECT_EQ(html_to_text("<p>a\n   b<br>c</p>"), "a b\nc\n");
}

TEST(SmsSender, LongestPrefixAsTattler) {
  std::string conf = "+12345678,+41234567,+41987654311";
  EXPECT_EQ(choose_sms_sender(conf, "+1674590832"), "+12345678");
  EXPECT_EQ(choose_sms_sender(conf, "+34569871"), "+12345678");
  EXPECT_EQ(choose_sms_sender(conf, "+432145"), "+41234567");
  EXPECT_EQ(choose_sms_sender(conf, "+4191"), "+41987654311");
  EXPECT_EQ(choose_sms_sender(conf, "+41432"), "+41234567");
  EXPECT_EQ(choose_sms_sender("+41000000,+1555000", "+33123"), "+41000000");
  EXPECT_EQ(choose_sms_sender("+1,+44", "+41777"), "+44");
}

TEST(SmsSender, EntriesAreTrimmed) {
  EXPECT_EQ(choose_sms_sender(" +41000000 , +1555000 ", "+15550001234"),
            "+1555000");
  EXPECT_EQ(choose_sms_sender("", "+15550001234"), "");
}

TEST(Sms, RequestHasBulkSmsShapeAndKeyOrder) {
  auto m = build_sms("Hi user sms", "", {"+41791234567"});

  ASSERT_TRUE(m.ok()) << m.error();
  EXPECT_EQ(
      m->data,
      R"({"to":["+41791234567"],"encoding":"TEXT","body":"Hi user sms"})");
  EXPECT_EQ(m->vector, "sms");
}

TEST(Sms, SenderGroupsBecomeAnArray) {
  auto m =
      build_sms("x", "+41000000,+1555000", {"+41791112233", "+15550001234"});

  ASSERT_TRUE(m.ok());
  Json payload = Json::parse(m->data);
  ASSERT_TRUE(payload.is_array());
  EXPECT_EQ(payload[0]["from"], "+41000000");
  EXPECT_EQ(payload[1]["from"], "+1555000");
  EXPECT_EQ(m->sender, "+41000000");
}

TEST(Sms, GsmExtensionCharactersForceUnicode) {
  EXPECT_EQ(sms_encoding("Grüße àè @£$"), "TEXT");
  EXPECT_EQ(sms_encoding("a [b]"), "UNICODE");
  EXPECT_EQ(sms_encoding("price €"), "UNICODE");
  EXPECT_EQ(sms_encoding("Україна"), "UNICODE");
}

TEST(Sms, NumbersAreNormalizedAsBulkSmsDoes) {
  EXPECT_EQ(normalize_sms_number("001 (232) 892-120 0123"), "+12328921200123");
  EXPECT_EQ(normalize_sms_number(" Acme "), "Acme");
}

TEST(Telegram, OneSendMessagePerChat) {
  auto m = build_telegram("<b>hi</b>", {"123", "456"});

  ASSERT_TRUE(m.ok());
  Json payload = Json::parse(m->data);
  ASSERT_EQ(payload.size(), 2u);
  EXPECT_EQ(payload[1]["chat_id"], "456");
  EXPECT_EQ(payload[0]["parse_mode"], "HTML");
  EXPECT_FALSE(build_telegram(std::string(4097, 'a'), {"1"}).ok());
}

TEST(Whatsapp, TextAndTemplateMessages) {
  auto text = build_whatsapp("hello", {"+41791234567"});
  auto tmpl = build_whatsapp(":template:welcome", {"+41791234567"});

  ASSERT_TRUE(text.ok());
  ASSERT_TRUE(tmpl.ok());
  EXPECT_EQ(Json::parse(text->data)[0]["text"]["body"], "hello");
  EXPECT_EQ(Json::parse(tmpl->data)[0]["template"]["name"], "welcome");
  EXPECT_FALSE(build_whatsapp(std::string(1025, 'a'), {"1"}).ok());
}

}  // namespace
}  // namespace tattler::compose
