// server.cpp - Boost.Beast implementation of http::Server.
//
// One io_context per thread, each run by its own thread: a connection is
// accepted onto one of them in turn and lives there, so its coroutine never
// needs a strand and never meets a lock of another thread's connections.
// The executors are concrete (io_context::executor_type), not the
// type-erased any_io_executor, which saves a virtual dispatch and an
// allocation on every wait. A request is read in two steps: the header
// (bounded by header_limit and a timeout), then, if its announced size is
// acceptable, the body. The handler answers through a Responder that may be
// called from any thread; the coroutine waits for it without holding a
// server thread.
//
// Limits: requests on one connection are served one after the other (no
// pipelining in parallel); a connection closed because its body was too
// large is drained for at most a second so the client can read the answer.
// Connections are dealt to the threads in turn, not by load: a thread with
// many busy connections keeps them.
#include "http/server.hpp"

#include <atomic>
#include <chrono>
#include <ctime>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/thread_name.hpp"

namespace tattler::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// Everything of a connection runs on the executor of its thread's context.
using Executor = asio::io_context::executor_type;
template <class T>
using Task = asio::awaitable<T, Executor>;
using Socket = asio::basic_stream_socket<tcp, Executor>;
using Stream = beast::basic_stream<tcp, Executor>;
using Acceptor = asio::basic_socket_acceptor<tcp, Executor>;
using Timer = asio::basic_waitable_timer<Clock, asio::wait_traits<Clock>,
                                         Executor>;
constexpr auto kAwait = asio::use_awaitable_t<Executor>{};
constexpr auto kTuple = asio::as_tuple(kAwait);

// http_date - the current time as an RFC 9110 date, cached per second.
const std::string& http_date() {
  thread_local std::time_t last = 0;
  thread_local std::string text;
  std::time_t now = std::time(nullptr);
  if (now != last) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[64];
    std::strftime(buf, sizeof(buf), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    text = buf;
    last = now;
  }
  return text;
}

// path_of - the target without its query, for the access log.
std::string_view path_of(std::string_view target) {
  return target.substr(0, target.find('?'));
}

// to_beast - a Response as Beast's message, for a request of that version.
bhttp::response<bhttp::string_body> to_beast(Response& r, unsigned version,
                                            bool keep_alive, bool head) {
  bhttp::response<bhttp::string_body> res;
  res.version(version);
  res.result(static_cast<unsigned>(r.status));
  res.reason(escape_reason(r.reason.empty()
                               ? std::string(standard_reason(r.status))
                               : r.reason));
  res.set(bhttp::field::server, "tattler");
  res.set(bhttp::field::date, http_date());
  res.set(bhttp::field::content_type, r.content_type);
  for (const auto& [k, v] : r.headers) res.set(k, v);
  res.keep_alive(keep_alive);
  size_t n = r.body.size();
  if (!head) res.body() = std::move(r.body);
  res.content_length(n);
  return res;
}

}  // namespace

// SessionState - what stop() needs to know of one connection.
struct SessionState {
  Executor executor;                // the connection's thread
  Stream* stream = nullptr;         // valid while registered
  bool idle = true;                 // touched on the executor only
  std::string remote_address;       // "127.0.0.1:53412", or "-"
};

// remote_address_of - the peer as "address:port", asked once per
// connection (getpeername is a system call).
std::string remote_address_of(const Socket& socket) {
  boost::system::error_code ec;
  auto peer = socket.remote_endpoint(ec);
  if (ec) return "-";
  return fmt::format("{}:{}", peer.address().to_string(), peer.port());
}

class Server::Impl {
 public:
  Impl(ServerOptions options, Handler handler)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        threads_(options_.threads
                     ? options_.threads
                     : std::max(1u, std::thread::hardware_concurrency())) {
    for (size_t i = 0; i < threads_; ++i) {
      // Hint 1: each context is run by exactly one thread.
      contexts_.push_back(std::make_unique<asio::io_context>(1));
      work_.push_back(asio::make_work_guard(*contexts_.back()));
    }
    if (!options_.error_response) {
      options_.error_response = [](int status, std::string message) {
        Response r;
        r.status = status;
        r.reason = message;
        r.body = fmt::format("{{\"error\": \"{}\"}}", escape_reason(message));
        return r;
      };
    }
  }

  Status listen();
  void run(bool stop_on_signals);
  void stop();
  uint16_t port() const { return port_; }

