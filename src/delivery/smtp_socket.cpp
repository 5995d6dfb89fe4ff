// smtp_socket.cpp - TCP connect, optional TLS, bounded reads and writes.
//
// Limits: see smtp_socket.hpp.
#include "delivery/smtp_socket.hpp"

#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <memory>

namespace tattler::delivery {

namespace {

using Kind = SmtpStatus::Kind;

constexpr size_t kReadChunk = 16 * 1024;
constexpr size_t kMaxPieces = 8;

// Small TLS writes are joined so that they leave in one record.
constexpr size_t kJoinLimit = 16 * 1024;

// system_error - the status for a failed system call, from errno.
SmtpStatus system_error(const char* what) {
  if (errno == EPIPE || errno == ECONNRESET) {
    return SmtpStatus::Error(Kind::kClosed, "the server closed the connection");
  }
  return SmtpStatus::Error(Kind::kNetwork, fmt::format("{} failed ({})", what,
                                                       std::strerror(errno)));
}

// seconds_text - a timeout for messages: "1 s", "0.5 s".
std::string seconds_text(std::chrono::milliseconds timeout) {
  return fmt::format("{:g} s", static_cast<double>(timeout.count()) / 1000);
}

// consume - drop n sent bytes from the front of vec[*first..count).
void consume(iovec* vec, size_t* first, size_t count, size_t n) {
  while (*first < count && n >= vec[*first].iov_len) {
    n -= vec[*first].iov_len;
    ++*first;
  }
  if (*first < count) {
    vec[*first].iov_base = static_cast<char*>(vec[*first].iov_base) + n;
    vec[*first].iov_len -= n;
  }
}

}  // namespace

SmtpSocket::SmtpSocket(std::chrono::milliseconds timeout)
    : timeout_(timeout), in_(kReadChunk) {}

SmtpSocket::~SmtpSocket() { close(); }

void SmtpSocket::close() {
  ssl_.reset();
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  in_begin_ = 0;
  in_end_ = 0;
}

SmtpSocket::Deadline SmtpSocket::deadline() const {
  return std::chrono::steady_clock::now() + timeout_;
}

SmtpStatus SmtpSocket::wait(short events, Deadline deadline, const char* what) {
  for (;;) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return SmtpStatus::Error(
          Kind::kTimeout,
          fmt::format("timed out {} ({})", what, seconds_text(timeout_)));
    }
    pollfd watched{fd_, events, 0};
    int rc =
        ::poll(&watched, 1,
               static_cast<int>(std::min<long long>(left.count(), INT_MAX)));
    if (rc > 0) return SmtpStatus::Ok();
    if (rc < 0 && errno != EINTR) return system_error("poll");
  }
}

SmtpStatus SmtpSocket::connect(const SmtpEndpoint& endpoint) {
  close();

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  std::string port = std::to_string(endpoint.port);
  int rc = ::getaddrinfo(endpoint.host.c_str(), port.c_str(), &hints, &found);
  if (rc != 0) {
    return SmtpStatus::Error(
        Kind::kConnect, fmt::format("cannot resolve '{}' ({})", endpoint.host,
                                    ::gai_strerror(rc)));
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(
      found, &::freeaddrinfo);

  // One deadline for all addresses: the timeout bounds the whole connect.
  Deadline until = deadline();
  SmtpStatus status;
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    status = connect_to(*a, until);
    if (status.ok() || status.kind() == Kind::kTimeout) break;
  }
  return status;
}

