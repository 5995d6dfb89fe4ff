// smtp_reply.cpp - SMTP reply collection and failure classification.
//
// Limits: see smtp_reply.hpp.
#include "delivery/smtp_reply.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <cctype>

namespace tattler::delivery {

namespace {

// reply_code - the three-digit code at the start of line, or 0.
int reply_code(std::string_view line) {
  if (line.size() < 3) return 0;
  for (size_t i = 0; i < 3; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(line[i]))) return 0;
  }
  return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
}

// is_permanent_curl_error - failures that repeat on every attempt until an
// operator changes something.
bool is_permanent_curl_error(int code) {
  switch (static_cast<CURLcode>(code)) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_USE_SSL_FAILED:
    case CURLE_LOGIN_DENIED:
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_NOT_BUILT_IN:
    case CURLE_AUTH_ERROR:
      return true;
    default:
      return false;
  }
}

}  // namespace

void SmtpReplyLog::reset() {
  partial_line_.clear();
  current_.clear();
  last_reply_.clear();
  last_refusal_.clear();
  replies_ = 0;
  offered_auth_ = false;
}

void SmtpReplyLog::feed(std::string_view bytes) {
  for (char c : bytes) {
    if (c == '\n') {
      if (!partial_line_.empty() && partial_line_.back() == '\r')
        partial_line_.pop_back();
      take_line(partial_line_);
      partial_line_.clear();
    } else if (partial_line_.size() < kMaxReplyText) {
      partial_line_.push_back(c);
    }
  }
}

void SmtpReplyLog::take_line(std::string_view line) {
  // A line without a code is not SMTP; keep it whole so the detail shows it.
  int code = reply_code(line);
  if (code == 0) {
    finish(std::string(line));
    return;
  }

  // EHLO lists its extensions one per line: "250-AUTH PLAIN LOGIN".
  std::string_view text = line.size() > 4 ? line.substr(4) : "";
  if (code == 250 &&
      (text.substr(0, 5) == "AUTH " || text.substr(0, 5) == "AUTH=")) {
    offered_auth_ = true;
  }

  // Continuation lines ("250-...") repeat the code; keep their text only.
  if (current_.empty()) current_ = std::string(line.substr(0, 3));
  if (!text.empty() && current_.size() < kMaxReplyText) {
    current_ += ' ';
    current_ += text;
  }
  if (line.size() > 3 && line[3] == '-') return;

  finish(std::move(current_));
  current_.clear();
}

void SmtpReplyLog::finish(std::string reply) {
  if (reply.size() > kMaxReplyText) reply.resize(kMaxReplyText);
  if (reply_code(reply) >= 400) last_refusal_ = reply;
  last_reply_ = std::move(reply);
  ++replies_;
}

Outcome failure_outcome(const TransferFailure& failure) {
  // The server's own words decide when it refused something.
  int code = reply_code(failure.refusal);
  if (code >= 400 && code < 500) return Outcome::Temporary(failure.refusal);
  if (code >= 500) return Outcome::Permanent(failure.refusal);

  std::string detail = failure.curl_code == CURLE_OPERATION_TIMEDOUT
                           ? fmt::format("SMTP server {}: timed out ({})",
                                         failure.server, failure.curl_message)
                           : fmt::format("SMTP server {}: {}", failure.server,
                                         failure.curl_message);
  if (failure.response_code >= 500) return Outcome::Permanent(detail);
  if (failure.response_code >= 400) return Outcome::Temporary(detail);
  if (is_permanent_curl_error(failure.curl_code))
    return Outcome::Permanent(detail);
  return Outcome::Temporary(detail);
}

}  // namespace tattler::delivery
