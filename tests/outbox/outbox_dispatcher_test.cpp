// outbox_dispatcher_test.cpp - the outbox-backed Dispatcher and its worker
// pool on a real SQLite file.
//
// Limits: real time, bounded: every wait has a deadline of seconds and
// nothing asserts speed.
#include "delivery/outbox_dispatcher.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "delivery/outbox_service.hpp"
#include "scripted_transport.hpp"

namespace tattler::outbox::testing {
namespace {

using delivery::Job;
using delivery::JobResult;
using delivery::Wait;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr auto kBound = seconds(20);

class OutboxDispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/tattler-dispatch-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    options_.queue_dir = dir_;
    options_.retry_first_delay = hours(1);  // no retry inside a test
    options_.delivery_workers = 3;
    options_.idle_poll = milliseconds(50);
    auto store = OpenStore(options_);
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(*store);
  }

  void TearDown() override {
    dispatcher_.reset();
    workers_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // start - workers and dispatcher; run_workers false leaves jobs queued.
  void start(bool run_workers) {
    workers_ = std::make_unique<delivery::DeliveryWorkers>(*store_, transport_,
                                                           options_, "test");
    dispatcher_ = std::make_unique<delivery::OutboxDispatcher>(
        *store_, *workers_, options_);
    if (run_workers) workers_->start();
  }

  // MakeJob - an email job to `to`.
  static Job MakeJob(const std::string& id, const std::string& to) {
    Job job;
    job.id = id;
    job.correlation_id = "tattler:" + id;
    job.scope = "s";
    job.event = "e";
    job.message.vector = "email";
    job.message.sender = "from@example.com";
    job.message.recipients = {to};
    job.message.message_id = id;
    job.message.data = "Subject: x\r\n\r\nx\r\n";
    return job;
  }

  // submit - submit and wait (bounded) for done.
  std::vector<JobResult> submit(std::vector<Job> jobs, Wait wait) {
    auto promise = std::make_shared<std::promise<std::vector<JobResult>>>();
    auto future = promise->get_future();
    dispatcher_->submit(std::move(jobs), wait,
                        [promise](std::vector<JobResult> r) {
                          promise->set_value(std::move(r));
                        });
    if (future.wait_for(kBound) != std::future_status::ready) {
      ADD_FAILURE() << "done was not called";
      return {};
    }
    return future.get();
  }

  // record_lease_owners - note each job's lease owner as its send begins.
  void record_lease_owners() {
    transport_.on_send = [this](const compose::Message& m) {
      auto job = store_->get(m.message_id);
      std::lock_guard lock(owners_mutex_);
      owners_[m.message_id] = job.ok() && *job ? (**job).lease_owner : "?";
    };
  }

  // owner_of - the lease owner recorded for a job's send.
  std::string owner_of(const std::string& id) {
    std::lock_guard lock(owners_mutex_);
    return owners_[id];
  }

  std::string dir_;
  OutboxOptions options_;
  std::mutex owners_mutex_;
  std::map<std::string, std::string> owners_;
  std::unique_ptr<Store> store_;
  ScriptedTransport transport_;
  std::unique_ptr<delivery::DeliveryWorkers> workers_;
  std::unique_ptr<delivery::OutboxDispatcher> dispatcher_;
};

TEST_F(OutboxDispatcherTest, StoredAnswerComesAtOnceWithEveryJobQueued) {
  start(false);

  auto results = submit({MakeJob("email:1", "a@x"), MakeJob("sms:2", "b@x")},
                        Wait::kStored);

  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].id, "email:1");
  EXPECT_TRUE(results[0].queued);
  EXPECT_EQ(results[0].outcome.detail, "queued");
  EXPECT_EQ((**store_->get("sms:2")).state, State::kQueued);
}

TEST_F(OutboxDispatcherTest, FirstAttemptAnswerReportsEachOutcomeInOrder) {
  start(true);

  auto results =
      submit({MakeJob("email:ok", "a@x"), MakeJob("email:temp", "temp@x"),
              MakeJob("email:perm", "perm@x")},
             Wait::kFirstAttempt);

  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].id, "email:ok");
  EXPECT_TRUE(results[0].outcome.delivered());
  EXPECT_FALSE(results[0].queued);
  EXPECT_EQ(results[1].id, "email:temp");
  EXPECT_TRUE(results[1].outcome.temporary());
  EXPECT_TRUE(results[1].queued);
  EXPECT_EQ(results[1].outcome.detail, "421 4.3.0 try again later");
  EXPECT_EQ(results[2].outcome.kind,
            delivery::Outcome::Kind::kPermanentFailure);
  EXPECT_FALSE(results[2].queued);
  auto temp = **store_->get("email:temp");
  EXPECT_EQ(temp.state, State::kQueued);
  EXPECT_EQ(temp.attempts, 1);
  EXPECT_EQ((**store_->get("email:perm")).state, State::kFailed);
  EXPECT_EQ((**store_->get("email:ok")).state, State::kDelivered);
}

