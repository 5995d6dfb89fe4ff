// delivery_workers.cpp - claim, send, record; sleep when there is nothing.
//
// Limits: see delivery_workers.hpp.
#include "delivery/delivery_workers.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>

#include "common/thread_name.hpp"

namespace tattler::delivery {

namespace {

// DefaultName - host:pid, unique enough across the servers of one queue.
std::string DefaultName() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  return fmt::format("{}:{}", host, getpid());
}

// PurgeEvery - how often to purge: purge_interval, or half the retention
// when that is shorter, so a finished job never outlives its retention by
// more than half of it.
outbox::Millis PurgeEvery(const outbox::OutboxOptions& options) {
  const outbox::Millis half =
      std::max(options.retention / 2, outbox::Millis(10));
  return std::min(options.purge_interval, half);
}

}  // namespace

// ToAttemptKind - one to one.
outbox::AttemptKind ToAttemptKind(Outcome::Kind kind) {
  switch (kind) {
    case Outcome::Kind::kDelivered:
      return outbox::AttemptKind::kDelivered;
    case Outcome::Kind::kTemporaryFailure:
      return outbox::AttemptKind::kTemporaryFailure;
    case Outcome::Kind::kPermanentFailure:
      break;
  }
  return outbox::AttemptKind::kPermanentFailure;
}

DeliveryWorkers::DeliveryWorkers(outbox::Store& store, Transport& transport,
                                 outbox::OutboxOptions options,
                                 std::string name)
    : store_(store),
      transport_(transport),
      options_(std::move(options)),
      name_(name.empty() ? DefaultName() : std::move(name)),
      direct_owner_(name_ + "/direct") {}

DeliveryWorkers::~DeliveryWorkers() { stop(); }

// add_observer - keep one more observer.
void DeliveryWorkers::add_observer(AttemptObserver observer) {
  observers_.push_back(std::move(observer));
}

// start - the worker threads, the purge thread, and NOTIFY wake-ups.
void DeliveryWorkers::start() {
  std::lock_guard lock(mutex_);
  if (!threads_.empty()) return;
  stopping_ = false;
  store_.set_wakeup([this] { wake(); });
  const int n = std::max(options_.delivery_workers, 1);
  lanes_.clear();
  for (int i = 0; i < n; ++i) {
    lanes_.push_back(std::make_unique<Lane>());
    lanes_.back()->name = fmt::format("{}/{}", name_, i);
  }
  for (size_t i = 0; i < lanes_.size(); ++i) {
    threads_.emplace_back([this, i, &lane = *lanes_[i]] {
      NameThisThread("deliver-" + std::to_string(i));
      run(lane);
    });
  }
  purger_ = std::thread([this] {
    NameThisThread("outbox-purge");
    purge_loop();
  });
}

// stop - ask every thread to end and wait for them.
void DeliveryWorkers::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  purge_cv_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
  if (purger_.joinable()) purger_.join();
  release_direct();
}

// reserve - room in the local queue, kDirectPerWorker jobs per worker.
bool DeliveryWorkers::reserve(size_t n) {
  const size_t room = kDirectPerWorker *
                      static_cast<size_t>(std::max(options_.delivery_workers, 1));
  std::lock_guard lock(mutex_);
  if (stopping_ || threads_.empty()) return false;
  if (direct_.size() + reserved_ + n > room) return false;
  reserved_ += n;
  return true;
}

// hand_off - queue stored jobs for the workers. Called from the store's
// writer thread: it must not wait for the store.
void DeliveryWorkers::hand_off(std::vector<outbox::Job> jobs) {
  queue_direct(std::move(jobs), nullptr);
}

// hand_off_unstored - queue jobs not stored yet; tried gets their outcomes.
void DeliveryWorkers::hand_off_unstored(std::vector<outbox::Job> jobs,
                                        FirstAttemptDone tried) {
  queue_direct(std::move(jobs),
               std::make_shared<FirstAttemptDone>(std::move(tried)));
}

