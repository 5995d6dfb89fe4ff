// group_commit.cpp - batch concurrent work into shared transactions.
//
// Limits: see group_commit.hpp.
#include "outbox/group_commit.hpp"

#include <algorithm>
#include <future>

#include "common/thread_name.hpp"

namespace tattler::outbox {

GroupCommit::GroupCommit(std::unique_ptr<SqlConnection> connection,
                         CommitSql sql, size_t max_batch, std::string name,
                         Sync sync)
    : connection_(std::move(connection)),
      sql_(std::move(sql)),
      max_batch_(std::max<size_t>(max_batch, 1)),
      sync_(std::move(sync)) {
  if (sync_) {
    syncer_ = std::thread([this] {
      NameThisThread("outbox-sync");
      sync_loop();
    });
  }
  writer_ = std::thread([this, name = std::move(name)] {
    NameThisThread(name);
    writer_loop();
  });
}

// ~GroupCommit - commit what is queued, then stop the writer, then flush
// and tell what the syncer still holds.
GroupCommit::~GroupCommit() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  writer_.join();
  if (!syncer_.joinable()) return;
  {
    std::lock_guard lock(sync_mutex_);
    sync_stopping_ = true;
  }
  sync_cv_.notify_all();
  syncer_.join();
}

// run - queue the work and wait for its commit.
Status GroupCommit::run(Work work, Durability durability) {
  std::promise<Status> promise;
  std::future<Status> result = promise.get_future();
  run_async(
      std::move(work),
      [&promise](Status s) { promise.set_value(std::move(s)); }, durability);
  return result.get();
}

// run_async - queue the work; done hears the outcome.
void GroupCommit::run_async(Work work, std::function<void(Status)> done,
                            Durability durability) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      queue_.push_back(Request{std::move(work), std::move(done), durability});
      cv_.notify_one();
      return;
    }
  }
  done(Status::Error("outbox is shutting down"));
}

// commits - how many transactions were committed.
size_t GroupCommit::commits() const {
  std::lock_guard lock(mutex_);
  return commits_;
}

// waiting - the queue's length.
size_t GroupCommit::waiting() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

// writer_loop - take what waits, run it as one batch; drain before exit.
void GroupCommit::writer_loop() {
  for (;;) {
    std::vector<Request> batch;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    run_batch(batch);
  }
}

// run_batch - one transaction for all; on any failure, each one alone.
void GroupCommit::run_batch(std::vector<Request>& batch) {
  if (batch.size() == 1) {
    tell(batch[0], run_alone(batch[0]));
    return;
  }

  Durability durability = Durability::kRelaxed;
  for (const Request& r : batch) {
    if (r.durability == Durability::kSynced) durability = Durability::kSynced;
  }
  Status s = begin(durability);
  for (size_t i = 0; s && i < batch.size(); ++i) {
    s = batch[i].work(*connection_);
  }
  s = finish(s.ok());
  if (s) {
    for (Request& r : batch) tell(r, Status::Ok());
    return;
  }

  // Why alone: the failure belongs to one request, the others must commit.
  for (Request& r : batch) tell(r, run_alone(r));
}

// tell - the work's outcome to its caller: now, or once the syncer has
// flushed its commit.
void GroupCommit::tell(Request& request, Status status) {
  if (!sync_ || !status || request.durability != Durability::kSynced) {
    request.done(std::move(status));
    return;
  }
  {
    std::lock_guard lock(sync_mutex_);
    unsynced_.push_back(std::move(request.done));
  }
  sync_cv_.notify_one();
}

// sync_loop - flush once for every commit waiting, then tell their works;
// drain before exit.
void GroupCommit::sync_loop() {
  for (;;) {
    std::vector<Done> flushed;
    {
      std::unique_lock lock(sync_mutex_);
      sync_cv_.wait(lock,
                    [&] { return sync_stopping_ || !unsynced_.empty(); });
      if (unsynced_.empty()) return;
      flushed.swap(unsynced_);
    }
    Status s = sync_();
    if (!s) s = Status::Error("committed but not flushed to disk: " + s.message());
    for (Done& done : flushed) done(s);
  }
}

// run_alone - the work in its own transaction.
Status GroupCommit::run_alone(Request& request) {
  Status s = begin(request.durability);
  if (!s) return s;
  Status work = request.work(*connection_);
  Status end = finish(work.ok());
  return work ? end : work;
}

// begin - set the flush policy if it changes, then open the transaction.
Status GroupCommit::begin(Durability durability) {
  if (policy_ != durability) {
    const std::string& sql =
        durability == Durability::kSynced ? sql_.synced : sql_.relaxed;
    if (!sql.empty()) {
      Status s = connection_->exec_script(sql);
      if (!s) return s;
    }
    policy_ = durability;
  }
  return connection_->exec_script(sql_.begin);
}

// finish - COMMIT when ok, else ROLLBACK; an error when not committed.
Status GroupCommit::finish(bool ok) {
  if (ok) {
    Status s = connection_->exec_script("COMMIT");
    if (s) {
      std::lock_guard lock(mutex_);
      ++commits_;
      return s;
    }
    // A failed COMMIT may leave the transaction open (SQLite busy).
    (void)connection_->exec_script("ROLLBACK");
    return s;
  }
  (void)connection_->exec_script("ROLLBACK");
  return Status::Error("transaction rolled back");
}

}  // namespace tattler::outbox