TEST_F(OutboxDispatcherTest, JobsAWorkerHasRoomForAreSentBeforeTheyAreStored) {
  record_lease_owners();
  start(true);

  auto results = submit({MakeJob("email:h1", "a@x"), MakeJob("sms:h2", "temp@x")},
                        Wait::kFirstAttempt);

  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0].outcome.delivered());
  EXPECT_TRUE(results[1].queued);
  // Not in the store while sent; stored with the attempt before the answer.
  EXPECT_EQ(owner_of("email:h1"), "?");
  EXPECT_EQ(owner_of("sms:h2"), "?");
  auto h1 = **store_->get("email:h1");
  EXPECT_EQ(h1.state, State::kDelivered);
  EXPECT_EQ(h1.attempts, 1);
  ASSERT_EQ(h1.history.size(), 1u);
  EXPECT_EQ(h1.history[0].kind, AttemptKind::kDelivered);
  auto h2 = **store_->get("sms:h2");
  EXPECT_EQ(h2.state, State::kQueued);
  EXPECT_EQ(h2.last_detail, "421 4.3.0 try again later");
}

TEST_F(OutboxDispatcherTest, StoredAnswerHandsJobsOverLeased) {
  record_lease_owners();
  start(true);

  submit({MakeJob("email:h3", "a@x")}, Wait::kStored);
  const auto deadline = std::chrono::steady_clock::now() + kBound;
  while (transport_.total() < 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(10));
  }

  EXPECT_EQ(owner_of("email:h3"), "test/direct");
}

TEST_F(OutboxDispatcherTest, MoreJobsThanTheLocalQueueHoldsAreClaimedInstead) {
  record_lease_owners();
  start(true);
  std::vector<Job> jobs;
  // 3 workers: no room for all at once in the local queue.
  const size_t n = 3 * delivery::DeliveryWorkers::kDirectPerWorker + 2;
  for (size_t i = 0; i < n; ++i) {
    jobs.push_back(MakeJob("email:c" + std::to_string(i), "a@x"));
  }

  auto results = submit(std::move(jobs), Wait::kFirstAttempt);

  ASSERT_EQ(results.size(), n);
  for (const auto& r : results) {
    EXPECT_TRUE(r.outcome.delivered()) << r.id;
    EXPECT_EQ(owner_of(r.id).rfind("test/", 0), 0u) << r.id;
    EXPECT_NE(owner_of(r.id), "test/direct") << r.id;
  }
}

TEST_F(OutboxDispatcherTest, AnswerTimeoutReportsJobsStillQueued) {
  options_.answer_timeout = milliseconds(200);
  start(false);

  auto results = submit({MakeJob("email:slow", "a@x")}, Wait::kFirstAttempt);

  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(results[0].queued);
  EXPECT_EQ((**store_->get("email:slow")).state, State::kQueued);
}

TEST_F(OutboxDispatcherTest, EveryStoredJobIsDeliveredExactlyOnce) {
  start(true);
  std::vector<Job> jobs;
  for (int i = 0; i < 100; ++i) {
    jobs.push_back(MakeJob("email:n" + std::to_string(i), "a@x"));
  }

  submit(std::move(jobs), Wait::kStored);
  const auto deadline = std::chrono::steady_clock::now() + kBound;
  while (transport_.total() < 100 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  workers_->stop();

  EXPECT_EQ(transport_.total(), 100);
  for (const auto& [id, n] : transport_.sends()) EXPECT_EQ(n, 1) << id;
  EXPECT_EQ(store_->stats()->jobs_by_state[State::kDelivered], 100);
  EXPECT_EQ(workers_->attempts(delivery::Outcome::Kind::kDelivered), 100);
}

TEST_F(OutboxDispatcherTest,
       ShortRetentionPurgesFinishedJobsWithoutWaitingTheInterval) {
  options_.retention = milliseconds(100);
  options_.purge_interval = hours(1);
  store_.reset();  // the store purges by its own copy of the retention
  auto store = OpenStore(options_);
  ASSERT_TRUE(store.ok()) << store.error();
  store_ = std::move(store.value());
  start(true);

  submit({MakeJob("email:done", "a@x"), MakeJob("email:perm", "perm@x")},
         Wait::kFirstAttempt);
  const auto deadline = std::chrono::steady_clock::now() + kBound;
  while (store_->stats()->jobs_by_state[State::kDelivered] +
                 store_->stats()->jobs_by_state[State::kFailed] >
             0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(20));
  }

  EXPECT_FALSE(store_->get("email:done")->has_value());
  EXPECT_FALSE(store_->get("email:perm")->has_value());
}

