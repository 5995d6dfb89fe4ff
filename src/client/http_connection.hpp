// http_connection.hpp - one persistent HTTP/1.1 connection (libcurl).
//
// HttpConnection owns a libcurl easy handle bound to one server. libcurl
// keeps the TCP connection open between requests and, when the server has
// closed it meanwhile, opens a new one before (or retries once after) sending,
// so callers never see a stale connection. Each socket opened is counted.
//
// Limits: not thread-safe; plain HTTP only; proxies from the environment
// (http_proxy, ...) are ignored on purpose, since the server is normally
// local; no redirects are followed.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "tattler/client.hpp"

typedef void CURL;

namespace tattler::client {

struct HttpResponse {
  int status = 0;
  std::string reason;  // reason phrase of the status line
  std::string body;
};

// What went wrong when no HTTP answer came back.
struct TransportFailure {
  std::string message;
  bool timed_out = false;
};

class HttpConnection {
 public:
  // base_url is "http://addr:port" without a trailing slash.
  explicit HttpConnection(std::string base_url);
  ~HttpConnection();

  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  void set_connect_timeout(std::chrono::milliseconds timeout);
  void set_request_timeout(std::chrono::milliseconds timeout);

  // get - GET base_url + target; false and *failure when no answer came.
  bool get(const std::string& target, HttpResponse* response,
           TransportFailure* failure);

  // post - POST base_url + target with an optional JSON body (empty: none).
  bool post(const std::string& target, const std::string& json_body,
            HttpResponse* response, TransportFailure* failure);

  // url - base_url + target, for messages.
  std::string url(const std::string& target) const {
    return base_url_ + target;
  }

  ClientStats stats() const { return stats_; }

 private:
  bool perform(HttpResponse* response, TransportFailure* failure);

  std::string base_url_;
  CURL* curl_ = nullptr;
  std::chrono::milliseconds connect_timeout_ = kDefaultConnectTimeout;
  std::chrono::milliseconds request_timeout_ = kDefaultRequestTimeout;
  ClientStats stats_;
  HttpResponse* current_ = nullptr;  // target of the callbacks
};

}  // namespace tattler::client
