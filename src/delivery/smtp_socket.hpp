// smtp_socket.hpp - the byte stream under an SMTP session: a TCP connection
// to the server, optionally TLS, read line by line.
//
// The socket is non-blocking underneath and every wait goes through poll(),
// so connecting, each line read and each stalled write are bounded by the
// timeout given at construction (a write that makes progress gets a new
// bound). write() takes several pieces and sends them with one system call
// where it can (sendmsg), which is what makes a pipelined SMTP command
// group or a small message cost one write. Writes never raise SIGPIPE.
//
// Limits: name resolution (getaddrinfo) blocks and is not bounded by the
// timeout; the addresses of a name are tried in order, without racing
// (no happy eyeballs); a line longer than kMaxLine bytes is a protocol
// error. Not thread-safe: one session uses it at a time.
#pragma once

#include <netdb.h>

#include <chrono>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "delivery/smtp_options.hpp"
#include "delivery/smtp_reply.hpp"
#include "delivery/smtp_tls.hpp"

namespace tattler::delivery {

class SmtpSocket {
 public:
  static constexpr size_t kMaxLine = 64 * 1024;

  explicit SmtpSocket(std::chrono::milliseconds timeout);
  ~SmtpSocket();

  SmtpSocket(const SmtpSocket&) = delete;
  SmtpSocket& operator=(const SmtpSocket&) = delete;

  // connect - open a TCP connection to endpoint, trying each address its
  // host resolves to; closes any connection open before.
  SmtpStatus connect(const SmtpEndpoint& endpoint);

  // start_tls - the TLS handshake on the open connection, checking the
  // certificate against endpoint as context says. Bytes the server sent
  // before the handshake are refused (they could be forged commands).
  SmtpStatus start_tls(const SmtpTlsContext& context,
                       const SmtpEndpoint& endpoint);

  // write - send every piece, in order.
  SmtpStatus write(std::span<const std::string_view> pieces);
  SmtpStatus write(std::string_view bytes) { return write({&bytes, 1}); }

  // read_line - the next line without its line end (CR LF or LF); *line
  // stays valid until the next call on this socket.
  SmtpStatus read_line(std::string_view* line);

  // usable_when_idle - without waiting: the connection is open, nothing
  // unread is pending and the server has not closed it. A server that sent
  // something unasked (a 421 before closing) makes it unusable.
  bool usable_when_idle();

  // is_open - whether a connection is open.
  bool is_open() const { return fd_ >= 0; }

  // set_timeout - the bound for the next operations.
  void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }

  // close - drop the connection (no TLS close_notify); safe when closed.
  void close();

 private:
  using Deadline = std::chrono::steady_clock::time_point;

  // deadline - now plus the timeout.
  Deadline deadline() const;

  // wait - poll for events until deadline; what says what was awaited.
  SmtpStatus wait(short events, Deadline deadline, const char* what);

  // connect_to - one address of the server.
  SmtpStatus connect_to(const addrinfo& address, Deadline deadline);

  // tls_retry - after an SSL call returned rc: Ok when it should be called
  // again (having waited for what it wants), else the failure.
  SmtpStatus tls_retry(int rc, Deadline deadline, const char* what);

  // write_plain - sendmsg() of the pieces until all are sent.
  SmtpStatus write_plain(std::span<const std::string_view> pieces);

  // write_tls - SSL_write() of bytes until all are sent.
  SmtpStatus write_tls(std::string_view bytes);

  // fill - read more bytes into the input buffer.
  SmtpStatus fill(Deadline deadline);

  std::chrono::milliseconds timeout_;
  int fd_ = -1;
  SslPtr ssl_;

  // Unread input is in_[in_begin_, in_end_).
  std::vector<char> in_;
  size_t in_begin_ = 0;
  size_t in_end_ = 0;

  std::string joined_;  // small TLS writes are joined into one record
};

}  // namespace tattler::delivery
