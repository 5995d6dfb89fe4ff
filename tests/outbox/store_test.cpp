// store_test.cpp - the outbox state machine, run against both stores.
//
// Every test runs twice: on a SQLite file and on a real PostgreSQL server,
// so the two stores behave the same. A fake clock drives time.
//
// Limits: concurrency here is in-process; cross-process claims are in
// shared_queue_test.cpp.
#include <fmt/format.h>

#include <future>
#include <set>
#include <thread>

#include "store_fixture.hpp"

namespace tattler::outbox::testing {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

using Backends = ::testing::Types<SqliteBackend, PgBackend>;

class BackendNames {
 public:
  template <typename T>
  static std::string GetName(int) {
    return T::kName;
  }
};

TYPED_TEST_SUITE(StoreTest, Backends, BackendNames);

TYPED_TEST(StoreTest, EnqueuedJobIsQueuedWithItsMessageUntouched) {
  STORE_OR_SKIP();
  Job job = this->MakeJob("email:1");

  ASSERT_TRUE(this->store_->enqueue({job}).ok());
  auto got = this->store_->get("email:1");

  ASSERT_TRUE(got.ok()) << got.error();
  ASSERT_TRUE(got->has_value());
  const Job& j = **got;
  EXPECT_EQ(j.state, State::kQueued);
  EXPECT_EQ(j.attempts, 0);
  EXPECT_EQ(j.correlation_id, "tattler:email:1");
  EXPECT_EQ(j.scope, "billing");
  EXPECT_EQ(j.event, "invoice");
  EXPECT_EQ(j.message.vector, "email");
  EXPECT_EQ(j.message.sender, "noreply@example.com");
  EXPECT_EQ(j.message.recipients, job.message.recipients);
  EXPECT_EQ(j.message.message_id, "email:1@example.com");
  EXPECT_EQ(j.message.data, job.message.data);
  EXPECT_EQ(j.created_at, this->now());
  EXPECT_EQ(j.next_attempt_at, this->now());
  EXPECT_TRUE(j.history.empty());
}

TYPED_TEST(StoreTest, UnknownJobIsAbsent) {
  STORE_OR_SKIP();

  auto got = this->store_->get("email:nope");

  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->has_value());
}

TYPED_TEST(StoreTest, ARequestIsStoredWholeOrNotAtAll) {
  STORE_OR_SKIP();
  ASSERT_TRUE(this->store_->enqueue({this->MakeJob("email:dup")}).ok());

  Status s = this->store_->enqueue(
      {this->MakeJob("sms:new"), this->MakeJob("email:dup")});

  EXPECT_FALSE(s.ok());
  EXPECT_FALSE(this->store_->get("sms:new")->has_value());
  EXPECT_TRUE(this->store_->get("email:dup")->has_value());
}

TYPED_TEST(StoreTest, SkippedJobKeepsItsReasonAndIsNeverClaimed) {
  STORE_OR_SKIP();
  Job job = this->MakeJob("email:skip");
  job.state = State::kSkipped;
  job.last_detail = "recipient is blacklisted";

  ASSERT_TRUE(this->store_->enqueue({job}).ok());
  auto claimed = this->store_->claim("w", 10, minutes(1));

  ASSERT_TRUE(claimed.ok());
  EXPECT_TRUE(claimed->empty());
  auto got = this->store_->get("email:skip");
  EXPECT_EQ((*got)->state, State::kSkipped);
  EXPECT_EQ((*got)->last_detail, "recipient is blacklisted");
}

TYPED_TEST(StoreTest, ClaimLeasesEachDueJobToOneWorker) {
  STORE_OR_SKIP();
  ASSERT_TRUE(this->store_
                  ->enqueue({this->MakeJob("email:a"), this->MakeJob("email:b"),
                             this->MakeJob("email:c")})
                  .ok());

  auto first = this->store_->claim("w1", 2, minutes(1));
  auto second = this->store_->claim("w2", 5, minutes(1));
  auto third = this->store_->claim("w3", 5, minutes(1));

  ASSERT_TRUE(first.ok() && second.ok() && third.ok());
  EXPECT_EQ(first->size(), 2u);
  EXPECT_EQ(second->size(), 1u);
  EXPECT_TRUE(third->empty());
  for (const Job& j : *first) {
    EXPECT_EQ(j.state, State::kSending);
    EXPECT_EQ(j.lease_owner, "w1");
    EXPECT_EQ(j.lease_until, this->now() + minutes(1));
  }
}

