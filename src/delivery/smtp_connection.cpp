// smtp_connection.cpp - one pooled libcurl SMTP handle.
//
// Limits: see smtp_connection.hpp.
#include "delivery/smtp_connection.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace tattler::delivery {

namespace {

// bracketed - "<address>" as MAIL FROM and RCPT TO want it.
std::string bracketed(const std::string& address) {
  return "<" + address + ">";
}

// seconds_of - a timeout as libcurl's long, at least one second.
long seconds_of(std::chrono::seconds timeout) {
  return std::max<long>(1, static_cast<long>(timeout.count()));
}

}  // namespace

SmtpConnection::SmtpConnection(const SmtpOptions& options,
                               const SmtpEndpoint& endpoint,
                               const std::string& ehlo_domain)
    : url_(endpoint.url()),
      server_(endpoint.ipv6
                  ? fmt::format("[{}]:{}", endpoint.host, endpoint.port)
                  : fmt::format("{}:{}", endpoint.host, endpoint.port)),
      submission_port_(endpoint.port == 587) {
  curl_ = curl_easy_init();
  if (curl_ != nullptr) configure(options, ehlo_domain);
}

SmtpConnection::~SmtpConnection() {
  if (curl_ != nullptr) curl_easy_cleanup(curl_);
}

void SmtpConnection::configure(const SmtpOptions& options,
                               const std::string& ehlo_domain) {
  // The URL's path is the name libcurl announces in EHLO.
  std::string url = url_ + "/" + ehlo_domain;
  curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, error_);

  // One bound for connecting, for each reply and for a stalled upload.
  long timeout = seconds_of(options.timeout);
  curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT, timeout);
  curl_easy_setopt(curl_, CURLOPT_SERVER_RESPONSE_TIMEOUT, timeout);
  curl_easy_setopt(curl_, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl_, CURLOPT_LOW_SPEED_TIME, timeout);

  // Port 587 is the submission port: STARTTLS there is not optional.
  if (options.starttls || submission_port_)
    curl_easy_setopt(curl_, CURLOPT_USE_SSL, CURLUSESSL_ALL);
  long verify = options.verify_certificates ? 1L : 0L;
  curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYPEER, verify);
  curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYHOST, verify ? 2L : 0L);
  if (!options.ca_file.empty())
    curl_easy_setopt(curl_, CURLOPT_CAINFO, options.ca_file.c_str());

  if (options.auth) {
    has_auth_ = true;
    size_t colon = options.auth->find(':');
    user_ = options.auth->substr(0, colon);
    if (colon != std::string::npos) password_ = options.auth->substr(colon + 1);
    curl_easy_setopt(curl_, CURLOPT_USERNAME, user_.c_str());
    curl_easy_setopt(curl_, CURLOPT_PASSWORD, password_.c_str());
  }

  // The trace is how the server's reply text reaches us; libcurl only calls
  // the debug function when verbose is on.
  curl_easy_setopt(curl_, CURLOPT_DEBUGFUNCTION, &SmtpConnection::on_trace);
  curl_easy_setopt(curl_, CURLOPT_DEBUGDATA, this);
  curl_easy_setopt(curl_, CURLOPT_VERBOSE, 1L);

  curl_easy_setopt(curl_, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl_, CURLOPT_READFUNCTION, &SmtpConnection::on_read);
  curl_easy_setopt(curl_, CURLOPT_READDATA, this);

  // Some recipients refused still delivers to the others (smtplib does).
#if LIBCURL_VERSION_NUM >= 0x080200
  curl_easy_setopt(curl_, CURLOPT_MAIL_RCPT_ALLOWFAILS, 1L);
#else
  curl_easy_setopt(curl_, CURLOPT_MAIL_RCPT_ALLLOWFAILS, 1L);
#endif
}

int SmtpConnection::on_trace(CURL*, curl_infotype type, char* data, size_t size,
                             void* self) {
  if (type == CURLINFO_HEADER_IN) {
    static_cast<SmtpConnection*>(self)->replies_.feed(
        std::string_view(data, size));
  }
  return 0;
}

size_t SmtpConnection::on_read(char* buffer, size_t size, size_t count,
                               void* self) {
  auto* connection = static_cast<SmtpConnection*>(self);
  const std::string& payload = *connection->payload_;
  size_t n =
      std::min(size * count, payload.size() - connection->payload_offset_);
  std::memcpy(buffer, payload.data() + connection->payload_offset_, n);
  connection->payload_offset_ += n;
  return n;
}

Outcome SmtpConnection::failure(CURLcode rc) const {
  TransferFailure failure;
  failure.curl_code = static_cast<int>(rc);
  curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &failure.response_code);
  failure.refusal = replies_.last_refusal();
  failure.curl_message = error_[0] != '\0' ? error_ : curl_easy_strerror(rc);
  failure.server = server_;
  return failure_outcome(failure);
}

SmtpConnection::Attempt SmtpConnection::send(const compose::Message& message,
                                             bool fresh) {
  Attempt attempt;
  if (curl_ == nullptr) {
    attempt.outcome = Outcome::Temporary("cannot create a libcurl handle");
    return attempt;
  }

  // Per-message state: envelope, payload, and a clean reply log.
  replies_.reset();
  error_[0] = '\0';
  payload_ = &message.data;
  payload_offset_ = 0;
  curl_slist* recipients = nullptr;
  for (const std::string& rcpt : message.recipients)
    recipients = curl_slist_append(recipients, bracketed(rcpt).c_str());
  std::string from = bracketed(message.sender);
  curl_easy_setopt(curl_, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl_, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl_, CURLOPT_INFILESIZE_LARGE,
                   static_cast<curl_off_t>(message.data.size()));
  curl_easy_setopt(curl_, CURLOPT_FRESH_CONNECT, fresh ? 1L : 0L);

  // libcurl keeps the connection after a success and drops it after most
  // failures; only a kept one can be reused.
  bool had_connection = keeps_connection_;
  CURLcode rc = curl_easy_perform(curl_);
  keeps_connection_ = rc == CURLE_OK;

  curl_easy_setopt(curl_, CURLOPT_MAIL_RCPT, nullptr);
  curl_slist_free_all(recipients);
  payload_ = nullptr;
  curl_easy_getinfo(curl_, CURLINFO_NUM_CONNECTS, &attempt.connects);
  if (rc == CURLE_OK) {
    attempt.partial_refusal = replies_.last_refusal();
    attempt.auth_not_offered =
        has_auth_ && attempt.connects > 0 && !replies_.offered_auth();
    return attempt;
  }

  // A reused connection that died (or said 421 "closing") before answering
  // anything has not taken the message: a fresh connection may.
  attempt.outcome = failure(rc);
  bool reused = had_connection && attempt.connects == 0 &&
                rc != CURLE_COULDNT_CONNECT && rc != CURLE_COULDNT_RESOLVE_HOST;
  bool nothing_accepted =
      replies_.replies() == 0 || replies_.last_reply().rfind("421", 0) == 0;
  attempt.retry_on_fresh = !fresh && reused && nothing_accepted;
  return attempt;
}

}  // namespace tattler::delivery
