// outbox_dispatcher.cpp - send first or store first; answer when stored
// or first tried.
//
// A request waiting for first attempts is a Pending: its results in job
// order and how many are still open. Stored jobs are closed one by one by
// the workers' attempt reports; the timer thread answers what is left at
// the deadline, after asking the store (with PostgreSQL another server may
// have made the attempt). Jobs sent first are told to the Pending by the
// workers, and closed together once stored.
//
// Limits: see outbox_dispatcher.hpp.
#include "delivery/outbox_dispatcher.hpp"

#include <spdlog/spdlog.h>

#include "common/thread_name.hpp"

namespace tattler::delivery {

namespace {

// With a shared (PostgreSQL) queue another server may send our jobs; we
// then learn their outcome by asking the store this often.
constexpr auto kSharedQueueCheck = std::chrono::milliseconds(250);

// StoredResults - every job queued, as answered to Wait::kStored.
std::vector<JobResult> StoredResults(const std::vector<Job>& jobs) {
  std::vector<JobResult> out;
  for (const Job& j : jobs) {
    out.push_back(
        JobResult{j.id, Outcome{Outcome::Kind::kDelivered, "queued"}, true});
  }
  return out;
}

// FailedResults - every job failed with why.
std::vector<JobResult> FailedResults(const std::vector<Job>& jobs,
                                     const std::string& why) {
  std::vector<JobResult> out;
  for (const Job& j : jobs) {
    out.push_back(JobResult{j.id, Outcome::Permanent(why), false});
  }
  return out;
}

// FromStored - the JobResult a stored job stands for, or nullopt while
// its first attempt is still to come.
std::optional<JobResult> FromStored(const outbox::Job& job) {
  using outbox::State;
  switch (job.state) {
    case State::kDelivered:
      return JobResult{job.id, Outcome::Delivered(), false};
    case State::kFailed:
      return JobResult{job.id, Outcome::Permanent(job.last_detail), false};
    case State::kDead:
      return JobResult{job.id, Outcome::Temporary(job.last_detail), false};
    case State::kSkipped:
      return JobResult{
          job.id, Outcome{Outcome::Kind::kDelivered, job.last_detail}, false};
    case State::kQueued:
    case State::kSending:
      break;
  }
  if (job.attempts == 0) return std::nullopt;
  return JobResult{job.id, Outcome::Temporary(job.last_detail), true};
}

}  // namespace

struct OutboxDispatcher::Pending {
  std::vector<JobResult> results;
  std::vector<bool> open;
  size_t remaining = 0;
  bool finished = false;
  SubmitDone done;
  std::chrono::steady_clock::time_point deadline;
  std::chrono::steady_clock::time_point next_check;

  // Set for a request whose jobs were sent before they were stored.
  std::unique_ptr<SentFirst> sent_first;
};

// ToOutboxJob - a dispatcher Job as a queued outbox Job.
outbox::Job ToOutboxJob(Job job) {
  outbox::Job out;
  out.id = std::move(job.id);
  out.correlation_id = std::move(job.correlation_id);
  out.scope = std::move(job.scope);
  out.event = std::move(job.event);
  out.message = std::move(job.message);
  out.state = outbox::State::kQueued;
  return out;
}

OutboxDispatcher::OutboxDispatcher(outbox::Store& store,
                                   DeliveryWorkers& workers,
                                   outbox::OutboxOptions options)
    : store_(store), workers_(workers), options_(std::move(options)) {
  workers_.add_observer([this](const AttemptReport& r) { on_attempt(r); });
  timer_ = std::thread([this] {
    NameThisThread("answer-timer");
    timer_loop();
  });
}

// ~OutboxDispatcher - stop the timer; open requests are answered queued.
OutboxDispatcher::~OutboxDispatcher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  timer_.join();

  // Stores of jobs sent first call back into this object.
  std::unique_lock lock(mutex_);
  stored_cv_.wait(lock, [&] { return storing_ == 0; });
}

// submit - send first when the answer waits for the attempt and a worker
// has room; else register the waiters and store (see after_store()).
void OutboxDispatcher::submit(std::vector<Job> jobs, Wait wait,
                              SubmitDone done) {
  if (wait == Wait::kFirstAttempt && !jobs.empty() &&
      workers_.reserve(jobs.size())) {
    send_first(std::move(jobs), std::move(done));
    return;
  }
  if (wait == Wait::kFirstAttempt) watch(jobs, done);

  std::vector<outbox::Job> stored;
  for (const Job& j : jobs) stored.push_back(ToOutboxJob(j));
  auto handed = lease_for_hand_off(stored);
  auto shared = std::make_shared<std::vector<Job>>(std::move(jobs));
  store_.enqueue_async(
      std::move(stored), [this, shared, handed, wait, done](Status s) mutable {
        if (handed) {
          if (s) {
            workers_.hand_off(std::move(*handed));
          } else {
            workers_.unreserve(handed->size());
          }
        }
        after_store(std::move(*shared), s, wait, std::move(done), !handed);
      });
}

