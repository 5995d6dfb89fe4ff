// sql_store.hpp - the Store written once in SQL, run on SQLite or PostgreSQL.
//
// SqlStore holds two connections: the writer, owned by a GroupCommit thread
// that runs every state change (batched into shared transactions), and the
// reader for get(), stats() and next_due(). Given a third, the mover, the
// claims, outcomes and releases of the delivery workers get a GroupCommit
// of their own, so they do not wait behind the synced commits of new jobs
// (PostgreSQL: each statement is a round trip, and rows are locked one by
// one; SQLite has one writer at a time and does without). A SqlDialect holds the few
// spots where the two databases differ. The per-database parts (schema,
// opening, PostgreSQL LISTEN) are in sqlite_store.cpp and pg_store.cpp.
//
// Limits: the schema is created when missing; there is no migration from
// an older layout yet (there is none).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "outbox/backoff.hpp"
#include "outbox/group_commit.hpp"
#include "outbox/store.hpp"

namespace tattler::outbox {

struct SqlDialect {
  // "sqlite" or "postgresql".
  std::string name;

  // Opens a write transaction and sets the flush policy.
  CommitSql commit;

  // Appended to the claim's inner SELECT (row locks for PostgreSQL).
  std::string claim_lock;

  // Run after an enqueue inside its transaction (PostgreSQL NOTIFY); empty
  // for none.
  std::string notify;

  // Match claimed ids with `= ANY(ARRAY(subquery))` instead of `IN
  // (subquery)`: PostgreSQL's generic plan for the latter scans the whole
  // table, the former walks the primary key.
  bool claim_set = false;

  // INSERT inside WITH (PostgreSQL): a job sent first and its attempt go
  // in one statement, so one round trip instead of two.
  bool insert_in_with = false;
};

class SqlStore : public Store {
 public:
  // The schema must exist on writer's database. sync: the writer's flush
  // in a thread of its own (see group_commit.hpp), when the commits
  // themselves do not flush.
  SqlStore(SqlDialect dialect, std::unique_ptr<SqlConnection> writer,
           std::unique_ptr<SqlConnection> reader, OutboxOptions options,
           std::unique_ptr<SqlConnection> mover = nullptr,
           GroupCommit::Sync sync = {});
  ~SqlStore() override;

  Status enqueue(const std::vector<Job>& jobs) override;
  void enqueue_async(std::vector<Job> jobs,
                     std::function<void(Status)> done) override;
  void enqueue_tried_async(
      std::vector<TriedJob> jobs,
      std::function<void(Result<std::vector<State>>)> done) override;
  Result<EnqueueOnceResult> enqueue_once(const IdempotencyRecord& record,
                                         const std::vector<Job>& jobs) override;
  void enqueue_once_async(
      IdempotencyRecord record, std::vector<Job> jobs,
      std::function<void(Result<EnqueueOnceResult>)> done) override;
  Status remember_answer(const std::string& key, int status,
                         const std::string& answer) override;
  void remember_answer_async(std::string key, int status, std::string answer,
                             std::function<void(Status)> done) override;
  Result<std::vector<Job>> claim(const std::string& worker, int max,
                                 Millis lease) override;
  Result<State> complete(const std::string& job_id, const std::string& worker,
                         AttemptKind kind, const std::string& detail) override;
  void complete_async(std::string job_id, std::string worker, AttemptKind kind,
                      std::string detail,
                      std::function<void(Result<State>)> done) override;
  Status release(const std::string& job_id, const std::string& worker) override;
  Result<RetryResult> retry(const std::string& job_id) override;
  Result<std::optional<Job>> get(const std::string& job_id) override;
  Result<std::int64_t> purge() override;
  Result<Stats> stats() override;
  Result<std::optional<TimePoint>> next_due() override;
  Status ping() override;
  void set_wakeup(std::function<void()> wakeup) override;
  std::string kind() const override { return dialect_.name; }

  // commits - write transactions committed so far (group commit tests).
  size_t commits() const {
    return writer_.commits() + (moves_ ? moves_->commits() : 0);
  }

 protected:
  // now_ms - the options' clock in milliseconds since the epoch.
  std::int64_t now_ms() const;

  // wakeup - the callback given to set_wakeup (empty before).
  std::function<void()> wakeup_;

 private:
  Status insert_jobs(SqlConnection& db, const std::vector<Job>& jobs,
                     std::int64_t now);
  Status insert_once(SqlConnection& db, const IdempotencyRecord& record,
                     const std::vector<Job>& jobs, std::int64_t now,
                     EnqueueOnceResult* out);
  Status notify_claimable(SqlConnection& db, const std::vector<Job>& jobs);
  Status insert_tried(SqlConnection& db, std::vector<TriedJob>& jobs,
                      std::int64_t now, std::vector<State>* states);
  State after_attempt(AttemptKind kind, int attempts, std::int64_t age_from,
                      std::int64_t now, std::int64_t* next_at);
  Result<State> next_state(SqlConnection& db, const std::string& job_id,
                           const std::string& worker, AttemptKind kind,
                           std::int64_t now, std::int64_t* next_at);

  const SqlDialect dialect_;
  const OutboxOptions options_;
  Backoff backoff_;
  GroupCommit writer_;
  std::unique_ptr<GroupCommit> moves_;  // the mover's, when there is one

  // movers - where claims, outcomes and releases run.
  GroupCommit& movers() { return moves_ ? *moves_ : writer_; }

  std::mutex reader_mutex_;
  std::unique_ptr<SqlConnection> reader_;

  // When claim() next looks for sending jobs whose lease ran out (ms since
  // the epoch); see claim() for why not every time.
  std::atomic<std::int64_t> next_expired_scan_{0};
};

// kFinishedStates - the states the purge drops after the retention, as an
// SQL list; the schema's index of finished jobs has the same condition.
inline constexpr const char* kFinishedStates =
    "('delivered', 'failed', 'skipped')";

// SqliteSchema, PgSchema - the table layout in each dialect.
std::string SqliteSchema();
std::string PgSchema();

}  // namespace tattler::outbox
