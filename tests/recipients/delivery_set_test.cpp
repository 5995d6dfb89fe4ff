// delivery_set_test.cpp - recipients per mode and the blacklist.
//
// Limits: none beyond delivery_set.hpp.
#include "recipients/delivery_set.hpp"

#include <gtest/gtest.h>

namespace tattler::recipients {
namespace {

using Names = std::vector<std::string>;

TEST(DeliverySet, ProductionSendsToTheRealRecipient) {
  DeliverySet set =
      delivery_set("email", "u@x.org", "production", std::string("dbg@x.org"),
                   std::string("sup@x.org"), nullptr);

  EXPECT_EQ(set.recipients, Names{"u@x.org"});
  EXPECT_EQ(set.skipped_reason, "");
}

TEST(DeliverySet, DebugSendsOnlyToTheDebugRecipient) {
  DeliverySet set =
      delivery_set("email", "u@x.org", "debug", std::string("Dbg@X.org"),
                   std::nullopt, nullptr);

  EXPECT_EQ(set.recipients, Names{"Dbg@X.org"});
}

TEST(DeliverySet, DebugWithoutDebugRecipientSaysNothingWasSent) {
  DeliverySet set = delivery_set("sms", "+41791234567", "debug",
                                 std::string(""), std::nullopt, nullptr);

  EXPECT_TRUE(set.recipients.empty());
  EXPECT_EQ(set.skipped_reason,
            "mode=debug but no TATTLER_DEBUG_RECIPIENT_SMS variable set");
}

TEST(DeliverySet, StagingAddsTheSupervisor) {
  DeliverySet set = delivery_set("email", "u@x.org", "staging", std::nullopt,
                                 std::string("sup@x.org"), nullptr);

  EXPECT_EQ(set.recipients, (Names{"u@x.org", "sup@x.org"}));
}

TEST(DeliverySet, StagingWithoutSupervisorWarnsAndSendsToRecipient) {
  DeliverySet set = delivery_set("email", "u@x.org", "staging", std::nullopt,
                                 std::nullopt, nullptr);

  EXPECT_EQ(set.recipients, Names{"u@x.org"});
  EXPECT_NE(set.warning.find("TATTLER_SUPERVISOR_RECIPIENT_EMAIL"),
            std::string::npos);
}

TEST(DeliverySet, SupervisorEqualToRecipientIsNotRepeated) {
  DeliverySet set = delivery_set("email", "u@x.org", "staging", std::nullopt,
                                 std::string("U@X.org"), nullptr);

  EXPECT_EQ(set.recipients, Names{"u@x.org"});
}

TEST(DeliverySet, BlacklistedSoleRecipientStopsEverything) {
  Blacklist list = Blacklist::parse("U@x.org\n");

  DeliverySet set = delivery_set("email", "u@x.org", "staging", std::nullopt,
                                 std::string("sup@x.org"), &list);

  EXPECT_TRUE(set.recipients.empty());
  EXPECT_NE(set.skipped_reason.find("blacklisted"), std::string::npos);
}

TEST(DeliverySet, BlacklistedSupervisorIsDropped) {
  Blacklist list = Blacklist::parse("sup@x.org\n");

  DeliverySet set = delivery_set("email", "u@x.org", "staging", std::nullopt,
                                 std::string("sup@x.org"), &list);

  EXPECT_EQ(set.recipients, Names{"u@x.org"});
  EXPECT_EQ(set.skipped_reason, "");
}

TEST(DeliverySet, BlacklistedDebugRecipientLeavesNothing) {
  Blacklist list = Blacklist::parse("dbg@x.org\n");

  DeliverySet set = delivery_set("email", "u@x.org", "debug",
                                 std::string("dbg@x.org"), std::nullopt, &list);

  EXPECT_TRUE(set.recipients.empty());
  EXPECT_NE(set.skipped_reason, "");
}

TEST(DeliverySet, BlacklistAppliesToSms) {
  Blacklist list = Blacklist::parse("+12345678\n");

  DeliverySet set = delivery_set("sms", "+12345678", "production", std::nullopt,
                                 std::nullopt, &list);

  EXPECT_TRUE(set.recipients.empty());
  EXPECT_EQ(set.skipped_reason,
            "the only recipient '+12345678' is blacklisted");
}

}  // namespace
}  // namespace tattler::recipients
