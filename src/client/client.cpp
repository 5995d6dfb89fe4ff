// client.cpp - TattlerClient: argument checks, send(), dead letters.
//
// send() is the one place that turns a retryable failure into a dead letter,
// whatever the transport, as tattler's TattlerClient.send() does (but only
// for failures that sending again can fix).
//
// Limits: see client.hpp.
#include "tattler/client.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "client_log.hpp"

namespace tattler {

namespace {

// valid_scope - [a-zA-Z0-9-_.]+ as tattler's client requires.
bool valid_scope(const std::string& scope) {
  if (scope.empty()) return false;
  return std::all_of(scope.begin(), scope.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.';
  });
}

// normal_mode - trimmed and lower-cased (ASCII), as Python strip().lower().
std::string normal_mode(const std::string& mode) {
  auto first = mode.find_first_not_of(" \t\r\n\f\v");
  if (first == std::string::npos) return {};
  auto last = mode.find_last_not_of(" \t\r\n\f\v");
  std::string out = mode.substr(first, last - first + 1);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// bracketed - an IPv6 literal gets the brackets a URL needs.
std::string bracketed(const std::string& address) {
  bool ipv6 = address.find(':') != std::string::npos;
  if (!ipv6 || address.front() == '[') return address;
  return "[" + address + "]";
}

}  // namespace

TattlerClient::TattlerClient(std::string scope_name, std::string srv_addr,
                             int srv_port, std::string mode) {
  if (srv_addr.empty() || srv_port <= 0 || srv_port > 65535) {
    throw std::invalid_argument("Endpoint of server must be set. Values " +
                                srv_addr + ":" + std::to_string(srv_port));
  }
  endpoint_ = bracketed(srv_addr) + ":" + std::to_string(srv_port);

  if (!valid_scope(scope_name)) {
    throw std::invalid_argument(
        "Invalid scope name '" + scope_name +
        "'. It only accepts alphanumeric sybols and '.', '_' or '-'.");
  }
  scope_ = std::move(scope_name);

  mode_ = normal_mode(mode);
  if (mode_ != "debug" && mode_ != "staging" && mode_ != "production") {
    throw std::invalid_argument(
        "Invalid mode '" + mode_ +
        "'. Valid values are: {'debug', 'staging', 'production'}");
  }
  deadletter_dir_ = default_deadletter_dir();
}

TattlerClient::~TattlerClient() = default;

void TattlerClient::set_deadletter_dir(
    std::optional<std::filesystem::path> dir) {
  deadletter_dir_ = std::move(dir);
}

// send - do_send() plus the failure bookkeeping.
std::vector<VectorResult> TattlerClient::send(
    const std::vector<std::string>& vectors, const std::string& event,
    const std::string& recipient, const Json& context,
    std::optional<int> priority, const std::string& correlation_id) {
  if (!context.is_object() && !context.is_null()) {
    throw std::invalid_argument("context must be a JSON object");
  }
  std::string corr_id =
      correlation_id.empty() ? mk_correlation_id("tattler") : correlation_id;
  last_dead_letter_.clear();

  try {
    return do_send(vectors, event, recipient, context, priority, corr_id);
  } catch (const ClientError& err) {
    client::log(LogLevel::kError,
                corr_id + " client.send_failed scope=" + scope_ + " event=" +
                    event + " status=" + std::to_string(err.http_status()) +
                    " error=" + err.what());
    if (!err.retryable() || !deadletter_dir_) throw;

    DeadLetter letter;
    letter.scope = scope_;
    letter.mode = mode_;
    letter.event = event;
    letter.recipient = recipient;
    letter.vectors = vectors;
    letter.context = context.is_null() ? Json::object() : context;
    letter.priority = priority;
    letter.correlation_id = corr_id;
    letter.endpoint = endpoint_;
    letter.error = err.what();
    letter.http_status = err.http_status();
    letter.last_error = err.what();

    std::string why;
    last_dead_letter_ = store_dead_letter(letter, *deadletter_dir_, &why);
    if (last_dead_letter_.empty()) {
      client::log(LogLevel::kError,
                  corr_id + " client.deadletter_failed error=" + why);
    } else {
      client::log(LogLevel::kWarning, corr_id + " client.deadletter file=" +
                                          last_dead_letter_.string());
    }
    throw;
  }
}

}  // namespace tattler
