// smtp_reply.hpp - reading the SMTP server's replies out of libcurl's
// protocol trace, and turning a failed transfer into an Outcome.
//
// libcurl reports a refused command only as a number and a short phrase
// ("RCPT failed: 550"); operators need the server's own words ("550 5.1.1
// user unknown"). SmtpReplyLog is fed the incoming protocol bytes of one
// transfer and keeps the complete replies (multi-line replies joined), so
// the failure outcome can quote the refusing reply.
//
// Limits: replies are kept as text with CR/LF removed and truncated to
// kMaxReplyText characters; only the last reply and the last refusing reply
// (4xx/5xx) are kept.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "delivery/transport.hpp"

namespace tattler::delivery {

class SmtpReplyLog {
 public:
  static constexpr size_t kMaxReplyText = 512;

  // reset - forget everything (start of a transfer).
  void reset();

  // feed - add bytes the server sent; may hold partial lines.
  void feed(std::string_view bytes);

  // replies - how many complete replies were seen since reset().
  int replies() const { return replies_; }

  // last_reply - the last complete reply ("250 2.0.0 OK"), or empty.
  const std::string& last_reply() const { return last_reply_; }

  // last_refusal - the last complete 4xx/5xx reply, or empty.
  const std::string& last_refusal() const { return last_refusal_; }

  // offered_auth - whether an EHLO reply line advertised AUTH.
  bool offered_auth() const { return offered_auth_; }

 private:
  // take_line - add one complete line (without CR LF) to the reply in
  // progress; a line "NNN " or "NNN" ends the reply.
  void take_line(std::string_view line);

  // finish - record one complete reply.
  void finish(std::string reply);

  std::string partial_line_;
  std::string current_;
  std::string last_reply_;
  std::string last_refusal_;
  int replies_ = 0;
  bool offered_auth_ = false;
};

// TransferFailure - what is known about a failed transfer.
struct TransferFailure {
  int curl_code = 0;         // CURLcode
  long response_code = 0;    // CURLINFO_RESPONSE_CODE (last reply)
  std::string refusal;       // SmtpReplyLog::last_refusal()
  std::string curl_message;  // libcurl's error buffer or strerror
  std::string server;        // "host:port" for messages
};

// failure_outcome - classify a failed transfer: 4xx replies, connection
// errors and timeouts are temporary; 5xx replies, certificate and
// authentication problems and TLS refused by the server are permanent. The
// detail quotes the server's refusing reply when there was one.
Outcome failure_outcome(const TransferFailure& failure);

}  // namespace tattler::delivery
