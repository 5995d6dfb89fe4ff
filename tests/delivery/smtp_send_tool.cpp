// smtp_send_tool.cpp - test and benchmark driver for SmtpTransport.
//
// Sends a message file (or a small built-in message) through
// delivery::SmtpTransport so Python tests and bench/smtp.sh can exercise
// the real transport against real servers. Prints one JSON line per message
// ({"kind": "...", "detail": "..."}) unless --quiet, then one summary line
// ({"sent": n, "failed": m, "connections": c, "seconds": s, "rate": r}).
// With --stdin it sends one message per line read (the line names a message
// file, or is empty for the default one) and answers each at once, so a
// test can act on the server between two messages. With --batch K each
// sender hands K messages at a time to send_batch() (pipelined runs), and
// --rotate-to gives message n the n-th address of its list (cycling).
//
// Limits: a test tool, not an installed program; the message file is sent
// as is except that bare LF line ends become CRLF.
#include <fmt/format.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "delivery/smtp_transport.hpp"

namespace {

using tattler::compose::Message;
using tattler::delivery::Outcome;
using tattler::delivery::SmtpOptions;
using tattler::delivery::SmtpTransport;

struct ToolOptions {
  SmtpOptions smtp;
  std::string auth;
  long timeout_seconds = 30;
  std::string from = "sender@example.com";
  std::vector<std::string> to = {"rcpt@example.com"};
  std::string message_file;
  int count = 1;
  int threads = 1;
  int batch = 1;
  std::vector<std::string> rotate_to;
  bool read_stdin = false;
  bool quiet = false;
  std::string log_level = "warn";
};

// to_crlf - the bytes with every bare LF turned into CRLF.
std::string to_crlf(const std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

// read_message - the payload of file, or a small built-in message.
std::string read_message(const std::string& file, const ToolOptions& o) {
  if (file.empty()) {
    return to_crlf(fmt::format(
        "From: {}\nTo: {}\nSubject: smtp_send_tool\nMessage-ID: "
        "<tool@example.com>\n\nHello from the SMTP transport test tool.\n",
        o.from, o.to.front()));
  }
  std::ifstream in(file, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return to_crlf(bytes.str());
}

// kind_name - the outcome kind as printed.
std::string kind_name(const Outcome& outcome) {
  if (outcome.delivered()) return "delivered";
  return outcome.temporary() ? "temporary" : "permanent";
}

// print_outcome - one JSON line for one message.
void print_outcome(const Outcome& outcome) {
  static std::mutex mutex;
  nlohmann::ordered_json line = {{"kind", kind_name(outcome)},
                                 {"detail", outcome.detail}};
  std::lock_guard lock(mutex);
  std::cout << line.dump() << std::endl;
}

// make_message - the Message to send, numbered for its id.
Message make_message(const ToolOptions& o, std::string data, int n) {
  Message m;
  m.vector = "email";
  m.sender = o.from;
  m.recipients = o.to;
  if (!o.rotate_to.empty()) {
    m.recipients = {o.rotate_to[static_cast<size_t>(n) % o.rotate_to.size()]};
  }
  m.message_id = fmt::format("tool-{}@example.com", n);
  m.data = std::move(data);
  return m;
}

// run_stdin - one message per input line, answered at once.
int run_stdin(SmtpTransport& transport, const ToolOptions& o, int& failed) {
  std::string line;
  int n = 0;
  while (std::getline(std::cin, line)) {
    Outcome outcome =
        transport.send(make_message(o, read_message(line, o), n++));
    if (!outcome.delivered()) ++failed;
    print_outcome(outcome);
  }
  return n;
}

// send_some - messages [first, first + n) in one send_batch(); how many
// were started.
size_t send_some(SmtpTransport& transport, const ToolOptions& o,
               const std::string& data, int first, int n,
               std::atomic<int>& failures) {
  std::vector<Message> messages;
  for (int i = 0; i < n; ++i)
    messages.push_back(make_message(o, data, first + i));
  tattler::delivery::Batch batch;
  for (const Message& m : messages) batch.messages.push_back(&m);
  batch.ready = [](size_t) { return true; };
  batch.sent = [&](size_t, Outcome outcome) {
    if (!outcome.delivered()) ++failures;
    if (!o.quiet) print_outcome(outcome);
  };
  return transport.send_batch(batch);
}

// run_batch - count messages over threads senders, o.batch at a time.
int run_batch(SmtpTransport& transport, const ToolOptions& o, int& failed) {
  std::string data = read_message(o.message_file, o);
  const int step = std::max(1, o.batch);
  std::atomic<int> next{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> senders;
  for (int t = 0; t < std::max(1, o.threads); ++t) {
    senders.emplace_back([&] {
      for (int n = next.fetch_add(step); n < o.count; n = next.fetch_add(step)) {
        const int size = std::min(step, o.count - n);
        if (step == 1) {
          Outcome outcome = transport.send(make_message(o, data, n));
          if (!outcome.delivered()) ++failures;
          if (!o.quiet) print_outcome(outcome);
        } else {
          size_t started = send_some(transport, o, data, n, size, failures);
          failures += size - static_cast<int>(started);  // never started
        }
      }
    });
  }
  for (std::thread& t : senders) t.join();
  failed = failures.load();
  return o.count;
}

}  // namespace

// main - parse the flags, send, print the summary.
int main(int argc, char** argv) {
  ToolOptions o;
  CLI::App app{"Send messages through tattler's SMTP transport"};
  app.add_option("--address", o.smtp.address, "TATTLER_SMTP_ADDRESS");
  app.add_option("--timeout", o.timeout_seconds, "seconds");
  app.add_flag("--starttls", o.smtp.starttls, "require STARTTLS");
  bool no_verify = false;
  app.add_flag("--no-verify", no_verify, "do not verify certificates");
  app.add_option("--ca-file", o.smtp.ca_file, "CA bundle (PEM)");
  app.add_option("--auth", o.auth, "user:password");
  app.add_option("--pool", o.smtp.pool_size, "pooled connections");
  app.add_option("--from", o.from, "envelope sender");
  app.add_option("--to", o.to, "envelope recipients")->take_all();
  app.add_option("--message", o.message_file, "message file");
  app.add_option("--count", o.count, "messages to send");
  app.add_option("--threads", o.threads, "concurrent senders");
  app.add_option("--batch", o.batch, "messages per send_batch()");
  app.add_option("--rotate-to", o.rotate_to,
                 "message n goes to the n-th of these")
      ->take_all();
  app.add_flag("--stdin", o.read_stdin, "one message per stdin line");
  app.add_flag("--quiet", o.quiet, "only the summary line");
  app.add_option("--log-level", o.log_level, "spdlog level");
  CLI11_PARSE(app, argc, argv);

  // Logs go to stderr: stdout carries the JSON lines the tests read.
  spdlog::set_default_logger(spdlog::stderr_logger_mt("smtp_send"));
  spdlog::set_level(spdlog::level::from_str(o.log_level));
  o.smtp.verify_certificates = !no_verify;
  o.smtp.timeout = std::chrono::seconds(o.timeout_seconds);
  if (!o.auth.empty()) o.smtp.auth = o.auth;

  SmtpTransport transport(o.smtp);
  auto started = std::chrono::steady_clock::now();
  int failed = 0;
  int total = o.read_stdin ? run_stdin(transport, o, failed)
                           : run_batch(transport, o, failed);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count();

  nlohmann::ordered_json summary = {
      {"sent", total - failed},
      {"failed", failed},
      {"connections", transport.connections_opened()},
      {"seconds", seconds},
      {"rate", seconds > 0 ? (total - failed) / seconds : 0.0}};
  std::cout << summary.dump() << std::endl;
  return failed == 0 ? 0 : 1;
}
