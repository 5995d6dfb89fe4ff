// validate_test.cpp - recipient checks per vector.
//
// Limits: non-ASCII addresses are not covered.
#include "recipients/validate.hpp"

#include <gtest/gtest.h>

namespace tattler::recipients {
namespace {

TEST(ValidateRecipient, EmailIsLowerCased) {
  Result<std::string> r = validate_recipient("email", "John.Doe@Example.COM");

  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "john.doe@example.com");
}

TEST(ValidateRecipient, EmailAtLocalhostIsAccepted) {
  EXPECT_TRUE(validate_recipient("email", "root@localhost").ok());
}

TEST(ValidateRecipient, MalformedEmailGetsTattlersMessage) {
  Result<std::string> r = validate_recipient("email", "Foo");

  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(),
            "Invalid email recipient(s) '['Foo']': Invalid recipient foo: "
            "Accepted e-mail address format is "
            "'[^\\s@]+@([a-z0-9_-]+\\.)*([a-z0-9_-]+)'..");
}

TEST(ValidateRecipient, EmailWithTrailingJunkOrLineBreakIsRejected) {
  EXPECT_FALSE(validate_recipient("email", "a@b.com>, c@d.com").ok());
  EXPECT_FALSE(validate_recipient("email", "a@b.com\r\nBcc: c@d.com").ok());
  EXPECT_FALSE(validate_recipient("email", "a@@b.com").ok());
}

TEST(ValidateRecipient, SmsDoubleZeroBecomesPlus) {
  EXPECT_EQ(*validate_recipient("sms", "0041791234567"), "+41791234567");
  EXPECT_EQ(*validate_recipient("sms", "+41791234567"), "+41791234567");
}

TEST(ValidateRecipient, MalformedSmsGetsTattlersMessage) {
  Result<std::string> r = validate_recipient("sms", "0791234567");

  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(),
            "Invalid sms recipient(s) '['0791234567']': Recipient must be in "
            "International Calling format '+19876543210' or '001987654321', "
            "not '0791234567'..");
}

TEST(ValidateRecipient, SmsWithLineBreakIsRejected) {
  EXPECT_FALSE(validate_recipient("sms", "+4179\n123").ok());
}

TEST(ValidateRecipient, WhatsappFollowsTheSmsRule) {
  EXPECT_EQ(*validate_recipient("whatsapp", "0041791234567"), "+41791234567");
  EXPECT_FALSE(validate_recipient("whatsapp", "abc").ok());
}

TEST(ValidateRecipient, TelegramTakesAChatId) {
  EXPECT_EQ(*validate_recipient("telegram", "5689234578"), "5689234578");
  EXPECT_FALSE(validate_recipient("telegram", "").ok());
  EXPECT_FALSE(validate_recipient("telegram", "56 89").ok());
}

TEST(ValidateRecipient, UnknownVectorIsAnError) {
  EXPECT_FALSE(validate_recipient("fax", "123").ok());
}

}  // namespace
}  // namespace tattler::recipients
