// stub_server.cpp - poll()-driven loopback peer for client tests.
//
// Limits: see stub_server.hpp.
#include "stub_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace tattler::testing {

namespace {

// listen_loopback - a listening socket on 127.0.0.1 and its port.
int listen_loopback(int* port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(fd, 16) != 0) {
    ::close(fd);
    throw std::runtime_error("stub server cannot listen");
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  *port = ntohs(addr.sin_port);
  return fd;
}

}  // namespace

StubServer::StubServer(Mode mode, std::string answer)
    : mode_(mode), answer_(std::move(answer)) {
  listen_fd_ = listen_loopback(&port_);
  thread_ = std::thread([this] { run(); });
}

StubServer::~StubServer() {
  stop_ = true;
  thread_.join();
  for (auto& w : workers_) w.join();
  ::close(listen_fd_);
}

std::string StubServer::http_answer(int status, const std::string& reason,
                                    const std::string& body) {
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

// run - accepts until stopped; each connection gets its own worker.
void StubServer::run() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    ++connections_;
    workers_.emplace_back([this, fd] { serve(fd); });
  }
}

// serve - reads requests; answers each (kAnswer) or stays silent (kStall).
void StubServer::serve(int fd) {
  char buf[8192];
  while (!stop_) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    if (mode_ == Mode::kAnswer) {
      ssize_t w = ::write(fd, answer_.data(), answer_.size());
      (void)w;
    }
  }
  ::close(fd);
}

int closed_port() {
  int port = 0;
  int fd = listen_loopback(&port);
  ::close(fd);
  return port;
}

}  // namespace tattler::testing
