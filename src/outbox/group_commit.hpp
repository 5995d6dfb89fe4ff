// group_commit.hpp - one writer thread that commits concurrent work together.
//
// Every write of the outbox is a Work: a function that runs statements on
// the writer connection inside a transaction. run() hands the work to the
// writer thread and blocks until it is committed. The writer takes every
// work waiting at that moment (up to a batch limit), runs them all in ONE
// transaction and commits once, so concurrent requests share one fsync.
//
// A work must be repeatable: when one work of a batch fails, the whole
// batch is rolled back and each work runs again alone, so the failure stays
// with the request that caused it. A work reports database errors through
// its Status and keeps any other outcome in its own captured variables
// (assigned, not appended, so a repeat leaves no trace of the first run).
//
// Limits: a work must not block on anything but the database; the writer
// thread is the only user of its connection.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/result.hpp"
#include "outbox/sql_connection.hpp"

namespace tattler::outbox {

class GroupCommit {
 public:
  using Work = std::function<Status(SqlConnection&)>;

  // begin_sql opens a write transaction ("BEGIN IMMEDIATE" for SQLite).
  GroupCommit(std::unique_ptr<SqlConnection> connection, std::string begin_sql,
              size_t max_batch);
  ~GroupCommit();

  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // run - run work in a committed transaction (shared with others).
  Status run(Work work);

  // run_async - as run(), but return at once; done(status) is called from
  // the writer thread after the commit (keep it short).
  void run_async(Work work, std::function<void(Status)> done);

  // commits - transactions committed so far (for tests of batching).
  size_t commits() const;

  // waiting - works queued and not yet taken by the writer.
  size_t waiting() const;

 private:
  struct Request {
    Work work;
    std::function<void(Status)> done;
  };

  void writer_loop();
  void run_batch(std::vector<Request>& batch);
  Status run_alone(Request& request);
  Status finish(bool ok);

  std::unique_ptr<SqlConnection> connection_;
  const std::string begin_sql_;
  const size_t max_batch_;

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Request> queue_;
  bool stopping_ = false;
  size_t commits_ = 0;
  std::thread writer_;
};

}  // namespace tattler::outbox
