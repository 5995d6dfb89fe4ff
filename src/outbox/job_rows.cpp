// job_rows.cpp - rows to structs and back; inserting jobs.
//
// Limits: see job_rows.hpp.
#include "outbox/job_rows.hpp"

#include <charconv>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace tattler::outbox {

namespace {

// Text - the cell's text, empty for NULL.
std::string Text(const std::optional<std::string>& cell) {
  return cell ? *cell : std::string();
}

// LeaseOwner, LeaseUntil - a sending job's lease columns; NULL otherwise.
SqlValue LeaseOwner(const Job& job) {
  if (job.state != State::kSending) return nullptr;
  return job.lease_owner;
}

SqlValue LeaseUntil(const Job& job) {
  if (job.state != State::kSending) return nullptr;
  return ToMillis(job.lease_until);
}

}  // namespace

// ToJsonList - serialise strings as a JSON array.
std::string ToJsonList(const std::vector<std::string>& items) {
  return nlohmann::json(items).dump();
}

// FromJsonList - parse a JSON array of strings.
Result<std::vector<std::string>> FromJsonList(const std::string& json) {
  auto parsed = nlohmann::json::parse(json, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_array()) {
    return Err{"not a JSON list: " + json.substr(0, 40)};
  }
  std::vector<std::string> out;
  for (const auto& item : parsed) {
    if (!item.is_string()) return Err{"not a JSON list of strings"};
    out.push_back(item.get<std::string>());
  }
  return out;
}

// ToInt - parse a decimal integer cell.
Result<std::int64_t> ToInt(const std::optional<std::string>& cell) {
  if (!cell) return std::int64_t{0};
  std::int64_t n = 0;
  const char* end = cell->data() + cell->size();
  auto [p, ec] = std::from_chars(cell->data(), end, n);
  if (ec != std::errc() || p != end) return Err{"not a number: " + *cell};
  return n;
}

// JobInsertParams - parameters in the order of kInsertJobSql.
std::vector<SqlValue> JobInsertParams(const Job& job, std::int64_t now_ms) {
  const compose::Message& m = job.message;
  // A job sent before it was stored was accepted before now: it ages
  // from then.
  const std::int64_t created =
      job.created_at == TimePoint{} ? now_ms : ToMillis(job.created_at);
  return {job.id,
          job.correlation_id,
          job.scope,
          job.event,
          m.vector,
          m.sender,
          ToJsonList(m.recipients),
          m.message_id,
          Blob{m.data},
          std::string(StateName(job.state)),
          std::int64_t{job.attempts},
          created,
          created,
          job.next_attempt_at == TimePoint{} ? now_ms
                                             : ToMillis(job.next_attempt_at),
          now_ms,
          LeaseOwner(job),
          LeaseUntil(job),
          job.last_detail};
}

// JobFromRow - parse a row of kJobColumns.
Result<Job> JobFromRow(const SqlRow& row) {
  if (row.size() != 17) return Err{"outbox row has the wrong shape"};
  Job job;
  job.id = Text(row[0]);
  job.correlation_id = Text(row[1]);
  job.scope = Text(row[2]);
  job.event = Text(row[3]);
  job.message.vector = Text(row[4]);
  job.message.sender = Text(row[5]);
  auto recipients = FromJsonList(Text(row[6]));
  if (!recipients) return Err{"job " + job.id + ": " + recipients.error()};
  job.message.recipients = std::move(*recipients);
  job.message.message_id = Text(row[7]);
  job.message.data = Text(row[8]);

  auto state = ParseState(Text(row[9]));
  if (!state) return Err{"job " + job.id + ": unknown state"};
  job.state = *state;

  std::int64_t numbers[5];
  const int columns[5] = {10, 11, 12, 13, 15};
  for (int i = 0; i < 5; ++i) {
    auto n = ToInt(row[columns[i]]);
    if (!n) return Err{"job " + job.id + ": " + n.error()};
    numbers[i] = *n;
  }
  job.attempts = static_cast<int>(numbers[0]);
  job.created_at = FromMillis(numbers[1]);
  job.next_attempt_at = FromMillis(numbers[2]);
  job.updated_at = FromMillis(numbers[3]);
  job.lease_owner = Text(row[14]);
  job.lease_until = FromMillis(numbers[4]);
  job.last_detail = Text(row[16]);
  return job;
}

// IdempotencyFromRow - parse a row of kIdempotencyColumns.
Result<IdempotencyRecord> IdempotencyFromRow(const SqlRow& row) {
  if (row.size() != 6) return Err{"idempotency row has the wrong shape"};
  IdempotencyRecord r;
  r.key = Text(row[0]);
  r.fingerprint = Text(row[1]);
  auto ids = FromJsonList(Text(row[2]));
  if (!ids) return Err{"idempotency key " + r.key + ": " + ids.error()};
  r.job_ids = std::move(*ids);
  auto status = ToInt(row[3]);
  auto created = ToInt(row[5]);
  if (!status || !created) return Err{"idempotency key " + r.key + ": junk"};
  r.status = static_cast<int>(*status);
  r.answer = Text(row[4]);
  r.created_at = FromMillis(*created);
  return r;
}

// InsertJob - the state check, then the INSERT.
Status InsertJob(SqlConnection& db, const Job& job, std::int64_t now_ms) {
  bool leased = job.state == State::kSending && !job.lease_owner.empty();
  if (job.state != State::kQueued && job.state != State::kSkipped && !leased) {
    return Status::Error("job " + job.id +
                         " must be queued, skipped, or sending with a lease");
  }
  auto r = db.exec(kInsertJobSql, JobInsertParams(job, now_ms));
  if (!r) return Status::Error("storing job " + job.id + ": " + r.error());
  return Status::Ok();
}

// InsertJobWithAttempt - two INSERTs, or one with the job's inside WITH.
Status InsertJobWithAttempt(SqlConnection& db, const Job& job,
                            const Attempt& attempt, std::int64_t now_ms,
                            bool one_statement) {
  static const std::string kAttempt =
      "INSERT INTO outbox_attempts (job_id, attempt, at, kind, detail) "
      "VALUES (?, 1, ?, ?, ?)";
  static const std::string kBoth = fmt::format(
      "WITH job AS ({} RETURNING id) INSERT INTO outbox_attempts (job_id, "
      "attempt, at, kind, detail) SELECT CAST(? AS TEXT), 1, CAST(? AS "
      "BIGINT), CAST(? AS TEXT), CAST(? AS TEXT) FROM job",
      kInsertJobSql);

  std::vector<SqlValue> params = JobInsertParams(job, now_ms);
  if (!one_statement) {
    auto r = db.exec(kInsertJobSql, params);
    if (!r) return Status::Error("storing job " + job.id + ": " + r.error());
    params.clear();
  }

  params.insert(params.end(),
                {job.id, ToMillis(attempt.at),
                 std::string(AttemptKindName(attempt.kind)), attempt.detail});
  auto r = db.exec(one_statement ? kBoth : kAttempt, params);
  if (!r) return Status::Error("storing job " + job.id + ": " + r.error());
  return Status::Ok();
}

}  // namespace tattler::outbox
