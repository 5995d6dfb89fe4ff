// jobs_routes.hpp - the routes beyond tattler's API: job status, retry and
// health.
//
// Offers answer_jobs_route(), which answers
//   GET  /healthz           200 while the process serves requests
//   GET  /readyz            200 when the outbox store answers, else 503
//   GET  /jobs/<id>         a job's state, attempts and next attempt; 404
//   POST /jobs/<id>/retry   a dead or failed job back to queued; 404, 409
// and tells the caller when a path is none of these.
//
// Limits: the store is asked synchronously on the HTTP thread (a SQLite
// or PostgreSQL round trip); no authentication (GET /metrics is answered
// by api/metrics.hpp);
// /readyz does not re-validate templates (start-up refuses invalid ones).
#pragma once

#include <optional>

#include "http/message.hpp"

namespace tattler::outbox {
class Store;
}

namespace tattler::api {

// answer_jobs_route - the answer for one of the routes above, or nullopt
// when the path is not one of them. store may be null (no outbox): the job
// routes then answer 404 and /readyz 503.
std::optional<http::Response> answer_jobs_route(const http::Request& request,
                                                std::string_view path,
                                                outbox::Store* store);

}  // namespace tattler::api
