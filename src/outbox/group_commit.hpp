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
// Durability is chosen per work: kSynced work (accepting jobs) is on disk
// when its commit returns; kRelaxed work (claims, outcomes) may skip the
// flush: it survives a crash of this process, only a crash of the machine
// can undo it (and then a job is at worst sent again). A batch with any
// kSynced work is synced as a whole.
//
// With a Sync function (SQLite) the flush leaves the writer thread: every
// commit is written without a flush, and a second thread, the syncer,
// calls Sync (an fdatasync of the write-ahead log) for every commit made
// since its last call, then tells the kSynced works of those commits.
// The writer meanwhile runs the next batch, and one flush serves several
// commits. A kSynced work still hears "committed" only once it is on disk.
//
// Limits: a work must not block on anything but the database; the writer
// thread is the only user of its connection.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/result.hpp"
#include "outbox/sql_connection.hpp"

namespace tattler::outbox {

enum class Durability { kSynced, kRelaxed };

// The statements that open a transaction and set the flush policy.
struct CommitSql {
  // Opens a write transaction ("BEGIN IMMEDIATE" for SQLite).
  std::string begin = "BEGIN";

  // Run before a transaction when the policy changes; empty for none.
  std::string synced;
  std::string relaxed;
};

class GroupCommit {
 public:
  using Work = std::function<Status(SqlConnection&)>;

  // Sync - makes every commit so far durable.
  using Sync = std::function<Status()>;

  // name - the writer thread's name (see common/thread_name.hpp); sync -
  // see the top of this file (empty: the commit itself flushes).
  GroupCommit(std::unique_ptr<SqlConnection> connection, CommitSql sql,
              size_t max_batch, std::string name = "outbox-writer",
              Sync sync = {});
  ~GroupCommit();

  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // run - run work in a committed transaction (shared with others).
  Status run(Work work, Durability durability = Durability::kSynced);

  // run_async - as run(), but return at once; done(status) is called from
  // the writer thread after the commit, or from the syncer after the flush
  // (keep it short).
  void run_async(Work work, std::function<void(Status)> done,
                 Durability durability = Durability::kSynced);

  // commits - transactions committed so far (for tests of batching).
  size_t commits() const;

  // waiting - works queued and not yet taken by the writer.
  size_t waiting() const;

 private:
  struct Request {
    Work work;
    std::function<void(Status)> done;
    Durability durability;
  };

  using Done = std::function<void(Status)>;

  void writer_loop();
  void sync_loop();
  void run_batch(std::vector<Request>& batch);
  void tell(Request& request, Status status);
  Status run_alone(Request& request);
  Status begin(Durability durability);
  Status finish(bool ok);

  std::unique_ptr<SqlConnection> connection_;
  const CommitSql sql_;
  std::optional<Durability> policy_;
  const size_t max_batch_;

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Request> queue_;
  bool stopping_ = false;
  size_t commits_ = 0;

  // The sync stage: the done callbacks of kSynced works committed but not
  // flushed yet, in commit order.
  const Sync sync_;
  std::mutex sync_mutex_;
  std::condition_variable sync_cv_;
  std::vector<Done> unsynced_;
  bool sync_stopping_ = false;
  std::thread syncer_;
  std::thread writer_;
};

}  // namespace tattler::outbox
