// idempotency.cpp - keeping first answers and replaying them.
//
// Limits: see idempotency.hpp.
#include "api/idempotency.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "api/api.hpp"
#include "api/metrics.hpp"
#include "api/notify.hpp"

namespace tattler::api {
namespace {

// replayed - an answer given again: marked so clients can tell.
http::Response replayed(int status, std::string body, const std::string& cid) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  r.correlation_id = cid;
  r.headers.emplace_back("Idempotent-Replayed", "true");
  return r;
}

// line_of - a NotificationJob line for a job as it stands now.
JobLine line_of(const outbox::Job& job) {
  using outbox::State;
  JobLine line{job.id, job.message.vector, 0, "OK"};
  switch (job.state) {
    case State::kDelivered:
      break;
    case State::kSkipped:
      line.detail = job.last_detail;
      break;
    case State::kFailed:
    case State::kDead:
      line.result_code = 1;
      line.detail = job.last_detail;
      break;
    case State::kQueued:
    case State::kSending:
      if (job.attempts == 0) {
        line.queued = true;
        line.detail = "Queued";
      } else {
        line.result_code = 1;
        line.detail = "Queued for retry: " + job.last_detail;
      }
      break;
  }
  return line;
}

}  // namespace

Idempotency::Idempotency(outbox::Store& store,
                         std::chrono::milliseconds answer_timeout,
                         Metrics* metrics,
                         std::function<outbox::TimePoint()> clock)
    : store_(store),
      answer_timeout_(answer_timeout),
      metrics_(metrics),
      clock_(std::move(clock)) {
  if (!clock_) clock_ = [] { return outbox::Clock::now(); };
}

// finish - store first, answer second.
void Idempotency::finish(const std::string& key, http::Response response,
                         http::Responder respond) const {
  const int status = response.status;
  std::string body = response.body;
  auto owned = std::make_shared<http::Response>(std::move(response));
  store_.remember_answer_async(
      key, status, std::move(body),
      [owned, respond = std::move(respond)](Status stored) {
        if (!stored) {
          spdlog::warn("{} api.idempotency_remember error=\"{}\"",
                       owned->correlation_id, stored.message());
        }
        respond(std::move(*owned));
      });
}

// replay - mismatch, in progress, orphaned, or the first answer.
http::Response Idempotency::replay(const outbox::IdempotencyRecord& first,
                                   const std::string& fingerprint,
                                   const std::string& cid) const {
  if (first.fingerprint != fingerprint) {
    if (metrics_) metrics_->count_idempotent(IdempotentOutcome::kMismatch);
    spdlog::info("{} api.idempotency outcome=mismatch", cid);
    return make_error(422,
                      "Idempotency-Key was already used for a different "
                      "request",
                      cid);
  }
  if (first.status == 0) {
    const auto orphaned_after =
        first.created_at + answer_timeout_ + std::chrono::seconds(kOrphanGrace);
    if (clock_() >= orphaned_after) return answer_from_jobs(first, cid);
    if (metrics_) metrics_->count_idempotent(IdempotentOutcome::kInProgress);
    spdlog::info("{} api.idempotency outcome=in_progress", cid);
    auto r = make_error(
        409, "request with this Idempotency-Key is still in progress", cid);
    r.headers.emplace_back("Retry-After", "1");
    return r;
  }
  if (metrics_) metrics_->count_idempotent(IdempotentOutcome::kReplayed);
  spdlog::info("{} api.idempotency outcome=replayed status={}", cid,
               first.status);
  return replayed(first.status, first.answer, cid);
}

// answer_from_jobs - the first request's jobs as they stand.
http::Response Idempotency::answer_from_jobs(
    const outbox::IdempotencyRecord& first, const std::string& cid) const {
  std::vector<JobLine> lines;
  for (const std::string& id : first.job_ids) {
    auto job = store_.get(id);
    if (!job) {
      return make_error(503, "Outbox unavailable: " + job.error(), cid);
    }
    if (*job) lines.push_back(line_of(**job));
  }
  if (metrics_) metrics_->count_idempotent(IdempotentOutcome::kReplayed);
  spdlog::info("{} api.idempotency outcome=rebuilt jobs={}", cid, lines.size());
  return replayed(200, jobs_json(lines), cid);
}

}  // namespace tattler::api
