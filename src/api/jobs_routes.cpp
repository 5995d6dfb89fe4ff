// jobs_routes.cpp - job status, retry and health answers (see the header).
#include "api/jobs_routes.hpp"

#include <fmt/format.h>

#include <chrono>
#include <string>

#include "api/api.hpp"
#include "api/pyjson.hpp"
#include "api/request_parts.hpp"
#include "outbox/store.hpp"

namespace tattler::api {
namespace {

// iso_time - a store time as ISO 8601 UTC with milliseconds.
std::string iso_time(outbox::TimePoint t) {
  auto ms = outbox::ToMillis(t);
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
}

// json_answer - a JSON answer with the given status.
http::Response json_answer(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

// job_json - the job as GET /jobs/<id> shows it: no payload, no addresses
// beyond the envelope count.
std::string job_json(const outbox::Job& job) {
  std::string attempts;
  for (const auto& a : job.history) {
    if (!attempts.empty()) attempts += ", ";
    attempts += fmt::format(
        "{{\"at\": {}, \"outcome\": {}, \"detail\": {}}}",
        json_string(iso_time(a.at)),
        json_string(std::string(outbox::AttemptKindName(a.kind))),
        json_string(a.detail));
  }
  bool waiting = job.state == outbox::State::kQueued;
  return fmt::format(
      "{{\"id\": {}, \"vector\": {}, \"state\": {}, \"correlationId\": {}, "
      "\"scope\": {}, \"event\": {}, \"createdAt\": {}, \"attempts\": [{}], "
      "\"nextAttemptAt\": {}, \"detail\": {}}}",
      json_string(job.id), json_string(job.message.vector),
      json_string(std::string(outbox::StateName(job.state))),
      json_string(job.correlation_id), json_string(job.scope),
      json_string(job.event), json_string(iso_time(job.created_at)),
      attempts,
      waiting ? json_string(iso_time(job.next_attempt_at)) : "null",
      json_string(job.last_detail));
}

// answer_job - GET /jobs/<id>.
http::Response answer_job(outbox::Store& store, const std::string& id) {
  auto job = store.get(id);
  if (!job.ok()) return make_error(503, "Outbox unavailable: " + job.error());
  if (!job->has_value()) {
    return make_error(404, fmt::format("Unknown job '{}'", id));
  }
  return json_answer(200, job_json(**job));
}

// answer_retry - POST /jobs/<id>/retry.
http::Response answer_retry(outbox::Store& store, const std::string& id) {
  auto result = store.retry(id);
  if (!result.ok()) {
    return make_error(503, "Outbox unavailable: " + result.error());
  }
  switch (*result) {
    case outbox::RetryResult::kQueued:
      return answer_job(store, id);
    case outbox::RetryResult::kUnknownJob:
      return make_error(404, fmt::format("Unknown job '{}'", id));
    case outbox::RetryResult::kNotRetryable:
      break;
  }
  return make_error(409, fmt::format(
      "Job '{}' is neither dead nor failed; only those can be retried", id));
}

// method_not_allowed - 405 with the methods the route takes.
http::Response method_not_allowed(const http::Request& request,
                                  const char* allow) {
  auto r = make_error(405, fmt::format("Method {} not allowed here",
                                       request.method.substr(0, 32)));
  r.headers.emplace_back("Allow", allow);
  return r;
}

// answer_health - /healthz and /readyz.
http::Response answer_health(const http::Request& request, bool ready_check,
                             outbox::Store* store) {
  if (request.method != "GET") return method_not_allowed(request, "GET");
  if (!ready_check) return json_answer(200, "{\"status\": \"ok\"}");
  Status st = store ? store->ping() : Status::Error("no outbox");
  if (!st.ok()) {
    return make_error(503, "Not ready: outbox store: " + st.message());
  }
  return json_answer(200, fmt::format("{{\"status\": \"ready\", "
                                      "\"store\": \"{}\"}}", store->kind()));
}

}  // namespace

std::optional<http::Response> answer_jobs_route(const http::Request& request,
                                                std::string_view path,
                                                outbox::Store* store) {
  if (path == "/healthz" || path == "/readyz") {
    return answer_health(request, path == "/readyz", store);
  }
  constexpr std::string_view kJobs = "/jobs/";
  if (path.substr(0, kJobs.size()) != kJobs) return std::nullopt;

  std::string_view rest = path.substr(kJobs.size());
  constexpr std::string_view kRetry = "/retry";
  bool retry = rest.size() > kRetry.size() &&
               rest.substr(rest.size() - kRetry.size()) == kRetry;
  if (retry) rest.remove_suffix(kRetry.size());
  if (rest.empty() || rest.find('/') != std::string_view::npos) {
    return make_error(404, "Unknown path requested");
  }
  const char* allow = retry ? "POST" : "GET";
  if (request.method != allow) return method_not_allowed(request, allow);
  std::string id;
  if (!percent_decode(rest, false, id)) {
    return make_error(400, "Malformed percent-encoding in job id");
  }
  if (store == nullptr) {
    return make_error(404, fmt::format("Unknown job '{}'", id));
  }
  return retry ? answer_retry(*store, id) : answer_job(*store, id);
}

}  // namespace tattler::api
