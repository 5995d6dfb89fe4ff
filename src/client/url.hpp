// url.hpp - percent-encoding for request paths and query strings.
//
// quote() encodes a path segment as Python's urllib.parse.quote(s, safe='')
// would; quote_plus() encodes a query value as urlencode() does (space as
// '+'). Both keep letters, digits and "_.-~" and encode every other byte.
//
// Limits: encoding only; no decoding, no URL parsing.
#pragma once

#include <string>
#include <string_view>

namespace tattler::client {

// quote - percent-encodes every byte but unreserved ones.
std::string quote(std::string_view text);

// quote_plus - as quote(), but a space becomes '+'.
std::string quote_plus(std::string_view text);

}  // namespace tattler::client
