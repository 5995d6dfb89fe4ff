// client_http.cpp - TattlerClientHTTP: tattler's REST calls over one
// persistent connection.
//
// Requests are built as tattler's Python client builds them: path segments
// percent-encoded, query parameters user, vector (sorted, comma-joined),
// correlationId, priority, mode in that order, a JSON body only when the
// context is not empty.
//
// Limits: see client.hpp.
#include <algorithm>

#include "client_log.hpp"
#include "http_connection.hpp"
#include "tattler/client.hpp"
#include "url.hpp"

namespace tattler {

class TattlerClientHTTP::Connection : public client::HttpConnection {
 public:
  using client::HttpConnection::HttpConnection;
};

namespace {

// server_message - the JSON "error" of an error body, else the reason
// phrase, as the person reading the exception wants the server's words.
std::string server_message(const client::HttpResponse& response) {
  Json body = Json::parse(response.body, nullptr, false);
  if (body.is_object()) {
    auto it = body.find("error");
    if (it != body.end() && it->is_string()) return it->get<std::string>();
  }
  return response.reason;
}

// check_status - throws HttpError for an answer that is not 2xx.
void check_status(const client::HttpResponse& response,
                  const std::string& corr_id) {
  if (response.status >= 200 && response.status < 300) return;
  std::string message = server_message(response);
  throw HttpError(
      "HTTP Error " + std::to_string(response.status) + ": " + message,
      response.status, message, corr_id);
}

// parse_body - the JSON answer, or ProtocolError naming the URL.
Json parse_body(const client::HttpResponse& response, const std::string& url,
                const std::string& corr_id) {
  if (response.body.empty()) {
    throw ProtocolError(
        "Error communicating with tattler server " + url + ": empty response.",
        response.status, "", corr_id);
  }
  Json body = Json::parse(response.body, nullptr, false);
  if (body.is_discarded()) {
    throw ProtocolError(
        "Error communicating with tattler server: unparsable response. "
        "Response was " +
            std::to_string(response.body.size()) +
            " bytes, first 100B of which=" + response.body.substr(0, 100) +
            "...",
        response.status, "", corr_id);
  }
  return body;
}

// string_list - a JSON array of strings, else ProtocolError.
std::vector<std::string> string_list(const Json& body, const std::string& url) {
  std::vector<std::string> out;
  bool ok = body.is_array();
  for (const Json& item : body) {
    if (!ok || !item.is_string()) {
      ok = false;
      break;
    }
    out.push_back(item.get<std::string>());
  }
  if (!ok) {
    throw ProtocolError("Error communicating with tattler server " + url +
                            ": expected a list of names.",
                        200, "", "");
  }
  return out;
}

// query_string - tattler's parameter order: user, vector, correlationId,
// priority, mode.
std::string query_string(const std::vector<std::string>& vectors,
                         const std::string& recipient,
                         std::optional<int> priority,
                         const std::string& corr_id, const std::string& mode) {
  std::string q = "?user=" + client::quote_plus(recipient);
  if (!vectors.empty()) {
    std::vector<std::string> sorted = vectors;
    std::sort(sorted.begin(), sorted.end());
    std::string joined;
    for (const auto& v : sorted) joined += (joined.empty() ? "" : ",") + v;
    q += "&vector=" + client::quote_plus(joined);
  }
  q += "&correlationId=" + client::quote_plus(corr_id);
  if (priority) q += "&priority=" + std::to_string(*priority);
  q += "&mode=" + client::quote_plus(mode);
  return q;
}

}  // namespace

TattlerClientHTTP::TattlerClientHTTP(std::string scope_name,
                                     std::string srv_addr, int srv_port,
                                     std::string mode)
    : TattlerClient(std::move(scope_name), std::move(srv_addr), srv_port,
                    std::move(mode)),
      connection_(std::make_unique<Connection>("http://" + endpoint())) {}

TattlerClientHTTP::~TattlerClientHTTP() = default;

void TattlerClientHTTP::set_connect_timeout(std::chrono::milliseconds t) {
  connection_->set_connect_timeout(t);
}

void TattlerClientHTTP::set_request_timeout(std::chrono::milliseconds t) {
  connection_->set_request_timeout(t);
}

ClientStats TattlerClientHTTP::stats() const { return connection_->stats(); }

namespace {

// get_names - one GET returning a list of names.
std::vector<std::string> get_names(client::HttpConnection& connection,
                                   const std::string& target) {
  client::HttpResponse response;
  client::TransportFailure failure;
  if (!connection.get(target, &response, &failure)) {
    throw ConnectionError(failure.message, failure.timed_out, "");
  }
  check_status(response, "");
  std::string url = connection.url(target);
  return string_list(parse_body(response, url, ""), url);
}

// check_delivered - at least one vector must have succeeded; partial
// failures are logged and returned.
std::vector<VectorResult> check_delivered(std::vector<VectorResult> results,
                                          const std::string& corr_id) {
  Json failed = Json::array();
  for (const VectorResult& r : results) {
    if (!r.ok()) failed.push_back(to_json(r));
  }
  if (failed.size() == results.size()) {
    throw DeliveryError(
        "All requested delivery targets failed: " + failed.dump(),
        std::move(results), corr_id);
  }
  if (!failed.empty()) {
    client::log(LogLevel::kWarning,
                corr_id + " client.partial_failure failed=" +
                    std::to_string(failed.size()) +
                    " of=" + std::to_string(results.size()));
  }
  return results;
}

}  // namespace

std::vector<std::string> TattlerClientHTTP::scopes() {
  return get_names(*connection_, "/notification/");
}

std::vector<std::string> TattlerClientHTTP::events() {
  return get_names(*connection_,
                   "/notification/" + client::quote(scope()) + "/");
}

std::vector<std::string> TattlerClientHTTP::vectors(const std::string& event) {
  return get_names(*connection_, "/notification/" + client::quote(scope()) +
                                     "/" + client::quote(event) + "/vectors/");
}

// do_send - one POST; the answer must hold at least one delivered vector.
std::vector<VectorResult> TattlerClientHTTP::do_send(
    const std::vector<std::string>& vectors, const std::string& event,
    const std::string& recipient, const Json& context,
    std::optional<int> priority, const std::string& corr_id) {
  std::string target =
      "/notification/" + client::quote(scope()) + "/" + client::quote(event) +
      "/" + query_string(vectors, recipient, priority, corr_id, mode());
  std::string body =
      (context.is_object() && !context.empty())
          ? context.dump(-1, ' ', false, Json::error_handler_t::replace)
          : std::string();

  client::HttpResponse response;
  client::TransportFailure failure;
  if (!connection_->post(target, body, &response, &failure)) {
    throw ConnectionError(failure.message, failure.timed_out, corr_id);
  }
  check_status(response, corr_id);

  std::string url = connection_->url(target);
  std::vector<VectorResult> results;
  if (!parse_results(parse_body(response, url, corr_id), &results)) {
    throw ProtocolError("Error communicating with tattler server " + url +
                            ": the answer is not a list of jobs.",
                        response.status, "", corr_id);
  }
  return check_delivered(std::move(results), corr_id);
}

}  // namespace tattler
