// request_parts.cpp - route matching and strict query parsing.
//
// Limits: scope and event names follow tattler's path pattern
// [a-zA-Z0-9:._-]+ after decoding; anything else is no route.
#include "api/request_parts.hpp"

#include <cctype>
#include <vector>

#include <fmt/format.h>

namespace tattler::api {
namespace {

constexpr size_t kMaxQueryFields = 1000;

// hex_value - value of a hex digit, -1 if none.
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// is_name - tattler's scope/event name characters.
bool is_name(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == ':' ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// has_control - true when s holds a C0 control character or DEL.
bool has_control(std::string_view s) {
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return true;
  }
  return false;
}

// valid_utf8 - true when s is well-formed UTF-8.
bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2
             : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    if (n == 3 && c == 0xE0 && static_cast<unsigned char>(s[i + 1]) < 0xA0) {
      return false;
    }
    if (n == 3 && c == 0xED && static_cast<unsigned char>(s[i + 1]) > 0x9F) {
      return false;
    }
    if (n == 4 && c == 0xF0 && static_cast<unsigned char>(s[i + 1]) < 0x90) {
      return false;
    }
    if (n == 4 && c == 0xF4 && static_cast<unsigned char>(s[i + 1]) > 0x8F) {
      return false;
    }
    i += n;
  }
  return true;
}

// fail - fill error and return false.
bool fail(ParseError* error, int status, std::string message) {
  if (error) *error = ParseError{status, std::move(message)};
  return false;
}

}  // namespace

// percent_decode - %XX and optionally '+'.
bool percent_decode(std::string_view in, bool plus_is_space,
                    std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = hex_value(in[i + 1]);
      int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return true;
}

// split_target - path before '?', query after it.
void split_target(std::string_view target, std::string_view& path,
                  std::string_view& query) {
  size_t q = target.find('?');
  path = target.substr(0, q);
  query = q == std::string_view::npos ? std::string_view()
                                      : target.substr(q + 1);
}

// parse_route - whole-path match on decoded segments.
Result<Route> parse_route(std::string_view path, ParseError* error) {
  constexpr std::string_view kPrefix = "/notification/";
  if (path.substr(0, kPrefix.size()) != kPrefix) return Route{};
  std::string_view rest = path.substr(kPrefix.size());

  std::vector<std::string> segments;
  bool trailing_slash = rest.empty() || rest.back() == '/';
  size_t start = 0;
  while (start < rest.size()) {
    size_t slash = rest.find('/', start);
    if (slash == std::string_view::npos) slash = rest.size();
    std::string decoded;
    if (!percent_decode(rest.substr(start, slash - start), false, decoded)) {
      fail(error, 400, "Malformed percent-encoding in path");
      return Err{"path"};
    }
    if (decoded.find('/') != std::string::npos) {
      fail(error, 400, "Encoded '/' (%2F) is not allowed in a path segment");
      return Err{"path"};
    }
    if (has_control(decoded)) {
      fail(error, 400, "Control characters are not allowed in the path");
      return Err{"path"};
    }
    segments.push_back(std::move(decoded));
    start = slash + 1;
  }
  for (const auto& s : segments) {
    if (!is_name(s)) return Route{};
  }

  Route r;
  if (segments.empty()) {
    r.kind = Route::Kind::kScopes;
  } else if (segments.size() == 1 && trailing_slash) {
    r.kind = Route::Kind::kEvents;
  } else if (segments.size() == 2) {
    r.kind = Route::Kind::kEvent;
  } else if (segments.size() == 3 && segments[2] == "vectors" &&
             trailing_slash) {
    r.kind = Route::Kind::kVectors;
  } else {
    return Route{};
  }
  if (!segments.empty()) r.scope = segments[0];
  if (segments.size() > 1) r.event = segments[1];
  return r;
}

// parse_query - strict parsing, as Python's parse_qsl(strict_parsing=True).
bool parse_query(std::string_view query, Query& out, ParseError* error) {
  out.clear();
  if (query.empty()) return true;
  size_t fields = 0;
  size_t start = 0;
  while (start <= query.size()) {
    size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view field = query.substr(start, amp - start);
    if (++fields > kMaxQueryFields) {
      return fail(error, 400, fmt::format(
          "Malformed query string: more than {} fields", kMaxQueryFields));
    }
    if (field.empty()) {
      return fail(error, 400, "Malformed query string: empty field");
    }
    size_t eq = field.find('=');
    if (eq == std::string_view::npos) {
      return fail(error, 400, fmt::format(
          "Malformed query string: field '{}' has no '='",
          field.substr(0, 64)));
    }
    std::string name;
    std::string value;
    if (!percent_decode(field.substr(0, eq), true, name) ||
        !percent_decode(field.substr(eq + 1), true, value)) {
      return fail(error, 400,
                  "Malformed query string: bad percent-encoding");
    }
    if (has_control(name) || has_control(value)) {
      return fail(error, 400, fmt::format(
          "Parameter '{}' contains a control character (CR, LF, NUL, ...)",
          has_control(name) ? "?" : name));
    }
    if (!valid_utf8(name) || !valid_utf8(value)) {
      return fail(error, 400, "Malformed query string: not valid UTF-8");
    }
    if (!value.empty()) out[name] = std::move(value);
    start = amp + 1;
    if (amp == query.size()) break;
  }
  return true;
}

}  // namespace tattler::api