 private:
  Task<void> accept_loop();
  Task<void> session(Socket socket);
  Task<void> refuse(Socket socket);
  Task<bool> serve_one(Stream& stream, beast::flat_buffer& buffer,
                       SessionState& state, bool first);
  Task<void> write(Stream& stream, Response r, unsigned version,
                   bool keep_alive, bool head, const Request* req,
                   Clock::time_point start);
  void log_access(const Response& r, const Request* req, size_t bytes,
                  Clock::time_point start);
  Task<Response> call_handler(Request req);
  void session_ended(uint64_t id);
  void maybe_finish();
  void stop_contexts();

  // main_context - where the acceptor, the signals and stop() run.
  asio::io_context& main_context() { return *contexts_.front(); }

  // next_executor - the context the next connection lives on, in turn.
  Executor next_executor() {
    return contexts_[next_context_++ % contexts_.size()]->get_executor();
  }

  ServerOptions options_;
  Handler handler_;
  size_t threads_;
  std::vector<std::unique_ptr<asio::io_context>> contexts_;
  std::vector<asio::executor_work_guard<Executor>> work_;
  size_t next_context_ = 0;  // accept loop only
  std::optional<Acceptor> acceptor_;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::unordered_map<uint64_t, std::shared_ptr<SessionState>> sessions_;
  uint64_t next_id_ = 0;
  std::atomic<size_t> active_{0};
  std::optional<Timer> drain_deadline_;
};

// listen - open, bind and listen on the configured address.
Status Server::Impl::listen() {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(options_.host, ec);
  if (ec) {
    return Status::Error(fmt::format(
        "cannot listen on {}:{}: '{}' is not an IP address", options_.host,
        options_.port, options_.host));
  }
  tcp::endpoint endpoint(address, options_.port);
  Acceptor acceptor(main_context().get_executor());
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec && address.is_v6()) acceptor.set_option(asio::ip::v6_only(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    std::string why = ec == asio::error::address_in_use
                          ? "the address is already in use"
                          : ec.message();
    std::string shown = address.is_v6() ? "[" + options_.host + "]"
                                        : options_.host;
    return Status::Error(fmt::format("cannot listen on {}:{}: {}", shown,
                                     options_.port, why));
  }
  port_ = acceptor.local_endpoint().port();
  acceptor_.emplace(std::move(acceptor));
  return Status::Ok();
}

// run - the accept loop plus the thread pool, until stop() drained all.
void Server::Impl::run(bool stop_on_signals) {
  asio::signal_set signals(main_context());
  if (stop_on_signals) {
    signals.add(SIGTERM);
    signals.add(SIGINT);
    signals.async_wait([this](boost::system::error_code ec, int sig) {
      if (ec) return;
      spdlog::info("- server.stopping signal={}", sig);
      stop();
    });
  }
  asio::co_spawn(main_context().get_executor(), accept_loop(),
                 asio::detached);
  std::vector<std::thread> pool;
  for (size_t i = 1; i < threads_; ++i) {
    pool.emplace_back([this, i] {
      NameThisThread("http-" + std::to_string(i));
      contexts_[i]->run();
    });
  }
  main_context().run();
  for (auto& t : pool) t.join();
  signals.cancel();
}

// stop - refuse new connections, close idle ones, let busy ones finish.
void Server::Impl::stop() {
  if (stopping_.exchange(true)) return;
  asio::post(main_context(), [this] {
    if (acceptor_) {
      boost::system::error_code ignored;
      acceptor_->close(ignored);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& [id, state] : sessions_) {
      asio::post(state->executor, [state] {
        if (state->idle && state->stream) state->stream->cancel();
      });
    }
    // In-flight requests get a bounded time to finish.
    drain_deadline_.emplace(main_context().get_executor(),
                            std::chrono::seconds(60));
    drain_deadline_->async_wait([this](boost::system::error_code ec) {
      if (!ec) stop_contexts();
    });
    maybe_finish();
  });
}

// maybe_finish - end run() once stopping and no connection is left.
void Server::Impl::maybe_finish() {
  if (stopping_ && active_ == 0) stop_contexts();
}

// stop_contexts - let every thread's run() return.
void Server::Impl::stop_contexts() {
  for (auto& guard : work_) guard.reset();
  for (auto& context : contexts_) context->stop();
}

