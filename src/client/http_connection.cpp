// http_connection.cpp - libcurl easy handle kept for the life of a client.
//
// The easy handle holds the connection cache: as long as the same handle is
// used, libcurl reuses the open connection (HTTP/1.1 keep-alive). Every
// option is set again before each transfer because GET and POST differ.
//
// Limits: see http_connection.hpp.
#include "http_connection.hpp"

#include <curl/curl.h>
#include <sys/socket.h>

#include <mutex>
#include <stdexcept>

namespace tattler::client {

namespace {

// global_init - curl_global_init() once per process, before any handle.
void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// on_body - appends received body bytes to the current response.
size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* response = static_cast<HttpResponse*>(user);
  response->body.append(data, size * count);
  return size * count;
}

// on_header - keeps the reason phrase of the last status line (a 100
// Continue line comes before the final one).
size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* response = static_cast<HttpResponse*>(user);
  std::string line(data, size * count);
  if (line.rfind("HTTP/", 0) != 0) return size * count;

  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
    line.pop_back();
  }
  auto first = line.find(' ');
  auto second = first == std::string::npos ? first : line.find(' ', first + 1);
  response->reason = second == std::string::npos ? "" : line.substr(second + 1);
  response->body.clear();
  return size * count;
}

// on_open_socket - opens the socket libcurl asks for, counting it.
curl_socket_t on_open_socket(void* user, curlsocktype,
                             struct curl_sockaddr* address) {
  auto* stats = static_cast<ClientStats*>(user);
  ++stats->connections_opened;
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC,
                  address->protocol);
}

}  // namespace

HttpConnection::HttpConnection(std::string base_url)
    : base_url_(std::move(base_url)) {
  global_init();
  curl_ = curl_easy_init();
  if (curl_ == nullptr) throw std::runtime_error("curl_easy_init failed");
}

HttpConnection::~HttpConnection() { curl_easy_cleanup(curl_); }

void HttpConnection::set_connect_timeout(std::chrono::milliseconds timeout) {
  connect_timeout_ = timeout;
}

void HttpConnection::set_request_timeout(std::chrono::milliseconds timeout) {
  request_timeout_ = timeout;
}

// get - a plain GET on the kept handle.
bool HttpConnection::get(const std::string& target, HttpResponse* response,
                         TransportFailure* failure) {
  std::string full = url(target);
  curl_easy_setopt(curl_, CURLOPT_URL, full.c_str());
  curl_easy_setopt(curl_, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, nullptr);
  return perform(response, failure);
}

// post - Content-Type only with a body; "Expect:" is suppressed so that a
// large body is sent at once instead of after a 100 Continue round trip.
bool HttpConnection::post(const std::string& target,
                          const std::string& json_body, HttpResponse* response,
                          TransportFailure* failure) {
  std::string full = url(target);
  curl_slist* headers = curl_slist_append(nullptr, "Expect:");
  headers = curl_slist_append(headers, "Accept: application/json");
  if (!json_body.empty()) {
    headers = curl_slist_append(headers, "Content-Type: application/json");
  }

  curl_easy_setopt(curl_, CURLOPT_URL, full.c_str());
  curl_easy_setopt(curl_, CURLOPT_POST, 1L);
  curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, json_body.data());
  curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE,
                   static_cast<curl_off_t>(json_body.size()));
  curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
  bool ok = perform(response, failure);

  curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, nullptr);
  curl_slist_free_all(headers);
  return ok;
}

// perform - the options common to every request, then the transfer.
bool HttpConnection::perform(HttpResponse* response,
                             TransportFailure* failure) {
  *response = HttpResponse();
  char error_text[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(curl_, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(curl_, CURLOPT_PROXY, "");
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl_, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(connect_timeout_.count()));
  curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(request_timeout_.count()));
  curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl_, CURLOPT_WRITEDATA, response);
  curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl_, CURLOPT_HEADERDATA, response);
  curl_easy_setopt(curl_, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
  curl_easy_setopt(curl_, CURLOPT_OPENSOCKETDATA, &stats_);
  curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, error_text);

  ++stats_.requests;
  CURLcode code = curl_easy_perform(curl_);
  curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, nullptr);
  if (code != CURLE_OK) {
    failure->message = error_text[0] ? error_text : curl_easy_strerror(code);
    failure->timed_out = code == CURLE_OPERATION_TIMEDOUT;
    return false;
  }

  long status = 0;
  curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
  response->status = static_cast<int>(status);
  return true;
}

}  // namespace tattler::client
