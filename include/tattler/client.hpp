// client.hpp - the C++ client of the tattler notification server.
//
// The same concepts as tattler's Python client:
//
//   tattler::TattlerClientHTTP client("billing", "127.0.0.1", 11503, "debug");
//   auto results = client.send({"email"}, "invoice", "42", ctx);
//
// TattlerClient is the abstract interface (constructor checks, dead letters);
// TattlerClientHTTP talks HTTP/1.1 to the server over ONE persistent
// connection, reused for every call and re-opened transparently when the
// server closed it, with connect and request timeouts. send() returns the
// per-vector results and throws a ClientError subclass (errors.hpp) when
// nothing was delivered; failures worth retrying are written as dead letters
// (deadletter.hpp) before the exception leaves send().
//
// send_notification() is the all-in-one helper: it finds the server
// (TATTLER_SERVER_ADDRESS when no endpoint is given), adds attachments, sends
// and returns success plus details instead of throwing.
//
// Limits: one client object must not be used by two threads at once (make
// one client per thread). No TLS to the server (tattler has none), no
// redirects, no Prefer: respond-async or Idempotency-Key support yet.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tattler/attachments.hpp"
#include "tattler/correlation_id.hpp"
#include "tattler/deadletter.hpp"
#include "tattler/endpoint.hpp"
#include "tattler/errors.hpp"
#include "tattler/json_text.hpp"
#include "tattler/result.hpp"
#include "tattler/typed.hpp"

namespace tattler {

enum class LogLevel { kDebug, kInfo, kWarning, kError };
using LogHandler = std::function<void(LogLevel, const std::string&)>;

// set_log_handler - where the library's log lines go. The default writes
// warnings and errors to stderr (LOG_LEVEL=debug|info lowers the threshold);
// an empty handler silences the library.
void set_log_handler(LogHandler handler);

class TattlerClient {
 public:
  // Checks as tattler's: the endpoint must be set ("Endpoint of server must
  // be set. Values <addr>:<port>"), the scope must match [a-zA-Z0-9-_.]+
  // ("Invalid scope name '<s>'. It only accepts alphanumeric sybols and '.',
  // '_' or '-'."), the mode is trimmed and lower-cased and must be debug,
  // staging or production ("Invalid mode '<m>'. Valid values are: [...]").
  // All throw std::invalid_argument. An unbracketed IPv6 address is
  // bracketed.
  TattlerClient(std::string scope_name,
                std::string srv_addr = kDefaultServerAddress,
                int srv_port = kDefaultServerPort, std::string mode = "debug");
  virtual ~TattlerClient();

  TattlerClient(const TattlerClient&) = delete;
  TattlerClient& operator=(const TattlerClient&) = delete;

  const std::string& scope() const { return scope_; }
  const std::string& mode() const { return mode_; }
  // endpoint - "addr:port" as used in URLs.
  const std::string& endpoint() const { return endpoint_; }

  // scopes - the names of every scope the server knows.
  virtual std::vector<std::string> scopes() = 0;

  // events - the events of this client's scope.
  virtual std::vector<std::string> events() = 0;

  // vectors - the vectors ("email", "sms", ...) an event has templates for.
  virtual std::vector<std::string> vectors(const std::string& event) = 0;

  // send - notifies recipient of event on the given vectors (empty: all of
  // the event's). context must be a JSON object (or null). priority, when
  // set, is sent as priority=<n>. An empty correlation_id gets a fresh
  // "tattler:<id>". Returns one result per vector (some may have failed);
  // throws a ClientError when nothing was delivered, after writing a dead
  // letter when the error is retryable and dead letters are enabled.
  std::vector<VectorResult> send(const std::vector<std::string>& vectors,
                                 const std::string& event,
                                 const std::string& recipient,
                                 const Json& context = Json::object(),
                                 std::optional<int> priority = std::nullopt,
                                 const std::string& correlation_id = {});

