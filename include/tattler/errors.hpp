// errors.hpp - the exceptions thrown by the tattler client library.
//
// Every failure of a call to the server is a ClientError: it carries the HTTP
// status (0 when the server never answered), the server's own message (its
// JSON "error" or, failing that, its reason phrase) and the correlation id of
// the request. The subclasses tell why, so a caller can decide what to do:
//
//   ConnectionError  no answer at all: refused, reset, timed out
//   HttpError        the server answered with a status other than 2xx
//   ProtocolError    a 2xx answer whose body is not a NotificationJob list
//   DeliveryError    HTTP 200, but every requested vector failed
//
// retryable() says whether sending the same request again later can succeed
// (no answer, 5xx, unusable answer); those are the ones kept as dead letters.
//
// Limits: a DeliveryError is not retryable, although a vector can fail for a
// temporary reason; the server's per-vector detail text does not say which.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "tattler/result.hpp"

namespace tattler {

class ClientError : public std::runtime_error {
 public:
  ClientError(const std::string& what, int http_status,
              std::string server_message, std::string correlation_id);

  // http_status - the HTTP status of the answer; 0 when there was none.
  int http_status() const { return http_status_; }

  // server_message - what the server said was wrong (may be empty).
  const std::string& server_message() const { return server_message_; }

  // correlation_id - the correlation id of the failed request.
  const std::string& correlation_id() const { return correlation_id_; }

  // retryable - whether the same request may succeed if sent again later.
  virtual bool retryable() const = 0;

 private:
  int http_status_;
  std::string server_message_;
  std::string correlation_id_;
};

// ConnectionError - the server could not be reached or did not answer.
class ConnectionError : public ClientError {
 public:
  ConnectionError(const std::string& what, bool timed_out,
                  std::string correlation_id);

  // timed_out - the connect or request timeout expired.
  bool timed_out() const { return timed_out_; }
  bool retryable() const override { return true; }

 private:
  bool timed_out_;
};

// HttpError - the server refused the request (4xx) or failed (5xx).
class HttpError : public ClientError {
 public:
  using ClientError::ClientError;
  bool retryable() const override { return http_status() >= 500; }
};

// ProtocolError - the answer was 2xx but its body could not be understood.
class ProtocolError : public ClientError {
 public:
  using ClientError::ClientError;
  bool retryable() const override { return true; }
};

// DeliveryError - the server answered 200 but no vector was delivered.
class DeliveryError : public ClientError {
 public:
  DeliveryError(const std::string& what, std::vector<VectorResult> results,
                std::string correlation_id);

  // results - the per-vector answers, all of them failed.
  const std::vector<VectorResult>& results() const { return results_; }
  bool retryable() const override { return false; }

 private:
  std::vector<VectorResult> results_;
};

}  // namespace tattler
