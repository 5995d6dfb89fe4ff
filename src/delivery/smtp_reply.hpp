// smtp_reply.hpp - the SMTP server's replies, what EHLO offers, and how a
// failed step of a session becomes an Outcome.
//
// A reply is one or more lines with the same three-digit code ("250-..."
// continues, "250 ..." ends it). add_reply_line() assembles one from the
// lines the socket reads; parse_ehlo() reads the extensions an EHLO reply
// lists. SmtpStatus is the error value every step of the client returns,
// and failure_outcome() classifies it: 4xx replies, connection errors and
// timeouts are temporary; 5xx replies, certificate problems, required TLS
// or AUTH not possible are permanent. A refusal is quoted in the server's
// own words ("550 5.1.1 user unknown"); other failures name the server
// ("SMTP server 127.0.0.1:25: cannot connect (Connection refused)").
//
// Limits: reply text is kept with CR/LF removed and truncated to
// kMaxReplyText characters, and at most kMaxReplyLines lines are kept; EHLO
// keywords other than PIPELINING, STARTTLS, AUTH and SIZE are ignored
// (no SMTPUTF8, DSN or CHUNKING).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "delivery/transport.hpp"

namespace tattler::delivery {

inline constexpr size_t kMaxReplyText = 512;
inline constexpr size_t kMaxReplyLines = 64;

// SmtpReply - one complete reply.
struct SmtpReply {
  int code = 0;

  // The text after "NNN-" / "NNN " of each line, each truncated.
  std::vector<std::string> lines;

  // text - "NNN line1 line2 ..." on one line, at most kMaxReplyText long.
  std::string text() const;

  // clear - empty, ready for the next reply (keeps the capacity).
  void clear();
};

// ReplyLine - what one more line did to the reply being assembled.
enum class ReplyLine { kMore, kDone, kMalformed };

// add_reply_line - add line (without CR LF) to reply; kDone when it was the
// last line, kMalformed when the line is not an SMTP reply line or changes
// the code in the middle of a reply.
ReplyLine add_reply_line(std::string_view line, SmtpReply* reply);

// EhloOffer - the extensions an EHLO reply advertised.
struct EhloOffer {
  bool pipelining = false;
  bool starttls = false;
  bool auth = false;  // any AUTH keyword, even with unknown mechanisms
  bool auth_plain = false;
  bool auth_login = false;
  size_t size_limit = 0;  // SIZE n; 0 when absent or unlimited
};

// parse_ehlo - the extensions in reply's lines after the first (keywords
// compared without regard to case; "AUTH=" is the old form of "AUTH ").
EhloOffer parse_ehlo(const SmtpReply& reply);

// SmtpStatus - success, or why one step of an SMTP session failed.
class SmtpStatus {
 public:
  enum class Kind {
    kOk,
    kRefused,           // the server replied 4xx/5xx (or unexpectedly)
    kConnect,           // resolving or connecting failed
    kTimeout,           // the server did not answer within the timeout
    kClosed,            // the server closed the connection
    kNetwork,           // a read or write failed
    kTls,               // TLS handshake or record error
    kCertificate,       // the certificate or its name did not verify
    kTlsNotOffered,     // STARTTLS required, not offered
    kAuthNotSupported,  // AUTH offered, but no mechanism we speak
    kTooBig,            // larger than the server's SIZE limit
    kProtocol,          // the server's bytes are not SMTP
  };

  // Ok - a success.
  static SmtpStatus Ok() { return SmtpStatus(); }

  // Error - a failure of kind with a text for people.
  static SmtpStatus Error(Kind kind, std::string text);

  // Refused - the server's reply refused a command.
  static SmtpStatus Refused(const SmtpReply& reply);

  bool ok() const { return kind_ == Kind::kOk; }
  Kind kind() const { return kind_; }

  // code - the reply code for kRefused, else 0.
  int code() const { return code_; }

  // text - the server's reply for kRefused, else what went wrong.
  const std::string& text() const { return text_; }

  // connection_lost - the server went away or announced that it will
  // (421): nothing more can be sent on this connection.
  bool connection_lost() const;

 private:
  Kind kind_ = Kind::kOk;
  int code_ = 0;
  std::string text_;
};

// failure_outcome - classify a failed step; server is "host:port" for the
// details of failures that are not the server's own reply.
Outcome failure_outcome(const SmtpStatus& status, std::string_view server);

}  // namespace tattler::delivery
