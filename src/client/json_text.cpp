// json_text.cpp - "//" comments and context objects in JSON text.
//
// Limits: see json_text.hpp.
#include "tattler/json_text.hpp"

#include <algorithm>

namespace tattler {

// strip_json_comments - copies strings whole (with their escapes) and drops
// each "//" up to the end of its line elsewhere.
std::string strip_json_comments(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '"') {
      std::size_t end = i + 1;
      while (end < text.size() && text[end] != '"') {
        end += (text[end] == '\\') ? 2 : 1;
      }
      end = std::min(end + 1, text.size());
      out.append(text.substr(i, end - i));
      i = end;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i < text.size() && text[i] != '\n' && text[i] != '\r') ++i;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

// parse_context_text - names the JSON type as Python would ("list", "str").
bool parse_context_text(std::string_view text, Json* context,
                        std::string* error) {
  Json parsed;
  try {
    parsed = Json::parse(strip_json_comments(text));
  } catch (const Json::parse_error& err) {
    *error = std::string("invalid JSON: ") + err.what();
    return false;
  }
  if (!parsed.is_object()) {
    const char* type = parsed.is_array()          ? "list"
                       : parsed.is_string()       ? "str"
                       : parsed.is_boolean()      ? "bool"
                       : parsed.is_number_float() ? "float"
                       : parsed.is_number()       ? "int"
                                                  : "NoneType";
    *error = std::string(
                 "Context file must be a dictionary (JSON object), "
                 "not <class '") +
             type + "'>";
    return false;
  }
  *context = std::move(parsed);
  return true;
}

}  // namespace tattler
