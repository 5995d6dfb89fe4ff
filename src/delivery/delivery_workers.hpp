// delivery_workers.hpp - the threads that drain the outbox.
//
// DeliveryWorkers runs OutboxOptions::delivery_workers threads. Each claims
// due jobs from the Store under a lease, sends them through the Transport
// and records every outcome with Store::complete(), which schedules retries
// or ends the job. Idle workers sleep until wake(), a NOTIFY from another
// process, the next due job, or OutboxOptions::idle_poll.
//
// A job can also reach a worker without a claim: the outbox dispatcher
// reserve()s room, stores the job already leased to direct_owner(), and
// hand_off()s it; the next free worker sends it. The local queue holds at
// most kDirectPerWorker jobs per worker, so a handed-off job waits for a
// worker a few sends only, well inside its lease; one that waited past
// half its lease is not sent but given back to the queue.
//
// The dispatcher may also hand over jobs it has not stored yet
// (hand_off_unstored, for the default answer: nothing needs a record before
// its first outcome is known). Such a job's outcome is not written by the
// worker but given to the dispatcher's callback, which stores the request's
// jobs together; a job not attempted (stopping, half its lease gone) is
// given back to that callback without an outcome.
//
// A worker sends its jobs as one Transport batch: up to kMaxBatch
// handed-off jobs, or a claimed batch. Over SMTP each message then leaves
// together with the next one's envelope. A handed-off job wakes a sleeping
// worker only when the awake ones have more than kWaitingPerAwake jobs each
// waiting: they take the queue in batches when they come back, where
// waking a worker per job would make batches of one and a thread switch
// per message. Sleeping workers look at the queue every kStandbyCheck
// while another is awake, so a job waits that long at most behind a slow
// send. A job is started only while half its lease is ahead and the
// workers are not stopping; the rest go back to the queue.
//
// A worker that runs out of work claims from the store once; when that
// finds nothing, the workers look again only after a wake(), when the
// earliest queued job is due, or after idle_poll.
//
// Observers hear about every attempt once its outcome is recorded (the
// outbox dispatcher uses this to answer Wait::kFirstAttempt; the server
// feeds /metrics from it). They are called from the store's writer thread
// and must not wait for the store.
//
// A worker does not wait for the store to write an outcome before it sends
// its next job: it records at most one outcome ahead, and waits for that
// one before it hands over the next. So a job sent but whose outcome was
// not written yet is, like a job mid-send, one that a crash may have sent
// without a record: at most two per worker are sent again after a kill.
//
// A claimed batch shares one lease: a worker starts the next job of its
// batch only while half the lease is still ahead, and gives the rest back
// to the queue, so a slow relay does not make the batch outlive its lease.
//
// Limits: one Transport for every vector (wrap several in a routing
// Transport if needed). A send that outlives the lease may be repeated by
// another worker; the transport timeout should stay under half the lease.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "delivery/transport.hpp"
#include "outbox/options.hpp"
#include "outbox/store.hpp"

namespace tattler::delivery {

// One finished attempt, as observers see it.
struct AttemptReport {
  std::string job_id;
  std::string correlation_id;
  std::string vector;
  Outcome outcome;

  // The job's state after the attempt (kQueued: a retry is scheduled).
  outbox::State state = outbox::State::kQueued;

  // 1 for the first attempt.
  int attempt = 1;

  // Time spent in Transport::send().
  std::chrono::microseconds duration{0};

  // When the job was accepted (stored, or last put back by a retry); the
  // epoch when unknown.
  outbox::TimePoint accepted_at{};
};

using AttemptObserver = std::function<void(const AttemptReport&)>;

// ToAttemptKind - the outbox's word for a transport outcome.
outbox::AttemptKind ToAttemptKind(Outcome::Kind kind);

// What a worker tells of a job handed over unstored: its outcome and the
// time the attempt took, or nullopt when it was not attempted.
using FirstAttemptDone =
    std::function<void(outbox::Job job, std::optional<Outcome> outcome,
                       std::chrono::microseconds took)>;

class DeliveryWorkers {
 public:
  // The store and the transport must outlive this object. `name` makes the
  // lease owner names unique across processes (host:pid is a good choice;
  // empty picks one).
  DeliveryWorkers(outbox::Store& store, Transport& transport,
                  outbox::OutboxOptions options, std::string name = "");
  ~DeliveryWorkers();

  DeliveryWorkers(const DeliveryWorkers&) = delete;
  DeliveryWorkers& operator=(const DeliveryWorkers&) = delete;

  // add_observer - call observer after every attempt, from a worker thread.
  // Only before start().
  void add_observer(AttemptObserver observer);

  // start - launch the worker threads and the background purge.
  void start();

  // stop - finish the sends under way, give back claimed jobs not yet sent,
  // and join the threads. Idempotent.
  void stop();

  // wake - new jobs may be due: idle workers look at the store now.
  void wake();

