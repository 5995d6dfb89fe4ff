// smtp_tls.cpp - the OpenSSL client context, the session of one
// connection and the SIGPIPE-free socket BIO.
//
// Limits: see smtp_tls.hpp.
#include "delivery/smtp_tls.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace tattler::delivery {

namespace {

// socket_of - the file descriptor a BIO of ours drives.
int socket_of(BIO* bio) {
  return static_cast<int>(reinterpret_cast<intptr_t>(BIO_get_data(bio)));
}

// would_block - errno says "try again later".
bool would_block() {
  return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
}

// bio_write - send() with MSG_NOSIGNAL: a closed peer is an error value,
// never a signal.
int bio_write(BIO* bio, const char* data, int size) {
  BIO_clear_retry_flags(bio);
  ssize_t n =
      ::send(socket_of(bio), data, static_cast<size_t>(size), MSG_NOSIGNAL);
  if (n >= 0) return static_cast<int>(n);
  if (would_block()) BIO_set_retry_write(bio);
  return -1;
}

// bio_read - recv(); 0 is the end of the stream.
int bio_read(BIO* bio, char* data, int size) {
  BIO_clear_retry_flags(bio);
  ssize_t n = ::recv(socket_of(bio), data, static_cast<size_t>(size), 0);
  if (n >= 0) return static_cast<int>(n);
  if (would_block()) BIO_set_retry_read(bio);
  return -1;
}

// bio_ctrl - nothing to flush, nothing else to control.
long bio_ctrl(BIO*, int command, long, void*) {
  return command == BIO_CTRL_FLUSH ? 1 : 0;
}

// bio_create - a new BIO is ready at once; the socket is set afterwards.
int bio_create(BIO* bio) {
  BIO_set_init(bio, 1);
  return 1;
}

// socket_method - the BIO method, made once per process.
const BIO_METHOD* socket_method() {
  static BIO_METHOD* method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK,
                                 "tattler smtp socket");
    BIO_meth_set_write(m, bio_write);
    BIO_meth_set_read(m, bio_read);
    BIO_meth_set_ctrl(m, bio_ctrl);
    BIO_meth_set_create(m, bio_create);
    return m;
  }();
  return method;
}

// is_ip_literal - whether host is an IPv4 or IPv6 address, not a name.
bool is_ip_literal(const SmtpEndpoint& endpoint) {
  in_addr v4;
  return endpoint.ipv6 || ::inet_pton(AF_INET, endpoint.host.c_str(), &v4) == 1;
}

// openssl_text - OpenSSL's text for the oldest queued error, or fallback;
// empties the queue.
std::string openssl_text(const char* fallback) {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return fallback;
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

// check_peer_name - make the handshake check the certificate against
// endpoint's host name or IP address.
bool check_peer_name(SSL* ssl, const SmtpEndpoint& endpoint) {
  if (is_ip_literal(endpoint)) {
    return X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl),
                                         endpoint.host.c_str()) == 1;
  }
  return SSL_set1_host(ssl, endpoint.host.c_str()) == 1;
}

}  // namespace

SmtpStatus SmtpTlsContext::init(const SmtpOptions& options) {
  if (context_) return SmtpStatus::Ok();

  std::unique_ptr<SSL_CTX, Free> context(SSL_CTX_new(TLS_client_method()));
  if (!context) {
    return SmtpStatus::Error(SmtpStatus::Kind::kTls,
                             openssl_text("cannot create a TLS context"));
  }
  SSL_CTX_set_min_proto_version(context.get(), TLS1_2_VERSION);
  SSL_CTX_set_mode(context.get(), SSL_MODE_AUTO_RETRY);

  // Trust: the test's CA bundle when given, else the system store.
  verify_ = options.verify_certificates;
  bool loaded = options.ca_file.empty()
                    ? SSL_CTX_set_default_verify_paths(context.get()) == 1
                    : SSL_CTX_load_verify_locations(
                          context.get(), options.ca_file.c_str(), nullptr) == 1;
  if (verify_ && !loaded) {
    return SmtpStatus::Error(
        SmtpStatus::Kind::kCertificate,
        fmt::format("cannot load the CA certificates {} ({})",
                    options.ca_file.empty() ? "of the system"
                                            : "'" + options.ca_file + "'",
                    openssl_text("unknown error")));
  }
  ERR_clear_error();
  SSL_CTX_set_verify(context.get(), verify_ ? SSL_VERIFY_PEER : SSL_VERIFY_NONE,
                     nullptr);

  context_ = std::move(context);
  return SmtpStatus::Ok();
}

SslPtr new_tls_session(const SmtpTlsContext& context, int fd,
                       const SmtpEndpoint& endpoint, SmtpStatus* status) {
  SslPtr ssl(SSL_new(context.get()));
  BIO* bio = ssl ? BIO_new(socket_method()) : nullptr;
  if (bio == nullptr) {
    *status = SmtpStatus::Error(SmtpStatus::Kind::kTls,
                                openssl_text("cannot create a TLS session"));
    return nullptr;
  }
  BIO_set_data(bio, reinterpret_cast<void*>(static_cast<intptr_t>(fd)));
  SSL_set_bio(ssl.get(), bio, bio);

  // SNI is for names only; RFC 6066 forbids IP literals there.
  bool named = !is_ip_literal(endpoint);
  bool ok =
      !named || SSL_set_tlsext_host_name(ssl.get(), endpoint.host.c_str()) == 1;
  if (ok && context.verifies()) ok = check_peer_name(ssl.get(), endpoint);
  if (!ok) {
    *status = SmtpStatus::Error(SmtpStatus::Kind::kTls,
                                openssl_text("cannot set the server name"));
    return nullptr;
  }
  *status = SmtpStatus::Ok();
  return ssl;
}

SmtpStatus tls_failure(SSL* ssl, int error) {
  using Kind = SmtpStatus::Kind;
  if (error == SSL_ERROR_ZERO_RETURN)
    return SmtpStatus::Error(Kind::kClosed, "the server closed TLS");

  // A failed verification explains the failed handshake best.
  long verify = SSL_get_verify_result(ssl);
  if (SSL_get_verify_mode(ssl) != SSL_VERIFY_NONE && verify != X509_V_OK) {
    ERR_clear_error();
    return SmtpStatus::Error(
        Kind::kCertificate,
        fmt::format("TLS certificate verification failed ({})",
                    X509_verify_cert_error_string(verify)));
  }

  // The end of the stream without close_notify is a closed connection.
  unsigned long code = ERR_peek_error();
  if (ERR_GET_REASON(code) == SSL_R_UNEXPECTED_EOF_WHILE_READING ||
      (error == SSL_ERROR_SYSCALL && code == 0 && errno == 0)) {
    ERR_clear_error();
    return SmtpStatus::Error(Kind::kClosed, "the server closed the connection");
  }
  if (error == SSL_ERROR_SYSCALL && code == 0)
    return SmtpStatus::Error(Kind::kNetwork, std::strerror(errno));
  return SmtpStatus::Error(Kind::kTls,
                           "TLS error (" + openssl_text("unknown") + ")");
}

}  // namespace tattler::delivery
