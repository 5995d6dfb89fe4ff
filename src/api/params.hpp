// params.hpp - the query parameters of a notification, checked in
// tattler's order.
//
// Offers check_params(): correlation id (given or made), user (required),
// vector (a comma list of known vectors), mode (capped by the master mode)
// and priority (true or 1..5), with tattler's messages; and
// effective_mode(), behaviour 3.2 with a master mode that is already
// trimmed and lower-cased.
//
// Limits: ?mode= is matched exactly (lower case), as tattler.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/request_parts.hpp"

namespace tattler::api {

struct NotifyParams {
  std::string correlation_id;
  std::string user;
  std::vector<std::string> vectors;  // requested, sorted; empty = all
  std::string requested_mode;        // as given; empty when absent
  std::string mode;                  // effective mode
  std::optional<std::string> priority;  // "1".."5" when given

  // "Prefer: respond-async" (RFC 7240): answer 202 once the jobs are
  // stored instead of after their first attempt.
  bool respond_async = false;

  // The Idempotency-Key header, checked, and the request's fingerprint
  // (api/idempotency_key.hpp); no key: answered as usual.
  std::optional<std::string> idempotency_key;
  std::string fingerprint;
};

// check_params - fills out or sets error (status and message). The
// correlation id is set first, so error answers can carry it.
bool check_params(const Query& query, const std::string& master_mode,
                  NotifyParams& out, ParseError* error);

// effective_mode - the requested mode capped at master; empty when the
// requested mode is not a mode.
std::string effective_mode(const std::string& requested,
                           const std::string& master);

}  // namespace tattler::api