// SlowTransport - delivers everything, each send taking `delay`, and counts
// sends per message id.
class SlowTransport : public delivery::Transport {
 public:
  explicit SlowTransport(milliseconds delay) : delay_(delay) {}

  delivery::Outcome send(const compose::Message& message) override {
    std::this_thread::sleep_for(delay_);
    std::lock_guard lock(mutex_);
    ++sends_[message.message_id];
    return delivery::Outcome::Delivered();
  }

  std::map<std::string, int> sends() {
    std::lock_guard lock(mutex_);
    return sends_;
  }

 private:
  const milliseconds delay_;
  std::mutex mutex_;
  std::map<std::string, int> sends_;
};

TEST_F(OutboxDispatcherTest, BatchLongerThanTheLeaseIsStillSentOnce) {
  // Eight sends of 100 ms in one claimed batch outlast a 600 ms lease; each
  // send alone fits in half of it.
  options_.lease = milliseconds(600);
  options_.delivery_workers = 2;
  options_.claim_batch = 8;
  SlowTransport slow(milliseconds(100));
  delivery::DeliveryWorkers workers(*store_, slow, options_, "slow");
  std::vector<outbox::Job> jobs;
  for (int i = 0; i < 8; ++i) {
    Job made = MakeJob("email:b" + std::to_string(i), "a@x");
    outbox::Job job;
    job.id = made.id;
    job.correlation_id = made.correlation_id;
    job.message = made.message;
    jobs.push_back(std::move(job));
  }

  ASSERT_TRUE(store_->enqueue(jobs).ok());
  workers.start();
  const auto deadline = std::chrono::steady_clock::now() + kBound;
  while (store_->stats()->jobs_by_state[State::kDelivered] < 8 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(20));
  }
  workers.stop();

  EXPECT_EQ(store_->stats()->jobs_by_state[State::kDelivered], 8);
  EXPECT_EQ(slow.sends().size(), 8u);
  for (const auto& [id, n] : slow.sends()) EXPECT_EQ(n, 1) << id;
}

// GatedTransport - delivers everything; sends of the ids in `held` wait
// until open() (bounded), and started() tells when such a send began.
class GatedTransport : public delivery::Transport {
 public:
  explicit GatedTransport(std::set<std::string> held) : held_(std::move(held)) {}

  delivery::Outcome send(const compose::Message& message) override {
    std::unique_lock lock(mutex_);
    ++sends_[message.message_id];
    if (held_.count(message.message_id) > 0) {
      ++started_;
      cv_.notify_all();
      cv_.wait_for(lock, kBound, [&] { return open_; });
    }
    return delivery::Outcome::Delivered();
  }

  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    cv_.notify_all();
  }

  // wait_started - until n held sends began (bounded).
  bool wait_started(int n) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, kBound, [&] { return started_ >= n; });
  }

  int sends(const std::string& id) {
    std::lock_guard lock(mutex_);
    return sends_[id];
  }

 private:
  const std::set<std::string> held_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool open_ = false;
  int started_ = 0;
  std::map<std::string, int> sends_;
};

