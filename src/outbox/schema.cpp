// schema.cpp - the outbox tables, in SQLite's and PostgreSQL's words.
//
// outbox_jobs holds one row per job (state machine columns and the finished
// message); outbox_attempts one row per delivery attempt; and
// outbox_idempotency one row per Idempotency-Key. age_from is when the job
// started to age (its creation, or its last manual retry): the maximum age
// of retries counts from there.
//
// Every index but the primary key is partial: a job is in the index of
// its state's group (waiting, sending, finished, dead) only, so a new job
// touches one of them and finishing it moves it from one to another. The
// full indexes of earlier layouts, (state, next_attempt_at), (state,
// lease_until) and (state, updated_at) over every job, are dropped when
// found.
//
// Limits: CREATE ... IF NOT EXISTS only; no versioned migrations yet.
#include <fmt/format.h>

#include "outbox/sql_store.hpp"

namespace tattler::outbox {

namespace {

// Schema - the layout with the integer and blob type names filled in.
std::string Schema(const char* int_type, const char* blob_type) {
  return fmt::format(
      "CREATE TABLE IF NOT EXISTS outbox_jobs ("
      " id TEXT PRIMARY KEY,"
      " correlation_id TEXT NOT NULL,"
      " scope TEXT NOT NULL,"
      " event TEXT NOT NULL,"
      " vector TEXT NOT NULL,"
      " sender TEXT NOT NULL,"
      " recipients TEXT NOT NULL,"
      " message_id TEXT NOT NULL,"
      " data {1} NOT NULL,"
      " state TEXT NOT NULL,"
      " attempts {0} NOT NULL,"
      " created_at {0} NOT NULL,"
      " age_from {0} NOT NULL,"
      " next_attempt_at {0} NOT NULL,"
      " updated_at {0} NOT NULL,"
      " lease_owner TEXT,"
      " lease_until {0},"
      " last_detail TEXT NOT NULL);"
      // Partial indexes: a job is in one of them only while it waits or
      // is being sent, so finishing a job removes one entry instead of
      // moving entries in two indexes of every job ever kept.
      "DROP INDEX IF EXISTS outbox_jobs_due;"
      "DROP INDEX IF EXISTS outbox_jobs_lease;"
      "DROP INDEX IF EXISTS outbox_jobs_updated;"
      // state leads although it is fixed: with it, SQLite's planner sees
      // an equality and a range here, and the counts by state read the
      // indexes alone.
      "CREATE INDEX IF NOT EXISTS outbox_jobs_queued"
      " ON outbox_jobs (state, next_attempt_at) WHERE state = 'queued';"
      "CREATE INDEX IF NOT EXISTS outbox_jobs_sending"
      " ON outbox_jobs (state, lease_until) WHERE state = 'sending';"
      // For the purge and the counts of finished jobs. The condition is
      // written as the purge writes it (kFinishedStates): SQLite uses a
      // partial index only for a query that repeats its condition.
      "CREATE INDEX IF NOT EXISTS outbox_jobs_finished"
      " ON outbox_jobs (state, updated_at) WHERE state IN {2};"
      "CREATE INDEX IF NOT EXISTS outbox_jobs_dead"
      " ON outbox_jobs (state, updated_at) WHERE state = 'dead';"
      "CREATE TABLE IF NOT EXISTS outbox_attempts ("
      " job_id TEXT NOT NULL,"
      " attempt {0} NOT NULL,"
      " at {0} NOT NULL,"
      " kind TEXT NOT NULL,"
      " detail TEXT NOT NULL,"
      " PRIMARY KEY (job_id, attempt));"
      "CREATE TABLE IF NOT EXISTS outbox_idempotency ("
      " idem_key TEXT PRIMARY KEY,"
      " fingerprint TEXT NOT NULL,"
      " job_ids TEXT NOT NULL,"
      " status {0} NOT NULL,"
      " answer TEXT NOT NULL,"
      " created_at {0} NOT NULL);",
      int_type, blob_type, kFinishedStates);
}

}  // namespace

// SqliteSchema - the layout for SQLite.
std::string SqliteSchema() { return Schema("INTEGER", "BLOB"); }

// PgSchema - the layout for PostgreSQL.
std::string PgSchema() { return Schema("BIGINT", "BYTEA"); }

}  // namespace tattler::outbox
