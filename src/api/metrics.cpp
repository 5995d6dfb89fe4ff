// metrics.cpp - counters, the outbox cache and the exposition text.
//
// Limits: see metrics.hpp.
#include "api/metrics.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace tattler::api {
namespace {

constexpr std::array<std::string_view, kRouteCount> kRouteTemplates = {
    "/notification/",
    "/notification/{scope}/",
    "/notification/{scope}/{event}/",
    "/notification/{scope}/{event}/vectors/",
    "/jobs/{id}",
    "/jobs/{id}/retry",
    "/healthz",
    "/readyz",
    "/metrics",
    "other"};

constexpr std::array<std::string_view, 3> kMethodNames = {"GET", "POST",
                                                          "other"};
constexpr std::array<std::string_view, 5> kVectorNames = {
    "email", "sms", "telegram", "whatsapp", "other"};
constexpr std::array<std::string_view, 3> kOutcomeNames = {
    "delivered", "temporary", "permanent"};
constexpr std::array<std::string_view, 3> kIdempotentNames = {
    "replayed", "mismatch", "in_progress"};

// The store is asked at most this often.
constexpr auto kStatsMaxAge = std::chrono::seconds(1);

// method_index - GET, POST or other.
size_t method_index(std::string_view method) {
  if (method == "GET") return 0;
  if (method == "POST") return 1;
  return 2;
}

// vector_index - a known vector or other.
size_t vector_index(std::string_view vector) {
  for (size_t i = 0; i + 1 < kVectorNames.size(); ++i) {
    if (kVectorNames[i] == vector) return i;
  }
  return kVectorNames.size() - 1;
}

// outcome_index - the order of kOutcomeNames.
size_t outcome_index(delivery::Outcome::Kind kind) {
  switch (kind) {
    case delivery::Outcome::Kind::kDelivered:
      return 0;
    case delivery::Outcome::Kind::kTemporaryFailure:
      return 1;
    case delivery::Outcome::Kind::kPermanentFailure:
      break;
  }
  return 2;
}

// load - a relaxed read as a double, for samples.
double load(const std::atomic<std::uint64_t>& counter) {
  return static_cast<double>(counter.load(std::memory_order_relaxed));
}

}  // namespace

std::string_view route_template(RouteId route) {
  return kRouteTemplates[static_cast<size_t>(route)];
}

Metrics::Metrics(std::function<std::chrono::steady_clock::time_point()> clock)
    : clock_(std::move(clock)) {
  if (!clock_) clock_ = [] { return std::chrono::steady_clock::now(); };
}

// count_request - one relaxed increment.
void Metrics::count_request(RouteId route, std::string_view method,
                            int status) {
  const size_t s = static_cast<size_t>(std::clamp(status, 100, 599) - 100);
  const size_t row =
      static_cast<size_t>(route) * kMethods + method_index(method);
  requests_[row * kStatuses + s].fetch_add(1, std::memory_order_relaxed);
}

// observe_attempt - outcome, retry, and latency of a delivery.
void Metrics::observe_attempt(const delivery::AttemptReport& report) {
  const size_t v = vector_index(report.vector);
  attempts_[v * kOutcomes + outcome_index(report.outcome.kind)].fetch_add(
      1, std::memory_order_relaxed);
  if (report.attempt > 1) retries_[v].fetch_add(1, std::memory_order_relaxed);

  const bool known_start = report.accepted_at != outbox::TimePoint{};
  if (report.outcome.delivered() && known_start) {
    auto waited = std::chrono::duration_cast<std::chrono::microseconds>(
        outbox::Clock::now() - report.accepted_at);
    latency_[v].observe(std::max<std::int64_t>(waited.count(), 0));
  }
}

void Metrics::count_idempotent(IdempotentOutcome outcome) {
  idempotent_[static_cast<size_t>(outcome)].fetch_add(
      1, std::memory_order_relaxed);
}

// write_requests - only the label sets that were seen.
void Metrics::write_requests(MetricsText& out) const {
  out.family("tattler_http_requests_total", "counter",
             "HTTP requests answered, by route template, method and status.");
  for (size_t r = 0; r < kRouteCount; ++r) {
    for (size_t m = 0; m < kMethods; ++m) {
      for (size_t s = 0; s < kStatuses; ++s) {
        const auto& counter = requests_[(r * kMethods + m) * kStatuses + s];
        if (counter.load(std::memory_order_relaxed) == 0) continue;
        const std::string status = fmt::format("{}", s + 100);
        out.sample("tattler_http_requests_total",
                   {{"route", kRouteTemplates[r]},
                    {"method", kMethodNames[m]},
                    {"status", status}},
                   load(counter));
      }
    }
  }
}

