// smtp_connection.hpp - one slot of the SMTP pool: a libcurl easy handle and
// the connection it keeps open between messages.
//
// The handle is configured once (server URL, TLS, AUTH, timeouts) and then
// used for one message at a time; libcurl keeps the SMTP session open after
// each transfer and reuses it for the next one. The connection also reads
// the server's replies out of libcurl's protocol trace (SmtpReplyLog) so a
// failure can quote them.
//
// Limits: not thread-safe (the pool hands a connection to one sender at a
// time). All recipients refused fails the message; some refused is
// delivered to the others, as tattler does, and logged.
#pragma once

#include <curl/curl.h>

#include <string>

#include "compose/message.hpp"
#include "delivery/smtp_options.hpp"
#include "delivery/smtp_reply.hpp"
#include "delivery/transport.hpp"

namespace tattler::delivery {

class SmtpConnection {
 public:
  // Attempt - the result of one transfer.
  struct Attempt {
    Outcome outcome;

    // connections this transfer opened (0 when the pooled one was reused).
    long connects = 0;

    // The transfer failed on a reused connection before the server accepted
    // anything: sending again on a fresh connection is safe.
    bool retry_on_fresh = false;

    // On success: the last refusing reply when some recipients were
    // refused, else empty.
    std::string partial_refusal;

    // Credentials were configured but the new connection's server did not
    // offer AUTH, so libcurl sent without logging in.
    bool auth_not_offered = false;
  };

  // ehlo_domain is the name announced in EHLO.
  SmtpConnection(const SmtpOptions& options, const SmtpEndpoint& endpoint,
                 const std::string& ehlo_domain);
  ~SmtpConnection();

  SmtpConnection(const SmtpConnection&) = delete;
  SmtpConnection& operator=(const SmtpConnection&) = delete;

  // send - one SMTP transaction for message; fresh forces a new connection.
  Attempt send(const compose::Message& message, bool fresh);

 private:
  // configure - the options that stay the same for every message.
  void configure(const SmtpOptions& options, const std::string& ehlo_domain);

  // on_trace - libcurl's debug callback: collects incoming replies.
  static int on_trace(CURL* handle, curl_infotype type, char* data, size_t size,
                      void* self);

  // on_read - libcurl's read callback: hands out the payload.
  static size_t on_read(char* buffer, size_t size, size_t count, void* self);

  // failure - the Outcome of a failed transfer with code rc.
  Outcome failure(CURLcode rc) const;

  CURL* curl_ = nullptr;
  std::string url_;
  std::string server_;  // "host:port" for details and logs
  bool submission_port_ = false;
  std::string user_;
  std::string password_;
  bool has_auth_ = false;
  char error_[CURL_ERROR_SIZE] = {};

  bool keeps_connection_ = false;
  SmtpReplyLog replies_;
  const std::string* payload_ = nullptr;
  size_t payload_offset_ = 0;
};

}  // namespace tattler::delivery
