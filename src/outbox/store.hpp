// store.hpp - the durable outbox: one interface, two stores.
//
// A Store keeps delivery jobs so that a job accepted once is never lost:
// enqueue() returns only after the jobs are on disk (SQLite WAL fsync or
// PostgreSQL commit). Every change of a job's state is one transaction.
// Concurrent callers share commits (group commit): one writer thread gathers
// whatever requests are waiting and commits them together.
//
// OpenStore() picks SQLite (one file under OutboxOptions::queue_dir) or
// PostgreSQL (OutboxOptions::queue_url). Several processes may share one
// PostgreSQL store: claims use FOR UPDATE SKIP LOCKED, so no job is claimed
// twice while its lease runs, and enqueues NOTIFY the other processes.
//
// All methods are thread-safe.
//
// Limits: one SQLite file is for one process at a time (use PostgreSQL to
// share a queue). A worker whose lease ran out before it completed may see
// its completion refused (the job was, or will be, sent again by another).
// stats() counts rows, so its cost grows with the jobs kept for retention.
// No schema migrations yet.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "outbox/job.hpp"
#include "outbox/options.hpp"

namespace tattler::outbox {

// One Idempotency-Key: the fingerprint of the first request, its jobs and,
// once known, its answer.
struct IdempotencyRecord {
  std::string key;
  std::string fingerprint;
  std::vector<std::string> job_ids;

  // HTTP status and body of the first answer; status 0 while the first
  // request has not been answered yet.
  int status = 0;
  std::string answer;

  TimePoint created_at{};
};

// What enqueue_once() did.
struct EnqueueOnceResult {
  // True: the key was new; the record and the jobs are stored.
  // False: the key was seen inside the window; nothing was stored and
  // `previous` is the first request's record.
  bool stored = true;
  IdempotencyRecord previous;
};

// A job whose first attempt was made before it was stored, and that
// attempt (the default answer sends first: a job nobody was answered for
// yet needs no record until its outcome is known). Without an attempt the
// job is stored as enqueue() would store it.
struct TriedJob {
  Job job;
  std::optional<Attempt> attempt;
};

// What retry() did.
enum class RetryResult { kQueued, kUnknownJob, kNotRetryable };

// Numbers for /metrics and /readyz.
struct Stats {
  std::map<State, std::int64_t> jobs_by_state;  // every State present

  // Jobs waiting for delivery: queued plus sending.
  std::int64_t depth = 0;

  // Age of the oldest queued job (zero when none).
  Millis oldest_queued_age{0};
};

class Store {
 public:
  virtual ~Store() = default;

  // enqueue - store every job in one transaction, durable on return. Jobs
  // come with state kQueued (sent as soon as a worker is free), kSkipped
  // (with the reason in last_detail) or kSending with lease_owner and
  // lease_until set (already claimed: the caller hands them to a worker
  // itself, so no claim transaction is needed; if it dies, the lease runs
  // out as for any claim). created_at (the start of the job's maximum
  // age) and next_attempt_at are kept when set, else set to now, as is
  // updated_at. A duplicate id fails the whole request.
  virtual Status enqueue(const std::vector<Job>& jobs) = 0;

  // enqueue_async - enqueue() without blocking the caller: done(status) is
  // called once the jobs are durable or failed, from the store's writer
  // thread (keep it short: hand real work to another thread).
  virtual void enqueue_async(std::vector<Job> jobs,
                             std::function<void(Status)> done) = 0;

  // enqueue_tried_async - store every job in one transaction, each in the
  // state its attempt leads to, as complete() would move a claimed job
  // (delivered, failed, queued for a retry with the backoff's first delay,
  // or dead), with attempts = 1 and the attempt in its history; a job
  // without an attempt is stored as enqueue() stores it. done gets the
  // state of each job, in order, once they are durable (or the error),
  // from the store's writer thread. When every job was delivered or failed
  // for good, done comes at the commit, before the flush (as complete()'s):
  // nothing is left to send, and a crash of the machine may lose only the
  // record of a finished job.
  virtual void enqueue_tried_async(
      std::vector<TriedJob> jobs,
      std::function<void(Result<std::vector<State>>)> done) = 0;

