// idempotency_key.hpp - the Idempotency-Key header and the fingerprint of a
// request.
//
// Offers read_idempotency_key(), which finds the header of a request and
// checks it, and request_fingerprint(), which says whether two requests
// are the same request: a repeat under the same key must have the same
// fingerprint, or it is refused (422).
//
// A key is either a bare value (as most clients send it) or an RFC 8941
// string ("…", the form of the IETF Idempotency-Key draft); both spell the
// same key. Keys are global to the server, not scoped per client or per
// route: the API has no client identity to scope them by, so clients must
// pick keys that do not collide (a UUID), and a key reused for another
// request is a 422, never a silent new notification.
//
// Limits: a key is at most 255 characters of printable ASCII (space
// included); anything else is a 400 that says what is wrong. Of the control
// characters only a tab reaches this check: the HTTP parser refuses a
// header line holding any other (400 "Malformed HTTP request").
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/request_parts.hpp"
#include "common/result.hpp"
#include "http/message.hpp"

namespace tattler::api {

inline constexpr size_t kMaxIdempotencyKeyLength = 255;

// parse_idempotency_key - the key a header value spells, or a message
// saying why it is not a key (empty, too long, control characters,
// non-ASCII, a broken quoted string).
Result<std::string> parse_idempotency_key(std::string_view value);

// read_idempotency_key - the request's key: nullopt without the header, an
// error for a malformed one or for more than one header.
Result<std::optional<std::string>> read_idempotency_key(
    const http::Request& request);

// request_fingerprint - SHA-256 (hex) over the method, scope, event, every
// query parameter but correlationId (sorted by name) and the body bytes,
// each part framed by its length so that no two different requests share
// an input. correlationId only labels logs, and tattler's clients draw a
// new one for every call, so a client's retry differs in it alone: it must
// still count as the same request.
std::string request_fingerprint(std::string_view method,
                                const std::string& scope,
                                const std::string& event, const Query& query,
                                std::string_view body);

}  // namespace tattler::api
