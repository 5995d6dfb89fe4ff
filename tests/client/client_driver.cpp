// client_driver.cpp - drives the client library from a test script.
//
// Reads one JSON command per line on stdin and answers one JSON line on
// stdout, so the Python integration tests can exercise TattlerClientHTTP
// against the real server with ONE client object (and so one connection):
//
//   {"op": "new", "scope", "addr", "port", "mode", "timeout_ms",
//    "deadletter_dir"}                       -> {"ok": true}
//   {"op": "scopes"} / {"op": "events"} / {"op": "vectors", "event"}
//                                            -> {"ok": true, "value": [...]}
//   {"op": "send", "vectors", "event", "recipient", "context", "priority",
//    "correlationId", "count"}               -> {"ok": true, "results": [...]}
//   {"op": "stats"}                 -> {"ok": true, "requests", "connections"}
//
// A failure answers {"ok": false, "type": "ConnectionError|HttpError|...",
// "status", "message", "what", "retryable", "timed_out", "dead_letter"}.
//
// Limits: test tool only; one client at a time.
#include <iostream>
#include <memory>
#include <string>

#include "tattler/client.hpp"

namespace {

using tattler::Json;

std::unique_ptr<tattler::TattlerClientHTTP> client;

// error_type - the most derived ClientError class name.
const char* error_type(const tattler::ClientError& err) {
  if (dynamic_cast<const tattler::ConnectionError*>(&err)) {
    return "ConnectionError";
  }
  if (dynamic_cast<const tattler::HttpError*>(&err)) return "HttpError";
  if (dynamic_cast<const tattler::ProtocolError*>(&err)) {
    return "ProtocolError";
  }
  return "DeliveryError";
}

// failure - the JSON answer for a ClientError.
Json failure(const tattler::ClientError& err) {
  Json out = {{"ok", false},
              {"type", error_type(err)},
              {"status", err.http_status()},
              {"message", err.server_message()},
              {"what", err.what()},
              {"retryable", err.retryable()},
              {"correlationId", err.correlation_id()},
              {"dead_letter", client->last_dead_letter().string()}};
  auto* conn = dynamic_cast<const tattler::ConnectionError*>(&err);
  out["timed_out"] = conn != nullptr && conn->timed_out();
  if (auto* d = dynamic_cast<const tattler::DeliveryError*>(&err)) {
    out["results"] = Json::array();
    for (const auto& r : d->results()) out["results"].push_back(to_json(r));
  }
  return out;
}

// make_client - the "new" command.
Json make_client(const Json& cmd) {
  client = std::make_unique<tattler::TattlerClientHTTP>(
      cmd.value("scope", ""), cmd.value("addr", "127.0.0.1"),
      cmd.value("port", 11503), cmd.value("mode", "debug"));
  if (cmd.contains("timeout_ms")) {
    client->set_request_timeout(
        std::chrono::milliseconds(cmd["timeout_ms"].get<int>()));
  }
  if (cmd.contains("deadletter_dir")) {
    client->set_deadletter_dir(cmd["deadletter_dir"].get<std::string>());
  }
  return {{"ok", true}, {"endpoint", client->endpoint()}};
}

// send - the "send" command, optionally repeated "count" times.
Json send(const Json& cmd) {
  std::vector<std::string> vectors =
      cmd.value("vectors", std::vector<std::string>{});
  std::optional<int> priority;
  if (cmd.contains("priority")) priority = cmd["priority"].get<int>();
  Json context = cmd.value("context", Json::object());
  int count = cmd.value("count", 1);

  std::vector<tattler::VectorResult> results;
  for (int i = 0; i < count; ++i) {
    results = client->send(vectors, cmd.value("event", ""),
                           cmd.value("recipient", ""), context, priority,
                           cmd.value("correlationId", ""));
  }
  Json out = {{"ok", true}, {"results", Json::array()}};
  for (const auto& r : results) out["results"].push_back(to_json(r));
  return out;
}

// run - one command to one answer.
Json run(const Json& cmd) {
  std::string op = cmd.value("op", "");
  if (op == "new") return make_client(cmd);
  if (!client) return {{"ok", false}, {"type", "NoClient"}};
  if (op == "scopes") return {{"ok", true}, {"value", client->scopes()}};
  if (op == "events") return {{"ok", true}, {"value", client->events()}};
  if (op == "vectors") {
    return {{"ok", true}, {"value", client->vectors(cmd.value("event", ""))}};
  }
  if (op == "send") return send(cmd);
  if (op == "stats") {
    auto s = client->stats();
    return {{"ok", true},
            {"requests", s.requests},
            {"connections", s.connections_opened}};
  }
  return {{"ok", false}, {"type", "UnknownOp"}};
}

}  // namespace

int main() {
  tattler::set_log_handler(nullptr);
  std::string line;
  while (std::getline(std::cin, line)) {
    Json answer;
    try {
      answer = run(Json::parse(line));
    } catch (const tattler::ClientError& err) {
      answer = failure(err);
    } catch (const std::exception& err) {
      answer = {
          {"ok", false}, {"type", "invalid_argument"}, {"what", err.what()}};
    }
    std::cout << answer.dump() << std::endl;
  }
  return 0;
}