  // enqueue_once - enqueue under an Idempotency-Key, atomically: if
  // record.key was stored less than the idempotency window ago, store
  // nothing and return the first record; else store record (job_ids taken
  // from jobs, status 0) and the jobs in one transaction.
  virtual Result<EnqueueOnceResult> enqueue_once(
      const IdempotencyRecord& record, const std::vector<Job>& jobs) = 0;

  // enqueue_once_async - enqueue_once() without blocking; done is called as
  // by enqueue_async().
  virtual void enqueue_once_async(
      IdempotencyRecord record, std::vector<Job> jobs,
      std::function<void(Result<EnqueueOnceResult>)> done) = 0;

  // remember_answer - keep the first answer of key (HTTP status and body).
  virtual Status remember_answer(const std::string& key, int status,
                                 const std::string& answer) = 0;

  // remember_answer_async - remember_answer() without blocking: done is
  // called as by enqueue_async(). Safe to call from a `done` callback of
  // this store (remember_answer() there would wait for its own thread).
  virtual void remember_answer_async(std::string key, int status,
                                     std::string answer,
                                     std::function<void(Status)> done) = 0;

  // claim - lease up to `max` jobs to `worker` for `lease`: first sending
  // jobs whose lease ran out, then queued jobs whose next attempt is due,
  // earliest due first. They come back in state kSending, with attempts as
  // stored before this claim. Expired leases are looked for at most every
  // quarter lease (and at most every second): they are rare, and the look
  // is not free.
  virtual Result<std::vector<Job>> claim(const std::string& worker, int max,
                                         Millis lease) = 0;

  // complete - record one attempt of a job claimed by `worker` and move it:
  // delivered → kDelivered; permanent → kFailed; temporary → kQueued with a
  // backoff delay, or kDead when the next attempt would pass the maximum
  // age. Returns the new state; an error when the job is not (any more)
  // leased to worker.
  virtual Result<State> complete(const std::string& job_id,
                                 const std::string& worker, AttemptKind kind,
                                 const std::string& detail) = 0;

  // complete_async - complete() without blocking: done(new state or error)
  // is called from the store's writer thread once the attempt is recorded
  // (keep it short). A sender need not wait for one outcome to be written
  // before it sends the next job.
  virtual void complete_async(std::string job_id, std::string worker,
                              AttemptKind kind, std::string detail,
                              std::function<void(Result<State>)> done) = 0;

  // release - give a claimed job back untouched (queued, due now), as when
  // a worker shuts down before sending it.
  virtual Status release(const std::string& job_id,
                         const std::string& worker) = 0;

  // retry - move a dead or failed job back to queued, due now, with a
  // fresh age (its attempts count is kept).
  virtual Result<RetryResult> retry(const std::string& job_id) = 0;

  // get - a job with its attempt history; nullopt for an unknown id.
  virtual Result<std::optional<Job>> get(const std::string& job_id) = 0;

  // purge - delete delivered, failed and skipped jobs last changed before
  // now - retention, and idempotency keys older than the window. Dead jobs
  // stay until an operator retries them.
  // Returns the number of jobs deleted.
  virtual Result<std::int64_t> purge() = 0;

  // stats - jobs by state, depth and the oldest queued job's age.
  virtual Result<Stats> stats() = 0;

  // next_due - when the earliest queued job is due or the earliest lease
  // ends; nullopt when nothing waits.
  virtual Result<std::optional<TimePoint>> next_due() = 0;

  // ping - whether the store answers (for /readyz).
  virtual Status ping() = 0;

  // set_wakeup - call `wakeup` when another process enqueued jobs (only
  // PostgreSQL tells; SQLite is never shared). Call once, before use.
  virtual void set_wakeup(std::function<void()> wakeup) = 0;

  // kind - "sqlite" or "postgresql".
  virtual std::string kind() const = 0;
};

// OpenStore - open (and create or migrate) the store the options name.
Result<std::unique_ptr<Store>> OpenStore(const OutboxOptions& options);

}  // namespace tattler::outbox
