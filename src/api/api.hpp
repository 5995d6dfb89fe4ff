// api.hpp - tattler's REST API on top of the plain HTTP handler interface.
//
// Offers Api, the http::Handler of tattler_server: GET /notification/,
// GET /notification/<scope>/, GET /notification/<scope>/<event>/vectors/
// and POST /notification/<scope>/<event>/, with tattler's checks, status
// codes and messages (the message is also the reason phrase), JSON error
// bodies {"error": ..., "correlationId": ...}, 405 with Allow for other
// methods, and make_error(), used by the server for its own errors.
//
// With an outbox store it also answers /healthz, /readyz, GET /jobs/<id>
// and POST /jobs/<id>/retry (api/jobs_routes.hpp), and a POST carrying
// "Prefer: respond-async" is answered 202 as soon as its jobs are stored.
// A POST carrying an Idempotency-Key is answered once and replayed after
// (api/idempotency.hpp). With Metrics it counts every answer by route
// template and serves GET /metrics (api/metrics.hpp).
//
// Limits: no authentication. Like tattler,
// GET .../<event>/vectors/ answers [] for an event that does not exist.
// Context plug-ins are not run; the addressbook is whatever ApiDeps holds.
// An Idempotency-Key without an outbox store is refused (501).
#pragma once

#include <memory>
#include <string>

#include "config/settings.hpp"
#include "delivery/dispatcher.hpp"
#include "http/message.hpp"
#include "api/params.hpp"
#include "api/request_parts.hpp"
#include "outbox/store.hpp"

namespace tattler::templates {
class TemplateTree;
}
namespace tattler::recipients {
class Addressbook;
}
namespace tattler::api {

class Notifier;
class Metrics;

// SubmitOnce - OutboxDispatcher::submit_once: the jobs with the key's
// record in one transaction, or `replay` with the first request's record.
using SubmitOnce = std::function<void(
    const outbox::IdempotencyRecord& record, std::vector<delivery::Job> jobs,
    delivery::Wait wait, delivery::SubmitDone done,
    std::function<void(outbox::IdempotencyRecord)> replay)>;

struct ApiDeps {
  std::shared_ptr<const config::Settings> settings;
  std::shared_ptr<const templates::TemplateTree> tree;
  std::shared_ptr<const recipients::Addressbook> addressbook;
  std::shared_ptr<delivery::Dispatcher> dispatcher;

  // The durable store behind the dispatcher, for the job and health
  // routes; null when the dispatcher stores nothing. Must outlive the Api.
  outbox::Store* store = nullptr;

  // Submits under an Idempotency-Key (with store set); empty: keys are
  // refused.
  SubmitOnce submit_once = nullptr;

  // Counts answers and serves GET /metrics; null: neither.
  std::shared_ptr<Metrics> metrics = nullptr;
};

class Api {
 public:
  explicit Api(ApiDeps deps);

  // handle - answer one request; calls respond exactly once.
  void handle(http::Request request, http::Responder respond) const;

  // handler - this Api as an http::Handler (the Api must outlive it).
  http::Handler handler() const;

 private:
  bool read_key(const http::Request& request, const Route& route,
                const Query& query, NotifyParams& params,
                ParseError& error) const;

  ApiDeps deps_;
  std::shared_ptr<const Notifier> notifier_;
};

// make_correlation_id - "tattler:" followed by a random UUID version 4.
std::string make_correlation_id();

// make_error - an error answer: JSON body {"error", "correlationId"}, the
// message as reason phrase. An empty correlation id gets a fresh one.
http::Response make_error(int status, std::string message,
                          std::string correlation_id = "");

}  // namespace tattler::api
