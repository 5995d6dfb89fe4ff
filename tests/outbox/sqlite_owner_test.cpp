// sqlite_owner_test.cpp - one server owns a SQLite outbox: a second one is
// refused, and the owner sends at once what a dead owner left mid-send.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "outbox/store.hpp"
#include "store_fixture.hpp"

namespace tattler::outbox::testing {
namespace {

using std::chrono::minutes;

// owner_options - a SQLite outbox in a fresh folder of backend.
OutboxOptions owner_options(SqliteBackend& backend) {
  OutboxOptions options;
  std::string why;
  EXPECT_TRUE(backend.configure(options, &why)) << why;
  return options;
}

// job - a queued e-mail job with id.
Job job(const std::string& id) {
  Job j;
  j.id = id;
  j.correlation_id = "tattler:" + id;
  j.message.vector = "email";
  j.message.sender = "from@example.org";
  j.message.recipients = {"to@example.org"};
  j.message.message_id = id + "@example.org";
  j.message.data = "Subject: x\r\n\r\nbody\r\n";
  return j;
}

TEST(SqliteOwner, ASecondStoreOnTheSameFolderIsRefusedWithTheReason) {
  SqliteBackend backend;
  OutboxOptions options = owner_options(backend);
  auto first = OpenStore(options);
  ASSERT_TRUE(first.ok()) << first.error();

  auto second = OpenStore(options);

  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.error().find("in use by another tattler_server (pid "),
            std::string::npos)
      << second.error();
  EXPECT_NE(second.error().find("TATTLER_QUEUE_DIR"), std::string::npos);
}

TEST(SqliteOwner, TheFolderIsFreeAgainOnceTheOwnerClosed) {
  SqliteBackend backend;
  OutboxOptions options = owner_options(backend);
  { ASSERT_TRUE(OpenStore(options).ok()); }

  auto again = OpenStore(options);

  EXPECT_TRUE(again.ok()) << (again.ok() ? "" : again.error());
}

TEST(SqliteOwner, JobsLeftMidSendAreDueAtOnceForTheNextOwner) {
  SqliteBackend backend;
  OutboxOptions options = owner_options(backend);
  {
    auto store = OpenStore(options);
    ASSERT_TRUE(store.ok()) << store.error();
    ASSERT_TRUE((*store)->enqueue({job("email:left")}).ok());
    ASSERT_EQ((*store)->claim("gone/0", 1, minutes(60))->size(), 1u);
  }

  auto next = OpenStore(options);
  ASSERT_TRUE(next.ok()) << next.error();
  auto claimed = (*next)->claim("next/0", 1, minutes(1));

  ASSERT_TRUE(claimed.ok()) << claimed.error();
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ(claimed->front().id, "email:left");
}

}  // namespace
}  // namespace tattler::outbox::testing
