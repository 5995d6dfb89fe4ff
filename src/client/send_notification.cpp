// send_notification.cpp - the all-in-one helper of the client library.
//
// Follows tattler's send_notification(): the endpoint comes from the
// arguments or, when neither address nor port is given, from
// TATTLER_SERVER_ADDRESS; argument errors are thrown, sending errors are
// returned in the outcome.
//
// Limits: one connection per call (use TattlerClientHTTP to send many).
#include <stdexcept>

#include "tattler/client.hpp"

namespace tattler {

namespace {

// resolve_endpoint - both given, neither given (environment), or an error
// worded as tattler's constructor words it.
Endpoint resolve_endpoint(const NotificationOptions& options) {
  if (!options.srv_addr && !options.srv_port) return endpoint_from_env();
  if (!options.srv_addr || !options.srv_port) {
    std::string addr = options.srv_addr ? *options.srv_addr : "None";
    std::string port =
        options.srv_port ? std::to_string(*options.srv_port) : "None";
    throw std::invalid_argument("Endpoint of server must be set. Values " +
                                addr + ":" + port);
  }
  return Endpoint{*options.srv_addr, *options.srv_port};
}

// full_context - the context with the translated attachments added.
Json full_context(const NotificationOptions& options) {
  Json context = options.context.is_null() ? Json::object() : options.context;
  if (!context.is_object()) {
    throw std::invalid_argument("context must be a JSON object");
  }
  if (options.attachments) {
    if (context.contains("_attachments")) {
      throw std::invalid_argument(
          "Pass attachments via attachments= or context['_attachments'], "
          "not both");
    }
    context["_attachments"] = translate_attachments(*options.attachments);
  }
  return context;
}

}  // namespace

NotificationOutcome send_notification(const std::string& scope,
                                      const std::string& event,
                                      const std::string& recipient,
                                      const NotificationOptions& options) {
  Endpoint endpoint = resolve_endpoint(options);
  TattlerClientHTTP client(scope, endpoint.address, endpoint.port,
                           options.mode);
  client.set_connect_timeout(options.connect_timeout);
  client.set_request_timeout(options.request_timeout);
  Json context = full_context(options);

  NotificationOutcome outcome;
  outcome.correlation_id = options.correlation_id.empty()
                               ? mk_correlation_id("tattler")
                               : options.correlation_id;
  try {
    outcome.results = client.send(options.vectors, event, recipient, context,
                                  options.priority, outcome.correlation_id);
    outcome.success = true;
    outcome.http_status = 200;
  } catch (const ClientError& err) {
    outcome.error = err.what();
    outcome.http_status = err.http_status();
    outcome.dead_letter = client.last_dead_letter();
    if (const auto* delivery = dynamic_cast<const DeliveryError*>(&err)) {
      outcome.results = delivery->results();
    }
  }
  return outcome;
}

}  // namespace tattler