// accept_loop - accept connections until the acceptor is closed.
Task<void> Server::Impl::accept_loop() {
  while (!stopping_) {
    auto [ec, socket] = co_await acceptor_->async_accept(next_executor(),
                                                         kTuple);
    if (ec) {
      if (stopping_ || ec == asio::error::operation_aborted) break;
      spdlog::warn("- http.accept_failed error=\"{}\"", ec.message());
      // Out of descriptors and the like: give the system a moment.
      Timer pause(main_context().get_executor(),
                  std::chrono::milliseconds(50));
      co_await pause.async_wait(kTuple);
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto executor = socket.get_executor();
    if (active_ >= options_.max_connections) {
      asio::co_spawn(executor, refuse(std::move(socket)), asio::detached);
    } else {
      ++active_;
      asio::co_spawn(executor, session(std::move(socket)), asio::detached);
    }
  }
}

// refuse - answer 503 on a connection over the limit, then close it.
Task<void> Server::Impl::refuse(Socket socket) {
  Stream stream(std::move(socket));
  stream.expires_after(std::chrono::seconds(5));
  Response r = options_.error_response(
      503, fmt::format("Too many connections (limit {})",
                       options_.max_connections));
  auto res = to_beast(r, 11, false, false);
  co_await bhttp::async_write(stream, res, kTuple);
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

// session - serve requests on one connection until it should close.
Task<void> Server::Impl::session(Socket socket) {
  std::string remote = remote_address_of(socket);
  auto state = std::make_shared<SessionState>(
      SessionState{socket.get_executor(), nullptr, true, std::move(remote)});
  Stream stream(std::move(socket));
  beast::flat_buffer buffer;
  uint64_t id = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    id = next_id_++;
    state->stream = &stream;
    sessions_.emplace(id, state);
  }

  bool first = true;
  while (!stopping_) {
    bool again = false;
    try {
      again = co_await serve_one(stream, buffer, *state, first);
    } catch (const std::exception& e) {
      spdlog::error("- http.session_failed error=\"{}\"", e.what());
    }
    if (!again) break;
    first = false;
  }

  {
    std::lock_guard<std::mutex> lock(mutex_);
    state->stream = nullptr;
    sessions_.erase(id);
  }
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream.socket().close(ignored);
  session_ended(id);
}

// session_ended - count the connection out; may end a graceful stop.
void Server::Impl::session_ended(uint64_t) {
  --active_;
  if (stopping_) asio::post(main_context(), [this] { maybe_finish(); });
}

// serve_one - read one request, answer it; true to keep the connection.
Task<bool> Server::Impl::serve_one(Stream& stream,
                                   beast::flat_buffer& buffer,
                                   SessionState& state, bool first) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<uint32_t>(options_.header_limit));
  parser.body_limit(boost::none);
  state.idle = true;
  stream.expires_after(first ? options_.read_timeout : options_.idle_timeout);
  auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser,
                                                   kTuple);
  state.idle = false;
  auto start = Clock::now();
  if (ec) {
    // Nothing was asked yet: closing quietly is right. Otherwise answer.
    bool quiet = ec == bhttp::error::end_of_stream ||
                 ec == beast::error::timeout ||
                 ec == asio::error::operation_aborted ||
                 ec == asio::error::connection_reset || buffer.size() == 0;
    if (quiet && ec != bhttp::error::header_limit) co_return false;
    Response r = ec == bhttp::error::header_limit
                     ? options_.error_response(
                           431, fmt::format("Request header exceeds {} bytes",
                                            options_.header_limit))
                     : options_.error_response(
                           400, "Malformed HTTP request: " + ec.message());
    co_await write(stream, std::move(r), 11, false, false, nullptr, start);
    co_return false;
  }

  Request req;
  auto& head = parser.get();
  req.method = std::string(head.method_string());
  req.target = std::string(head.target());
  for (const auto& field : head) {
    req.headers.emplace_back(std::string(field.name_string()),
                             std::string(field.value()));
  }
  req.body_limit = options_.body_limit;
  req.remote_address = state.remote_address;
  unsigned version = head.version();
  bool keep_alive = head.keep_alive();
  bool is_head = head.method() == bhttp::verb::head;

  auto length = parser.content_length();
  if (length && *length > options_.body_limit) {
    req.body_exceeds_limit = true;
  } else if (!parser.is_done()) {
    if (auto* expect = req.header("Expect");
        expect && beast::iequals(*expect, "100-continue")) {
      bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_,
                                              version};
      co_await bhttp::async_write(stream, cont, kTuple);
    }
    parser.body_limit(options_.body_limit);
    stream.expires_after(options_.read_timeout);
    auto [bec, bn] = co_await bhttp::async_read(stream, buffer, parser,
                                                kTuple);
    if (bec == bhttp::error::body_limit) {
      req.body_exceeds_limit = true;
    } else if (bec == beast::error::timeout) {
      Response r = options_.error_response(
          408, fmt::format("Request body not received within {} s",
                           options_.read_timeout.count()));
      co_await write(stream, std::move(r), version, false, false, &req, start);
      co_return false;
    } else if (bec) {
      if (bec == bhttp::error::partial_message ||
          bec == asio::error::connection_reset) {
        co_return false;
      }
      Response r = options_.error_response(
          400, "Malformed HTTP request body: " + bec.message());
      co_await write(stream, std::move(r), version, false, false, &req, start);
      co_return false;
    } else {
      req.body = std::move(parser.get().body());
    }
  }
  bool exceeded = req.body_exceeds_limit;
  Request logged;
  logged.method = req.method;
  logged.target = req.target;
  stream.expires_never();

  Response response = co_await call_handler(std::move(req));
  keep_alive = keep_alive && !response.close && !exceeded && !stopping_;
  co_await write(stream, std::move(response), version, keep_alive, is_head,
                 &logged, start);
  if (exceeded) {
    // Let the client read the answer instead of a reset: drain a little.
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.expires_after(std::chrono::seconds(1));
    char sink[16384];
    for (int i = 0; i < 1024; ++i) {
      auto [dec, dn] = co_await stream.async_read_some(
          asio::buffer(sink), kTuple);
      if (dec) break;
    }
  }
  co_return keep_alive;
}