  // set_deadletter_dir - where failed sends are kept; std::nullopt turns
  // dead letters off. Default: default_deadletter_dir() at construction.
  void set_deadletter_dir(std::optional<std::filesystem::path> dir);
  const std::optional<std::filesystem::path>& deadletter_dir() const {
    return deadletter_dir_;
  }

  // last_dead_letter - the file written by the latest failed send(); empty
  // when that send wrote none.
  const std::filesystem::path& last_dead_letter() const {
    return last_dead_letter_;
  }

 protected:
  // do_send - the transport-specific part of send(); correlation_id is set.
  virtual std::vector<VectorResult> do_send(
      const std::vector<std::string>& vectors, const std::string& event,
      const std::string& recipient, const Json& context,
      std::optional<int> priority, const std::string& correlation_id) = 0;

 private:
  std::string scope_;
  std::string mode_;
  std::string endpoint_;
  std::optional<std::filesystem::path> deadletter_dir_;
  std::filesystem::path last_dead_letter_;
};

// What a TattlerClientHTTP has done so far.
struct ClientStats {
  std::uint64_t requests = 0;            // HTTP requests sent
  std::uint64_t connections_opened = 0;  // TCP connections opened
};

inline constexpr std::chrono::milliseconds kDefaultConnectTimeout{5000};
inline constexpr std::chrono::milliseconds kDefaultRequestTimeout{30000};

class TattlerClientHTTP : public TattlerClient {
 public:
  TattlerClientHTTP(std::string scope_name,
                    std::string srv_addr = kDefaultServerAddress,
                    int srv_port = kDefaultServerPort,
                    std::string mode = "debug");
  ~TattlerClientHTTP() override;

  // GET /notification/, /notification/<scope>/, .../<event>/vectors/.
  // Throw ConnectionError, HttpError or ProtocolError.
  std::vector<std::string> scopes() override;
  std::vector<std::string> events() override;
  std::vector<std::string> vectors(const std::string& event) override;

  // set_connect_timeout - limit for opening a connection (0: none).
  void set_connect_timeout(std::chrono::milliseconds timeout);

  // set_request_timeout - limit for a whole request, connect included
  // (0: none).
  void set_request_timeout(std::chrono::milliseconds timeout);

  // stats - requests sent and TCP connections opened by this client.
  ClientStats stats() const;

 protected:
  std::vector<VectorResult> do_send(const std::vector<std::string>& vectors,
                                    const std::string& event,
                                    const std::string& recipient,
                                    const Json& context,
                                    std::optional<int> priority,
                                    const std::string& correlation_id) override;

 private:
  class Connection;
  std::unique_ptr<Connection> connection_;
};

// Everything send_notification() takes besides scope, event and recipient.
struct NotificationOptions {
  Json context = Json::object();
  std::string correlation_id;  // empty: a fresh "tattler:<id>"
  std::string mode = "debug";
  std::vector<std::string> vectors;  // empty: every vector of the event
  std::optional<int> priority;
  // Neither set: TATTLER_SERVER_ADDRESS (default 127.0.0.1:11503).
  std::optional<std::string> srv_addr;
  std::optional<int> srv_port;
  std::optional<Attachments> attachments;  // goes to context["_attachments"]
  std::chrono::milliseconds connect_timeout = kDefaultConnectTimeout;
  std::chrono::milliseconds request_timeout = kDefaultRequestTimeout;
};

// The answer of send_notification().
struct NotificationOutcome {
  bool success = false;
  std::vector<VectorResult> results;  // per vector, when the server answered
  std::string error;                  // why it failed (empty on success)
  int http_status = 0;                // 0 when the server never answered
  std::string correlation_id;
  std::filesystem::path dead_letter;  // written for a retryable failure
};

// send_notification - connects, sends one notification and reports. Bad
// arguments (endpoint, scope, mode, attachments, both attachments and
// context["_attachments"]) throw std::invalid_argument as tattler's raise
// ValueError; every failure of the sending itself is in the outcome.
NotificationOutcome send_notification(const std::string& scope,
                                      const std::string& event,
                                      const std::string& recipient,
                                      const NotificationOptions& options = {});

}  // namespace tattler