TYPED_TEST(StoreTest, DeliveredIsFinalAndRecordedInTheHistory) {
  STORE_OR_SKIP();
  ASSERT_TRUE(this->store_->enqueue({this->MakeJob("email:d")}).ok());
  ASSERT_EQ(this->store_->claim("w", 1, minutes(1))->size(), 1u);

  auto state =
      this->store_->complete("email:d", "w", AttemptKind::kDelivered, "OK");

  ASSERT_TRUE(state.ok()) << state.error();
  EXPECT_EQ(*state, State::kDelivered);
  auto job = **this->store_->get("email:d");
  EXPECT_EQ(job.attempts, 1);
  ASSERT_EQ(job.history.size(), 1u);
  EXPECT_EQ(job.history[0].kind, AttemptKind::kDelivered);
  EXPECT_EQ(job.history[0].detail, "OK");
  EXPECT_EQ(job.history[0].at, this->now());
  EXPECT_TRUE(this->store_->claim("w", 1, minutes(1))->empty());
  EXPECT_FALSE(
      this->store_->complete("email:d", "w", AttemptKind::kDelivered, "OK")
          .ok());
}

TYPED_TEST(StoreTest, PermanentFailureFailsAtOnce) {
  STORE_OR_SKIP();
  ASSERT_TRUE(this->store_->enqueue({this->MakeJob("email:p")}).ok());
  ASSERT_EQ(this->store_->claim("w", 1, minutes(1))->size(), 1u);

  auto state = this->store_->complete(
      "email:p", "w", AttemptKind::kPermanentFailure, "550 user unknown");

  EXPECT_EQ(*state, State::kFailed);
  auto job = **this->store_->get("email:p");
  EXPECT_EQ(job.last_detail, "550 user unknown");
  EXPECT_TRUE(this->store_->claim("w", 1, hours(1))->empty());
}

TYPED_TEST(StoreTest, TemporaryFailuresBackOffWithinTheCeiling) {
  STORE_OR_SKIP();
  ASSERT_TRUE(this->store_->enqueue({this->MakeJob("email:t")}).ok());

  // Ceilings for attempts 1..4 with the defaults: 30 s, 60 s, 120 s, 240 s.
  for (int attempt = 1; attempt <= 4; ++attempt) {
    auto claimed = this->store_->claim("w", 1, minutes(1));
    ASSERT_EQ(claimed->size(), 1u) << "attempt " << attempt;
    EXPECT_EQ(claimed->front().attempts, attempt - 1);

    auto state = this->store_->complete(
        "email:t", "w", AttemptKind::kTemporaryFailure, "421 busy");

    ASSERT_EQ(*state, State::kQueued);
    auto job = **this->store_->get("email:t");
    const auto ceiling = seconds(30) * (1 << (attempt - 1));
    EXPECT_GE(job.next_attempt_at, this->now());
    EXPECT_LE(job.next_attempt_at, this->now() + ceiling);
    EXPECT_EQ(job.last_detail, "421 busy");
    this->now_ = ToMillis(job.next_attempt_at);
  }
  EXPECT_EQ((**this->store_->get("email:t")).history.size(), 4u);
}

TYPED_TEST(StoreTest, RetryIsNotClaimedBeforeItIsDue) {
  STORE_OR_SKIP();
  this->options_.retry_first_delay = seconds(30);
  ASSERT_TRUE(this->store_->enqueue({this->MakeJob("email:due")}).ok());
  this->store_->claim("w", 1, minutes(1));
  this->store_->complete("email:due", "w", AttemptKind::kTemporaryFailure,
                         "timeout");
  auto job = **this->store_->get("email:due");
  if (job.next_attempt_at == this->now()) GTEST_SKIP() << "jitter drew 0";

  auto early = this->store_->claim("w", 1, minutes(1));
  this->now_ = ToMillis(job.next_attempt_at);
  auto due = this->store_->claim("w", 1, minutes(1));

  EXPECT_TRUE(early->empty());
  EXPECT_EQ(due->size(), 1u);
}

