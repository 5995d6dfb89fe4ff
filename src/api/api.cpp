// api.cpp - routing of tattler's REST API and its GET answers.
//
// Limits: GET answers list what the template tree holds at that moment;
// there is no caching of listings here.
#include "api/api.hpp"

#include <strings.h>

#include <cctype>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "api/definitions.hpp"
#include "api/idempotency_key.hpp"
#include "api/jobs_routes.hpp"
#include "api/metrics.hpp"
#include "api/notify.hpp"
#include "api/params.hpp"
#include "api/pyjson.hpp"
#include "api/request_parts.hpp"
#include "compose/random_id.hpp"
#include "templates/template_tree.hpp"

namespace tattler::api {
namespace {

// allowed_methods - the methods a route answers, for 405 and Allow.
std::string allowed_methods(Route::Kind kind) {
  switch (kind) {
    case Route::Kind::kScopes:
    case Route::Kind::kVectors:
      return "GET";
    case Route::Kind::kEvents:
      return "GET, POST";
    case Route::Kind::kEvent:
      return "POST";
    case Route::Kind::kNone:
      break;
  }
  return "";
}

// json_ok - a 200 answer with a JSON body.
http::Response json_ok(std::string body, std::string correlation_id) {
  http::Response r;
  r.body = std::move(body);
  r.correlation_id = std::move(correlation_id);
  return r;
}

// answer_get - the three listings.
http::Response answer_get(const templates::TemplateTree& tree,
                          const Route& route, const std::string& cid) {
  auto fresh = tree.fresh();  // one look at the tree per request
  if (route.kind == Route::Kind::kScopes) {
    return json_ok(json_string_list(tree.scopes()), cid);
  }
  auto events = tree.events(route.scope);
  if (!events.ok()) {
    return make_error(400, fmt::format("Unknown scope '{}'", route.scope),
                      cid);
  }
  if (route.kind == Route::Kind::kEvents) {
    return json_ok(json_string_list(*events), cid);
  }
  // Like tattler: an event that does not exist has no vectors.
  std::vector<std::string> names;
  if (auto vectors = tree.vectors(route.scope, route.event); vectors.ok()) {
    for (auto v : *vectors) names.emplace_back(templates::vector_name(v));
  }
  return json_ok(json_string_list(names), cid);
}

// prefers_async - whether a Prefer header asks for respond-async.
bool prefers_async(const http::Request& request) {
  for (const auto& [name, value] : request.headers) {
    if (name.size() != 6 || strncasecmp(name.c_str(), "prefer", 6) != 0) {
      continue;
    }
    std::string lowered;
    for (char c : value) {
      lowered += static_cast<char>(
          std::tolower(static_cast<unsigned char>(c)));
    }
    if (lowered.find("respond-async") != std::string::npos) return true;
  }
  return false;
}

// route_id - the route template a request is counted under: the routes
// beyond tattler's by their paths, tattler's by what parse_route() found.
RouteId route_id(std::string_view path, const Result<Route>& route) {
  if (path == "/healthz") return RouteId::kHealthz;
  if (path == "/readyz") return RouteId::kReadyz;
  if (path == "/metrics") return RouteId::kMetrics;
  constexpr std::string_view kJobs = "/jobs/";
  constexpr std::string_view kRetry = "/retry";
  if (path.substr(0, kJobs.size()) == kJobs) {
    bool retry = path.size() > kJobs.size() + kRetry.size() &&
                 path.substr(path.size() - kRetry.size()) == kRetry;
    return retry ? RouteId::kJobRetry : RouteId::kJob;
  }
  if (!route.ok()) return RouteId::kOther;
  switch (route->kind) {
    case Route::Kind::kScopes:
      return RouteId::kScopes;
    case Route::Kind::kEvents:
      return RouteId::kEvents;
    case Route::Kind::kEvent:
      return RouteId::kEvent;
    case Route::Kind::kVectors:
      return RouteId::kVectors;
    case Route::Kind::kNone:
      break;
  }
  return RouteId::kOther;
}

// counted - respond, counting the answer under its route template.
http::Responder counted(std::shared_ptr<Metrics> metrics, RouteId route,
                        std::string_view method, http::Responder respond) {
  return [metrics = std::move(metrics), route, method = std::string(method),
          respond = std::move(respond)](http::Response r) {
    metrics->count_request(route, method, r.status);
    respond(std::move(r));
  };
}

// answer_metrics - GET /metrics.
http::Response answer_metrics(const http::Request& request,
                              Metrics& metrics) {
  if (request.method != "GET") {
    auto r = make_error(405, fmt::format("Method {} not allowed here",
                                         request.method.substr(0, 32)));
    r.headers.emplace_back("Allow", "GET");
    return r;
  }
  return metrics.scrape();
}

}  // namespace

// make_correlation_id - tattler's server-side id.
std::string make_correlation_id() {
  return "tattler:" + compose::uuid4();
}

// make_error - JSON error body; the message is also the reason phrase.
http::Response make_error(int status, std::string message,
                          std::string correlation_id) {
  if (correlation_id.empty()) correlation_id = make_correlation_id();
  http::Response r;
  r.status = status;
  r.body = fmt::format("{{\"error\": {}, \"correlationId\": {}}}",
                       json_string(message), json_string(correlation_id));
  r.reason = std::move(message);
  r.correlation_id = std::move(correlation_id);
  return r;
}

Api::Api(ApiDeps deps)
    : deps_(std::move(deps)), notifier_(std::make_shared<Notifier>(deps_)) {}

http::Handler Api::handler() const {
  return [this](http::Request request, http::Responder respond) {
    handle(std::move(request), std::move(respond));
  };
}

// handle - route, method, query, then the route's own checks.
void Api::handle(http::Request request, http::Responder respond) const {
  std::string_view path;
  std::string_view query_text;
  split_target(request.target, path, query_text);
  ParseError error;
  auto route = parse_route(path, &error);
  if (deps_.metrics) {
    respond = counted(deps_.metrics, route_id(path, route), request.method,
                      std::move(respond));
    if (path == "/metrics") {
      return respond(answer_metrics(request, *deps_.metrics));
    }
  }
  if (auto answer = answer_jobs_route(request, path, deps_.store)) {
    return respond(std::move(*answer));
  }
  if (!route.ok()) return respond(make_error(error.status, error.message));
  if (route->kind == Route::Kind::kNone) {
    return respond(make_error(404, "Unknown path requested"));
  }

  std::string allow = allowed_methods(route->kind);
  bool get_like = request.method == "GET";
  bool allowed = allow.find(request.method) != std::string::npos &&
                 !request.method.empty() &&
                 (request.method == "GET" || request.method == "POST");
  if (!allowed) {
    auto r = make_error(405, fmt::format("Method {} not allowed here",
                                         request.method.substr(0, 32)));
    r.headers.emplace_back("Allow", allow);
    return respond(std::move(r));
  }

  Query query;
  if (!parse_query(query_text, query, &error)) {
    return respond(make_error(error.status, error.message));
  }
  if (get_like) {
    auto it = query.find("correlationId");
    std::string cid = it != query.end() ? it->second : make_correlation_id();
    return respond(answer_get(*deps_.tree, *route, cid));
  }

  NotifyParams params;
  if (!check_params(query, deps_.settings->master_mode, params, &error)) {
    return respond(make_error(error.status, error.message,
                              params.correlation_id));
  }
  params.respond_async = prefers_async(request);
  if (!read_key(request, *route, query, params, error)) {
    return respond(make_error(error.status, error.message,
                              params.correlation_id));
  }
  Definitions definitions;
  std::string why;
  if (!read_definitions(request, definitions, why)) {
    return respond(make_error(400, why, params.correlation_id));
  }
  notifier_->notify(*route, std::move(params), std::move(definitions),
                    std::move(respond));
}

// read_key - the Idempotency-Key and the fingerprint it guards; false with
// a 400 (malformed key) or 501 (no store to keep answers in).
bool Api::read_key(const http::Request& request, const Route& route,
                   const Query& query, NotifyParams& params,
                   ParseError& error) const {
  auto key = read_idempotency_key(request);
  if (!key) {
    error = {400, key.error()};
    return false;
  }
  if (!key->has_value()) return true;
  if (deps_.store == nullptr || !deps_.submit_once) {
    error = {501, "Idempotency-Key needs the outbox, which is not enabled"};
    return false;
  }
  std::string event = route.kind == Route::Kind::kEvent ? route.event : "";
  params.fingerprint = request_fingerprint(request.method, route.scope, event,
                                           query, request.body);
  params.idempotency_key = std::move(**key);
  return true;
}

}  // namespace tattler::api
