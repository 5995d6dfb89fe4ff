// main.cpp - tattler_notify: send one notification from the command line,
// or many (load mode) to measure a server.
//
// Exit codes as tattler's: 0 sent, 1 not sent (the reason on stderr), 2 bad
// usage. The per-vector results are printed, one line each (or as JSON with
// --json). Load mode (--repeat N [--clients K]) sends N notifications from
// each of K clients, each over its own persistent connection, and prints one
// JSON line: {"sent", "failed", "seconds", "per_second", "connections"}.
//
// Limits: load mode keeps no dead letters and stops a client at its first
// connection failure.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "notify_args.hpp"
#include "tattler/client.hpp"

namespace {

using tattler::notify::NotifyArgs;

std::chrono::milliseconds to_ms(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

// print_results - one line per vector, or the JSON array.
void print_results(const std::vector<tattler::VectorResult>& results,
                   bool as_json, std::FILE* out) {
  if (as_json) {
    tattler::Json array = tattler::Json::array();
    for (const auto& r : results) array.push_back(tattler::to_json(r));
    std::fprintf(out, "%s\n", array.dump().c_str());
    return;
  }
  for (const auto& r : results) {
    std::fprintf(out, "%s\t%s\t%s\t%s\n", r.vector.c_str(), r.result.c_str(),
                 r.id.c_str(), r.detail.c_str());
  }
}

// send_once - the normal mode: send_notification() and report.
int send_once(const NotifyArgs& args) {
  tattler::NotificationOptions options;
  options.context = args.context;
  options.correlation_id = args.correlation_id;
  options.mode = args.mode;
  options.vectors = args.vectors;
  options.priority = args.priority;
  options.srv_addr = args.server.address;
  options.srv_port = args.server.port;
  options.attachments = args.attachments;
  options.connect_timeout = to_ms(args.connect_timeout_s);
  options.request_timeout = to_ms(args.timeout_s);

  // The outcome below says everything once; the library's own lines only
  // when asked for with LOG_LEVEL.
  if (std::getenv("LOG_LEVEL") == nullptr) tattler::set_log_handler(nullptr);

  tattler::NotificationOutcome outcome;
  try {
    outcome = tattler::send_notification(args.scope, args.event, args.recipient,
                                         options);
  } catch (const std::invalid_argument& err) {
    std::fprintf(stderr, "Notification failed. Details: %s\n", err.what());
    return 1;
  }
  if (!outcome.success) {
    std::fprintf(stderr, "Notification failed. Details: %s\n",
                 outcome.error.c_str());
    if (!outcome.dead_letter.empty()) {
      std::fprintf(stderr, "Kept as dead letter %s\n",
                   outcome.dead_letter.c_str());
    }
    if (!outcome.results.empty()) {
      print_results(outcome.results, args.json_output, stderr);
    }
    return 1;
  }
  print_results(outcome.results, args.json_output, stdout);
  return 0;
}

struct LoadTotals {
  std::atomic<long long> sent{0};
  std::atomic<long long> failed{0};
  std::atomic<long long> connections{0};
};

// load_client - one client sending args.repeat notifications.
void load_client(const NotifyArgs& args, LoadTotals* totals) {
  try {
    tattler::TattlerClientHTTP client(args.scope, args.server.address,
                                      args.server.port, args.mode);
    client.set_deadletter_dir(std::nullopt);
    client.set_connect_timeout(to_ms(args.connect_timeout_s));
    client.set_request_timeout(to_ms(args.timeout_s));
    for (int i = 0; i < args.repeat; ++i) {
      try {
        client.send(args.vectors, args.event, args.recipient, args.context,
                    args.priority, args.correlation_id);
        ++totals->sent;
      } catch (const tattler::ConnectionError&) {
        totals->failed += args.repeat - i;
        break;
      } catch (const tattler::ClientError&) {
        ++totals->failed;
      }
    }
    totals->connections += client.stats().connections_opened;
  } catch (const std::invalid_argument& err) {
    std::fprintf(stderr, "tattler_notify: %s\n", err.what());
    totals->failed += args.repeat;
  }
}

// send_load - load mode: clients in parallel, one JSON summary line.
int send_load(const NotifyArgs& args) {
  tattler::set_log_handler(nullptr);
  LoadTotals totals;
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int i = 0; i < args.clients; ++i) {
    threads.emplace_back(load_client, std::cref(args), &totals);
  }
  for (auto& t : threads) t.join();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();

  tattler::Json summary = {
      {"sent", totals.sent.load()},
      {"failed", totals.failed.load()},
      {"seconds", seconds},
      {"per_second", seconds > 0 ? totals.sent.load() / seconds : 0.0},
      {"connections", totals.connections.load()},
      {"clients", args.clients}};
  std::printf("%s\n", summary.dump().c_str());
  return totals.failed.load() == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  NotifyArgs args;
  int rc = tattler::notify::parse_notify_args(argc, argv, &args);
  if (rc >= 0) return rc;
  return args.repeat > 0 ? send_load(args) : send_once(args);
}