TYPED_TEST(StoreTest, ExpiredLeaseLetsAnotherWorkerTakeTheJob) {
  STORE_OR_SKIP();
  ASSERT_TRUE(this->store_->enqueue({this->MakeJob("email:l")}).ok());
  ASSERT_EQ(this->store_->claim("dead-worker", 1, minutes(1))->size(), 1u);

  auto during = this->store_->claim("w2", 1, minutes(1));
  this->advance(minutes(1));
  auto after = this->store_->claim("w2", 1, minutes(1));

  EXPECT_TRUE(during->empty());
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ(after->front().lease_owner, "w2");
  EXPECT_FALSE(
      this->store_
          ->complete("email:l", "dead-worker", AttemptKind::kDelivered, "OK")
          .ok());
  EXPECT_EQ(
      *this->store_->complete("email:l", "w2", AttemptKind::kDelivered, "OK"),
      State::kDelivered);
}

TYPED_TEST(StoreTest, ReleasedJobIsDueAgainAtOnce) {
  STORE_OR_SKIP();
  ASSERT_TRUE(this->store_->enqueue({this->MakeJob("email:r")}).ok());
  ASSERT_EQ(this->store_->claim("w1", 1, hours(1))->size(), 1u);

  ASSERT_TRUE(this->store_->release("email:r", "w1").ok());
  auto again = this->store_->claim("w2", 1, hours(1));

  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ(again->front().attempts, 0);
}

TYPED_TEST(StoreTest, TemporaryFailurePastTheMaximumAgeIsDead) {
  this->options_.retry_max_age = hours(1);
  this->store_.reset();  // one owner of a SQLite file at a time
  this->store_ = this->open();
  STORE_OR_SKIP();
  ASSERT_TRUE(this->store_->enqueue({this->MakeJob("email:old")}).ok());
  this->advance(hours(1));
  ASSERT_EQ(this->store_->claim("w", 1, minutes(1))->size(), 1u);

  auto state = this->store_->complete(
      "email:old", "w", AttemptKind::kTemporaryFailure, "connection refused");

  EXPECT_EQ(*state, State::kDead);
  EXPECT_TRUE(this->store_->claim("w", 1, hours(48))->empty());
  EXPECT_EQ((**this->store_->get("email:old")).last_detail,
            "connection refused");
}

// EnqueueTried - enqueue_tried_async() and wait (bounded).
Result<std::vector<State>> EnqueueTried(Store& store,
                                        std::vector<TriedJob> jobs) {
  std::promise<Result<std::vector<State>>> promise;
  auto future = promise.get_future();
  store.enqueue_tried_async(
      std::move(jobs), [&](Result<std::vector<State>> r) {
        promise.set_value(std::move(r));
      });
  if (future.wait_for(seconds(20)) != std::future_status::ready) {
    return Err{"enqueue_tried_async did not answer"};
  }
  return future.get();
}

