// direct_dispatcher.hpp - sends jobs straight through a Transport.
//
// Offers DirectDispatcher, a Dispatcher without storage: each job is sent
// once through the transport on a small pool of worker threads, and done is
// called when every job of the submission had its attempt. With
// Wait::kStored, done is called at once with every job queued=true (there
// is nothing durable to wait for) and the jobs are sent in the background.
//
// Limits: nothing is stored and nothing is retried; jobs still waiting in
// memory are lost when the process dies. The durable outbox dispatcher does
// all of that.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "delivery/dispatcher.hpp"
#include "delivery/transport.hpp"

namespace tattler::delivery {

class DirectDispatcher : public Dispatcher {
 public:
  // The transport must be thread-safe (transport.hpp says it is).
  DirectDispatcher(std::shared_ptr<Transport> transport, size_t workers);

  // Finishes every job already submitted, then stops the workers.
  ~DirectDispatcher() override;

  DirectDispatcher(const DirectDispatcher&) = delete;
  DirectDispatcher& operator=(const DirectDispatcher&) = delete;

  void submit(std::vector<Job> jobs, Wait wait, SubmitDone done) override;

 private:
  void work();

  std::shared_ptr<Transport> transport_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace tattler::delivery
