// smtp_tls.hpp - OpenSSL set-up for the SMTP client: the client context and
// the TLS session of one connection.
//
// SmtpTlsContext holds the verification policy of SmtpOptions: the system
// trust store (or options.ca_file), peer verification on or off, TLS 1.2
// at least. new_tls_session() makes the SSL object of one connection: the
// server's name is checked against the certificate (an IP literal against
// its IP addresses), SNI is sent for names, and the socket is driven by a
// BIO that writes with MSG_NOSIGNAL, so a server closing the connection
// never raises SIGPIPE in the process.
//
// Limits: no client certificates, no session resumption, no pinning; the
// system store is the one OpenSSL was built with
// (SSL_CTX_set_default_verify_paths).
#pragma once

#include <openssl/ssl.h>

#include <memory>

#include "delivery/smtp_options.hpp"
#include "delivery/smtp_reply.hpp"

namespace tattler::delivery {

class SmtpTlsContext {
 public:
  SmtpTlsContext() = default;

  SmtpTlsContext(const SmtpTlsContext&) = delete;
  SmtpTlsContext& operator=(const SmtpTlsContext&) = delete;

  // init - create the context for options; kCertificate when the CA file
  // cannot be loaded, kTls when OpenSSL cannot make a context. Repeated
  // calls after a success do nothing.
  SmtpStatus init(const SmtpOptions& options);

  // get - the context; null before a successful init().
  SSL_CTX* get() const { return context_.get(); }

  // verifies - whether peers are verified.
  bool verifies() const { return verify_; }

 private:
  struct Free {
    void operator()(SSL_CTX* context) const { SSL_CTX_free(context); }
  };
  std::unique_ptr<SSL_CTX, Free> context_;
  bool verify_ = true;
};

// SslFree - deleter for an SSL session.
struct SslFree {
  void operator()(SSL* ssl) const { SSL_free(ssl); }
};
using SslPtr = std::unique_ptr<SSL, SslFree>;

// new_tls_session - an SSL for the connected socket fd to endpoint, set up
// to check endpoint.host when context verifies; null with *status set when
// OpenSSL refuses.
SslPtr new_tls_session(const SmtpTlsContext& context, int fd,
                       const SmtpEndpoint& endpoint, SmtpStatus* status);

// tls_failure - the status for an SSL call on ssl that failed with error
// (SSL_get_error): kCertificate when verification failed, kClosed when the
// peer closed, else kTls or kNetwork with the system's or OpenSSL's text.
// The caller sets errno to 0 before the SSL call.
SmtpStatus tls_failure(SSL* ssl, int error);

}  // namespace tattler::delivery