  // Handed-off jobs the local queue holds per worker. More than one keeps
  // the jobs of a burst off the claim path (a write transaction each).
  static constexpr size_t kDirectPerWorker = 4;

  // Jobs a worker sends as one transport batch (SMTP: each message written
  // with the next one's envelope). Each outcome is recorded before the
  // next message leaves, so a crash still repeats at most two per worker.
  static constexpr size_t kMaxBatch = 4;

  // Handed-off jobs waiting per awake worker before a sleeping one is
  // woken (see the header comment).
  static constexpr size_t kWaitingPerAwake = 2;

  // How often sleeping workers look at the local queue while another
  // worker is awake: the longest a handed-off job waits behind a slow
  // send before a sleeping worker takes it.
  static constexpr std::chrono::milliseconds kStandbyCheck{10};

  // direct_owner - the lease owner of handed-off jobs ("<name>/direct").
  const std::string& direct_owner() const { return direct_owner_; }

  // reserve - room for n handed-off jobs; false when the local queue is
  // full (store the jobs queued then, for a claim). Every true is followed
  // by one hand_off() or unreserve() of the same n.
  bool reserve(size_t n);

  // hand_off - reserved jobs, stored as kSending and leased to
  // direct_owner(): queued locally for the next free worker.
  void hand_off(std::vector<outbox::Job> jobs);

  // hand_off_unstored - reserved jobs that are not in the store: queued
  // locally for the next free worker, which sends each once and calls
  // tried with the outcome instead of recording it. tried is called once
  // per job, from a worker thread (or from stop()).
  void hand_off_unstored(std::vector<outbox::Job> jobs,
                         FirstAttemptDone tried);

  // unreserve - give back a reservation whose jobs were not stored.
  void unreserve(size_t n);

  // reported - log attempt number `attempt` of job, recorded in `state`,
  // and tell the observers. The workers call it for the outcomes they
  // record; the dispatcher for jobs handed over unstored, whose outcomes
  // it records itself.
  void reported(const outbox::Job& job, const Outcome& outcome,
                outbox::State state, int attempt,
                std::chrono::microseconds took);

  // attempts - attempts made by this process so far, by outcome kind.
  std::int64_t attempts(Outcome::Kind kind) const;

 private:
  // Lane - one worker thread: its lease owner name and whether the outcome
  // of its last send is still on its way to the store.
  struct Lane {
    std::string name;
    std::mutex mutex;
    std::condition_variable recorded;
    bool recording = false;
  };

  // Handed - a job for a worker; `tried` is set when the job is not
  // stored (shared by the jobs of one request).
  struct Handed {
    outbox::Job job;
    std::shared_ptr<FirstAttemptDone> tried;
  };

  void run(Lane& lane);
  bool claim_and_deliver(Lane& lane);
  std::vector<Handed> next_direct();
  bool lease_left(const outbox::Job& job) const;
  bool stopping();
  outbox::TimePoint now() const;
  void deliver(Lane& lane, const std::string& owner,
               std::vector<Handed> jobs);
  void give_back(Handed handed, const std::string& owner);
  void queue_direct(std::vector<outbox::Job> jobs,
                    std::shared_ptr<FirstAttemptDone> tried);
  void record(Lane& lane, const std::string& owner, outbox::Job job,
              Outcome outcome, std::chrono::microseconds took);
  void wait_recorded(Lane& lane);
  void count(const Outcome& outcome);
  void release_direct();
  void sleep_until_work(std::uint64_t generation);
  bool quiet(std::uint64_t generation) const;
  void note_quiet(std::uint64_t generation);
  void forget_quiet();
  void purge_loop();

  outbox::Store& store_;
  Transport& transport_;
  const outbox::OutboxOptions options_;
  std::string name_;
  std::string direct_owner_;
  std::vector<AttemptObserver> observers_;

  std::mutex mutex_;
  std::condition_variable cv_;        // workers wait here
  std::condition_variable purge_cv_;  // the purge thread waits here
  std::uint64_t wake_generation_ = 0;

  // The store had nothing due at quiet_generation_: no claim until a
  // wake() or quiet_until_ (saves a write transaction every time a worker
  // runs out of handed-off jobs).
  static constexpr std::uint64_t kNotQuiet = UINT64_MAX;
  std::uint64_t quiet_generation_ = kNotQuiet;
  outbox::TimePoint quiet_until_{};
  bool stopping_ = false;
  std::deque<Handed> direct_;  // handed-off jobs waiting for a worker
  size_t reserved_ = 0;             // reserved, not handed off yet
  size_t idle_ = 0;                 // workers asleep in sleep_until_work
  std::vector<std::unique_ptr<Lane>> lanes_;  // one per thread
  std::vector<std::thread> threads_;
  std::thread purger_;

  std::atomic<std::int64_t> delivered_{0};
  std::atomic<std::int64_t> temporary_{0};
  std::atomic<std::int64_t> permanent_{0};
};

}  // namespace tattler::delivery