TEST_F(OutboxDispatcherTest, DeadlineStoresAJobStillBeingSentAsSending) {
  options_.answer_timeout = milliseconds(200);
  GatedTransport gated({"email:slow"});
  delivery::DeliveryWorkers workers(*store_, gated, options_, "gate");
  delivery::OutboxDispatcher dispatcher(*store_, workers, options_);
  workers.start();
  std::promise<std::vector<JobResult>> answered;

  // fast first: sent before slow even when one worker takes both.
  dispatcher.submit({MakeJob("email:fast", "a@x"), MakeJob("email:slow", "a@x")},
                    Wait::kFirstAttempt, [&](std::vector<JobResult> r) {
                      answered.set_value(std::move(r));
                    });
  auto future = answered.get_future();
  ASSERT_EQ(future.wait_for(kBound), std::future_status::ready);
  auto results = future.get();

  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0].outcome.delivered());
  EXPECT_FALSE(results[0].queued);
  EXPECT_TRUE(results[1].queued);
  auto slow = **store_->get("email:slow");
  EXPECT_EQ(slow.state, State::kSending);
  EXPECT_EQ(slow.lease_owner, "gate/direct");
  EXPECT_EQ((**store_->get("email:fast")).state, State::kDelivered);

  // The send ends after the answer: recorded as for a claimed job.
  gated.open();
  const auto deadline = std::chrono::steady_clock::now() + kBound;
  while ((**store_->get("email:slow")).state == State::kSending &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  slow = **store_->get("email:slow");
  EXPECT_EQ(slow.state, State::kDelivered);
  EXPECT_EQ(slow.attempts, 1);
  EXPECT_EQ(gated.sends("email:slow"), 1);
  workers.stop();
}

TEST_F(OutboxDispatcherTest, JobsSentFirstButNotStartedAtStopAreStoredQueued) {
  options_.delivery_workers = 1;
  GatedTransport gated({"email:busy"});
  delivery::DeliveryWorkers workers(*store_, gated, options_, "gate");
  delivery::OutboxDispatcher dispatcher(*store_, workers, options_);
  workers.start();
  std::promise<std::vector<JobResult>> first, second;

  dispatcher.submit({MakeJob("email:busy", "a@x")}, Wait::kFirstAttempt,
                    [&](std::vector<JobResult> r) { first.set_value(r); });
  ASSERT_TRUE(gated.wait_started(1));
  dispatcher.submit({MakeJob("email:next", "a@x")}, Wait::kFirstAttempt,
                    [&](std::vector<JobResult> r) { second.set_value(r); });
  std::thread opener([&] {
    std::this_thread::sleep_for(milliseconds(100));
    gated.open();
  });
  workers.stop();
  opener.join();

  auto f1 = first.get_future();
  auto f2 = second.get_future();
  ASSERT_EQ(f1.wait_for(kBound), std::future_status::ready);
  ASSERT_EQ(f2.wait_for(kBound), std::future_status::ready);
  EXPECT_TRUE(f1.get()[0].outcome.delivered());
  auto next = f2.get();
  ASSERT_EQ(next.size(), 1u);
  EXPECT_TRUE(next[0].queued);
  EXPECT_EQ(gated.sends("email:next"), 0);
  auto stored = **store_->get("email:next");
  EXPECT_EQ(stored.state, State::kQueued);
  EXPECT_EQ(stored.attempts, 0);
}

TEST_F(OutboxDispatcherTest, AJobQueuedBehindAStuckSendIsTakenByAnotherWorker) {
  options_.idle_poll = hours(1);  // only the standby check can find it
  GatedTransport gated({"email:stuck"});
  delivery::DeliveryWorkers workers(*store_, gated, options_, "gate");
  delivery::OutboxDispatcher dispatcher(*store_, workers, options_);
  workers.start();
  std::promise<std::vector<JobResult>> first, second;

  dispatcher.submit({MakeJob("email:stuck", "a@x")}, Wait::kFirstAttempt,
                    [&](std::vector<JobResult> r) { first.set_value(r); });
  ASSERT_TRUE(gated.wait_started(1));
  // One worker awake (stuck): the next job wakes nobody, and a sleeping
  // worker's standby check takes it.
  dispatcher.submit({MakeJob("email:after", "a@x")}, Wait::kFirstAttempt,
                    [&](std::vector<JobResult> r) { second.set_value(r); });
  auto f2 = second.get_future();
  const auto answered = f2.wait_for(seconds(5));
  gated.open();

  ASSERT_EQ(answered, std::future_status::ready);
  EXPECT_TRUE(f2.get()[0].outcome.delivered());
  auto f1 = first.get_future();
  ASSERT_EQ(f1.wait_for(kBound), std::future_status::ready);
  EXPECT_TRUE(f1.get()[0].outcome.delivered());
  workers.stop();
}