// write - send a response and log the access line.
Task<void> Server::Impl::write(Stream& stream, Response r, unsigned version,
                               bool keep_alive, bool head, const Request* req,
                               Clock::time_point start) {
  size_t bytes = r.body.size();
  Response meta;
  meta.status = r.status;
  meta.correlation_id = r.correlation_id;
  auto res = to_beast(r, version, keep_alive, head);
  stream.expires_after(options_.read_timeout);
  auto [ec, n] = co_await bhttp::async_write(stream, res, kTuple);
  log_access(meta, req, bytes, start);
  if (ec) {
    spdlog::debug("{} http.write_failed error=\"{}\"",
                  meta.correlation_id.empty() ? "-" : meta.correlation_id,
                  ec.message());
  }
}

// log_access - the one access log line of a request.
void Server::Impl::log_access(const Response& r, const Request* req,
                              size_t bytes, Clock::time_point start) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                Clock::now() - start).count();
  spdlog::info("{} http.request method={} path={} status={} bytes={} us={}",
               r.correlation_id.empty() ? "-" : r.correlation_id,
               req ? std::string_view(req->method) : std::string_view("-"),
               req ? path_of(req->target) : std::string_view("-"), r.status,
               bytes, us);
}

// Answer - where a handler's answer goes: kept for the coroutine when the
// handler answered before returning (GET listings do), else handed to the
// waiting coroutine's completion.
struct Answer {
  std::mutex mutex;
  std::optional<Response> early;                 // answered inside the call
  std::function<void(Response)> late;            // set once the call returned
  bool fired = false;
};

// call_handler - hand the request over; resume when the answer comes. An
// answer given before the handler returns is taken at once, without a
// round trip through the scheduler.
Task<Response> Server::Impl::call_handler(Request req) {
  auto answer = std::make_shared<Answer>();
  Responder respond = [answer](Response r) {
    std::function<void(Response)> late;
    {
      std::lock_guard lock(answer->mutex);
      if (answer->fired) return;
      answer->fired = true;
      if (!answer->late) {
        answer->early = std::move(r);
        return;
      }
      late = std::move(answer->late);
    }
    late(std::move(r));
  };
  try {
    handler_(std::move(req), respond);
  } catch (const std::exception& e) {
    spdlog::error("- http.handler_failed error=\"{}\"", e.what());
    respond(options_.error_response(500, "Internal error"));
  }
  {
    std::lock_guard lock(answer->mutex);
    if (answer->early) co_return std::move(*answer->early);
  }

  auto initiate = [answer](auto completion) {
    using Completion = decltype(completion);
    auto shared = std::make_shared<Completion>(std::move(completion));
    auto deliver = [shared](Response r) {
      auto ex = asio::get_associated_executor(*shared);
      asio::post(ex, [shared, r = std::move(r)]() mutable {
        std::move (*shared)(std::move(r));
      });
    };
    std::optional<Response> early;
    {
      std::lock_guard lock(answer->mutex);
      if (answer->early) {
        early = std::move(answer->early);
      } else {
        answer->late = std::move(deliver);
      }
    }
    // Answered between the check above and now: deliver it here.
    if (early) deliver(std::move(*early));
  };
  co_return co_await asio::async_initiate<decltype(kAwait), void(Response)>(
      initiate, kAwait);
}

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() = default;

Status Server::listen() { return impl_->listen(); }

uint16_t Server::port() const { return impl_->port(); }

void Server::run(bool stop_on_signals) { impl_->run(stop_on_signals); }

void Server::stop() { impl_->stop(); }

}  // namespace tattler::http
