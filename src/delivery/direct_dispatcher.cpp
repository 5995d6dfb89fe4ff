// direct_dispatcher.cpp - a worker pool sending jobs without storage.
//
// Limits: see the header; a transport that throws is reported as a
// temporary failure of that job.
#include "delivery/direct_dispatcher.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <exception>
#include <utility>

namespace tattler::delivery {
namespace {

// Batch - the results of one submission, completed by several workers.
struct Batch {
  std::mutex mutex;
  std::vector<JobResult> results;
  size_t remaining = 0;
  SubmitDone done;
};

// attempt - one send, never throwing.
Outcome attempt(Transport& transport, const Job& job) {
  try {
    return transport.send(job.message);
  } catch (const std::exception& e) {
    return Outcome::Temporary(std::string("transport error: ") + e.what());
  }
}

}  // namespace

DirectDispatcher::DirectDispatcher(std::shared_ptr<Transport> transport,
                                   size_t workers)
    : transport_(std::move(transport)) {
  if (workers == 0) workers = 1;
  for (size_t i = 0; i < workers; ++i) {
    workers_.emplace_back([this] { work(); });
  }
}

DirectDispatcher::~DirectDispatcher() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : workers_) t.join();
}

// work - run tasks until stopping and the queue is empty.
void DirectDispatcher::work() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

// submit - one task per job; the last one to finish calls done.
void DirectDispatcher::submit(std::vector<Job> jobs, Wait wait,
                              SubmitDone done) {
  if (jobs.empty()) {
    done({});
    return;
  }
  auto batch = std::make_shared<Batch>();
  batch->remaining = jobs.size();
  batch->results.resize(jobs.size());
  if (wait == Wait::kStored) {
    std::vector<JobResult> queued;
    for (const auto& job : jobs) {
      queued.push_back(JobResult{job.id, Outcome::Delivered(), true});
    }
    done(std::move(queued));
  } else {
    batch->done = std::move(done);
  }

  std::lock_guard<std::mutex> lock(mutex_);
  for (size_t i = 0; i < jobs.size(); ++i) {
    auto job = std::make_shared<Job>(std::move(jobs[i]));
    tasks_.push_back([this, batch, job, i] {
      Outcome outcome = attempt(*transport_, *job);
      spdlog::info("{} delivery.attempt job={} vector={} outcome={}",
                   job->correlation_id, job->id, job->message.vector,
                   outcome.delivered()   ? "delivered"
                   : outcome.temporary() ? "temporary"
                                         : "permanent");
      SubmitDone finish;
      std::vector<JobResult> results;
      {
        std::lock_guard<std::mutex> batch_lock(batch->mutex);
        batch->results[i] = JobResult{job->id, std::move(outcome), false};
        if (--batch->remaining == 0 && batch->done) {
          finish = std::move(batch->done);
          results = std::move(batch->results);
        }
      }
      if (finish) finish(std::move(results));
    });
  }
  wake_.notify_all();
}

}  // namespace tattler::delivery
