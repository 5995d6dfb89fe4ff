// sql_store.cpp - the outbox state machine in SQL.
//
// Every public write is one GroupCommit work, so one transaction; the state
// checks (who holds the lease, which states may be retried) happen inside
// that transaction, never between a read and a write.
//
// Limits: see sql_store.hpp and store.hpp.
#include "outbox/sql_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <future>

#include "outbox/job_rows.hpp"

namespace tattler::outbox {

namespace {

// Works per shared commit: large enough that a burst of requests pays one
// flush per batch, small enough that one transaction stays short.
constexpr size_t kMaxBatch = 512;

// Ms - a duration in milliseconds as an integer.
std::int64_t Ms(Millis d) { return d.count(); }

}  // namespace

SqlStore::SqlStore(SqlDialect dialect, std::unique_ptr<SqlConnection> writer,
                   std::unique_ptr<SqlConnection> reader, OutboxOptions options,
                   std::unique_ptr<SqlConnection> mover, GroupCommit::Sync sync)
    : dialect_(std::move(dialect)),
      options_(std::move(options)),
      backoff_(options_.retry_first_delay, options_.retry_max_delay),
      writer_(std::move(writer), dialect_.commit, kMaxBatch, "outbox-writer",
              std::move(sync)),
      reader_(std::move(reader)) {
  if (mover) {
    moves_ = std::make_unique<GroupCommit>(std::move(mover), dialect_.commit,
                                           kMaxBatch, "outbox-mover");
  }
}

SqlStore::~SqlStore() = default;

// now_ms - the injected clock or the system clock.
std::int64_t SqlStore::now_ms() const {
  return ToMillis(options_.clock ? options_.clock() : Clock::now());
}

// insert_jobs - INSERT every job, then NOTIFY where the dialect has it.
Status SqlStore::insert_jobs(SqlConnection& db, const std::vector<Job>& jobs,
                             std::int64_t now) {
  for (const Job& job : jobs) {
    if (Status s = InsertJob(db, job, now); !s) return s;
  }
  return notify_claimable(db, jobs);
}

// notify_claimable - NOTIFY the other servers when one of jobs is theirs
// to claim: skipped and finished jobs are not, nor jobs already leased
// (handed to one of our workers).
Status SqlStore::notify_claimable(SqlConnection& db,
                                  const std::vector<Job>& jobs) {
  bool claimable = std::any_of(jobs.begin(), jobs.end(), [](const Job& j) {
    return j.state == State::kQueued;
  });
  if (claimable && !dialect_.notify.empty()) {
    if (auto r = db.exec(dialect_.notify); !r) return r.status();
  }
  return Status::Ok();
}

// insert_tried - each job in the state its attempt led to, with that
// attempt as the first of its history; a job without one as enqueue()
// takes it. The state of each job goes to states.
Status SqlStore::insert_tried(SqlConnection& db, std::vector<TriedJob>& jobs,
                              std::int64_t now, std::vector<State>* states) {
  std::vector<Job> stored;
  states->clear();
  for (TriedJob& t : jobs) {
    Job job = t.job;  // a copy: a failed transaction is run again from jobs
    if (t.attempt) {
      std::int64_t next_at = now;
      const std::int64_t age_from =
          job.created_at == TimePoint{} ? now : ToMillis(job.created_at);
      job.state = after_attempt(t.attempt->kind, 1, age_from, now, &next_at);
      job.attempts = 1;
      job.next_attempt_at = FromMillis(next_at);
      job.last_detail = t.attempt->detail;
      job.lease_owner.clear();
      Status s = InsertJobWithAttempt(db, job, *t.attempt, now,
                                      dialect_.insert_in_with);
      if (!s) return s;
    } else if (Status s = InsertJob(db, job, now); !s) {
      return s;
    }
    states->push_back(job.state);
    job.message = {};  // only the state matters from here
    stored.push_back(std::move(job));
  }
  return notify_claimable(db, stored);
}

// enqueue - enqueue_async() and wait.
Status SqlStore::enqueue(const std::vector<Job>& jobs) {
  std::promise<Status> promise;
  auto result = promise.get_future();
  enqueue_async(jobs, [&](Status s) { promise.set_value(std::move(s)); });
  return result.get();
}

// enqueue_async - all jobs in one (shared) transaction.
void SqlStore::enqueue_async(std::vector<Job> jobs,
                             std::function<void(Status)> done) {
  if (jobs.empty()) {
    done(Status::Ok());
    return;
  }
  const std::int64_t now = now_ms();
  auto owned = std::make_shared<std::vector<Job>>(std::move(jobs));
  writer_.run_async(
      [this, owned, now](SqlConnection& db) {
        return insert_jobs(db, *owned, now);
      },
      std::move(done));
}

// enqueue_tried_async - all jobs, tried or not, in one (shared)
// transaction.
void SqlStore::enqueue_tried_async(
    std::vector<TriedJob> jobs,
    std::function<void(Result<std::vector<State>>)> done) {
  struct Call {
    std::vector<TriedJob> jobs;
    std::vector<State> states;
  };
  // Only jobs that will be sent again need the flush: a delivered or
  // failed one is done whatever happens to its record.
  const bool finished =
      std::all_of(jobs.begin(), jobs.end(), [](const TriedJob& t) {
        return t.attempt &&
               t.attempt->kind != AttemptKind::kTemporaryFailure;
      });
  auto call = std::make_shared<Call>(Call{std::move(jobs), {}});
  const std::int64_t now = now_ms();
  writer_.run_async(
      [this, call, now](SqlConnection& db) {
        return insert_tried(db, call->jobs, now, &call->states);
      },
      [call, done = std::move(done)](Status s) {
        if (!s) {
          done(Err{s.message()});
        } else {
          done(std::move(call->states));
        }
      },
      finished ? Durability::kRelaxed : Durability::kSynced);
}

// enqueue_once - enqueue_once_async() and wait.
Result<EnqueueOnceResult> SqlStore::enqueue_once(
    const IdempotencyRecord& record, const std::vector<Job>& jobs) {
  std::promise<Result<EnqueueOnceResult>> promise;
  auto result = promise.get_future();
  enqueue_once_async(record, jobs, [&](Result<EnqueueOnceResult> r) {
    promise.set_value(std::move(r));
  });
  return result.get();
}

// enqueue_once_async - insert the key if new (or expired), then the jobs.
void SqlStore::enqueue_once_async(
    IdempotencyRecord record, std::vector<Job> jobs,
    std::function<void(Result<EnqueueOnceResult>)> done) {
  struct Call {
    IdempotencyRecord record;
    std::vector<Job> jobs;
    EnqueueOnceResult out;
  };
  auto call = std::make_shared<Call>(
      Call{std::move(record), std::move(jobs), EnqueueOnceResult{}});
  const std::int64_t now = now_ms();
  auto work = [this, call, now](SqlConnection& db) {
    call->out = EnqueueOnceResult{};
    return insert_once(db, call->record, call->jobs, now, &call->out);
  };
  writer_.run_async(std::move(work), [call, done = std::move(done)](Status s) {
    if (!s) {
      done(Err{s.message()});
    } else {
      done(std::move(call->out));
    }
  });
}

// insert_once - the key and the jobs, or the key's earlier record in out.
Status SqlStore::insert_once(SqlConnection& db, const IdempotencyRecord& record,
                             const std::vector<Job>& jobs, std::int64_t now,
                             EnqueueOnceResult* out) {
  const std::int64_t expired = now - Ms(options_.idempotency_window);
  std::vector<std::string> ids;
  for (const Job& j : jobs) ids.push_back(j.id);

  auto del = db.exec(
      "DELETE FROM outbox_idempotency WHERE idem_key = ? AND created_at < ?",
      {record.key, expired});
  if (!del) return del.status();

  auto ins = db.exec(
      "INSERT INTO outbox_idempotency (idem_key, fingerprint, job_ids, "
      "status, answer, created_at) VALUES (?, ?, ?, 0, '', ?) "
      "ON CONFLICT (idem_key) DO NOTHING RETURNING idem_key",
      {record.key, record.fingerprint, ToJsonList(ids), now});
  if (!ins) return ins.status();
  if (!ins->empty()) return insert_jobs(db, jobs, now);

  auto old = db.exec(fmt::format("SELECT {} FROM outbox_idempotency "
                                 "WHERE idem_key = ?",
                                 kIdempotencyColumns),
                     {record.key});
  if (!old) return old.status();
  if (old->empty()) return Status::Error("idempotency key vanished");
  auto prev = IdempotencyFromRow(old->front());
  if (!prev) return prev.status();
  out->stored = false;
  out->previous = std::move(*prev);
  return Status::Ok();
}

// remember_answer - remember_answer_async() and wait.
Status SqlStore::remember_answer(const std::string& key, int status,
                                 const std::string& answer) {
  std::promise<Status> promise;
  auto result = promise.get_future();
  remember_answer_async(key, status, answer,
                        [&](Status s) { promise.set_value(std::move(s)); });
  return result.get();
}

// remember_answer_async - store the first answer of a key.
void SqlStore::remember_answer_async(std::string key, int status,
                                     std::string answer,
                                     std::function<void(Status)> done) {
  auto work = [key = std::move(key), status,
               answer = std::move(answer)](SqlConnection& db) {
    return db
        .exec(
            "UPDATE outbox_idempotency SET status = ?, answer = ? "
            "WHERE idem_key = ?",
            {std::int64_t{status}, answer, key})
        .status();
  };
  // Relaxed: a crash of this process keeps it; a crash of the machine may
  // lose it, and a repeat is then answered from the jobs themselves.
  writer_.run_async(std::move(work), std::move(done), Durability::kRelaxed);
}

// claim - lease jobs whose lease ran out, then due queued jobs. Two
// statements, so each walks its own index in order instead of sorting
// every due job.
Result<std::vector<Job>> SqlStore::claim(const std::string& worker, int max,
                                         Millis lease) {
  const std::int64_t now = now_ms();
  auto claim_sql = [&](const char* where, const char* order) {
    return fmt::format(
        "UPDATE outbox_jobs SET state = 'sending', lease_owner = ?, "
        "lease_until = ?, updated_at = ? WHERE id {}(SELECT id FROM "
        "outbox_jobs WHERE {} ORDER BY {} LIMIT ?{}){} RETURNING {}",
        dialect_.claim_set ? "= ANY(ARRAY" : "IN ", where, order,
        dialect_.claim_lock, dialect_.claim_set ? ")" : "", kJobColumns);
  };
  const std::string expired =
      claim_sql("state = 'sending' AND lease_until <= ?", "lease_until");
  const std::string due =
      claim_sql("state = 'queued' AND next_attempt_at <= ?", "next_attempt_at");

  std::vector<Job> jobs;
  auto take = [&](SqlConnection& db, const std::string& sql) -> Status {
    const std::int64_t room = std::max<std::int64_t>(max - jobs.size(), 0);
    if (room == 0) return Status::Ok();
    auto rows = db.exec(sql, {worker, now + Ms(lease), now, now, room});
    if (!rows) return rows.status();
    for (const SqlRow& row : *rows) {
      auto job = JobFromRow(row);
      if (!job) return job.status();
      jobs.push_back(std::move(*job));
    }
    return Status::Ok();
  };
  // Why not every time: with PostgreSQL the index range of sending jobs is
  // full of row versions left by jobs that moved on (until vacuum), and
  // walking it at every claim cost more than the claim of due jobs itself.
  const bool scan_expired = now >= next_expired_scan_.load();
  if (scan_expired) {
    next_expired_scan_ = now + std::min<std::int64_t>(Ms(lease) / 4, 1000);
  }
  Status s = movers().run(
      [&](SqlConnection& db) -> Status {
        jobs.clear();
        Status st = scan_expired ? take(db, expired) : Status::Ok();
        return st ? take(db, due) : st;
      },
      Durability::kRelaxed);
  if (!s) return Err{s.message()};

  std::sort(jobs.begin(), jobs.end(), [](const Job& a, const Job& b) {
    return a.next_attempt_at < b.next_attempt_at;
  });
  return jobs;
}

// next_state - check the lease and pick the state after an attempt.
Result<State> SqlStore::next_state(SqlConnection& db, const std::string& job_id,
                                   const std::string& worker, AttemptKind kind,
                                   std::int64_t now, std::int64_t* next_at) {
  auto rows = db.exec(
      "SELECT state, lease_owner, attempts, age_from FROM outbox_jobs "
      "WHERE id = ?",
      {job_id});
  if (!rows) return Err{rows.error()};
  if (rows->empty()) return Err{"unknown job " + job_id};
  const SqlRow& row = rows->front();
  if (row[0].value_or("") != "sending" || row[1].value_or("") != worker) {
    return Err{"job " + job_id + " is no longer leased to " + worker};
  }
  auto attempts = ToInt(row[2]);
  auto age_from = ToInt(row[3]);
  if (!attempts || !age_from) return Err{"job " + job_id + ": bad row"};
  return after_attempt(kind, static_cast<int>(*attempts) + 1, *age_from, now,
                       next_at);
}

// after_attempt - the state after attempt number `attempt` of a job aging
// since age_from; next_at gets when it is due again (now unless retried).
State SqlStore::after_attempt(AttemptKind kind, int attempt,
                              std::int64_t age_from, std::int64_t now,
                              std::int64_t* next_at) {
  *next_at = now;
  if (kind == AttemptKind::kDelivered) return State::kDelivered;
  if (kind == AttemptKind::kPermanentFailure) return State::kFailed;

  *next_at = now + Ms(backoff_.delay(attempt));
  if (*next_at - age_from > Ms(options_.retry_max_age)) return State::kDead;
  return State::kQueued;
}

// complete - complete_async() and wait.
Result<State> SqlStore::complete(const std::string& job_id,
                                 const std::string& worker, AttemptKind kind,
                                 const std::string& detail) {
  std::promise<Result<State>> promise;
  auto result = promise.get_future();
  complete_async(job_id, worker, kind, detail,
                 [&](Result<State> r) { promise.set_value(std::move(r)); });
  return result.get();
}

// complete_async - the attempt into the history, the job to its next state.
// Relaxed durability: a crash of the machine (not of this process) may
// lose the outcome, and then the job is at worst sent again.
void SqlStore::complete_async(std::string job_id, std::string worker,
                              AttemptKind kind, std::string detail,
                              std::function<void(Result<State>)> done) {
  struct Call {
    std::string job_id, worker, detail;
    AttemptKind kind;
    std::int64_t now;
    std::optional<Result<State>> out;
  };
  auto call = std::make_shared<Call>(Call{std::move(job_id), std::move(worker),
                                          std::move(detail), kind, now_ms(),
                                          std::nullopt});
  movers().run_async(
      [this, call](SqlConnection& db) -> Status {
        std::int64_t next_at = call->now;
        call->out = next_state(db, call->job_id, call->worker, call->kind,
                               call->now, &next_at);
        if (!*call->out) return Status::Ok();  // refused, nothing to write

        const std::string state(StateName(call->out->value()));
        auto up = db.exec(
            "UPDATE outbox_jobs SET state = ?, attempts = attempts + 1, "
            "next_attempt_at = ?, updated_at = ?, lease_owner = NULL, "
            "lease_until = NULL, last_detail = ? WHERE id = ?",
            {state, next_at, call->now, call->detail, call->job_id});
        if (!up) return up.status();
        auto hist = db.exec(
            "INSERT INTO outbox_attempts (job_id, attempt, at, kind, detail) "
            "SELECT id, attempts, CAST(? AS BIGINT), CAST(? AS TEXT), "
            "CAST(? AS TEXT) FROM outbox_jobs WHERE id = ?",
            {call->now, std::string(AttemptKindName(call->kind)),
             call->detail, call->job_id});
        return hist.status();
      },
      [call, done = std::move(done)](Status s) {
        if (!s) {
          done(Err{s.message()});
          return;
        }
        done(std::move(*call->out));
      },
      Durability::kRelaxed);
}

// release - hand a claimed job back, due now.
Status SqlStore::release(const std::string& job_id, const std::string& worker) {
  const std::int64_t now = now_ms();
  return movers().run(
      [&](SqlConnection& db) {
        return db
            .exec(
                "UPDATE outbox_jobs SET state = 'queued', lease_owner = NULL, "
                "lease_until = NULL, next_attempt_at = ?, updated_at = ? "
                "WHERE id = ? AND state = 'sending' AND lease_owner = ?",
                {now, now, job_id, worker})
            .status();
      },
      Durability::kRelaxed);
}

// retry - dead or failed back to queued, due now, with a fresh age.
Result<RetryResult> SqlStore::retry(const std::string& job_id) {
  const std::int64_t now = now_ms();
  RetryResult out = RetryResult::kUnknownJob;
  Status s = writer_.run([&](SqlConnection& db) -> Status {
    auto rows = db.exec("SELECT state FROM outbox_jobs WHERE id = ?", {job_id});
    if (!rows) return rows.status();
    if (rows->empty()) {
      out = RetryResult::kUnknownJob;
      return Status::Ok();
    }
    const std::string state = rows->front()[0].value_or("");
    if (state != "dead" && state != "failed") {
      out = RetryResult::kNotRetryable;
      return Status::Ok();
    }
    out = RetryResult::kQueued;
    return db
        .exec(
            "UPDATE outbox_jobs SET state = 'queued', next_attempt_at = ?, "
            "age_from = ?, updated_at = ? WHERE id = ?",
            {now, now, now, job_id})
        .status();
  });
  if (!s) return Err{s.message()};
  if (out == RetryResult::kQueued && wakeup_) wakeup_();
  return out;
}

// get - the job and its attempts, from the reader connection.
Result<std::optional<Job>> SqlStore::get(const std::string& job_id) {
  std::lock_guard lock(reader_mutex_);
  auto rows = reader_->exec(
      fmt::format("SELECT {} FROM outbox_jobs WHERE id = ?", kJobColumns),
      {job_id});
  if (!rows) return Err{rows.error()};
  if (rows->empty()) return std::optional<Job>();
  auto job = JobFromRow(rows->front());
  if (!job) return Err{job.error()};

  auto hist = reader_->exec(
      "SELECT at, kind, detail FROM outbox_attempts WHERE job_id = ? "
      "ORDER BY attempt",
      {job_id});
  if (!hist) return Err{hist.error()};
  for (const SqlRow& row : *hist) {
    auto at = ToInt(row[0]);
    auto kind = ParseAttemptKind(row[1].value_or(""));
    if (!at || !kind) return Err{"job " + job_id + ": bad attempt row"};
    job->history.push_back(
        Attempt{FromMillis(*at), *kind, row[2].value_or("")});
  }
  return std::optional<Job>(std::move(*job));
}

// purge - drop finished jobs past retention and expired idempotency keys.
Result<std::int64_t> SqlStore::purge() {
  const std::int64_t now = now_ms();
  const std::int64_t before = now - Ms(options_.retention);
  const std::int64_t keys_before = now - Ms(options_.idempotency_window);
  std::int64_t purged = 0;
  Status s = writer_.run(
      [&](SqlConnection& db) -> Status {
        auto hist = db.exec(
            fmt::format(
                "DELETE FROM outbox_attempts WHERE job_id IN (SELECT id "
                "FROM outbox_jobs WHERE state IN {} AND updated_at < ?)",
                kFinishedStates),
            {before});
        if (!hist) return hist.status();
        auto jobs =
            db.exec(fmt::format("DELETE FROM outbox_jobs WHERE state IN "
                                "{} AND updated_at < ? RETURNING id",
                                kFinishedStates),
                    {before});
        if (!jobs) return jobs.status();
        purged = static_cast<std::int64_t>(jobs->size());
        return db
            .exec("DELETE FROM outbox_idempotency WHERE created_at < ?",
                  {keys_before})
            .status();
      },
      Durability::kRelaxed);
  if (!s) return Err{s.message()};
  return purged;
}

// stats - counts by state and the oldest queued job's age.
Result<Stats> SqlStore::stats() {
  const std::int64_t now = now_ms();
  std::lock_guard lock(reader_mutex_);
  // One count per partial index, so that no count reads the table.
  auto rows = reader_->exec(fmt::format(
      "SELECT 'queued', COUNT(*) FROM outbox_jobs WHERE state = 'queued' "
      "UNION ALL SELECT 'sending', COUNT(*) FROM outbox_jobs "
      "WHERE state = 'sending' "
      "UNION ALL SELECT 'dead', COUNT(*) FROM outbox_jobs WHERE state = 'dead' "
      "UNION ALL SELECT state, COUNT(*) FROM outbox_jobs WHERE state IN {} "
      "GROUP BY state",
      kFinishedStates));
  if (!rows) return Err{rows.error()};
  Stats stats;
  for (State st : kAllStates) stats.jobs_by_state[st] = 0;
  for (const SqlRow& row : *rows) {
    auto st = ParseState(row[0].value_or(""));
    auto n = ToInt(row[1]);
    if (st && n) stats.jobs_by_state[*st] = *n;
  }
  stats.depth = stats.jobs_by_state[State::kQueued] +
                stats.jobs_by_state[State::kSending];

  auto oldest = reader_->exec(
      "SELECT MIN(created_at) FROM outbox_jobs WHERE state = 'queued'");
  if (!oldest) return Err{oldest.error()};
  if (!oldest->empty() && oldest->front()[0]) {
    auto at = ToInt(oldest->front()[0]);
    if (at)
      stats.oldest_queued_age = Millis(std::max<std::int64_t>(now - *at, 0));
  }
  return stats;
}

// next_due - the earliest due time or lease end.
Result<std::optional<TimePoint>> SqlStore::next_due() {
  std::lock_guard lock(reader_mutex_);
  auto rows = reader_->exec(
      // Two minimums, each the first entry of its partial index.
      "SELECT MIN(t) FROM ("
      "SELECT MIN(next_attempt_at) AS t FROM outbox_jobs "
      "WHERE state = 'queued' UNION ALL "
      "SELECT MIN(lease_until) AS t FROM outbox_jobs "
      "WHERE state = 'sending') AS due");
  if (!rows) return Err{rows.error()};
  if (rows->empty() || !rows->front()[0]) {
    return std::optional<TimePoint>();
  }
  auto at = ToInt(rows->front()[0]);
  if (!at) return Err{at.error()};
  return std::optional<TimePoint>(FromMillis(*at));
}

// ping - a trivial query on the reader connection.
Status SqlStore::ping() {
  std::lock_guard lock(reader_mutex_);
  return reader_->exec("SELECT 1").status();
}

// set_wakeup - keep the callback (PostgreSQL also listens, see pg_store).
void SqlStore::set_wakeup(std::function<void()> wakeup) {
  wakeup_ = std::move(wakeup);
}

}  // namespace tattler::outbox
