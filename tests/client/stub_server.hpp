// stub_server.hpp - a loopback TCP peer for what the real server cannot do.
//
// StubServer listens on 127.0.0.1 (ephemeral port) in a thread and either
// never answers (kStall: accepts, reads and waits) or answers every request
// with a fixed HTTP response (kAnswer, e.g. a 503). It counts connections.
//
// Limits: one request per read; the fixed answer ignores the request; meant
// for tests only.
#pragma once

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace tattler::testing {

class StubServer {
 public:
  enum class Mode { kStall, kAnswer };

  StubServer(Mode mode, std::string answer = {});
  ~StubServer();

  int port() const { return port_; }
  int connections() const { return connections_.load(); }

  // http_answer - a full HTTP/1.1 response with a JSON body.
  static std::string http_answer(int status, const std::string& reason,
                                 const std::string& body);

 private:
  void run();
  void serve(int fd);

  Mode mode_;
  std::string answer_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
  std::vector<std::thread> workers_;
};

// closed_port - a loopback port nobody listens on right now.
int closed_port();

}  // namespace tattler::testing
