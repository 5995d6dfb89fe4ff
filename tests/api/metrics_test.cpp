// metrics_test.cpp - the counters of /metrics and their exposition text.
#include "api/metrics.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "api/metrics_text.hpp"

namespace tattler::api {
namespace {

// Lines - the text split into lines.
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Has - whether text holds this exact line.
bool Has(const std::string& text, const std::string& line) {
  for (const auto& l : Lines(text)) {
    if (l == line) return true;
  }
  return false;
}

delivery::AttemptReport Attempt(std::string vector,
                                delivery::Outcome::Kind kind, int attempt) {
  delivery::AttemptReport r;
  r.job_id = vector + ":1";
  r.vector = std::move(vector);
  r.outcome = delivery::Outcome{kind, ""};
  r.attempt = attempt;
  r.accepted_at = outbox::Clock::now() - std::chrono::milliseconds(30);
  return r;
}

TEST(MetricsText, SampleLinesCarryEscapedLabels) {
  MetricsText out;

  out.family("x_total", "counter", "Things.");
  out.sample("x_total", {{"a", "q\"b\\c\nd"}}, 3);
  out.sample("x_total", {}, 0.25);

  EXPECT_EQ(out.text(),
            "# HELP x_total Things.\n# TYPE x_total counter\n"
            "x_total{a=\"q\\\"b\\\\c\\nd\"} 3\nx_total 0.25\n");
}

TEST(MetricsText, HistogramBucketsAreCumulativeAndEndWithInf) {
  Histogram h;
  MetricsText out;

  h.observe(3'000);   // 3 ms
  h.observe(40'000);  // 40 ms
  h.observe(40'000);
  h.observe(7'200'000'000);  // two hours: past the last bound
  h.write(out, "lat_seconds", {{"vector", "email"}});

  const std::string& t = out.text();
  EXPECT_TRUE(Has(t, "lat_seconds_bucket{vector=\"email\",le=\"0.005\"} 1"));
  EXPECT_TRUE(Has(t, "lat_seconds_bucket{vector=\"email\",le=\"0.025\"} 1"));
  EXPECT_TRUE(Has(t, "lat_seconds_bucket{vector=\"email\",le=\"0.05\"} 3"));
  EXPECT_TRUE(Has(t, "lat_seconds_bucket{vector=\"email\",le=\"3600\"} 3"));
  EXPECT_TRUE(Has(t, "lat_seconds_bucket{vector=\"email\",le=\"+Inf\"} 4"));
  EXPECT_TRUE(Has(t, "lat_seconds_count{vector=\"email\"} 4"));
  EXPECT_TRUE(Has(t, "lat_seconds_sum{vector=\"email\"} 7200.083"));
}

TEST(Metrics, RequestsAreCountedByRouteTemplateMethodAndStatus) {
  Metrics m;

  m.count_request(RouteId::kEvent, "POST", 200);
  m.count_request(RouteId::kEvent, "POST", 200);
  m.count_request(RouteId::kEvent, "POST", 422);
  m.count_request(RouteId::kOther, "DELETE", 404);
  auto text = m.render();

  EXPECT_TRUE(Has(text,
                  "tattler_http_requests_total{route=\"/notification/"
                  "{scope}/{event}/\",method=\"POST\",status=\"200\"} 2"));
  EXPECT_TRUE(Has(text,
                  "tattler_http_requests_total{route=\"/notification/"
                  "{scope}/{event}/\",method=\"POST\",status=\"422\"} 1"));
  EXPECT_TRUE(Has(text,
                  "tattler_http_requests_total{route=\"other\","
                  "method=\"other\",status=\"404\"} 1"));
}

TEST(Metrics, AttemptsRetriesAndLatencyAreCountedPerVector) {
  Metrics m;
  using Kind = delivery::Outcome::Kind;

  m.observe_attempt(Attempt("email", Kind::kTemporaryFailure, 1));
  m.observe_attempt(Attempt("email", Kind::kDelivered, 2));
  m.observe_attempt(Attempt("sms", Kind::kPermanentFailure, 1));
  auto text = m.render();

  EXPECT_TRUE(Has(text,
                  "tattler_delivery_attempts_total{vector=\"email\","
                  "outcome=\"temporary\"} 1"));
  EXPECT_TRUE(Has(text,
                  "tattler_delivery_attempts_total{vector=\"email\","
                  "outcome=\"delivered\"} 1"));
  EXPECT_TRUE(Has(text,
                  "tattler_delivery_attempts_total{vector=\"sms\","
                  "outcome=\"permanent\"} 1"));
  EXPECT_TRUE(Has(text, "tattler_delivery_retries_total{vector=\"email\"} 1"));
  EXPECT_TRUE(Has(text, "tattler_delivery_retries_total{vector=\"sms\"} 0"));
  EXPECT_TRUE(Has(text,
                  "tattler_delivery_latency_seconds_count"
                  "{vector=\"email\"} 1"));
  EXPECT_TRUE(Has(text,
                  "tattler_delivery_latency_seconds_count"
                  "{vector=\"sms\"} 0"));
}

TEST(Metrics, EverySampleBelongsToATypedFamily) {
  Metrics m;
  m.count_request(RouteId::kMetrics, "GET", 200);
  m.observe_attempt(Attempt("email", delivery::Outcome::Kind::kDelivered, 1));

  std::string family;
  for (const auto& line : Lines(m.render())) {
    if (line.rfind("# TYPE ", 0) == 0) {
      family = line.substr(7, line.find(' ', 7) - 7);
      continue;
    }
    if (line.empty() || line[0] == '#') continue;

    ASSERT_FALSE(family.empty()) << line;
    EXPECT_EQ(line.rfind(family, 0), 0u) << line;
  }
}

TEST(Metrics, OutboxNumbersAreReadAtMostOncePerSecond) {
  auto dir = std::filesystem::temp_directory_path() /
             ("metrics-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  outbox::OutboxOptions options;
  options.queue_dir = dir.string();
  auto store = outbox::OpenStore(options);
  ASSERT_TRUE(store.ok()) << store.error();
  auto now = std::chrono::steady_clock::now();
  Metrics m([&] { return now; });
  m.attach_store(store->get());
  outbox::Job job;
  job.id = "email:m1";
  job.message.vector = "email";

  auto before = m.render();
  ASSERT_TRUE((*store)->enqueue({job}).ok());
  auto cached = m.render();
  now += std::chrono::milliseconds(1001);
  auto fresh = m.render();

  EXPECT_TRUE(Has(before, "tattler_outbox_up 1"));
  EXPECT_TRUE(Has(before, "tattler_outbox_jobs{state=\"queued\"} 0"));
  EXPECT_TRUE(Has(cached, "tattler_outbox_jobs{state=\"queued\"} 0"));
  EXPECT_TRUE(Has(fresh, "tattler_outbox_jobs{state=\"queued\"} 1"));
  EXPECT_TRUE(Has(fresh, "tattler_outbox_depth 1"));
  store->reset();
  std::filesystem::remove_all(dir);
}

TEST(Metrics, ScrapeIsPrometheusText) {
  Metrics m;

  auto r = m.scrape();

  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace
}  // namespace tattler::api
