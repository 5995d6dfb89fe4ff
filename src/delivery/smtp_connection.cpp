// smtp_connection.cpp - the SMTP session of one pooled connection: opening
// it (greeting, EHLO, STARTTLS, AUTH) and one transaction per message.
//
// Limits: see smtp_connection.hpp.
#include "delivery/smtp_connection.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "delivery/smtp_auth.hpp"
#include "delivery/smtp_payload.hpp"

namespace tattler::delivery {

namespace {

using Kind = SmtpStatus::Kind;

// A stuffed copy larger than this is not kept for the next message.
constexpr size_t kKeepScratch = 1024 * 1024;

// Replies to a pipelined group wait unread in the socket buffers until the
// whole group is written; past this many recipients they could fill them
// and stall both sides, so larger envelopes go one command at a time.
constexpr size_t kMaxPipelinedRecipients = 500;

// in_step - the server refused a command and the session is still in step
// with it: every command got its reply and it is not closing (421).
bool in_step(const SmtpStatus& status) {
  return status.kind() == Kind::kRefused && status.code() >= 400 &&
         status.code() != 421;
}

// append_command - "VERB<address>\r\n" added to out.
void append_command(std::string* out, std::string_view verb,
                    std::string_view address) {
  *out += verb;
  *out += address;
  *out += ">\r\n";
}

// server_name - "host:port", IPv6 in brackets.
std::string server_name(const SmtpEndpoint& endpoint) {
  return endpoint.ipv6 ? fmt::format("[{}]:{}", endpoint.host, endpoint.port)
                       : fmt::format("{}:{}", endpoint.host, endpoint.port);
}

}  // namespace

SmtpConnection::SmtpConnection(const SmtpOptions& options,
                               const SmtpEndpoint& endpoint,
                               const std::string& ehlo_domain)
    : options_(options),
      endpoint_(endpoint),
      ehlo_domain_(ehlo_domain),
      server_(server_name(endpoint)),
      socket_(std::chrono::duration_cast<std::chrono::milliseconds>(
          std::max(options.timeout, std::chrono::seconds(1)))) {
  // Port 587 is the submission port: STARTTLS there is not optional.
  require_tls_ =
      !endpoint.implicit_tls() && (options.starttls || endpoint.port == 587);

  // "user:password", split at the first ':' (the password may hold more).
  if (options.auth) {
    size_t colon = options.auth->find(':');
    user_ = options.auth->substr(0, colon);
    if (colon != std::string::npos) password_ = options.auth->substr(colon + 1);
  }
}

SmtpConnection::~SmtpConnection() {
  if (!socket_.is_open()) return;

  // Polite, not patient: a server slow to answer QUIT is simply dropped.
  socket_.set_timeout(std::chrono::seconds(1));
  command("QUIT\r\n", 2);
}

SmtpConnection::Attempt SmtpConnection::send(const compose::Message& message,
                                             bool fresh) {
  if (fresh) socket_.close();
  const compose::Message* one[] = {&message};
  Attempt attempt;
  auto keep = [&attempt](size_t, Attempt a) { attempt = std::move(a); };
  RunEnd end = send_run(one, [](size_t) { return true; }, keep);
  if (end.retry_on_fresh) {
    attempt = Attempt{};
    attempt.retry_on_fresh = true;
    attempt.outcome = std::move(end.broken);
  }
  return attempt;
}

SmtpConnection::RunEnd SmtpConnection::send_run(
    std::span<const compose::Message* const> messages,
    const std::function<bool(size_t)>& ready, const Report& report) {
  RunEnd end;
  if (messages.empty()) return end;

  // A pooled session the server closed while idle is replaced at once.
  Attempt opening;
  if (!socket_.usable_when_idle()) socket_.close();
  const bool reused = socket_.is_open();
  if (!reused) {
    SmtpStatus opened = open(&opening);
    if (!opened.ok()) {
      socket_.close();
      opening.outcome = failure_outcome(opened, server_);
      report(0, std::move(opening));
      end.reported = 1;
      return end;
    }
  }

  bool envelope_sent = false;  // messages[i]'s, with the last content
  for (size_t i = 0; i < messages.size(); ++i) {
    Attempt attempt = i == 0 ? opening : Attempt{};
    bool next_sent = false;
    bool in_doubt = false;
    SmtpStatus status = envelope_sent ? envelope_replies(*messages[i], &attempt)
                                      : envelope(*messages[i], &attempt);
    if (status.ok()) {
      const compose::Message* next =
          i + 1 < messages.size() ? messages[i + 1] : nullptr;
      next_sent = next && pipelines(*next) && ready(i + 1);
      in_doubt = true;
      status = send_payload(*messages[i], next_sent ? next : nullptr);
    }
    if (stuffed_.capacity() > kKeepScratch) std::string().swap(stuffed_);

    if (!status.ok()) {
      // A session that broke before the message was on its way has not
      // taken it: a fresh connection may. One in an unknown state is
      // dropped.
      attempt.outcome = failure_outcome(status, server_);
      attempt.retry_on_fresh = (reused || i > 0) && status.connection_lost() &&
                               (!in_doubt || status.kind() == Kind::kRefused);
      if (!in_step(status)) socket_.close();
      if (attempt.retry_on_fresh) {
        end.broken = std::move(attempt.outcome);
        end.retry_on_fresh = true;
        return end;
      }
    }
    report(i, std::move(attempt));
    end.reported = i + 1;

    // Closed: a next envelope sent with this message went nowhere.
    if (!socket_.is_open()) return end;
    envelope_sent = next_sent;
    if (!envelope_sent && i + 1 < messages.size() && !ready(i + 1)) {
      return end;
    }
  }
  return end;
}

bool SmtpConnection::pipelines(const compose::Message& message) const {
  return offer_.pipelining &&
         message.recipients.size() <= kMaxPipelinedRecipients &&
         !too_big(message);
}

bool SmtpConnection::too_big(const compose::Message& message) const {
  return offer_.size_limit > 0 && message.data.size() > offer_.size_limit;
}

SmtpStatus SmtpConnection::open(Attempt* attempt) {
  SmtpStatus status = socket_.connect(endpoint_);
  if (!status.ok()) return status;
  attempt->connects = 1;

  if (endpoint_.implicit_tls()) status = start_tls();
  if (status.ok()) status = expect_reply(2);  // the 220 greeting
  if (status.ok()) status = hello();
  if (status.ok() && require_tls_) status = upgrade_to_tls();
  if (status.ok() && options_.auth) status = log_in(attempt);
  return status;
}

SmtpStatus SmtpConnection::hello() {
  offer_ = EhloOffer{};
  SmtpStatus status = command("EHLO " + ehlo_domain_ + "\r\n", 2);
  if (status.ok()) {
    offer_ = parse_ehlo(reply_);
    return status;
  }

  // A server that does not speak ESMTP refuses EHLO; HELO still works.
  if (!in_step(status) || status.code() < 500) return status;
  return command("HELO " + ehlo_domain_ + "\r\n", 2);
}

SmtpStatus SmtpConnection::start_tls() {
  SmtpStatus status = tls_.init(options_);
  if (!status.ok()) return status;
  return socket_.start_tls(tls_, endpoint_);
}

SmtpStatus SmtpConnection::upgrade_to_tls() {
  if (!offer_.starttls) {
    return SmtpStatus::Error(
        Kind::kTlsNotOffered,
        "TLS is required but the server does not offer STARTTLS");
  }

  SmtpStatus status = command("STARTTLS\r\n", 2);
  if (status.ok()) status = start_tls();

  // What the server offered before TLS is forgotten (RFC 3207 4.2).
  if (status.ok()) status = hello();
  return status;
}

SmtpStatus SmtpConnection::log_in(Attempt* attempt) {
  if (!offer_.auth) {
    attempt->auth_not_offered = true;
    return SmtpStatus::Ok();
  }

  // PLAIN takes one round trip; LOGIN three.
  if (offer_.auth_plain) {
    return command(
        "AUTH PLAIN " + auth_plain_response(user_, password_) + "\r\n", 2);
  }
  if (!offer_.auth_login) {
    return SmtpStatus::Error(
        Kind::kAuthNotSupported,
        "the server offers AUTH but neither PLAIN nor LOGIN");
  }
  SmtpStatus status = command("AUTH LOGIN\r\n", 3);
  if (status.ok()) status = command(base64(user_) + "\r\n", 3);
  if (status.ok()) status = command(base64(password_) + "\r\n", 2);
  return status;
}

SmtpStatus SmtpConnection::envelope(const compose::Message& message,
                                    Attempt* attempt) {
  if (too_big(message)) {
    return SmtpStatus::Error(
        Kind::kTooBig,
        fmt::format("the message has {} bytes, the server takes at most {}",
                    message.data.size(), offer_.size_limit));
  }
  if (!pipelines(message)) return envelope_stepwise(message, attempt);

  commands_.clear();
  append_envelope(message);
  SmtpStatus status = socket_.write(commands_);
  if (!status.ok()) return status;
  return envelope_replies(message, attempt);
}

void SmtpConnection::append_envelope(const compose::Message& message) {
  append_command(&commands_, "MAIL FROM:<", message.sender);
  for (const std::string& rcpt : message.recipients)
    append_command(&commands_, "RCPT TO:<", rcpt);
  commands_ += "DATA\r\n";
}

SmtpStatus SmtpConnection::envelope_replies(const compose::Message& message,
                                            Attempt* attempt) {
  // One reply per command, in order (RFC 2920 3.1); a server that is
  // closing (421) or out of step ends the reading.
  SmtpStatus status;
  SmtpStatus mail = expect_reply(2);
  if (!mail.ok() && !in_step(mail)) return mail;
  SmtpStatus refusal;
  size_t accepted = 0;
  for (size_t i = 0; i < message.recipients.size(); ++i) {
    status = expect_reply(2);
    if (!status.ok() && !in_step(status)) return status;
    if (status.ok()) {
      ++accepted;
    } else {
      refusal = status;
    }
  }
  SmtpStatus data = expect_reply(3);
  if (!data.ok() && !in_step(data)) return data;

  if (!mail.ok()) return envelope_refused(mail, data.ok());
  if (accepted == 0) return envelope_refused(refusal, data.ok());
  if (!data.ok()) return envelope_refused(data, false);
  if (!refusal.ok()) attempt->partial_refusal = refusal.text();
  return SmtpStatus::Ok();
}

SmtpStatus SmtpConnection::envelope_stepwise(const compose::Message& message,
                                             Attempt* attempt) {
  commands_.clear();
  append_command(&commands_, "MAIL FROM:<", message.sender);
  SmtpStatus status = command(commands_, 2);
  if (!status.ok())
    return in_step(status) ? envelope_refused(status, false) : status;

  SmtpStatus refusal;
  size_t accepted = 0;
  for (const std::string& rcpt : message.recipients) {
    commands_.clear();
    append_command(&commands_, "RCPT TO:<", rcpt);
    status = command(commands_, 2);
    if (!status.ok() && !in_step(status)) return status;
    if (status.ok()) {
      ++accepted;
    } else {
      refusal = status;
    }
  }
  if (accepted == 0) return envelope_refused(refusal, false);

  status = command("DATA\r\n", 3);
  if (!status.ok())
    return in_step(status) ? envelope_refused(status, false) : status;
  if (!refusal.ok()) attempt->partial_refusal = refusal.text();
  return SmtpStatus::Ok();
}

SmtpStatus SmtpConnection::envelope_refused(const SmtpStatus& refusal,
                                            bool data_accepted) {
  // A server that accepted DATA waits for a message: give it an empty one,
  // which it refuses for want of recipients, and go on.
  if (data_accepted) {
    SmtpStatus ended = socket_.write(".\r\n");
    if (ended.ok()) ended = expect_reply(2);
    if (!ended.ok() && !in_step(ended)) {
      socket_.close();
      return refusal;
    }
  }
  reset();
  return refusal;
}

SmtpStatus SmtpConnection::send_payload(const compose::Message& message,
                                        const compose::Message* next) {
  DataPayload payload = data_payload(message.data, &stuffed_);
  commands_.clear();
  if (next) append_envelope(*next);
  std::string_view pieces[] = {payload.body, payload.tail, commands_};
  SmtpStatus status = socket_.write(
      std::span<const std::string_view>(pieces, next ? 3 : 2));
  if (!status.ok()) return status;
  return expect_reply(2);
}

void SmtpConnection::reset() {
  if (!command("RSET\r\n", 2).ok()) socket_.close();
}

SmtpStatus SmtpConnection::command(std::string_view line, int expected_class) {
  SmtpStatus status = socket_.write(line);
  if (!status.ok()) return status;
  return expect_reply(expected_class);
}

SmtpStatus SmtpConnection::expect_reply(int expected_class) {
  reply_.clear();
  for (;;) {
    std::string_view line;
    SmtpStatus status = socket_.read_line(&line);
    if (!status.ok()) return status;

    ReplyLine added = add_reply_line(line, &reply_);
    if (added == ReplyLine::kMalformed) {
      std::string shown(line.substr(0, kMaxReplyText));
      return SmtpStatus::Error(Kind::kProtocol,
                               fmt::format("not an SMTP reply: '{}'", shown));
    }
    if (added == ReplyLine::kDone) break;
  }
  if (reply_.code / 100 == expected_class) return SmtpStatus::Ok();
  return SmtpStatus::Refused(reply_);
}

}  // namespace tattler::delivery
