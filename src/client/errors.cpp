// errors.cpp - constructors of the client's exception types.
//
// Limits: none beyond errors.hpp.
#include "tattler/errors.hpp"

#include <utility>

namespace tattler {

ClientError::ClientError(const std::string& what, int http_status,
                         std::string server_message, std::string correlation_id)
    : std::runtime_error(what),
      http_status_(http_status),
      server_message_(std::move(server_message)),
      correlation_id_(std::move(correlation_id)) {}

ConnectionError::ConnectionError(const std::string& what, bool timed_out,
                                 std::string correlation_id)
    : ClientError(what, 0, std::string(), std::move(correlation_id)),
      timed_out_(timed_out) {}

DeliveryError::DeliveryError(const std::string& what,
                             std::vector<VectorResult> results,
                             std::string correlation_id)
    : ClientError(what, 200, what, std::move(correlation_id)),
      results_(std::move(results)) {}

}  // namespace tattler
