// message.hpp - the plain request and response seen by HTTP handlers.
//
// Offers Request and Response, free of Boost.Beast, so that the layers
// above the HTTP server compile quickly and test without sockets, and the
// Handler / Responder pair: the server calls the handler with a request and
// a responder; the handler calls the responder exactly once, from any
// thread, when its answer is ready (a POST may wait for delivery without
// blocking a server thread).
//
// Limits: bodies are held in memory whole (bounded by the server's body
// limit); no streaming, no trailers.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tattler::http {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // "GET", "POST", ... as sent
  std::string target;  // raw request target: path and query, undecoded
  HeaderList headers;  // in arrival order, names as sent
  std::string body;    // empty when body_exceeds_limit

  // True when the announced body was larger than the server's limit: the
  // body was not read and the connection closes after the answer.
  bool body_exceeds_limit = false;
  size_t body_limit = 0;

  std::string remote_address;  // "127.0.0.1:53412"

  // header - the first value of a header, matched without regard to case;
  // nullptr when absent.
  const std::string* header(std::string_view name) const;
};

struct Response {
  int status = 200;

  // Reason phrase; empty means the standard one. The server escapes
  // anything outside printable ASCII, so any text is safe here.
  std::string reason;

  std::string content_type = "application/json";
  HeaderList headers;  // extra headers, e.g. Allow
  std::string body;

  // For the access log line, which starts with it ("-" when unknown).
  std::string correlation_id;

  // Close the connection after this answer.
  bool close = false;
};

using Responder = std::function<void(Response)>;
using Handler = std::function<void(Request, Responder)>;

// standard_reason - the usual phrase of a status code ("Not Found").
std::string_view standard_reason(int status);

// escape_reason - a reason phrase made of printable ASCII only: control and
// non-ASCII characters become \uXXXX / \UXXXXXXXX (\xNN for bytes that are
// not UTF-8).
std::string escape_reason(std::string_view text);

}  // namespace tattler::http
