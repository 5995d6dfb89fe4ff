// params.cpp - steps 3 to 6 of a notification request.
//
// Limits: vector names are checked against the four vectors this server
// knows, whether or not an event has them (the event check comes later).
#include "api/params.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "api/api.hpp"
#include "api/pyjson.hpp"

namespace tattler::api {
namespace {

constexpr std::array<std::string_view, 3> kModes = {"debug", "staging",
                                                    "production"};
constexpr std::array<std::string_view, 4> kVectors = {"email", "sms",
                                                      "telegram", "whatsapp"};

// severity - index of a mode, -1 when it is none.
int severity(std::string_view mode) {
  for (size_t i = 0; i < kModes.size(); ++i) {
    if (kModes[i] == mode) return static_cast<int>(i);
  }
  return -1;
}

// trim_lower - Python's v.strip().lower() for ASCII.
std::string trim_lower(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  std::string out(s.substr(b, e - b));
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// parse_vectors - the vector parameter; the unknown names on failure.
bool parse_vectors(const std::string& text, std::vector<std::string>& out,
                   std::vector<std::string>& unknown) {
  std::set<std::string> wanted;
  size_t start = 0;
  while (true) {
    size_t comma = text.find(',', start);
    std::string v = trim_lower(text.substr(
        start, comma == std::string::npos ? std::string::npos
                                          : comma - start));
    if (std::find(kVectors.begin(), kVectors.end(), v) == kVectors.end()) {
      unknown.push_back(v);
    }
    wanted.insert(v);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  out.assign(wanted.begin(), wanted.end());
  return unknown.empty();
}

// parse_request_priority - "true"/"1".."5" to "1".."5"; "false"/"0" none.
bool parse_request_priority(const std::string& raw,
                            std::optional<std::string>& out) {
  std::string v = trim_lower(raw);
  if (v == "true") {
    out = "1";
  } else if (v == "false" || v == "0" || v == "none") {
    out.reset();
  } else if (v.size() == 1 && v[0] >= '1' && v[0] <= '5') {
    out = v;
  } else {
    return false;
  }
  return true;
}

}  // namespace

// effective_mode - behaviour 3.2 with the DESIGN fixes.
std::string effective_mode(const std::string& requested,
                           const std::string& master) {
  if (requested.empty()) return master;
  int r = severity(requested);
  if (r < 0) return "";
  if (r > severity(master)) return master;
  return requested;
}

// check_params - tattler's order: correlation id, user, vector, mode.
bool check_params(const Query& query, const std::string& master_mode,
                  NotifyParams& out, ParseError* error) {
  auto get = [&](const char* name) -> const std::string* {
    auto it = query.find(name);
    return it == query.end() ? nullptr : &it->second;
  };
  const std::string* cid = get("correlationId");
  out.correlation_id = cid ? *cid : make_correlation_id();

  const std::string* user = get("user");
  if (!user) {
    spdlog::warn("{} api.missing_user", out.correlation_id);
    *error = {400, fmt::format("Required parameter 'user' is missing "
                               "(corrId={}).", out.correlation_id)};
    return false;
  }
  out.user = *user;

  if (const std::string* vector = get("vector")) {
    std::vector<std::string> unknown;
    if (!parse_vectors(*vector, out.vectors, unknown)) {
      *error = {400, fmt::format("Invalid vectors provided '{}'",
                                 py_set_repr(unknown))};
      return false;
    }
  }

  const std::string* mode = get("mode");
  out.requested_mode = mode ? *mode : "";
  out.mode = effective_mode(out.requested_mode, master_mode);
  if (out.mode.empty()) {
    *error = {400, fmt::format("Invalid operating mode '{}'. Valid modes are "
                               "['debug', 'staging', 'production']",
                               mode ? *mode : "None")};
    return false;
  }
  if (!out.requested_mode.empty() && out.mode != out.requested_mode) {
    spdlog::info("{} api.mode_capped requested={} master={} mode={}",
                 out.correlation_id, out.requested_mode, master_mode,
                 out.mode);
  }

  if (const std::string* priority = get("priority")) {
    if (!parse_request_priority(*priority, out.priority)) {
      *error = {400, fmt::format("Invalid priority '{}'. Valid values are "
                                 "true and 1 to 5", *priority)};
      return false;
    }
  }
  return true;
}

}  // namespace tattler::api