TYPED_TEST(StoreTest, TriedJobsAreStoredInTheStateTheirAttemptLedTo) {
  STORE_OR_SKIP();
  const TimePoint sent = this->now() - seconds(1);
  const TimePoint accepted = sent - seconds(2);
  auto tried = [&](const char* id, AttemptKind kind, const char* detail) {
    Job job = this->MakeJob(id);
    job.created_at = accepted;  // accepted before its attempt
    return TriedJob{job, Attempt{sent, kind, detail}};
  };
  Job leased = this->MakeJob("email:sending");
  leased.state = State::kSending;
  leased.lease_owner = "w/direct";
  leased.lease_until = this->now() + minutes(5);

  auto states = EnqueueTried(
      *this->store_, {tried("email:ok", AttemptKind::kDelivered, "250 ok"),
             tried("email:temp", AttemptKind::kTemporaryFailure, "421 later"),
             tried("email:perm", AttemptKind::kPermanentFailure, "550 no"),
             TriedJob{leased, std::nullopt}});

  ASSERT_TRUE(states.ok()) << states.error();
  EXPECT_EQ(*states, (std::vector<State>{State::kDelivered, State::kQueued,
                                         State::kFailed, State::kSending}));
  const Job temp = **this->store_->get("email:temp");
  EXPECT_EQ(temp.attempts, 1);
  EXPECT_EQ(temp.last_detail, "421 later");
  EXPECT_GE(temp.next_attempt_at, this->now());
  EXPECT_LE(temp.next_attempt_at,
            this->now() + this->options_.retry_first_delay);
  ASSERT_EQ(temp.history.size(), 1u);
  EXPECT_EQ(temp.history[0].at, sent);
  EXPECT_EQ(temp.history[0].kind, AttemptKind::kTemporaryFailure);
  const Job ok = **this->store_->get("email:ok");
  EXPECT_EQ(ok.created_at, accepted);
  EXPECT_EQ(ok.message.data, this->MakeJob("email:ok").message.data);
  EXPECT_EQ(ok.attempts, 1);
  EXPECT_EQ(ok.history.size(), 1u);
  EXPECT_EQ((**this->store_->get("email:sending")).lease_owner, "w/direct");
  // The sending job is completed as any claimed one.
  EXPECT_EQ(*this->store_->complete("email:sending", "w/direct",
                                    AttemptKind::kDelivered, "250 ok"),
            State::kDelivered);
  // Only the retry is claimable, once due.
  this->advance(this->options_.retry_first_delay);
  auto claimed = this->store_->claim("w", 10, minutes(1));
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ(claimed->front().id, "email:temp");
}

TYPED_TEST(StoreTest, TriedJobsOfOneRequestAreStoredWholeOrNotAtAll) {
  STORE_OR_SKIP();
  ASSERT_TRUE(this->store_->enqueue({this->MakeJob("email:dup")}).ok());
  const Attempt delivered{this->now(), AttemptKind::kDelivered, "250 ok"};

  auto states =
      EnqueueTried(*this->store_,
                   {TriedJob{this->MakeJob("sms:new"), delivered},
                          TriedJob{this->MakeJob("email:dup"), delivered}});

  EXPECT_FALSE(states.ok());
  EXPECT_FALSE(this->store_->get("sms:new")->has_value());
}

TYPED_TEST(StoreTest, RetryRequeuesDeadAndFailedJobsOnly) {
  this->options_.retry_max_age = Millis(0);
  this->store_.reset();  // one owner of a SQLite file at a time
  this->store_ = this->open();
  STORE_OR_SKIP();
  ASSERT_TRUE(
      this->store_
          ->enqueue({this->MakeJob("email:dead"), this->MakeJob("email:failed"),
                     this->MakeJob("email:queued")})
          .ok());
  this->store_->claim("w", 2, minutes(1));
  EXPECT_EQ(*this->store_->complete("email:dead", "w",
                                    AttemptKind::kTemporaryFailure, "x"),
            State::kDead);
  EXPECT_EQ(*this->store_->complete("email:failed", "w",
                                    AttemptKind::kPermanentFailure, "y"),
            State::kFailed);
  this->store_->release("email:queued", "w");

  auto dead = this->store_->retry("email:dead");
  auto failed = this->store_->retry("email:failed");
  auto queued = this->store_->retry("email:queued");
  auto unknown = this->store_->retry("email:unknown");

  EXPECT_EQ(*dead, RetryResult::kQueued);
  EXPECT_EQ(*failed, RetryResult::kQueued);
  EXPECT_EQ(*queued, RetryResult::kNotRetryable);
  EXPECT_EQ(*unknown, RetryResult::kUnknownJob);
  auto job = **this->store_->get("email:dead");
  EXPECT_EQ(job.state, State::kQueued);
  EXPECT_EQ(job.attempts, 1);
  EXPECT_EQ(this->store_->claim("w", 10, minutes(1))->size(), 3u);
}

