// request_parts.hpp - taking a request target apart: route and query.
//
// Offers parse_route() (the path matched whole against tattler's routes,
// each segment percent-decoded once) and parse_query() (tattler's strict
// query parsing: every field needs '=', no empty fields, '+' is a space,
// blank values dropped, the last of repeated keys wins), each with a
// message a client can act on.
//
// Limits: only the four routes of tattler's API; other paths are kNone.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace tattler::api {

struct Route {
  enum class Kind {
    kNone,     // no route: 404
    kScopes,   // /notification/
    kEvents,   // /notification/<scope>/
    kEvent,    // /notification/<scope>/<event>[/]  (POST only)
    kVectors,  // /notification/<scope>/<event>/vectors/
  };
  Kind kind = Kind::kNone;
  std::string scope;
  std::string event;
};

// A failed parse: the HTTP status and the message.
struct ParseError {
  int status = 400;
  std::string message;
};

// percent_decode - decode %XX escapes (and '+' as space when plus_is_space);
// false on a malformed escape.
bool percent_decode(std::string_view in, bool plus_is_space,
                    std::string& out);

// parse_route - the route of a path (target without its query). A path
// that cannot be decoded, or decodes to something no name can hold
// (a '/', control characters), is a 400 with a message; a path that is no
// route is kNone.
Result<Route> parse_route(std::string_view path, ParseError* error);

using Query = std::map<std::string, std::string>;

// parse_query - the parameters of a query string (without '?'); error
// tells what is wrong when it cannot be parsed.
bool parse_query(std::string_view query, Query& out, ParseError* error);

// split_target - path and query of a request target.
void split_target(std::string_view target, std::string_view& path,
                  std::string_view& query);

}  // namespace tattler::api