// queue_direct - the jobs into the local queue, one worker woken for each.
void DeliveryWorkers::queue_direct(std::vector<outbox::Job> jobs,
                                   std::shared_ptr<FirstAttemptDone> tried) {
  const size_t n = jobs.size();
  {
    std::unique_lock lock(mutex_);
    reserved_ -= std::min(reserved_, n);
    if (stopping_) {
      lock.unlock();
      for (auto& job : jobs) give_back(Handed{std::move(job), tried}, "");
      return;
    }
    for (auto& job : jobs) direct_.push_back(Handed{std::move(job), tried});
    // Workers already awake take the queue in batches when they come
    // back; waking a sleeper for every job would make batches of one
    // and a thread switch per message. A sleeper is woken only when the
    // awake ones have more than kWaitingPerAwake jobs each ahead of them.
    const size_t awake = lanes_.size() - idle_;
    if (awake > 0 && direct_.size() <= awake * kWaitingPerAwake) return;
  }
  for (size_t i = 0; i < n; ++i) cv_.notify_one();
}

// give_back - a job that will not be attempted here: an unstored one goes
// back to its dispatcher; a stored one leased to owner is released to the
// queue (when owner is empty the workers stopped before it was queued: it
// waits for its lease to end, then any server claims it).
void DeliveryWorkers::give_back(Handed handed, const std::string& owner) {
  outbox::Job& job = handed.job;
  if (handed.tried) {
    (*handed.tried)(std::move(job), std::nullopt,
                    std::chrono::microseconds(0));
    return;
  }
  if (owner.empty()) {
    spdlog::info("{} outbox.handoff_stopped job={} left to its lease",
                 job.correlation_id, job.id);
    return;
  }
  spdlog::info("{} outbox.not_started job={} given back to the queue",
               job.correlation_id, job.id);
  (void)store_.release(job.id, owner);
  forget_quiet();
}

// unreserve - the jobs were not stored.
void DeliveryWorkers::unreserve(size_t n) {
  std::lock_guard lock(mutex_);
  reserved_ -= std::min(reserved_, n);
}

// release_direct - handed-off jobs no worker took go back to queued, so
// that they need not wait for their lease to end.
void DeliveryWorkers::release_direct() {
  std::deque<Handed> left;
  {
    std::lock_guard lock(mutex_);
    left.swap(direct_);
  }
  for (auto& handed : left) give_back(std::move(handed), direct_owner_);
}

// reported - one log line for the attempt, and every observer hears of it.
void DeliveryWorkers::reported(const outbox::Job& job, const Outcome& outcome,
                               outbox::State state, int attempt,
                               std::chrono::microseconds took) {
  spdlog::info("{} outbox.attempt job={} vector={} attempt={} state={} us={}",
               job.correlation_id, job.id, job.message.vector, attempt,
               outbox::StateName(state), took.count());
  const AttemptReport report{job.id,  job.correlation_id, job.message.vector,
                             outcome, state,              attempt,
                             took,    job.created_at};
  for (const auto& observer : observers_) observer(report);
}

// wake - bump the generation so sleepers look again.
void DeliveryWorkers::wake() {
  {
    std::lock_guard lock(mutex_);
    ++wake_generation_;
  }
  // One worker claims a batch; when it comes back full, it wakes the next
  // (run()). Waking all at once would have every worker run a claim
  // transaction for the same few jobs.
  cv_.notify_one();
}

// attempts - counters by outcome.
std::int64_t DeliveryWorkers::attempts(Outcome::Kind kind) const {
  switch (kind) {
    case Outcome::Kind::kDelivered:
      return delivered_;
    case Outcome::Kind::kTemporaryFailure:
      return temporary_;
    case Outcome::Kind::kPermanentFailure:
      break;
  }
  return permanent_;
}