TYPED_TEST(StoreTest, RetriedJobAgesAfresh) {
  this->options_.retry_max_age = hours(1);
  this->store_.reset();  // one owner of a SQLite file at a time
  this->store_ = this->open();
  STORE_OR_SKIP();
  ASSERT_TRUE(this->store_->enqueue({this->MakeJob("email:again")}).ok());
  this->advance(hours(2));
  this->store_->claim("w", 1, minutes(1));
  ASSERT_EQ(*this->store_->complete("email:again", "w",
                                    AttemptKind::kTemporaryFailure, "down"),
            State::kDead);

  ASSERT_EQ(*this->store_->retry("email:again"), RetryResult::kQueued);
  this->store_->claim("w", 1, minutes(1));
  auto state = this->store_->complete("email:again", "w",
                                      AttemptKind::kTemporaryFailure, "down");

  EXPECT_EQ(*state, State::kQueued);
}

TYPED_TEST(StoreTest, PurgeDropsFinishedJobsAfterRetentionOnly) {
  this->options_.retention = hours(24);
  this->options_.retry_max_age = Millis(0);
  this->store_.reset();  // one owner of a SQLite file at a time
  this->store_ = this->open();
  STORE_OR_SKIP();
  std::vector<Job> jobs;
  for (auto id : {"email:ok", "email:bad", "email:dead", "email:wait"}) {
    jobs.push_back(this->MakeJob(id));
  }
  ASSERT_TRUE(this->store_->enqueue(jobs).ok());
  this->store_->claim("w", 3, minutes(1));
  this->store_->complete("email:ok", "w", AttemptKind::kDelivered, "OK");
  this->store_->complete("email:bad", "w", AttemptKind::kPermanentFailure,
                         "5xx");
  this->store_->complete("email:dead", "w", AttemptKind::kTemporaryFailure,
                         "4xx");

  auto early = this->store_->purge();
  this->advance(hours(24) + seconds(1));
  auto late = this->store_->purge();

  EXPECT_EQ(*early, 0);
  EXPECT_EQ(*late, 2);
  EXPECT_FALSE(this->store_->get("email:ok")->has_value());
  EXPECT_FALSE(this->store_->get("email:bad")->has_value());
  EXPECT_TRUE(this->store_->get("email:dead")->has_value());
  EXPECT_TRUE(this->store_->get("email:wait")->has_value());
}

TYPED_TEST(StoreTest, IdempotencyKeyStoresOnceAndReplaysTheFirstRecord) {
  STORE_OR_SKIP();
  IdempotencyRecord record{"key-1", "fp-1", {}, 0, "", {}};

  auto first = this->store_->enqueue_once(record, {this->MakeJob("email:i1")});
  record.fingerprint = "fp-2";
  auto second = this->store_->enqueue_once(record, {this->MakeJob("email:i2")});
  ASSERT_TRUE(this->store_->remember_answer("key-1", 200, "[{}]").ok());
  auto third = this->store_->enqueue_once(record, {this->MakeJob("email:i3")});

  ASSERT_TRUE(first.ok() && second.ok() && third.ok());
  EXPECT_TRUE(first->stored);
  EXPECT_FALSE(second->stored);
  EXPECT_EQ(second->previous.fingerprint, "fp-1");
  EXPECT_EQ(second->previous.job_ids, std::vector<std::string>{"email:i1"});
  EXPECT_EQ(second->previous.status, 0);
  EXPECT_EQ(third->previous.status, 200);
  EXPECT_EQ(third->previous.answer, "[{}]");
  EXPECT_TRUE(this->store_->get("email:i1")->has_value());
  EXPECT_FALSE(this->store_->get("email:i2")->has_value());
  EXPECT_FALSE(this->store_->get("email:i3")->has_value());
}

