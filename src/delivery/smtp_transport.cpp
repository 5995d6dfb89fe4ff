// smtp_transport.cpp - the SMTP connection pool and the send path.
//
// Limits: see smtp_transport.hpp.
#include "delivery/smtp_transport.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <mutex>

#include "delivery/smtp_connection.hpp"

namespace tattler::delivery {

namespace {

// local_host_name - the name we announce in EHLO: this machine's name when
// it is a plain host name, else "localhost".
std::string local_host_name() {
  char name[HOST_NAME_MAX + 1] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0')
    return "localhost";
  std::string host(name);
  for (char c : host) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '.';
    if (!ok) return "localhost";
  }
  return host;
}

// envelope_problem - why message cannot be put into an SMTP envelope, or
// empty. CR, LF and angle brackets would let an address inject commands.
std::string envelope_problem(const compose::Message& message) {
  if (message.recipients.empty()) return "the message has no recipients";
  auto bad = [](const std::string& address) {
    return address.find_first_of("\r\n<>") != std::string::npos;
  };
  if (bad(message.sender))
    return fmt::format("invalid envelope sender '{}'", message.sender);
  for (const std::string& rcpt : message.recipients) {
    if (rcpt.empty() || bad(rcpt))
      return fmt::format("invalid envelope recipient '{}'", rcpt);
  }
  return {};
}

// kind_name - the outcome kind for logs.
const char* kind_name(const Outcome& outcome) {
  switch (outcome.kind) {
    case Outcome::Kind::kDelivered:
      return "delivered";
    case Outcome::Kind::kTemporaryFailure:
      return "temporary";
    case Outcome::Kind::kPermanentFailure:
      return "permanent";
  }
  return "unknown";
}

// log_attempt - one log line for the final attempt of a message.
void log_attempt(const std::string& server, const compose::Message& message,
                 const SmtpConnection::Attempt& attempt,
                 std::chrono::steady_clock::time_point started) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::steady_clock::now() - started)
                .count();
  if (attempt.outcome.delivered()) {
    spdlog::info("{} smtp.sent host={} rcpts={} bytes={} new_conn={} us={}",
                 message.message_id, server, message.recipients.size(),
                 message.data.size(), attempt.connects, us);
    if (attempt.auth_not_offered) {
      spdlog::warn("{} smtp.auth_not_offered host={}", message.message_id,
                   server);
    }
    if (!attempt.partial_refusal.empty()) {
      spdlog::warn("{} smtp.rcpt_refused host={} reply=\"{}\"",
                   message.message_id, server, attempt.partial_refusal);
    }
    return;
  }
  spdlog::warn("{} smtp.failed host={} rcpts={} kind={} us={} detail=\"{}\"",
               message.message_id, server, message.recipients.size(),
               kind_name(attempt.outcome), us, attempt.outcome.detail);
}

}  // namespace

SmtpTransport::SmtpTransport(SmtpOptions options)
    : options_(std::move(options)),
      endpoint_(parse_smtp_endpoint(options_.address)),
      ehlo_domain_(local_host_name()) {
  if (options_.pool_size == 0) options_.pool_size = 1;
}

SmtpTransport::~SmtpTransport() = default;

size_t SmtpTransport::connections_opened() const {
  return connections_opened_.load();
}

SmtpConnection* SmtpTransport::acquire() {
  std::unique_lock lock(mutex_);
  free_changed_.wait(lock, [this] {
    return !free_.empty() || connections_.size() < options_.pool_size;
  });

  // Most recently used first: its connection is the likeliest to be alive.
  if (!free_.empty()) {
    SmtpConnection* connection = free_.back();
    free_.pop_back();
    return connection;
  }
  connections_.push_back(
      std::make_unique<SmtpConnection>(options_, *endpoint_, ehlo_domain_));
  return connections_.back().get();
}

void SmtpTransport::release(SmtpConnection* connection) {
  {
    std::lock_guard lock(mutex_);
    free_.push_back(connection);
  }
  free_changed_.notify_one();
}

Outcome SmtpTransport::send(const compose::Message& message) {
  Outcome outcome;
  Batch one{{&message},
            [](size_t) { return true; },
            [&outcome](size_t, Outcome o) { outcome = std::move(o); }};
  send_batch(one);
  return outcome;
}

size_t SmtpTransport::send_batch(const Batch& batch) {
  const auto& messages = batch.messages;
  SmtpConnection* connection = nullptr;
  size_t i = 0;
  while (i < messages.size() && batch.ready(i)) {
    // A message that cannot be put into an envelope is answered at once.
    std::string problem = endpoint_.ok() ? envelope_problem(*messages[i])
                                         : endpoint_.error();
    if (!problem.empty()) {
      batch.sent(i, Outcome::Permanent(problem));
      ++i;
      continue;
    }
    size_t end = i + 1;
    while (end < messages.size() && envelope_problem(*messages[end]).empty())
      ++end;

    if (!connection) connection = acquire();
    i += send_run(*connection, batch, i, end);
  }
  if (connection) release(connection);
  return i;
}

size_t SmtpTransport::send_run(SmtpConnection& connection, const Batch& batch,
                               size_t first, size_t end) {
  std::span<const compose::Message* const> run(batch.messages.data() + first,
                                               end - first);
  auto started = std::chrono::steady_clock::now();
  auto report = [&](size_t k, SmtpConnection::Attempt attempt) {
    connections_opened_ += static_cast<size_t>(attempt.connects);
    log_attempt(options_.address, *run[k], attempt, started);
    started = std::chrono::steady_clock::now();
    batch.sent(first + k, std::move(attempt.outcome));
  };
  auto ready = [&](size_t k) { return batch.ready(first + k); };
  SmtpConnection::RunEnd ended = connection.send_run(run, ready, report);
  if (!ended.retry_on_fresh) return ended.reported;

  // A pooled connection the server dropped while idle (or between two
  // messages) must not fail the message: send once more on a new one.
  const compose::Message& message = *run[ended.reported];
  spdlog::info("{} smtp.reconnect host={} why=\"{}\"", message.message_id,
               options_.address, ended.broken.detail);
  SmtpConnection::Attempt retry = connection.send(message, true);
  report(ended.reported, std::move(retry));
  return ended.reported + 1;
}

}  // namespace tattler::delivery