// run - one worker: a handed-off job, else a claimed batch, else sleep.
// It ends only once its last outcome is recorded.
void DeliveryWorkers::run(Lane& lane) {
  for (;;) {
    if (auto jobs = next_direct(); !jobs.empty()) {
      deliver(lane, direct_owner_, std::move(jobs));
      continue;
    }
    std::uint64_t generation;
    bool look;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) break;
      generation = wake_generation_;
      look = !quiet(generation);
    }
    if (look) {
      if (claim_and_deliver(lane)) continue;
      note_quiet(generation);
    }
    sleep_until_work(generation);
  }
  wait_recorded(lane);
}

// quiet - whether the store had nothing due at this wake generation, and
// the time to look again has not come: a claim now would find nothing.
// Called with mutex_ held.
bool DeliveryWorkers::quiet(std::uint64_t generation) const {
  return generation == quiet_generation_ && now() < quiet_until_;
}

// note_quiet - a claim at generation found nothing: until a wake(), look
// again only when the earliest job is due (or after idle_poll).
void DeliveryWorkers::note_quiet(std::uint64_t generation) {
  auto wait = options_.idle_poll;
  const auto checked = now();
  auto due = store_.next_due();
  if (due && *due) {
    auto until = std::chrono::duration_cast<outbox::Millis>(**due - checked);
    wait = std::clamp(until, outbox::Millis(1), wait);
  }
  std::lock_guard lock(mutex_);
  quiet_generation_ = generation;
  quiet_until_ = checked + wait;
}

// forget_quiet - jobs may be due earlier than noted (a retry was
// scheduled, a job given back): the next idle worker claims again.
void DeliveryWorkers::forget_quiet() {
  std::lock_guard lock(mutex_);
  quiet_generation_ = kNotQuiet;
}

// claim_and_deliver - claim a batch and send it; false when none was due.
bool DeliveryWorkers::claim_and_deliver(Lane& lane) {
  const std::string& worker = lane.name;
  const size_t batch = static_cast<size_t>(std::max(options_.claim_batch, 1));
  auto jobs = store_.claim(worker, static_cast<int>(batch), options_.lease);
  if (!jobs) {
    spdlog::error("- outbox.claim worker={} error=\"{}\"", worker,
                  jobs.error());
    return false;
  }
  if (jobs->empty()) return false;

  // A full batch: there may be more, for another worker.
  if (jobs->size() >= batch) cv_.notify_one();

  std::vector<Handed> handed;
  for (auto& job : *jobs) handed.push_back(Handed{std::move(job), nullptr});
  deliver(lane, worker, std::move(handed));
  return true;
}

// now - the options' clock, or the system's.
outbox::TimePoint DeliveryWorkers::now() const {
  return options_.clock ? options_.clock() : outbox::Clock::now();
}

// lease_left - whether half the lease is still ahead of the job: enough for
// one send as long as the transport timeout stays under half the lease.
bool DeliveryWorkers::lease_left(const outbox::Job& job) const {
  return job.lease_until - now() >= options_.lease / 2;
}

// next_direct - the oldest handed-off jobs, at most kMaxBatch; none when
// stopping.
std::vector<DeliveryWorkers::Handed> DeliveryWorkers::next_direct() {
  std::vector<Handed> jobs;
  std::lock_guard lock(mutex_);
  if (stopping_ || direct_.empty()) return jobs;
  const size_t share = std::min(direct_.size(), kMaxBatch);
  for (size_t i = 0; i < share; ++i) {
    jobs.push_back(std::move(direct_.front()));
    direct_.pop_front();
  }
  return jobs;
}

// deliver - send leased or unstored jobs as one transport batch, each
// outcome recorded (or, unstored, told) as it comes. A job is started only
// while half its lease is ahead and the workers are not stopping; the jobs
// not started are given back.
void DeliveryWorkers::deliver(Lane& lane, const std::string& owner,
                              std::vector<Handed> jobs) {
  Batch batch;
  for (const Handed& h : jobs) batch.messages.push_back(&h.job.message);
  auto started = std::chrono::steady_clock::now();
  batch.ready = [&](size_t i) {
    return !stopping() && lease_left(jobs[i].job);
  };
  batch.sent = [&](size_t i, Outcome outcome) {
    const auto now = std::chrono::steady_clock::now();
    const auto took =
        std::chrono::duration_cast<std::chrono::microseconds>(now - started);
    started = now;
    count(outcome);
    if (jobs[i].tried) {
      (*jobs[i].tried)(std::move(jobs[i].job), std::move(outcome), took);
    } else {
      record(lane, owner, std::move(jobs[i].job), std::move(outcome), took);
    }
  };
  const size_t sent = transport_.send_batch(batch);

  for (size_t i = sent; i < jobs.size(); ++i) {
    give_back(std::move(jobs[i]), owner);
  }
}

