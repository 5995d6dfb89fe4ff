// outbox_dispatcher.hpp - the Dispatcher backed by the durable outbox.
//
// submit() stores the jobs of one request in one transaction (group commit
// shares the fsync with concurrent requests), wakes the delivery workers and
// calls done. When a worker has room, the jobs are stored already leased
// and handed straight to it (DeliveryWorkers::hand_off), which saves the
// claim transaction on the way to the first attempt. done is called:
// - Wait::kStored: as soon as the jobs are durable, every job queued=true
//   with detail "queued";
// - Wait::kFirstAttempt: when every job had its first attempt, or when
//   OutboxOptions::answer_timeout passed; a job still waiting for its first
//   attempt or for a retry comes back queued=true with the last detail.
// If the jobs cannot be stored, every job comes back as a permanent failure
// saying so (the HTTP layer answers an error; nothing was accepted).
//
// submit_once() does the same under an Idempotency-Key.
//
// `done` is called from the store's writer thread (kStored, store errors),
// a delivery worker (first attempts) or the timer thread (deadlines): the
// caller should hand its real work to its own threads.
//
// Limits: a store error on enqueue is reported, never retried here. With a
// shared PostgreSQL queue, first attempts made by another server are seen
// by polling the store every 250 ms. A request still open at destruction is
// answered at once with its jobs queued.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "delivery/delivery_workers.hpp"
#include "delivery/dispatcher.hpp"
#include "outbox/store.hpp"

namespace tattler::delivery {

// ToOutboxJob - the stored form of a dispatcher Job (state kQueued).
outbox::Job ToOutboxJob(Job job);

class OutboxDispatcher : public Dispatcher {
 public:
  // Registers itself as an observer of workers: construct before
  // workers.start(). store and workers must outlive this object.
  OutboxDispatcher(outbox::Store& store, DeliveryWorkers& workers,
                   outbox::OutboxOptions options);
  ~OutboxDispatcher() override;

  OutboxDispatcher(const OutboxDispatcher&) = delete;
  OutboxDispatcher& operator=(const OutboxDispatcher&) = delete;

  // submit - see the header comment.
  void submit(std::vector<Job> jobs, Wait wait, SubmitDone done) override;

  // submit_once - submit under an Idempotency-Key. When the key is new the
  // jobs are stored with record (in one transaction) and done is called as
  // by submit(). When the key was seen, nothing is stored and `replay` gets
  // the first request's record instead (the caller compares fingerprints:
  // 422 on a mismatch, else the first answer; status 0 means the first
  // request is still waiting for its answer). On a store error done gets
  // failed results.
  void submit_once(const outbox::IdempotencyRecord& record,
                   std::vector<Job> jobs, Wait wait, SubmitDone done,
                   std::function<void(outbox::IdempotencyRecord)> replay);

 private:
  struct Pending;

  void watch(const std::vector<Job>& jobs, const SubmitDone& done);
  void unwatch(const std::vector<Job>& jobs);
  std::shared_ptr<std::vector<outbox::Job>> lease_for_hand_off(
      std::vector<outbox::Job>& jobs);
  void after_store(std::vector<Job> jobs, Status stored, Wait wait,
                   SubmitDone done, bool wake_workers = true);
  bool close(Pending& pending, JobResult result);
  void forget_deadline(const Pending& pending);
  void on_attempt(const AttemptReport& report);
  void check_store(const std::shared_ptr<Pending>& pending, bool final);
  void timer_loop();
  void answer_all_queued(std::unique_lock<std::mutex>& lock);

  outbox::Store& store_;
  DeliveryWorkers& workers_;
  const outbox::OutboxOptions options_;

  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::map<std::string, std::shared_ptr<Pending>> by_job_;
  std::multimap<std::chrono::steady_clock::time_point, std::shared_ptr<Pending>>
      deadlines_;
  std::thread timer_;
};

}  // namespace tattler::delivery
