// server_test.cpp - specification of http::Server, over loopback sockets.
#include "http/server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <string>
#include <thread>

#include <gtest/gtest.h>

namespace tattler::http {
namespace {

// Client - a blocking loopback TCP connection with a receive timeout.
class Client {
 public:
  explicit Client(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a),
                           sizeof(a)) == 0;
  }
  ~Client() { ::close(fd_); }

  bool connected() const { return connected_; }

  void send(const std::string& data) {
    size_t off = 0;
    while (off < data.size()) {
      ssize_t n = ::send(fd_, data.data() + off, data.size() - off,
                         MSG_NOSIGNAL);
      if (n <= 0) return;
      off += static_cast<size_t>(n);
    }
  }

  // response - one whole response (headers and Content-Length body).
  std::string response() {
    std::string data;
    char buf[4096];
    for (;;) {
      size_t end = data.find("\r\n\r\n");
      if (end != std::string::npos) {
        size_t cl = data.find("Content-Length: ");
        size_t len = cl == std::string::npos
                         ? 0 : std::stoul(data.substr(cl + 16));
        if (data.size() >= end + 4 + len) {
          std::string one = data.substr(0, end + 4 + len);
          pending_ = data.substr(end + 4 + len);
          return one;
        }
      }
      ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
      if (n <= 0) return data;
      data.append(buf, static_cast<size_t>(n));
    }
  }

  // closed - true when the peer closed the connection.
  bool closed() {
    char c;
    ssize_t n = ::recv(fd_, &c, 1, 0);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
  std::string pending_;
};

// Running - a server on a free port, run on a background thread.
class Running {
 public:
  Running(Handler handler, ServerOptions options = {}) {
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 2;
    server_ = std::make_unique<Server>(options, std::move(handler));
    EXPECT_TRUE(server_->listen().ok());
    thread_ = std::thread([this] { server_->run(false); });
  }
  ~Running() {
    server_->stop();
    thread_.join();
  }
  uint16_t port() const { return server_->port(); }
  Server& server() { return *server_; }
  void join() { thread_.join(); }

 private:
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

// echo - answers with method and target.
void echo(Request r, Responder respond) {
  Response out;
  out.body = r.method + " " + r.target + " " + r.body +
             (r.body_exceeds_limit ? " exceeded" : "");
  out.content_type = "text/plain";
  respond(std::move(out));
}

const char kGet[] = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";

TEST(Server, AnswersWithContentTypeAndContentLength) {
  Running server(echo);
  Client c(server.port());

  c.send(kGet);
  std::string r = c.response();

  EXPECT_EQ(r.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << r;
  EXPECT_NE(r.find("Content-Type: text/plain"), std::string::npos);
  EXPECT_NE(r.find("Content-Length: 7\r\n"), std::string::npos);
  EXPECT_NE(r.find("\r\n\r\nGET /a "), std::string::npos);
}

TEST(Server, KeepsTheConnectionOpenForManyRequests) {
  Running server(echo);
  Client c(server.port());

  int ok = 0;
  for (int i = 0; i < 200; ++i) {
    c.send(kGet);
    if (c.response().rfind("HTTP/1.1 200", 0) == 0) ++ok;
  }

  EXPECT_EQ(ok, 200);
}

TEST(Server, ReadsTheBody) {
  Running server(echo);
  Client c(server.port());

  c.send("POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
  std::string r = c.response();

  EXPECT_NE(r.find("POST /b hello"), std::string::npos) << r;
}

TEST(Server, OversizeBodyIsFlaggedWithoutBeingRead) {
  ServerOptions o;
  o.body_limit = 10;
  Running server(echo, o);
  Client c(server.port());

  c.send("POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n");
  std::string r = c.response();

  EXPECT_NE(r.find("POST /b  exceeded"), std::string::npos) << r;
  EXPECT_NE(r.find("Connection: close"), std::string::npos) << r;
}

TEST(Server, OversizeHeaderGets431WithJsonBody) {
  ServerOptions o;
  o.header_limit = 1024;
  Running server(echo, o);
  Client c(server.port());

  c.send("GET /a HTTP/1.1\r\nX-Big: " + std::string(2000, 'a') + "\r\n\r\n");
  std::string r = c.response();

  EXPECT_EQ(r.rfind("HTTP/1.1 431 ", 0), 0u) << r;
  EXPECT_NE(r.find("application/json"), std::string::npos);
}

TEST(Server, MalformedRequestGets400) {
  Running server(echo);
  Client c(server.port());

  c.send("BLAH\x01 / HTTP/1.1\r\n\r\n");
  std::string r = c.response();

  EXPECT_EQ(r.rfind("HTTP/1.1 400 ", 0), 0u) << r;
}

TEST(Server, ResponderMayAnswerFromAnotherThread) {
  Running server([](Request, Responder respond) {
    std::thread([respond] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      Response r;
      r.body = "late";
      respond(r);
    }).detach();
  });
  Client c(server.port());

  c.send(kGet);
  std::string r = c.response();

  EXPECT_NE(r.find("\r\n\r\nlate"), std::string::npos) << r;
}

TEST(Server, ReasonPhraseIsEscapedAscii) {
  Running server([](Request, Responder respond) {
    Response r;
    r.status = 400;
    r.reason = "Unknown user '\xd0\x96'";
    respond(r);
  });
  Client c(server.port());

  c.send(kGet);
  std::string r = c.response();

  EXPECT_EQ(r.rfind("HTTP/1.1 400 Unknown user '\\u0416'\r\n", 0), 0u) << r;
}

TEST(Server, ConnectionsOverTheLimitGet503) {
  ServerOptions o;
  o.max_connections = 1;
  Running server(echo, o);
  Client first(server.port());
  first.send(kGet);
  first.response();

  Client second(server.port());
  second.send(kGet);
  std::string r = second.response();

  EXPECT_EQ(r.rfind("HTTP/1.1 503 ", 0), 0u) << r;
}

TEST(Server, IdleConnectionIsClosedAfterTheIdleTimeout) {
  ServerOptions o;
  o.read_timeout = std::chrono::seconds(1);
  o.idle_timeout = std::chrono::seconds(1);
  Running server(echo, o);
  Client c(server.port());

  EXPECT_TRUE(c.closed());
}

TEST(Server, StopFinishesTheRequestInFlight) {
  std::atomic<bool> entered{false};
  Running server([&](Request, Responder respond) {
    entered = true;
    std::thread([respond] {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      Response r;
      r.body = "done";
      respond(r);
    }).detach();
  });
  Client busy(server.port());
  Client idle(server.port());
  busy.send(kGet);
  while (!entered) std::this_thread::sleep_for(std::chrono::milliseconds(5));

  server.server().stop();
  std::string r = busy.response();

  EXPECT_NE(r.find("\r\n\r\ndone"), std::string::npos) << r;
  EXPECT_TRUE(idle.closed());
}

TEST(Server, PortInUseIsAClearError) {
  Running first(echo);
  ServerOptions o;
  o.host = "127.0.0.1";
  o.port = first.port();
  Server second(o, echo);

  Status st = second.listen();

  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("already in use"), std::string::npos)
      << st.message();
}

}  // namespace
}  // namespace tattler::http
