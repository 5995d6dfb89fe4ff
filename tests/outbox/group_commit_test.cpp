// group_commit_test.cpp - concurrent work shares commits; failures stay
// with the work that failed.
//
// A fake connection records statements and can hold COMMIT until released,
// so the batching is observed deterministically, without timing.
//
// Limits: the real databases' batching is covered by store_test.cpp.
#include "outbox/group_commit.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

namespace tattler::outbox {
namespace {

// FakeConnection - records statements; COMMIT waits while held.
class FakeConnection : public SqlConnection {
 public:
  Result<SqlRows> exec(std::string_view sql,
                       const std::vector<SqlValue>&) override {
    std::lock_guard lock(mutex_);
    log_.emplace_back(sql);
    return SqlRows{};
  }

  Status exec_script(std::string_view sql) override {
    std::unique_lock lock(mutex_);
    log_.emplace_back(sql);
    if (sql == "COMMIT") {
      ++commits_seen_;
      cv_.notify_all();
      cv_.wait(lock, [&] { return !hold_; });
    }
    return Status::Ok();
  }

  void hold() {
    std::lock_guard lock(mutex_);
    hold_ = true;
  }

  void release() {
    std::lock_guard lock(mutex_);
    hold_ = false;
    cv_.notify_all();
  }

  // wait_commits - block until n COMMITs were issued.
  void wait_commits(int n) {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return commits_seen_ >= n; });
  }

  std::vector<std::string> log() {
    std::lock_guard lock(mutex_);
    return log_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool hold_ = false;
  int commits_seen_ = 0;
  std::vector<std::string> log_;
};

TEST(GroupCommitTest, WorkQueuedDuringACommitSharesTheNextOne) {
  auto owned = std::make_unique<FakeConnection>();
  FakeConnection* conn = owned.get();
  GroupCommit group(std::move(owned), CommitSql{}, 64);
  conn->hold();
  std::thread first(
      [&] { group.run([](SqlConnection&) { return Status::Ok(); }); });
  conn->wait_commits(1);

  std::atomic<int> done{0};
  std::vector<std::thread> others;
  for (int i = 0; i < 10; ++i) {
    others.emplace_back([&] {
      group.run([](SqlConnection& db) { return db.exec("INSERT").status(); });
      ++done;
    });
  }
  while (group.waiting() < 10) std::this_thread::yield();
  conn->release();
  first.join();
  for (auto& t : others) t.join();

  EXPECT_EQ(done.load(), 10);
  EXPECT_EQ(group.commits(), 2u);
}

TEST(GroupCommitTest, AFailingWorkDoesNotTakeOthersDown) {
  auto owned = std::make_unique<FakeConnection>();
  FakeConnection* conn = owned.get();
  GroupCommit group(std::move(owned), CommitSql{}, 64);
  conn->hold();
  std::thread first(
      [&] { group.run([](SqlConnection&) { return Status::Ok(); }); });
  conn->wait_commits(1);

  Status good, bad;
  std::atomic<int> runs_of_good{0};
  std::thread a([&] {
    good = group.run([&](SqlConnection&) {
      ++runs_of_good;
      return Status::Ok();
    });
  });
  std::thread b([&] {
    bad = group.run(
        [](SqlConnection&) { return Status::Error("duplicate job id"); });
  });
  while (group.waiting() < 2) std::this_thread::yield();
  conn->release();
  first.join();
  a.join();
  b.join();

  EXPECT_TRUE(good.ok());
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.message(), "duplicate job id");
  EXPECT_GE(runs_of_good.load(), 1);
}

TEST(GroupCommitTest, RunAsyncReportsTheCommit) {
  GroupCommit group(std::make_unique<FakeConnection>(), CommitSql{}, 64);
  std::promise<Status> promise;

  group.run_async([](SqlConnection&) { return Status::Ok(); },
                  [&](Status s) { promise.set_value(s); });

  EXPECT_TRUE(promise.get_future().get().ok());
  EXPECT_EQ(group.commits(), 1u);
}

// Flush - a Sync that waits until opened and fails when told to.
struct Flush {
  std::mutex mutex;
  std::condition_variable cv;
  bool open = false;
  bool fail = false;
  int calls = 0;

  GroupCommit::Sync fn() {
    return [this]() -> Status {
      std::unique_lock lock(mutex);
      cv.wait(lock, [&] { return open; });
      ++calls;
      return fail ? Status::Error("EIO") : Status::Ok();
    };
  }
  void release() {
    std::lock_guard lock(mutex);
    open = true;
    cv.notify_all();
  }
};

TEST(GroupCommitTest, SyncedWorkIsToldOnlyAfterTheFlushRelaxedAtOnce) {
  Flush flush;
  GroupCommit group(std::make_unique<FakeConnection>(), CommitSql{}, 64,
                    "test-writer", flush.fn());
  std::promise<Status> synced, relaxed;
  auto synced_told = synced.get_future();

  group.run_async([](SqlConnection&) { return Status::Ok(); },
                  [&](Status s) { synced.set_value(s); });
  group.run_async([](SqlConnection&) { return Status::Ok(); },
                  [&](Status s) { relaxed.set_value(s); },
                  Durability::kRelaxed);

  EXPECT_TRUE(relaxed.get_future().get().ok());
  EXPECT_EQ(synced_told.wait_for(std::chrono::milliseconds(50)),
            std::future_status::timeout);
  flush.release();
  EXPECT_TRUE(synced_told.get().ok());
  EXPECT_GE(flush.calls, 1);
}

TEST(GroupCommitTest, AFailedFlushIsReportedToTheSyncedWorks) {
  Flush flush;
  flush.fail = true;
  flush.release();
  GroupCommit group(std::make_unique<FakeConnection>(), CommitSql{}, 64,
                    "test-writer", flush.fn());

  Status s = group.run([](SqlConnection&) { return Status::Ok(); });

  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "committed but not flushed to disk: EIO");
}

TEST(GroupCommitTest, ClosingTellsWhatWaitsForTheFlush) {
  Flush flush;
  std::promise<Status> told;
  {
    GroupCommit group(std::make_unique<FakeConnection>(), CommitSql{}, 64,
                      "test-writer", flush.fn());
    group.run_async([](SqlConnection&) { return Status::Ok(); },
                    [&](Status s) { told.set_value(s); });
    flush.release();
  }
  EXPECT_TRUE(told.get_future().get().ok());
}

}  // namespace
}  // namespace tattler::outbox