// lease_for_hand_off - when a worker has room, mark the jobs as already
// claimed by the workers' direct owner and keep a copy to hand over once
// they are stored: the worker then skips the claim transaction. nullptr
// (jobs left queued, for a claim) when there is no room.
std::shared_ptr<std::vector<outbox::Job>> OutboxDispatcher::lease_for_hand_off(
    std::vector<outbox::Job>& jobs) {
  if (jobs.empty() || !workers_.reserve(jobs.size())) return nullptr;
  lease_to_workers(jobs);
  return std::make_shared<std::vector<outbox::Job>>(jobs);
}

// lease_to_workers - mark jobs as claimed by the workers' direct owner.
void OutboxDispatcher::lease_to_workers(std::vector<outbox::Job>& jobs) const {
  const auto now = options_.clock ? options_.clock() : outbox::Clock::now();
  for (outbox::Job& job : jobs) {
    // The store stamps its own copy; the worker's copy needs it too (for
    // the delivery latency observers measure).
    job.created_at = now;
    job.state = outbox::State::kSending;
    job.lease_owner = workers_.direct_owner();
    job.lease_until = now + options_.lease;
  }
}

// send_first - hand the jobs to the workers unstored; on_told() gathers
// their outcomes and stores them all.
void OutboxDispatcher::send_first(std::vector<Job> jobs, SubmitDone done) {
  std::vector<outbox::Job> sent;
  for (const Job& j : jobs) sent.push_back(ToOutboxJob(j));
  lease_to_workers(sent);
  auto pending =
      watch(jobs, done, std::make_unique<SentFirst>(sent));
  workers_.hand_off_unstored(
      std::move(sent),
      [this, pending](outbox::Job job, std::optional<Outcome> outcome,
                      std::chrono::microseconds took) {
        const auto at = options_.clock ? options_.clock() : outbox::Clock::now();
        on_told(pending, Told{std::move(job), std::move(outcome), took, at});
      });
}

// on_told - a worker's word on a job sent first. When it is the last of
// its request, store them all; after a deadline stored them, record it as
// a claimed job's outcome.
void OutboxDispatcher::on_told(const std::shared_ptr<Pending>& pending,
                               Told told) {
  SentFirst& request = *pending->sent_first;
  std::unique_lock lock(mutex_);
  switch (request.stage()) {
    case SentFirst::Stage::kSending:
      if (!request.tell(std::move(told))) return;
      lock.unlock();
      store_sent_first(pending);
      return;
    case SentFirst::Stage::kStoring:
      request.park(std::move(told));
      return;
    case SentFirst::Stage::kStored:
      lock.unlock();
      finish_late(std::move(told));
      return;
    case SentFirst::Stage::kLost:
      spdlog::error("{} outbox.not_recorded job={} attempted after its "
                    "store failed",
                    told.job.correlation_id, told.job.id);
      return;
  }
}

// store_sent_first - the request's jobs in one transaction (see
// SentFirst::store()), unless the last word or the deadline stored them
// already; the answer comes with the result.
void OutboxDispatcher::store_sent_first(
    const std::shared_ptr<Pending>& pending) {
  std::vector<outbox::TriedJob> tried;
  {
    std::lock_guard lock(mutex_);
    if (pending->sent_first->stage() != SentFirst::Stage::kSending) return;
    tried = pending->sent_first->store();
    ++storing_;
  }
  store_.enqueue_tried_async(
      std::move(tried),
      [this, pending](Result<std::vector<outbox::State>> states) {
        after_sent_first_stored(pending, states);
      });
}

// after_sent_first_stored - answer the request, report its attempts, and
// record what the workers told meanwhile.
void OutboxDispatcher::after_sent_first_stored(
    const std::shared_ptr<Pending>& pending,
    const Result<std::vector<outbox::State>>& states) {
  SentFirst::AfterStore after;
  bool answer = false;
  {
    std::lock_guard lock(mutex_);
    after = pending->sent_first->stored(states, pending->results);
    if (!pending->finished) {
      pending->finished = true;
      forget_deadline(*pending);
      answer = true;
    }
  }
  if (answer) pending->done(std::move(pending->results));
  for (const auto& [told, state] : after.reports) {
    workers_.reported(told.job, *told.outcome, state, 1, told.took);
  }
  for (Told& told : after.late) {
    if (states) {
      finish_late(std::move(told));
    } else {
      spdlog::error("{} outbox.not_recorded job={} attempted after its "
                    "store failed",
                    told.job.correlation_id, told.job.id);
    }
  }
  std::lock_guard lock(mutex_);
  --storing_;
  stored_cv_.notify_all();
}