// seen - whether vector v had any attempt.
bool Metrics::seen(size_t v) const {
  for (size_t o = 0; o < kOutcomes; ++o) {
    if (attempts_[v * kOutcomes + o].load(std::memory_order_relaxed) > 0) {
      return true;
    }
  }
  return false;
}

// write_deliveries - attempts and retries for every known vector (zeros
// included, so rates start from the first scrape); latency histograms and
// the "other" vector only once they have something to say.
void Metrics::write_deliveries(MetricsText& out) const {
  const size_t other = kVectors - 1;
  out.family("tattler_delivery_attempts_total", "counter",
             "Delivery attempts made by this process, by vector and outcome.");
  for (size_t v = 0; v < kVectors; ++v) {
    if (v == other && !seen(v)) continue;
    for (size_t o = 0; o < kOutcomes; ++o) {
      out.sample("tattler_delivery_attempts_total",
                 {{"vector", kVectorNames[v]}, {"outcome", kOutcomeNames[o]}},
                 load(attempts_[v * kOutcomes + o]));
    }
  }
  out.family("tattler_delivery_retries_total", "counter",
             "Delivery attempts that were retries (not a job's first).");
  for (size_t v = 0; v < kVectors; ++v) {
    if (v == other && !seen(v)) continue;
    out.sample("tattler_delivery_retries_total", {{"vector", kVectorNames[v]}},
               load(retries_[v]));
  }
  out.family("tattler_delivery_latency_seconds", "histogram",
             "Time from acceptance (job stored) to delivery, per vector.");
  for (size_t v = 0; v < kVectors; ++v) {
    if (!seen(v)) continue;
    latency_[v].write(out, "tattler_delivery_latency_seconds",
                      {{"vector", kVectorNames[v]}});
  }
}

// write_idempotency - repeats of known keys.
void Metrics::write_idempotency(MetricsText& out) const {
  out.family("tattler_idempotent_repeats_total", "counter",
             "Requests repeating a known Idempotency-Key, by what they got.");
  for (size_t i = 0; i < idempotent_.size(); ++i) {
    out.sample("tattler_idempotent_repeats_total",
               {{"outcome", kIdempotentNames[i]}}, load(idempotent_[i]));
  }
}

// cached_stats - the store's numbers, refreshed at most once a second.
// Called with stats_mutex_ held.
const Result<outbox::Stats>& Metrics::cached_stats() {
  const auto now = clock_();
  if (!stats_at_ || now - *stats_at_ >= kStatsMaxAge) {
    stats_ = store_->stats();
    stats_at_ = now;
    if (!stats_) {
      spdlog::warn("- metrics.outbox_stats error=\"{}\"", stats_.error());
    }
  }
  return stats_;
}

// write_outbox - jobs by state, depth and oldest age; up 0 when the
// store does not answer.
void Metrics::write_outbox(MetricsText& out) {
  if (store_ == nullptr) return;
  std::lock_guard lock(stats_mutex_);
  const auto& stats = cached_stats();

  out.family("tattler_outbox_up", "gauge",
             "1 when the outbox store answered the last look, else 0.");
  out.sample("tattler_outbox_up", {}, stats ? 1 : 0);
  if (!stats) return;
  out.family("tattler_outbox_jobs", "gauge", "Jobs in the outbox, by state.");
  for (outbox::State st : outbox::kAllStates) {
    auto it = stats->jobs_by_state.find(st);
    double n = it == stats->jobs_by_state.end() ? 0 : it->second;
    out.sample("tattler_outbox_jobs", {{"state", outbox::StateName(st)}}, n);
  }
  out.family("tattler_outbox_depth", "gauge",
             "Jobs waiting for delivery (queued plus sending).");
  out.sample("tattler_outbox_depth", {}, static_cast<double>(stats->depth));
  out.family("tattler_outbox_oldest_queued_age_seconds", "gauge",
             "Age of the oldest queued job, 0 when none.");
  out.sample("tattler_outbox_oldest_queued_age_seconds", {},
             static_cast<double>(stats->oldest_queued_age.count()) / 1000.0);
}

std::string Metrics::render() {
  MetricsText out;
  write_requests(out);
  write_deliveries(out);
  write_idempotency(out);
  write_outbox(out);
  return out.text();
}

http::Response Metrics::scrape() {
  http::Response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = render();
  return r;
}

}  // namespace tattler::api
