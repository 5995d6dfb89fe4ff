// smtp_transport.hpp - delivers e-mail over SMTP, keeping a pool of open
// connections.
//
// Each pooled slot is an SmtpConnection: our own SMTP client, which keeps
// its session open between messages, so consecutive messages on a slot
// share one connection (one EHLO, one TLS handshake, one AUTH) and, with a
// server that offers PIPELINING, cost two writes and two reads each. A send
// takes a free slot (waiting when all are busy), runs one transaction and
// gives the slot back. When a reused connection turns out to be broken (the
// server closed it while idle) before the server accepted anything, the
// message is sent again once on a fresh connection, so a stale pooled
// connection never fails a message.
//
// Outcomes: delivered; temporary for 4xx replies, connection errors and
// timeouts; permanent for 5xx replies, TLS certificate problems, refused
// authentication and required TLS not offered. The detail is the server's
// refusing reply when there was one ("550 5.1.1 user unknown"), else names
// the server ("SMTP server 127.0.0.1:25: cannot connect (...)").
//
// When the server refuses some recipients and accepts others, the message
// is delivered to the accepted ones (as tattler's smtplib does) and the
// refusal is logged; only when every recipient is refused does it fail.
//
// Limits: when credentials are set but the server offers no AUTH, the
// message is sent without logging in (tattler fails the vector); the
// transport logs smtp.auth_not_offered. No DSN, SMTPUTF8 or CHUNKING (see
// smtp_connection.hpp). Idle connections are not closed by a timer: the
// server's idle timeout closes them, a check before reuse notices most of
// those, and the retry covers the rest.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "common/result.hpp"
#include "compose/message.hpp"
#include "delivery/smtp_options.hpp"
#include "delivery/transport.hpp"

namespace tattler::delivery {

class SmtpConnection;

class SmtpTransport : public Transport {
 public:
  // options.address is parsed here; an invalid address makes every send a
  // permanent failure naming it (validate with parse_smtp_address first).
  explicit SmtpTransport(SmtpOptions options);
  ~SmtpTransport() override;

  SmtpTransport(const SmtpTransport&) = delete;
  SmtpTransport& operator=(const SmtpTransport&) = delete;

  // send - deliver message over a pooled connection; thread-safe.
  Outcome send(const compose::Message& message) override;

  // send_batch - the messages in order over one pooled connection, each
  // written together with the next one's envelope; thread-safe.
  size_t send_batch(const Batch& batch) override;

  // connections_opened - how many connections were opened so far (for
  // tests and metrics).
  size_t connections_opened() const;

 private:
  // acquire - take a free pooled connection, waiting for one if all are busy.
  SmtpConnection* acquire();

  // release - give a connection back to the pool.
  void release(SmtpConnection* connection);

  // send_run - batch messages [first, end) on connection, retrying once on
  // a fresh connection the one a broken session had not taken; returns how
  // many were reported.
  size_t send_run(SmtpConnection& connection, const Batch& batch,
                  size_t first, size_t end);

  SmtpOptions options_;
  Result<SmtpEndpoint> endpoint_;
  std::string ehlo_domain_;
  std::atomic<size_t> connections_opened_{0};

  mutable std::mutex mutex_;
  std::condition_variable free_changed_;
  std::vector<std::unique_ptr<SmtpConnection>> connections_;
  std::vector<SmtpConnection*> free_;
};

}  // namespace tattler::delivery
