// smtp_connection.hpp - one slot of the SMTP pool: an SMTP session kept
// open between messages.
//
// The first send() opens the session: connect (implicit TLS on port 465),
// greeting, EHLO (HELO when EHLO is refused), STARTTLS and EHLO again when
// TLS is required (options.starttls or port 587), AUTH PLAIN or LOGIN when
// credentials are set. Later sends reuse it after a check, without
// waiting, that the server has not closed it while idle.
//
// One message is one transaction. When the server offers PIPELINING (RFC
// 2920) MAIL FROM, every RCPT TO and DATA leave in one write and their
// replies are read in order; otherwise (and past 500 recipients) they go
// one at a time. The message follows dot-stuffed in one write, then the
// final reply is read. A run of messages (send_run) writes each message
// together with the next one's envelope, which RFC 2920 allows (the
// message content may start a command group): one write and one wait per
// message instead of two. Some recipients refused: delivered to the others (as
// tattler does) and the refusal reported; all refused, or MAIL or DATA
// refused: the refusing reply is the failure and RSET keeps the session
// usable. A session in an unknown state (timeout, lost connection, reply
// out of order) is closed, never reused.
//
// Limits: not thread-safe (the pool hands a connection to one sender at a
// time). No opportunistic STARTTLS: TLS is used only when required. No
// SMTPUTF8, 8BITMIME, DSN, CHUNKING/BDAT or SIZE= parameter (the SIZE limit
// the server announces is checked before sending). AUTH is PLAIN or LOGIN
// only. When credentials are set but the server offers no AUTH, the message
// is sent without logging in and the attempt says so (tattler fails the
// vector instead).
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "compose/message.hpp"
#include "delivery/smtp_options.hpp"
#include "delivery/smtp_reply.hpp"
#include "delivery/smtp_socket.hpp"
#include "delivery/smtp_tls.hpp"
#include "delivery/transport.hpp"

namespace tattler::delivery {

class SmtpConnection {
 public:
  // Attempt - the result of one transaction.
  struct Attempt {
    Outcome outcome;

    // connections this attempt opened (0 when the pooled one was reused).
    long connects = 0;

    // The attempt failed on a reused connection that turned out to be
    // broken before the server accepted the message: sending again on a
    // fresh connection is safe.
    bool retry_on_fresh = false;

    // On success: the last refusing reply when some recipients were
    // refused, else empty.
    std::string partial_refusal;

    // Credentials were configured but the new connection's server did not
    // offer AUTH, so the message was sent without logging in.
    bool auth_not_offered = false;
  };

  // ehlo_domain is the name announced in EHLO.
  SmtpConnection(const SmtpOptions& options, const SmtpEndpoint& endpoint,
                 const std::string& ehlo_domain);

  // Sends QUIT when a session is open (best effort, waits at most a
  // second).
  ~SmtpConnection();

  SmtpConnection(const SmtpConnection&) = delete;
  SmtpConnection& operator=(const SmtpConnection&) = delete;

  // send - one SMTP transaction for message; fresh forces a new connection.
  Attempt send(const compose::Message& message, bool fresh);

  // Report - each message's attempt, in order.
  using Report = std::function<void(size_t, Attempt)>;

  // RunEnd - how a run ended: how many messages were reported, and
  // whether the next one should be sent again on a fresh connection
  // (the session broke before it was on its way; it was not reported).
  struct RunEnd {
    size_t reported = 0;
    bool retry_on_fresh = false;
    Outcome broken;  // with retry_on_fresh: what broke the session
  };

  // send_run - messages in order on this session, each one's content
  // written with the next one's envelope when the server offers
  // PIPELINING. ready(i) is asked before message i's envelope leaves, for
  // i > 0; false ends the run there. The run also ends after a message
  // whose session was dropped (the rest wait for a new one) and at a
  // message to send again on a fresh connection.
  RunEnd send_run(std::span<const compose::Message* const> messages,
                  const std::function<bool(size_t)>& ready,
                  const Report& report);

 private:
  // open - connect and set up the session, counting the connection.
  SmtpStatus open(Attempt* attempt);

  // hello - EHLO, or HELO when the server refuses EHLO; notes the offer.
  SmtpStatus hello();

  // start_tls - the TLS handshake on the open connection.
  SmtpStatus start_tls();

  // upgrade_to_tls - STARTTLS, the handshake and EHLO again.
  SmtpStatus upgrade_to_tls();

  // log_in - AUTH with the configured credentials.
  SmtpStatus log_in(Attempt* attempt);

  // pipelines - whether message's envelope may go in one write.
  bool pipelines(const compose::Message& message) const;

  // too_big - over the size the server announced.
  bool too_big(const compose::Message& message) const;

  // envelope - MAIL, RCPTs and DATA with their replies: in one write when
  // the message pipelines, else one at a time.
  SmtpStatus envelope(const compose::Message& message, Attempt* attempt);

  // append_envelope - message's MAIL, RCPTs and DATA added to commands_.
  void append_envelope(const compose::Message& message);

  // envelope_replies - read the replies to a pipelined envelope.
  SmtpStatus envelope_replies(const compose::Message& message,
                              Attempt* attempt);

  // envelope_stepwise - MAIL, RCPTs and DATA, each awaiting its reply.
  SmtpStatus envelope_stepwise(const compose::Message& message,
                               Attempt* attempt);

  // envelope_refused - end a refused envelope: finish a DATA the server
  // accepted anyway, then RSET; returns refusal.
  SmtpStatus envelope_refused(const SmtpStatus& refusal, bool data_accepted);

  // send_payload - the dot-stuffed message, then next's envelope when
  // given (in the same write), and the message's final reply.
  SmtpStatus send_payload(const compose::Message& message,
                          const compose::Message* next);

  // reset - RSET; closes the connection when that fails.
  void reset();

  // command - write line (with its CRLF) and read the reply, expecting a
  // reply of the class (2 for 2xx, 3 for 3xx).
  SmtpStatus command(std::string_view line, int expected_class);

  // expect_reply - read one reply into reply_; a refusal when its class is
  // not expected_class.
  SmtpStatus expect_reply(int expected_class);

  SmtpOptions options_;
  SmtpEndpoint endpoint_;
  std::string ehlo_domain_;
  std::string server_;  // "host:port" for details and logs
  bool require_tls_ = false;
  std::string user_;
  std::string password_;

  SmtpSocket socket_;
  SmtpTlsContext tls_;
  EhloOffer offer_;
  SmtpReply reply_;
  std::string commands_;  // the pipelined command group
  std::string stuffed_;   // the dot-stuffed copy of a message
};

}  // namespace tattler::delivery