TYPED_TEST(StoreTest, IdempotencyKeyIsForgottenAfterTheWindow) {
  STORE_OR_SKIP();
  IdempotencyRecord record{"key-w", "fp", {}, 0, "", {}};
  ASSERT_TRUE(
      this->store_->enqueue_once(record, {this->MakeJob("email:w1")})->stored);

  this->advance(this->options_.idempotency_window + seconds(1));
  auto again = this->store_->enqueue_once(record, {this->MakeJob("email:w2")});

  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->stored);
  EXPECT_TRUE(this->store_->get("email:w2")->has_value());
}

TYPED_TEST(StoreTest, StatsCountJobsByStateAndTheOldestQueuedAge) {
  STORE_OR_SKIP();
  ASSERT_TRUE(this->store_->enqueue({this->MakeJob("email:s1")}).ok());
  this->advance(seconds(10));
  ASSERT_TRUE(
      this->store_
          ->enqueue({this->MakeJob("email:s2"), this->MakeJob("email:s3")})
          .ok());
  this->store_->claim("w", 1, minutes(1));
  this->store_->complete("email:s1", "w", AttemptKind::kDelivered, "OK");
  this->store_->claim("w", 1, minutes(1));
  this->advance(seconds(5));

  auto stats = this->store_->stats();

  ASSERT_TRUE(stats.ok()) << stats.error();
  EXPECT_EQ(stats->jobs_by_state[State::kDelivered], 1);
  EXPECT_EQ(stats->jobs_by_state[State::kSending], 1);
  EXPECT_EQ(stats->jobs_by_state[State::kQueued], 1);
  EXPECT_EQ(stats->jobs_by_state[State::kDead], 0);
  EXPECT_EQ(stats->depth, 2);
  EXPECT_EQ(stats->oldest_queued_age, seconds(5));
}

TYPED_TEST(StoreTest, NextDueIsTheEarliestDueTimeOrLeaseEnd) {
  STORE_OR_SKIP();
  EXPECT_FALSE(this->store_->next_due()->has_value());
  ASSERT_TRUE(this->store_->enqueue({this->MakeJob("email:n")}).ok());
  EXPECT_EQ(**this->store_->next_due(), this->now());

  this->store_->claim("w", 1, minutes(2));

  EXPECT_EQ(**this->store_->next_due(), this->now() + minutes(2));
  EXPECT_TRUE(this->store_->ping().ok());
}

TYPED_TEST(StoreTest, ConcurrentClaimsNeverShareAJob) {
  STORE_OR_SKIP();
  std::vector<Job> jobs;
  for (int i = 0; i < 200; ++i) {
    jobs.push_back(this->MakeJob("email:c" + std::to_string(i)));
  }
  ASSERT_TRUE(this->store_->enqueue(jobs).ok());

  std::vector<std::vector<std::string>> seen(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      const std::string me = "w" + std::to_string(t);
      for (;;) {
        auto got = this->store_->claim(me, 7, minutes(1));
        if (!got.ok() || got->empty()) return;
        for (const Job& j : *got) seen[t].push_back(j.id);
      }
    });
  }
  for (auto& t : threads) t.join();

  std::multiset<std::string> all;
  for (auto& s : seen) all.insert(s.begin(), s.end());
  EXPECT_EQ(all.size(), 200u);
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), 200u);
}

TYPED_TEST(StoreTest, ConcurrentRequestsAreAllStored) {
  STORE_OR_SKIP();
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        const std::string id = fmt::format("email:{}-{}", t, i);
        if (!this->store_->enqueue({this->MakeJob(id)}).ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();

  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(this->store_->stats()->jobs_by_state[State::kQueued], 200);
}

TYPED_TEST(StoreTest, JobsSurviveReopeningTheStore) {
  STORE_OR_SKIP();
  ASSERT_TRUE(this->store_->enqueue({this->MakeJob("email:keep")}).ok());

  this->store_.reset();
  this->store_ = this->open();

  ASSERT_NE(this->store_, nullptr);
  EXPECT_TRUE(this->store_->get("email:keep")->has_value());
}

}  // namespace
}  // namespace tattler::outbox::testing
