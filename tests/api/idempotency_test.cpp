// idempotency_test.cpp - keeping first answers and answering repeats, on a
// real SQLite outbox.
#include "api/idempotency.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <future>
#include <string>

namespace tattler::api {
namespace {

using std::chrono::seconds;

class IdempotencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("idempotency-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    outbox::OutboxOptions options;
    options.queue_dir = dir_.string();
    options.clock = [this] { return now_; };
    auto store = outbox::OpenStore(options);
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(*store);
    idempotency_ = std::make_unique<Idempotency>(*store_, seconds(30), nullptr,
                                                 [this] { return now_; });
  }

  void TearDown() override {
    idempotency_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // First - store the key's record with one queued job; its record.
  outbox::IdempotencyRecord First(const std::string& key,
                                  const std::string& fingerprint) {
    outbox::IdempotencyRecord record;
    record.key = key;
    record.fingerprint = fingerprint;
    outbox::Job job;
    job.id = "email:" + key;
    job.message.vector = "email";
    auto stored = store_->enqueue_once(record, {job});
    EXPECT_TRUE(stored.ok() && stored->stored);
    return Repeat(key, fingerprint);
  }

  // Repeat - what the store hands back for a repeat of key.
  outbox::IdempotencyRecord Repeat(const std::string& key,
                                   const std::string& fingerprint) {
    outbox::IdempotencyRecord record{key, fingerprint, {}, 0, "", {}};
    auto again = store_->enqueue_once(record, {});
    EXPECT_TRUE(again.ok() && !again->stored);
    return again->previous;
  }

  std::filesystem::path dir_;
  outbox::TimePoint now_ = outbox::Clock::now();
  std::unique_ptr<outbox::Store> store_;
  std::unique_ptr<Idempotency> idempotency_;
};

TEST_F(IdempotencyTest, RepeatWithAnotherRequestIs422) {
  auto first = First("k1", "fp-a");

  auto r = idempotency_->replay(first, "fp-b", "tattler:cid");

  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.reason,
            "Idempotency-Key was already used for a different request");
}

TEST_F(IdempotencyTest, RepeatWhileTheFirstWaitsIs409WithRetryAfter) {
  auto first = First("k2", "fp");

  auto r = idempotency_->replay(first, "fp", "tattler:cid");

  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.reason, "request with this Idempotency-Key is still in progress");
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "Retry-After");
}

TEST_F(IdempotencyTest, FinishKeepsTheAnswerBeforeSendingIt) {
  First("k3", "fp");
  http::Response answer;
  answer.status = 202;
  answer.body = "[{\"id\": \"email:k3\"}]";
  std::promise<http::Response> sent;

  idempotency_->finish("k3", answer,
                       [&](http::Response r) { sent.set_value(r); });
  auto got = sent.get_future().get();
  auto replay = idempotency_->replay(Repeat("k3", "fp"), "fp", "tattler:c2");

  EXPECT_EQ(got.status, 202);
  EXPECT_EQ(replay.status, 202);
  EXPECT_EQ(replay.body, answer.body);
  ASSERT_EQ(replay.headers.size(), 1u);
  EXPECT_EQ(replay.headers[0].first, "Idempotent-Replayed");
  EXPECT_EQ(replay.headers[0].second, "true");
}

TEST_F(IdempotencyTest, UnansweredRecordOfADeadRequestIsAnsweredFromItsJobs) {
  auto first = First("k4", "fp");
  now_ += seconds(30) + Idempotency::kOrphanGrace;

  auto r = idempotency_->replay(first, "fp", "tattler:cid");

  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body,
            "[{\"id\": \"email:k4\", \"vector\": \"email\", \"resultCode\": "
            "0, \"result\": \"queued\", \"detail\": \"Queued\"}]");
}

}  // namespace
}  // namespace tattler::api