SmtpStatus SmtpSocket::connect_to(const addrinfo& address, Deadline deadline) {
  close();
  int fd = ::socket(address.ai_family,
                    address.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return system_error("socket");
  fd_ = fd;

  // Non-blocking connect: wait for writability, then read the verdict.
  SmtpStatus status = SmtpStatus::Ok();
  if (::connect(fd, address.ai_addr, address.ai_addrlen) != 0) {
    if (errno != EINPROGRESS) {
      status = SmtpStatus::Error(
          Kind::kConnect,
          fmt::format("cannot connect ({})", std::strerror(errno)));
    } else {
      status = wait(POLLOUT, deadline, "connecting");
    }
  }
  int error = 0;
  socklen_t size = sizeof error;
  if (status.ok() &&
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0 &&
      error != 0) {
    status = SmtpStatus::Error(
        Kind::kConnect,
        fmt::format("cannot connect ({})", std::strerror(error)));
  }
  if (!status.ok()) {
    close();
    return status;
  }

  // Every write is a whole command group or message: no reason to wait.
  int on = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  return status;
}

SmtpStatus SmtpSocket::tls_retry(int rc, Deadline deadline, const char* what) {
  int error = SSL_get_error(ssl_.get(), rc);
  if (error == SSL_ERROR_WANT_READ) return wait(POLLIN, deadline, what);
  if (error == SSL_ERROR_WANT_WRITE) return wait(POLLOUT, deadline, what);
  return tls_failure(ssl_.get(), error);
}

SmtpStatus SmtpSocket::start_tls(const SmtpTlsContext& context,
                                 const SmtpEndpoint& endpoint) {
  if (in_begin_ != in_end_) {
    return SmtpStatus::Error(Kind::kProtocol,
                             "the server sent data before the TLS handshake");
  }
  SmtpStatus status;
  ssl_ = new_tls_session(context, fd_, endpoint, &status);
  if (!ssl_) return status;

  Deadline until = deadline();
  for (;;) {
    ERR_clear_error();
    errno = 0;
    int rc = SSL_connect(ssl_.get());
    if (rc == 1) return SmtpStatus::Ok();
    status = tls_retry(rc, until, "in the TLS handshake");
    if (!status.ok()) return status;
  }
}

SmtpStatus SmtpSocket::write(std::span<const std::string_view> pieces) {
  if (fd_ < 0) {
    return SmtpStatus::Error(Kind::kClosed, "the connection is closed");
  }
  if (!ssl_) return write_plain(pieces);

  // Join small pieces so that they leave in one TLS record.
  size_t total = 0;
  for (std::string_view piece : pieces) total += piece.size();
  if (pieces.size() > 1 && total <= kJoinLimit) {
    joined_.clear();
    for (std::string_view piece : pieces) joined_ += piece;
    return write_tls(joined_);
  }
  for (std::string_view piece : pieces) {
    SmtpStatus status = write_tls(piece);
    if (!status.ok()) return status;
  }
  return SmtpStatus::Ok();
}

SmtpStatus SmtpSocket::write_plain(std::span<const std::string_view> pieces) {
  iovec vec[kMaxPieces];
  size_t count = std::min(pieces.size(), kMaxPieces);
  for (size_t i = 0; i < count; ++i)
    vec[i] = {const_cast<char*>(pieces[i].data()), pieces[i].size()};

  size_t first = 0;
  Deadline until = deadline();
  while (first < count) {
    msghdr message{};
    message.msg_iov = vec + first;
    message.msg_iovlen = count - first;
    ssize_t n = ::sendmsg(fd_, &message, MSG_NOSIGNAL);
    if (n >= 0) {
      consume(vec, &first, count, static_cast<size_t>(n));
      until = deadline();
      continue;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return system_error("write");
    SmtpStatus status = wait(POLLOUT, until, "writing to the server");
    if (!status.ok()) return status;
  }
  return pieces.size() > count ? write_plain(pieces.subspan(count))
                               : SmtpStatus::Ok();
}

SmtpStatus SmtpSocket::write_tls(std::string_view bytes) {
  Deadline until = deadline();
  while (!bytes.empty()) {
    // A retried SSL_write must repeat the same buffer and length.
    int size = static_cast<int>(std::min<size_t>(bytes.size(), INT_MAX));
    ERR_clear_error();
    errno = 0;
    int n = SSL_write(ssl_.get(), bytes.data(), size);
    if (n > 0) {
      bytes.remove_prefix(static_cast<size_t>(n));
      until = deadline();
      continue;
    }
    SmtpStatus status = tls_retry(n, until, "writing to the server");
    if (!status.ok()) return status;
  }
  return SmtpStatus::Ok();
}

SmtpStatus SmtpSocket::read_line(std::string_view* line) {
  Deadline until = deadline();
  size_t scanned = 0;  // bytes after in_begin_ known to hold no LF
  for (;;) {
    const char* start = in_.data() + in_begin_;
    size_t pending = in_end_ - in_begin_;
    const void* lf = std::memchr(start + scanned, '\n', pending - scanned);
    if (lf != nullptr) {
      size_t size = static_cast<size_t>(static_cast<const char*>(lf) - start);
      in_begin_ += size + 1;
      if (size > 0 && start[size - 1] == '\r') --size;
      *line = std::string_view(start, size);
      return SmtpStatus::Ok();
    }
    if (pending >= kMaxLine) {
      return SmtpStatus::Error(
          Kind::kProtocol,
          fmt::format("the server sent a line longer than {} bytes", kMaxLine));
    }

    scanned = pending;
    SmtpStatus status = fill(until);
    if (!status.ok()) return status;
  }
}

SmtpStatus SmtpSocket::fill(Deadline deadline) {
  if (fd_ < 0) {
    return SmtpStatus::Error(Kind::kClosed, "the connection is closed");
  }

  // Keep the unread bytes at the front and room for a chunk behind them.
  if (in_begin_ > 0) {
    std::memmove(in_.data(), in_.data() + in_begin_, in_end_ - in_begin_);
    in_end_ -= in_begin_;
    in_begin_ = 0;
  }
  if (in_.size() - in_end_ < kReadChunk) in_.resize(in_end_ + kReadChunk);
  char* room = in_.data() + in_end_;
  size_t space = in_.size() - in_end_;

  // The reply to what was just written is never there yet: wait first, so
  // a plain read costs poll() and recv(), not a recv() failing on top.
  if (!ssl_) {
    SmtpStatus ready = wait(POLLIN, deadline, "waiting for the server");
    if (!ready.ok()) return ready;
  }

  for (;;) {
    errno = 0;
    ERR_clear_error();
    ssize_t n = ssl_ ? SSL_read(ssl_.get(), room, static_cast<int>(space))
                     : ::recv(fd_, room, space, 0);
    if (n > 0) {
      in_end_ += static_cast<size_t>(n);
      return SmtpStatus::Ok();
    }
    SmtpStatus status = SmtpStatus::Ok();
    if (ssl_) {
      status =
          tls_retry(static_cast<int>(n), deadline, "waiting for the server");
    } else if (n == 0) {
      status =
          SmtpStatus::Error(Kind::kClosed, "the server closed the connection");
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      status = wait(POLLIN, deadline, "waiting for the server");
    } else if (errno != EINTR) {
      status = system_error("read");
    }
    if (!status.ok()) return status;
  }
}

bool SmtpSocket::usable_when_idle() {
  if (fd_ < 0 || in_begin_ != in_end_) return false;
  if (ssl_ && SSL_pending(ssl_.get()) > 0) return false;

  pollfd watched{fd_, POLLIN, 0};
  int rc = ::poll(&watched, 1, 0);
  if (rc == 0) return true;
  if (rc < 0 || (watched.revents & (POLLERR | POLLHUP | POLLNVAL)) != 0)
    return false;

  // Plain: readable means the end of the stream or unasked words. TLS may
  // also carry records without data (session tickets), which are harmless.
  if (!ssl_) return false;
  char byte;
  ERR_clear_error();
  int n = SSL_peek(ssl_.get(), &byte, 1);
  if (n > 0) return false;
  bool harmless = SSL_get_error(ssl_.get(), n) == SSL_ERROR_WANT_READ;
  ERR_clear_error();
  return harmless;
}

}  // namespace tattler::delivery
