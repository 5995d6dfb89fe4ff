// metrics.hpp - what GET /metrics tells: requests, deliveries, the outbox.
//
// Offers Metrics, fed from three places and read by a scrape:
// - count_request(): every answer of the API, by route template, method
//   and status (called where routing knows the route, so labels stay few:
//   "/notification/{scope}/{event}/", never the raw path);
// - observe_attempt(): every delivery attempt of this process (an
//   AttemptObserver of the delivery workers): attempts by vector and
//   outcome, retries (attempts after the first) and the delivery latency
//   from acceptance to delivery, as a histogram per vector;
// - count_idempotent(): what became of requests carrying an
//   Idempotency-Key that had been seen before;
// and render(), the Prometheus text (format 0.0.4), with the outbox's jobs
// by state, depth and oldest queued age read from the store.
//
// Every counter is a relaxed atomic in a fixed array, so the request and
// delivery paths never lock. The store is asked at most once per second
// (one cached answer shared by concurrent scrapes), so a scrape storm
// cannot load the database.
//
// Limits: counters are per process (since its start); outbox numbers are
// for the whole store (with a shared PostgreSQL queue, every server reports
// the same queue). Statuses outside 100-599 are counted as the nearest of
// 100 or 599. The store is asked on the scraping HTTP thread (once a second
// at most). Delivery latency is measured for jobs delivered by this
// process, from when the job was stored (or put back by a manual retry).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "api/metrics_text.hpp"
#include "common/result.hpp"
#include "delivery/delivery_workers.hpp"
#include "http/message.hpp"
#include "outbox/store.hpp"

namespace tattler::api {

// The route templates requests are counted under.
enum class RouteId {
  kScopes,    // /notification/
  kEvents,    // /notification/{scope}/
  kEvent,     // /notification/{scope}/{event}/
  kVectors,   // /notification/{scope}/{event}/vectors/
  kJob,       // /jobs/{id}
  kJobRetry,  // /jobs/{id}/retry
  kHealthz,
  kReadyz,
  kMetrics,
  kOther,  // no route (404) or refused before routing
};
inline constexpr size_t kRouteCount = 10;

// route_template - the label of a route ("other" for kOther).
std::string_view route_template(RouteId route);

// What a repeated Idempotency-Key came to.
enum class IdempotentOutcome { kReplayed, kMismatch, kInProgress };

class Metrics {
 public:
  // clock is for tests.
  explicit Metrics(
      std::function<std::chrono::steady_clock::time_point()> clock = nullptr);

  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // attach_store - the store whose jobs /metrics reports; call before the
  // first render() (the delivery workers need the observer before the
  // store exists, so it cannot be a constructor argument). Without it no
  // outbox numbers are reported.
  void attach_store(outbox::Store* store) { store_ = store; }

  // count_request - one answer sent for route with this method and status.
  void count_request(RouteId route, std::string_view method, int status);

  // observe_attempt - one delivery attempt (thread-safe, lock-free).
  void observe_attempt(const delivery::AttemptReport& report);

  // count_idempotent - one repeat of a known Idempotency-Key.
  void count_idempotent(IdempotentOutcome outcome);

  // render - the exposition text; asks the store if its last answer is
  // older than a second.
  std::string render();

  // scrape - render() as the answer of GET /metrics.
  http::Response scrape();

 private:
  static constexpr size_t kMethods = 3;     // GET, POST, other
  static constexpr size_t kStatuses = 500;  // 100..599
  // email, sms, telegram, whatsapp, other
  static constexpr size_t kVectors = 5;
  static constexpr size_t kOutcomes = 3;  // delivered, temporary, permanent

  bool seen(size_t vector) const;
  void write_requests(MetricsText& out) const;
  void write_deliveries(MetricsText& out) const;
  void write_idempotency(MetricsText& out) const;
  void write_outbox(MetricsText& out);
  const Result<outbox::Stats>& cached_stats();

  outbox::Store* store_ = nullptr;
  std::function<std::chrono::steady_clock::time_point()> clock_;

  std::array<std::atomic<std::uint64_t>, kRouteCount * kMethods * kStatuses>
      requests_{};
  std::array<std::atomic<std::uint64_t>, kVectors * kOutcomes> attempts_{};
  std::array<std::atomic<std::uint64_t>, kVectors> retries_{};
  std::array<Histogram, kVectors> latency_{};
  std::array<std::atomic<std::uint64_t>, 3> idempotent_{};

  std::mutex stats_mutex_;
  std::optional<std::chrono::steady_clock::time_point> stats_at_;
  Result<outbox::Stats> stats_{Err{"not read yet"}};
};

}  // namespace tattler::api
