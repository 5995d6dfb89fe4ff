// sent_first.hpp - the jobs of one request sent before they were stored.
//
// With the default answer the outbox dispatcher hands a request's jobs to
// the delivery workers before it stores them (outbox_dispatcher.hpp).
// SentFirst holds what that needs per request: the jobs as they will be
// stored, what the workers told of each, and how far their store is. It
// builds the one transaction that stores them (store()) and reads the
// answer from its result (stored()). The dispatcher does the locking, the
// writes and the answering.
//
// Limits: not thread-safe; the dispatcher calls it under its own lock.
#pragma once

#include <chrono>
#include <optional>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "delivery/dispatcher.hpp"
#include "delivery/transport.hpp"
#include "outbox/store.hpp"

namespace tattler::delivery {

class SentFirst {
 public:
  // Where the request's store is: not begun, being written (after the
  // last word, or at the deadline), written, or failed.
  enum class Stage { kSending, kStoring, kStored, kLost };

  // What a worker told of one job.
  struct Told {
    outbox::Job job;
    std::optional<Outcome> outcome;  // nullopt: not attempted
    std::chrono::microseconds took{0};
    outbox::TimePoint at{};
  };

  // What stored() leaves to do: the attempts to report, with the state
  // each was stored in, and the words told while the store was written.
  struct AfterStore {
    std::vector<std::pair<Told, outbox::State>> reports;
    std::vector<Told> late;
  };

  // jobs: as they will be stored if still being sent at the deadline
  // (sending, leased to the workers).
  explicit SentFirst(std::vector<outbox::Job> jobs);

  Stage stage() const { return stage_; }

  // tell - keep a worker's word on one of the jobs. True when it was the
  // last one still awaited: the request is ready for store().
  bool tell(Told told);

  // park - a word told while the store is being written (stage kStoring).
  void park(Told told) { late_.push_back(std::move(told)); }

  // store - the jobs as one transaction: attempted ones with their
  // attempt, ones given back as queued, ones still being sent as they
  // are (sending, leased). The messages move out; the stage becomes
  // kStoring.
  std::vector<outbox::TriedJob> store();

  // stored - the store's result into results (in job order): attempted
  // jobs get their outcome (queued when a retry is scheduled); the others
  // keep what they held ("queued"). When the store failed, a delivered
  // job stays delivered (it was) and every other one fails with the
  // error. The stage becomes kStored or kLost.
  AfterStore stored(const Result<std::vector<outbox::State>>& states,
                    std::vector<JobResult>& results);

 private:
  std::vector<outbox::Job> jobs_;
  std::vector<std::optional<Told>> told_;
  size_t untold_;
  Stage stage_ = Stage::kSending;
  std::vector<Told> late_;
};

}  // namespace tattler::delivery
