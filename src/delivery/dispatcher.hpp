// dispatcher.hpp - hands the jobs of one request over for delivery.
//
// The API layer composes one Job per vector and submits them all at once.
// A Dispatcher decides how they are sent; the server's is the outbox
// dispatcher (delivery/outbox_dispatcher.hpp), which stores them durably
// first and lets the delivery workers send them, retrying temporary
// failures.
//
// Either way the caller gets one JobResult per job through `done`, called
// exactly once, from some other thread:
// - Wait::kFirstAttempt: after each job's first delivery attempt (tattler's
//   contract: the HTTP answer reports the outcome).
// - Wait::kStored: as soon as the jobs are durable (Prefer: respond-async).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "compose/message.hpp"
#include "delivery/transport.hpp"

namespace tattler::delivery {

struct Job {
  // "<vector>:<uuid4>", as tattler's NotificationJob id.
  std::string id;
  std::string correlation_id;
  std::string scope;
  std::string event;
  compose::Message message;
};

struct JobResult {
  std::string id;
  Outcome outcome;

  // True while the job waits for a retry (or, with Wait::kStored, for its
  // first attempt): the outcome is then the last attempt's, if any.
  bool queued = false;
};

enum class Wait { kFirstAttempt, kStored };

using SubmitDone = std::function<void(std::vector<JobResult>)>;

class Dispatcher {
 public:
  virtual ~Dispatcher() = default;

  // submit - take the jobs and call done once, as the header comment says.
  // Jobs are never dropped: a job that cannot be stored or sent comes back
  // as a failed JobResult.
  virtual void submit(std::vector<Job> jobs, Wait wait, SubmitDone done) = 0;
};

}  // namespace tattler::delivery
