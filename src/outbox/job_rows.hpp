// job_rows.hpp - how a Job and an IdempotencyRecord map to table rows.
//
// Both stores share one table layout (outbox_jobs, outbox_attempts,
// outbox_idempotency); this file turns rows into structs and back, and
// inserts jobs with the checks every store makes. Times
// are integers of milliseconds since the epoch; recipients and job id lists
// are JSON arrays; the message payload is a blob.
//
// Limits: a row that does not parse (edited by hand) comes back as an error
// naming the job, never as a half-filled struct.
#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "outbox/job.hpp"
#include "outbox/sql_connection.hpp"
#include "outbox/store.hpp"

namespace tattler::outbox {

// The columns JobFromRow() reads, in its order.
inline constexpr const char* kJobColumns =
    "id, correlation_id, scope, event, vector, sender, recipients, "
    "message_id, data, state, attempts, created_at, next_attempt_at, "
    "updated_at, lease_owner, lease_until, last_detail";

// The INSERT of one job (parameters from JobInsertParams).
inline constexpr const char* kInsertJobSql =
    "INSERT INTO outbox_jobs (id, correlation_id, scope, event, vector, "
    "sender, recipients, message_id, data, state, attempts, created_at, "
    "age_from, next_attempt_at, updated_at, lease_owner, lease_until, "
    "last_detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?)";

// The columns IdempotencyFromRow() reads, in its order.
inline constexpr const char* kIdempotencyColumns =
    "idem_key, fingerprint, job_ids, status, answer, created_at";

// JobInsertParams - the parameters of kInsertJobSql for job stored at now:
// its state, attempts and last detail as they are; created_at (also the
// start of its maximum age) and next_attempt_at as set, or now when unset.
std::vector<SqlValue> JobInsertParams(const Job& job, std::int64_t now_ms);

// InsertJob - store job as Store::enqueue() takes it (queued, skipped, or
// sending with a lease); an error names the job.
Status InsertJob(SqlConnection& db, const Job& job, std::int64_t now_ms);

// InsertJobWithAttempt - store job (in any state) with `attempt` as the
// first row of its history; one_statement (PostgreSQL) puts the job's
// INSERT inside a WITH of the attempt's: one round trip instead of two.
Status InsertJobWithAttempt(SqlConnection& db, const Job& job,
                            const Attempt& attempt, std::int64_t now_ms,
                            bool one_statement);

// JobFromRow - a Job from a row of kJobColumns (history left empty).
Result<Job> JobFromRow(const SqlRow& row);

// IdempotencyFromRow - a record from a row of kIdempotencyColumns.
Result<IdempotencyRecord> IdempotencyFromRow(const SqlRow& row);

// ToJsonList - a JSON array of strings.
std::string ToJsonList(const std::vector<std::string>& items);

// FromJsonList - the strings of a JSON array; an error when it is not one.
Result<std::vector<std::string>> FromJsonList(const std::string& json);

// ToInt - the integer in a text cell (0 for NULL); an error on junk.
Result<std::int64_t> ToInt(const std::optional<std::string>& cell);

}  // namespace tattler::outbox
