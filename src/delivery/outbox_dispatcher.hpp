// outbox_dispatcher.hpp - the Dispatcher backed by the durable outbox.
//
// submit() has two ways to the first attempt:
// - Send first (Wait::kFirstAttempt, a worker has room): the jobs go to the
//   delivery workers before they are stored (DeliveryWorkers::
//   hand_off_unstored). Nobody has been answered for them yet, so nothing
//   is lost if the process dies meanwhile: the client sees no answer. Once
//   every job of the request had its attempt, all of them are stored in one
//   transaction in the state that attempt led to (delivered, failed, queued
//   for a retry), and the request is answered when that is durable. One
//   write per job instead of a store, a claim-free hand-off and an outcome.
//   If OutboxOptions::answer_timeout passes first, the jobs still being sent
//   are stored as sending (leased to the workers' direct owner, so another
//   server takes them over if this one dies) and the request is answered
//   with them queued; their outcomes are then recorded as for any claim.
//   What one such request holds is a SentFirst (sent_first.hpp).
// - Store first (Wait::kStored, or no worker has room): the jobs are stored
//   in one transaction (group commit shares the fsync with concurrent
//   requests), then sent. When a worker has room they are stored already
//   leased and handed straight to it (DeliveryWorkers::hand_off), which
//   saves the claim transaction.
// done is called:
// - Wait::kStored: as soon as the jobs are durable, every job queued=true
//   with detail "queued";
// - Wait::kFirstAttempt: when every job had its first attempt and is
//   durable, or when answer_timeout passed; a job still waiting for its
//   first attempt or for a retry comes back queued=true with the last
//   detail.
// If the jobs cannot be stored, every job comes back as a permanent failure
// saying so (the HTTP layer answers an error; nothing was accepted), except
// a job sent first and delivered, which is reported delivered (it was) and
// logged as not recorded.
//
// submit_once() does the same under an Idempotency-Key, always storing
// first (the key must be taken before anything is sent).
//
// `done` is called from the store's writer thread (stored jobs, store
// errors), a delivery worker (first attempts) or the timer thread
// (deadlines): the caller should hand its real work to its own threads.
//
// Limits: a store error on enqueue is reported, never retried here. With a
// shared PostgreSQL queue, first attempts made by another server are seen
// by polling the store every 250 ms. A request still open at destruction is
// answered at once with its jobs queued (jobs sent first are stored before).
// A job sent first is not in the store while its first attempt runs:
// GET /jobs/<id> and the outbox depth of /metrics do not see it until it
// is stored. A job stored at the deadline that a worker then does not
// attempt (stopping) waits for its lease to end before any server takes
// it.
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
#include "delivery/sent_first.hpp"
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
  using Told = SentFirst::Told;

  std::shared_ptr<Pending> watch(const std::vector<Job>& jobs,
                                 const SubmitDone& done,
                                 std::unique_ptr<SentFirst> sent_first = {});
  void lease_to_workers(std::vector<outbox::Job>& jobs) const;
  void send_first(std::vector<Job> jobs, SubmitDone done);
  void on_told(const std::shared_ptr<Pending>& pending, Told told);
  void store_sent_first(const std::shared_ptr<Pending>& pending);
  void after_sent_first_stored(const std::shared_ptr<Pending>& pending,
                               const Result<std::vector<outbox::State>>& states);
  void finish_late(Told told);
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
  // Writes for jobs sent first still under way (their callbacks use this
  // object: the destructor waits for them).
  size_t storing_ = 0;
  std::condition_variable stored_cv_;
  std::map<std::string, std::shared_ptr<Pending>> by_job_;
  std::multimap<std::chrono::steady_clock::time_point, std::shared_ptr<Pending>>
      deadlines_;
  std::thread timer_;
};

}  // namespace tattler::delivery
