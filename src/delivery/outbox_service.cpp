// outbox_service.cpp - open, start, and stop in the safe order.
//
// Limits: see outbox_service.hpp.
#include "delivery/outbox_service.hpp"

#include <spdlog/spdlog.h>

namespace tattler::delivery {

// Start - store, workers, dispatcher; workers start last so that the
// dispatcher hears every attempt.
Result<std::shared_ptr<OutboxService>> OutboxService::Start(
    outbox::OutboxOptions options, std::shared_ptr<Transport> transport,
    AttemptObserver observer) {
  auto store = outbox::OpenStore(options);
  if (!store) return Err{store.error()};

  std::shared_ptr<OutboxService> service(new OutboxService());
  service->self_ = service;
  service->transport_ = std::move(transport);
  service->store_ = std::move(*store);
  service->workers_ = std::make_unique<DeliveryWorkers>(
      *service->store_, *service->transport_, options);
  service->dispatcher_ = std::make_unique<OutboxDispatcher>(
      *service->store_, *service->workers_, options);
  if (observer) service->workers_->add_observer(std::move(observer));
  service->workers_->start();
  spdlog::info("- outbox.started store={} workers={}", service->store_->kind(),
               options.delivery_workers);
  return service;
}

// ~OutboxService - workers first (no attempt reaches a dead dispatcher),
// then the dispatcher (answers what waits), then the store.
OutboxService::~OutboxService() {
  if (workers_) workers_->stop();
  dispatcher_.reset();
  workers_.reset();
  store_.reset();
}

// dispatcher - an aliasing pointer that owns the whole service.
std::shared_ptr<OutboxDispatcher> OutboxService::dispatcher() {
  return std::shared_ptr<OutboxDispatcher>(self_.lock(), dispatcher_.get());
}

}  // namespace tattler::delivery