TEST_F(OutboxDispatcherTest, RepeatedIdempotencyKeyReplaysAndStoresNothing) {
  start(false);
  IdempotencyRecord record{"k", "fp", {}, 0, "", {}};
  std::promise<std::vector<JobResult>> first_done;
  std::promise<IdempotencyRecord> replayed;

  dispatcher_->submit_once(
      record, {MakeJob("email:first", "a@x")}, Wait::kStored,
      [&](std::vector<JobResult> r) { first_done.set_value(std::move(r)); },
      [](IdempotencyRecord) { ADD_FAILURE() << "first was replayed"; });
  ASSERT_EQ(first_done.get_future().wait_for(kBound),
            std::future_status::ready);
  dispatcher_->submit_once(
      record, {MakeJob("email:second", "a@x")}, Wait::kFirstAttempt,
      [](std::vector<JobResult>) { ADD_FAILURE() << "second was stored"; },
      [&](IdempotencyRecord r) { replayed.set_value(std::move(r)); });
  auto future = replayed.get_future();
  ASSERT_EQ(future.wait_for(kBound), std::future_status::ready);

  auto previous = future.get();
  EXPECT_EQ(previous.job_ids, std::vector<std::string>{"email:first"});
  EXPECT_FALSE(store_->get("email:second")->has_value());
}

TEST_F(OutboxDispatcherTest, ManyConcurrentRequestsAreEachAnsweredOnce) {
  start(true);
  constexpr int kRequests = 200;
  std::mutex mutex;
  std::map<std::string, int> answers;
  std::promise<void> all;
  int left = kRequests;

  for (int i = 0; i < kRequests; ++i) {
    const std::string id = "email:m" + std::to_string(i);
    dispatcher_->submit({MakeJob(id, "a@x")}, Wait::kFirstAttempt,
                        [&](std::vector<JobResult> r) {
                          std::lock_guard lock(mutex);
                          for (const auto& one : r) ++answers[one.id];
                          if (--left == 0) all.set_value();
                        });
  }
  ASSERT_EQ(all.get_future().wait_for(kBound), std::future_status::ready);

  std::lock_guard lock(mutex);
  EXPECT_EQ(answers.size(), static_cast<size_t>(kRequests));
  for (const auto& [id, n] : answers) EXPECT_EQ(n, 1) << id;
  EXPECT_EQ(transport_.total(), kRequests);
}

TEST_F(OutboxDispatcherTest, EmptyRequestIsAnsweredAtOnce) {
  start(false);

  auto results = submit({}, Wait::kFirstAttempt);

  EXPECT_TRUE(results.empty());
}

TEST_F(OutboxDispatcherTest, StoreErrorComesBackAsFailedJobs) {
  start(false);
  ASSERT_TRUE(
      store_->enqueue({delivery::ToOutboxJob(MakeJob("email:taken", "a@x"))})
          .ok());

  auto results = submit({MakeJob("email:taken", "a@x")}, Wait::kFirstAttempt);

  ASSERT_EQ(results.size(), 1u);
  EXPECT_FALSE(results[0].queued);
  EXPECT_EQ(results[0].outcome.kind,
            delivery::Outcome::Kind::kPermanentFailure);
}

TEST(OutboxServiceTest, ServiceDeliversAndOutlivesItsLastDispatcherUser) {
  char tmpl[] = "/tmp/tattler-service-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  OutboxOptions options;
  options.queue_dir = tmpl;
  options.delivery_workers = 2;
  auto transport = std::make_shared<ScriptedTransport>();
  std::promise<std::vector<JobResult>> answered;

  auto service = delivery::OutboxService::Start(options, transport);
  ASSERT_TRUE(service.ok()) << service.error();
  std::shared_ptr<delivery::Dispatcher> dispatcher = (*service)->dispatcher();
  service = Err{"released"};
  Job job;
  job.id = "email:svc";
  job.message.recipients = {"a@x"};
  job.message.message_id = "svc";
  dispatcher->submit({job}, Wait::kFirstAttempt, [&](std::vector<JobResult> r) {
    answered.set_value(std::move(r));
  });
  auto future = answered.get_future();
  ASSERT_EQ(future.wait_for(kBound), std::future_status::ready);
  auto results = future.get();
  dispatcher.reset();

  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(results[0].outcome.delivered());
  EXPECT_EQ(transport->total(), 1);
  std::error_code ec;
  std::filesystem::remove_all(tmpl, ec);
}

}  // namespace
}  // namespace tattler::outbox::testing
