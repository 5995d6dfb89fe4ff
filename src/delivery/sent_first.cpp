// sent_first.cpp - a request's words, its one transaction, its answer.
//
// Limits: see sent_first.hpp.
#include "delivery/sent_first.hpp"

#include <spdlog/spdlog.h>

#include "delivery/delivery_workers.hpp"

namespace tattler::delivery {

SentFirst::SentFirst(std::vector<outbox::Job> jobs)
    : jobs_(std::move(jobs)), told_(jobs_.size()), untold_(jobs_.size()) {}

// tell - the word goes to the first job of its id not told yet.
bool SentFirst::tell(Told told) {
  for (size_t i = 0; i < jobs_.size(); ++i) {
    if (jobs_[i].id != told.job.id || told_[i]) continue;
    told_[i] = std::move(told);
    --untold_;
    break;
  }
  return untold_ == 0;
}

// store - one TriedJob per job, in order.
std::vector<outbox::TriedJob> SentFirst::store() {
  stage_ = Stage::kStoring;
  std::vector<outbox::TriedJob> tried;
  for (size_t i = 0; i < jobs_.size(); ++i) {
    // The message moves to the store; the answer needs only the ids.
    outbox::TriedJob t{std::move(jobs_[i]), std::nullopt};
    jobs_[i].id = t.job.id;
    jobs_[i].correlation_id = t.job.correlation_id;
    const auto& told = told_[i];
    if (told && told->outcome) {
      t.attempt = outbox::Attempt{told->at, ToAttemptKind(told->outcome->kind),
                                  told->outcome->detail};
    } else if (told) {
      t.job.state = outbox::State::kQueued;  // given back unattempted
      t.job.lease_owner.clear();
    }
    tried.push_back(std::move(t));
  }
  return tried;
}

// stored - results, reports and parked words from the store's result.
SentFirst::AfterStore SentFirst::stored(
    const Result<std::vector<outbox::State>>& states,
    std::vector<JobResult>& results) {
  AfterStore after;
  for (size_t i = 0; i < jobs_.size(); ++i) {
    const outbox::Job& job = jobs_[i];
    auto& told = told_[i];
    const bool attempted = told && told->outcome;
    if (!states) {
      if (attempted && told->outcome->delivered()) {
        spdlog::error("{} outbox.not_recorded job={} delivered, but its "
                      "record failed: {}",
                      job.correlation_id, job.id, states.error());
        results[i] = JobResult{job.id, *told->outcome, false};
      } else {
        spdlog::error("{} outbox.enqueue job={} error=\"{}\"",
                      job.correlation_id, job.id, states.error());
        results[i] = JobResult{
            job.id, Outcome::Permanent("not accepted: " + states.error()),
            false};
      }
      continue;
    }
    if (!attempted) continue;  // still "queued", as the request began
    const outbox::State state = (*states)[i];
    results[i] = JobResult{job.id, *told->outcome,
                           state == outbox::State::kQueued};
    after.reports.emplace_back(std::move(*told), state);
  }
  stage_ = states ? Stage::kStored : Stage::kLost;
  after.late.swap(late_);
  return after;
}

}  // namespace tattler::delivery