// stopping - whether stop() was called.
bool DeliveryWorkers::stopping() {
  std::lock_guard lock(mutex_);
  return stopping_;
}

// count - the attempt counters by outcome kind.
void DeliveryWorkers::count(const Outcome& outcome) {
  switch (outcome.kind) {
    case Outcome::Kind::kDelivered:
      ++delivered_;
      break;
    case Outcome::Kind::kTemporaryFailure:
      ++temporary_;
      break;
    case Outcome::Kind::kPermanentFailure:
      ++permanent_;
      break;
  }
}

// record - hand the outcome to the store without waiting for the write
// (only for the previous one of this lane); log it and tell the observers
// once it is written.
void DeliveryWorkers::record(Lane& lane, const std::string& owner,
                             outbox::Job job, Outcome outcome,
                             std::chrono::microseconds took) {
  wait_recorded(lane);
  {
    std::lock_guard lock(lane.mutex);
    lane.recording = true;
  }

  auto kind = ToAttemptKind(outcome.kind);
  std::string detail = outcome.detail;
  std::string job_id = job.id;
  auto written = [this, &lane, job = std::move(job),
                  outcome = std::move(outcome),
                  took](Result<outbox::State> state) mutable {
    if (!state) {
      spdlog::warn("{} outbox.complete job={} error=\"{}\"",
                   job.correlation_id, job.id, state.error());
    } else {
      if (*state == outbox::State::kQueued) forget_quiet();  // a retry
      reported(job, outcome, *state, job.attempts + 1, took);
    }
    std::lock_guard lock(lane.mutex);
    lane.recording = false;
    lane.recorded.notify_all();
  };
  store_.complete_async(std::move(job_id), owner, kind, std::move(detail),
                        std::move(written));
}

// wait_recorded - until the lane's last outcome is written.
void DeliveryWorkers::wait_recorded(Lane& lane) {
  std::unique_lock lock(lane.mutex);
  lane.recorded.wait(lock, [&] { return !lane.recording; });
}

// sleep_until_work - wait for a wake() after `generation` was read, stop,
// a handed-off job, or the time noted to look at the store again. While
// another worker is awake, look at the local queue every kStandbyCheck:
// jobs queued without waking anyone (queue_direct) must not wait long
// behind an awake worker stuck in a slow send.
void DeliveryWorkers::sleep_until_work(std::uint64_t generation) {
  std::unique_lock lock(mutex_);
  auto wait = options_.idle_poll;
  if (quiet_generation_ == generation) {
    auto until =
        std::chrono::duration_cast<outbox::Millis>(quiet_until_ - now());
    wait = std::clamp(until, outbox::Millis(1), wait);
  }
  if (lanes_.size() - idle_ > 1) wait = std::min(wait, kStandbyCheck);
  ++idle_;
  cv_.wait_for(lock, wait, [&] {
    return stopping_ || wake_generation_ != generation || !direct_.empty();
  });
  --idle_;
}

// purge_loop - purge finished jobs every PurgeEvery() until stop.
void DeliveryWorkers::purge_loop() {
  const outbox::Millis every = PurgeEvery(options_);
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (purge_cv_.wait_for(lock, every, [&] { return stopping_; })) {
        return;
      }
    }
    auto purged = store_.purge();
    if (!purged) {
      spdlog::warn("- outbox.purge error=\"{}\"", purged.error());
    } else if (*purged > 0) {
      spdlog::info("- outbox.purge jobs={}", *purged);
    }
  }
}

}  // namespace tattler::delivery
