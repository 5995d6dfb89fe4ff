// shared_queue_test.cpp - two servers' worker pools on one PostgreSQL
// outbox deliver every job exactly once.
//
// Each "server" is its own Store (own connections, own LISTEN) and its own
// DeliveryWorkers, as two tattler_server processes would have. Jobs are
// enqueued through both; a counting transport shared by the two pools sees
// each message exactly once.
//
// Limits: the two pools live in one process; the kill-one-server case is
// an integration test of the lead's.
#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <thread>

#include "delivery/delivery_workers.hpp"
#include "pg_instance.hpp"
#include "scripted_transport.hpp"

namespace tattler::outbox::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// MakeJob - a deliverable email job.
Job MakeJob(const std::string& id) {
  Job job;
  job.id = id;
  job.correlation_id = "tattler:" + id;
  job.scope = "s";
  job.event = "e";
  job.message.vector = "email";
  job.message.recipients = {"a@example.com"};
  job.message.message_id = id;
  job.message.data = "x";
  return job;
}

TEST(SharedQueueTest, TwoWorkerPoolsOnOnePostgresDeliverEachJobOnce) {
  std::string why;
  auto* pg = tattler::testing::SharedPg(&why);
  if (pg == nullptr) GTEST_SKIP() << "no PostgreSQL: " << why;
  OutboxOptions options;
  options.queue_url = pg->create_database("shared_queue");
  ASSERT_FALSE(options.queue_url.empty());
  options.delivery_workers = 4;
  options.claim_batch = 3;
  options.idle_poll = milliseconds(100);
  auto a = OpenStore(options);
  auto b = OpenStore(options);
  ASSERT_TRUE(a.ok() && b.ok());
  ScriptedTransport transport;
  delivery::DeliveryWorkers pool_a(**a, transport, options, "server-a");
  delivery::DeliveryWorkers pool_b(**b, transport, options, "server-b");
  pool_a.start();
  pool_b.start();

  constexpr int kJobs = 400;
  for (int i = 0; i < kJobs; i += 4) {
    Store& via = (i / 4) % 2 == 0 ? **a : **b;
    std::vector<Job> jobs;
    for (int k = 0; k < 4; ++k) {
      jobs.push_back(MakeJob("email:" + std::to_string(i + k)));
    }
    ASSERT_TRUE(via.enqueue(jobs).ok());
  }
  const auto deadline = std::chrono::steady_clock::now() + seconds(60);
  while (transport.total() < kJobs &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(20));
  }
  pool_a.stop();
  pool_b.stop();

  EXPECT_EQ(transport.total(), kJobs);
  EXPECT_EQ(transport.sends().size(), static_cast<size_t>(kJobs));
  for (const auto& [id, n] : transport.sends()) EXPECT_EQ(n, 1) << id;
  EXPECT_EQ((*a)->stats()->jobs_by_state[State::kDelivered], kJobs);
  using Kind = delivery::Outcome::Kind;
  EXPECT_GT(pool_a.attempts(Kind::kDelivered), 0);
  EXPECT_GT(pool_b.attempts(Kind::kDelivered), 0);
}

TEST(SharedQueueTest, EnqueueOnOneServerWakesTheOthers) {
  std::string why;
  auto* pg = tattler::testing::SharedPg(&why);
  if (pg == nullptr) GTEST_SKIP() << "no PostgreSQL: " << why;
  OutboxOptions options;
  options.queue_url = pg->create_database("shared_wakeup");
  auto a = OpenStore(options);
  auto b = OpenStore(options);
  ASSERT_TRUE(a.ok() && b.ok());
  auto woken = std::make_shared<std::promise<void>>();
  auto once = std::make_shared<std::once_flag>();
  (*b)->set_wakeup(
      [woken, once] { std::call_once(*once, [&] { woken->set_value(); }); });

  ASSERT_TRUE((*a)->enqueue({MakeJob("email:wake")}).ok());

  EXPECT_EQ(woken->get_future().wait_for(seconds(20)),
            std::future_status::ready);
}

TEST(SharedQueueTest, StoreWorksAgainAfterTheDatabaseRestarts) {
  std::string why;
  auto* pg = tattler::testing::SharedPg(&why);
  if (pg == nullptr) GTEST_SKIP() << "no PostgreSQL: " << why;
  OutboxOptions options;
  options.queue_url = pg->create_database("shared_restart");
  auto store = OpenStore(options);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->enqueue({MakeJob("email:before")}).ok());

  ASSERT_TRUE(pg->restart());
  Status after = (*store)->enqueue({MakeJob("email:after")});

  EXPECT_TRUE(after.ok()) << after.message();
  auto before = (*store)->get("email:before");
  ASSERT_TRUE(before.ok()) << before.error();
  EXPECT_TRUE(before->has_value());
  EXPECT_EQ((*store)->claim("w", 10, seconds(60))->size(), 2u);
}

}  // namespace
}  // namespace tattler::outbox::testing
