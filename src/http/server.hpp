// server.hpp - the HTTP/1.1 server (Boost.Beast/Asio, C++20 coroutines).
//
// Offers Server: binds IPv4 or IPv6, accepts connections on a thread pool,
// reads requests with keep-alive under limits (header size, body size,
// connection count) and timeouts (read, idle), passes each request to a
// Handler and writes its Response with Content-Type and Content-Length. One
// access log line per request: correlation id, method, path, status, bytes,
// microseconds. stop() is graceful: no new connections, idle ones closed,
// requests in flight answered, then run() returns.
//
// The server knows nothing of notifications; error answers it makes itself
// (malformed request, header too large, too many connections) are built by
// ServerOptions::error_response so the API decides their body.
//
// Limits: no TLS, no HTTP/2, requests on one connection are served one
// after the other. A slow client can hold a connection for at most the read
// timeout per request plus the idle timeout between requests. stop() waits
// at most 60 s for requests in flight, then ends run() anyway.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/result.hpp"
#include "http/message.hpp"

namespace tattler::http {

struct ServerOptions {
  std::string host = "127.0.0.1";  // IPv4 or IPv6 literal, no brackets
  uint16_t port = 11503;           // 0 = any free port (see Server::port())
  size_t threads = 0;              // 0 = one per core
  size_t max_connections = 1024;
  size_t header_limit = 16 * 1024;
  size_t body_limit = 12 * 1024 * 1024;
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds idle_timeout{60};

  // Builds the answer for errors found by the server itself (status and
  // message); unset = a JSON body {"error": message}.
  std::function<Response(int status, std::string message)> error_response;
};

class Server {
 public:
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // listen - bind and listen; a clear error when the address is in use or
  // invalid.
  Status listen();

  // port - the bound port (useful with port 0), valid after listen().
  uint16_t port() const;

  // run - serve on the thread pool until stop(); blocks the caller. When
  // stop_on_signals, SIGTERM and SIGINT call stop().
  void run(bool stop_on_signals);

  // stop - graceful shutdown; safe from any thread, more than once.
  void stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tattler::http