// finish_late - a job stored at its deadline as sending was told: record
// its outcome as for any claim. One not attempted is left to its lease
// (this may run on the store's writer thread, which must not wait for the
// store).
void OutboxDispatcher::finish_late(Told told) {
  if (!told.outcome) {
    spdlog::info("{} outbox.not_started job={} left to its lease",
                 told.job.correlation_id, told.job.id);
    return;
  }
  auto shared = std::make_shared<Told>(std::move(told));
  {
    std::lock_guard lock(mutex_);
    ++storing_;  // the callback below uses this object
  }
  store_.complete_async(
      shared->job.id, workers_.direct_owner(),
      ToAttemptKind(shared->outcome->kind), shared->outcome->detail,
      [this, shared](Result<outbox::State> state) {
        if (!state) {
          spdlog::warn("{} outbox.complete job={} error=\"{}\"",
                       shared->job.correlation_id, shared->job.id,
                       state.error());
        } else {
          workers_.reported(shared->job, *shared->outcome, *state, 1,
                            shared->took);
        }
        std::lock_guard lock(mutex_);
        --storing_;
        stored_cv_.notify_all();
      });
}

// submit_once - as submit(), under an idempotency key.
void OutboxDispatcher::submit_once(
    const outbox::IdempotencyRecord& record, std::vector<Job> jobs, Wait wait,
    SubmitDone done, std::function<void(outbox::IdempotencyRecord)> replay) {
  if (wait == Wait::kFirstAttempt) watch(jobs, done);

  std::vector<outbox::Job> stored;
  for (const Job& j : jobs) stored.push_back(ToOutboxJob(j));
  auto shared = std::make_shared<std::vector<Job>>(std::move(jobs));
  store_.enqueue_once_async(
      record, std::move(stored),
      [this, shared, wait, done, replay = std::move(replay)](
          Result<outbox::EnqueueOnceResult> r) mutable {
        if (r && !r->stored) {
          unwatch(*shared);
          replay(std::move(r->previous));
          return;
        }
        after_store(std::move(*shared), r.status(), wait, std::move(done));
      });
}

// watch - a Pending for jobs, before they can be claimed or sent. Stored
// jobs are found by id when the workers report attempts; jobs sent first
// (sent_first set) report to on_told() instead.
std::shared_ptr<OutboxDispatcher::Pending> OutboxDispatcher::watch(
    const std::vector<Job>& jobs, const SubmitDone& done,
    std::unique_ptr<SentFirst> sent_first) {
  if (jobs.empty()) return nullptr;  // answered by after_store()
  auto pending = std::make_shared<Pending>();
  for (const Job& j : jobs) {
    pending->results.push_back(
        JobResult{j.id, Outcome{Outcome::Kind::kDelivered, "queued"}, true});
  }
  pending->open.assign(jobs.size(), true);
  pending->remaining = jobs.size();
  pending->done = done;
  const auto now = std::chrono::steady_clock::now();
  pending->deadline = now + options_.answer_timeout;
  pending->next_check = now + kSharedQueueCheck;
  pending->sent_first = std::move(sent_first);

  std::lock_guard lock(mutex_);
  if (!pending->sent_first) {
    for (const Job& j : jobs) by_job_[j.id] = pending;
  }
  auto at = deadlines_.emplace(pending->deadline, pending);
  // The timer sleeps until the first deadline; a later one (the usual
  // case, all requests having the same timeout) need not wake it.
  if (at == deadlines_.begin()) cv_.notify_all();
  return pending;
}

// unwatch - forget the Pending of jobs that will not be sent.
void OutboxDispatcher::unwatch(const std::vector<Job>& jobs) {
  std::lock_guard lock(mutex_);
  for (const Job& j : jobs) {
    auto it = by_job_.find(j.id);
    if (it == by_job_.end()) continue;
    it->second->finished = true;
    forget_deadline(*it->second);
    by_job_.erase(it);
  }
}

// after_store - answer kStored, wake the workers, or report the failure.
void OutboxDispatcher::after_store(std::vector<Job> jobs, Status stored,
                                   Wait wait, SubmitDone done,
                                   bool wake_workers) {
  if (!stored) {
    const std::string why = "not accepted: " + stored.message();
    for (const Job& j : jobs) {
      spdlog::error("{} outbox.enqueue job={} error=\"{}\"", j.correlation_id,
                    j.id, stored.message());
    }
    if (wait == Wait::kFirstAttempt) unwatch(jobs);
    done(FailedResults(jobs, why));
    return;
  }
  if (wake_workers) workers_.wake();
  if (wait == Wait::kStored || jobs.empty()) done(StoredResults(jobs));
}

