// definitions.cpp - parsing and checking a notification body.
//
// Limits: duplicate keys keep the last value (as Python's json module).
#include "api/definitions.hpp"

#include <cctype>

#include <fmt/format.h>

#include "templates/jinja/json.hpp"

namespace tattler::api {
namespace {

constexpr int kMaxDepth = 256;
constexpr std::string_view kPrefix = "Unable to get definitions: ";
constexpr std::string_view kWantObject =
    "Invalid definitions in body. Want JSON dictionary.";

// media_type - the type of a Content-Type value, parameters dropped,
// trimmed and lower-cased; text/plain when absent (as Python's email).
std::string media_type(const std::string* header) {
  if (!header) return "text/plain";
  std::string v = header->substr(0, header->find(';'));
  size_t b = v.find_first_not_of(" \t");
  size_t e = v.find_last_not_of(" \t");
  v = b == std::string::npos ? "" : v.substr(b, e - b + 1);
  for (char& c : v) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (v.find('/') == std::string::npos) return "text/plain";
  return v;
}

// too_deep - true when arrays/objects nest deeper than kMaxDepth.
bool too_deep(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

}  // namespace

// read_definitions - behaviour 2.9 with the DESIGN fixes.
bool read_definitions(const http::Request& request, Definitions& out,
                      std::string& error) {
  if (request.body_exceeds_limit) {
    error = fmt::format("{}Request body exceeds {} bytes", kPrefix,
                        request.body_limit);
    return false;
  }
  if (request.body.empty()) return true;

  std::string type = media_type(request.header("Content-Type"));
  if (type != "application/json") {
    error = fmt::format("{}Invalid content type {}", kPrefix, type);
    return false;
  }
  if (too_deep(request.body)) {
    error = fmt::format("{}JSON nested deeper than {} levels", kPrefix,
                        kMaxDepth);
    return false;
  }
  nlohmann::ordered_json doc = nlohmann::ordered_json::parse(
      request.body, nullptr, false);
  if (doc.is_discarded() || !(doc.is_object() || doc.is_null())) {
    error = fmt::format("{}{}", kPrefix, kWantObject);
    return false;
  }
  if (doc.is_null()) return true;

  auto decoded = jinja::from_wire_json(doc);
  if (!decoded.ok()) {
    error = fmt::format("{}{}", kPrefix, decoded.error());
    return false;
  }
  out.context = decoded->as_dict();
  if (auto it = doc.find("_attachments"); it != doc.end()) {
    out.attachments = *it;
  }
  return true;
}

}  // namespace tattler::api
