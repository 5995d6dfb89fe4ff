// outbox_service.hpp - the durable outbox as one piece for the server.
//
// OutboxService opens the store the options name (SQLite or PostgreSQL),
// starts the delivery workers on a transport and offers the outbox
// Dispatcher to the API layer. Destroying it (when the last holder of
// dispatcher() lets go) finishes the sends under way, hands claimed jobs
// back and answers requests still waiting, in that order.
//
// Limits: one transport for every vector; the purge runs inside the
// workers' process (every server of a shared queue purges, harmlessly). The
// last reference must not be dropped inside a `done` callback (that runs on
// a thread the destructor joins).
#pragma once

#include <memory>

#include "common/result.hpp"
#include "delivery/delivery_workers.hpp"
#include "delivery/outbox_dispatcher.hpp"
#include "outbox/store.hpp"

namespace tattler::delivery {

class OutboxService {
 public:
  // Start - open the store, start the workers; an error names what failed
  // (unreachable database, unwritable TATTLER_QUEUE_DIR). `observer`, if
  // set, hears every attempt from the first (for /metrics).
  static Result<std::shared_ptr<OutboxService>> Start(
      outbox::OutboxOptions options, std::shared_ptr<Transport> transport,
      AttemptObserver observer = nullptr);

  ~OutboxService();

  OutboxService(const OutboxService&) = delete;
  OutboxService& operator=(const OutboxService&) = delete;

  // dispatcher - the outbox Dispatcher; holding it keeps the service alive.
  std::shared_ptr<OutboxDispatcher> dispatcher();

  // store - for GET /jobs/<id>, POST /jobs/<id>/retry, /metrics, /readyz.
  outbox::Store& store() { return *store_; }

  // workers - for attempt observers (metrics) and counters.
  DeliveryWorkers& workers() { return *workers_; }

 private:
  OutboxService() = default;

  std::shared_ptr<Transport> transport_;
  std::unique_ptr<outbox::Store> store_;
  std::unique_ptr<DeliveryWorkers> workers_;
  std::unique_ptr<OutboxDispatcher> dispatcher_;
  std::weak_ptr<OutboxService> self_;
};

}  // namespace tattler::delivery