// close - record one job's first outcome; true when the request is done.
// Called with mutex_ held.
bool OutboxDispatcher::close(Pending& pending, JobResult result) {
  by_job_.erase(result.id);
  if (pending.finished) return false;
  for (size_t i = 0; i < pending.results.size(); ++i) {
    if (!pending.open[i] || pending.results[i].id != result.id) continue;
    pending.results[i] = std::move(result);
    pending.open[i] = false;
    --pending.remaining;
    break;
  }
  if (pending.remaining > 0) return false;
  pending.finished = true;
  forget_deadline(pending);
  return true;
}

// forget_deadline - drop the timer entry of a finished request, so that
// finished requests are not kept until their deadline. Called with mutex_
// held.
void OutboxDispatcher::forget_deadline(const Pending& pending) {
  auto [it, end] = deadlines_.equal_range(pending.deadline);
  for (; it != end; ++it) {
    if (it->second.get() == &pending) {
      deadlines_.erase(it);
      return;
    }
  }
}

// on_attempt - a worker of this process made an attempt.
void OutboxDispatcher::on_attempt(const AttemptReport& report) {
  std::shared_ptr<Pending> ready;
  {
    std::lock_guard lock(mutex_);
    auto it = by_job_.find(report.job_id);
    if (it == by_job_.end()) return;
    auto pending = it->second;
    JobResult r{report.job_id, report.outcome,
                report.state == outbox::State::kQueued};
    if (close(*pending, std::move(r))) ready = pending;
  }
  if (ready) ready->done(std::move(ready->results));
}

// check_store - close the open jobs the store knows an outcome of; at the
// deadline (final) close them all, still queued.
void OutboxDispatcher::check_store(const std::shared_ptr<Pending>& pending,
                                   bool final) {
  std::vector<std::string> open;
  {
    std::unique_lock lock(mutex_);
    if (pending->finished) return;
    if (pending->sent_first) {
      // Not in the store until stored here, at the deadline.
      if (!final) return;
      lock.unlock();
      store_sent_first(pending);
      return;
    }
    for (size_t i = 0; i < pending->results.size(); ++i) {
      if (pending->open[i]) open.push_back(pending->results[i].id);
    }
  }

  bool ready = false;
  for (const std::string& id : open) {
    auto job = store_.get(id);
    std::optional<JobResult> r;
    if (job && *job) r = FromStored(**job);
    if (!r && final) {
      r = JobResult{id, Outcome{Outcome::Kind::kDelivered, "queued"}, true};
    }
    if (!r) continue;
    std::lock_guard lock(mutex_);
    ready = close(*pending, std::move(*r)) || ready;
  }
  if (ready) pending->done(std::move(pending->results));
}

// timer_loop - answer at deadlines; poll a shared store for outcomes.
void OutboxDispatcher::timer_loop() {
  const bool shared = store_.kind() == "postgresql";
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    while (!deadlines_.empty() && deadlines_.begin()->second->finished) {
      deadlines_.erase(deadlines_.begin());
    }
    if (deadlines_.empty()) {
      cv_.wait(lock);
      continue;
    }
    const auto now = std::chrono::steady_clock::now();
    auto first = deadlines_.begin();
    if (first->first <= now) {
      auto pending = first->second;
      deadlines_.erase(first);
      lock.unlock();
      check_store(pending, true);
      lock.lock();
      continue;
    }
    if (shared) {
      std::vector<std::shared_ptr<Pending>> due;
      for (auto& [at, p] : deadlines_) {
        if (!p->finished && p->next_check <= now) {
          p->next_check = now + kSharedQueueCheck;
          due.push_back(p);
        }
      }
      lock.unlock();
      for (auto& p : due) check_store(p, false);
      lock.lock();
    }
    auto wake = deadlines_.empty() ? now + kSharedQueueCheck
                                   : deadlines_.begin()->first;
    if (shared) wake = std::min(wake, now + kSharedQueueCheck);
    cv_.wait_until(lock, wake);
  }
  answer_all_queued(lock);
}

// answer_all_queued - at shutdown every open request gets its answer now;
// jobs sent first are stored before theirs.
void OutboxDispatcher::answer_all_queued(std::unique_lock<std::mutex>& lock) {
  std::vector<std::shared_ptr<Pending>> open, unstored;
  for (auto& [at, p] : deadlines_) {
    if (p->finished) continue;
    if (p->sent_first) {
      unstored.push_back(p);
    } else {
      p->finished = true;
      open.push_back(p);
    }
  }
  deadlines_.clear();
  by_job_.clear();
  lock.unlock();
  for (auto& p : open) p->done(std::move(p->results));
  for (auto& p : unstored) check_store(p, true);
}

}  // namespace tattler::delivery
