// pyjson.cpp - Python-compatible spelling of JSON strings and reprs.
//
// Limits: invalid UTF-8 is written as U+FFFD in JSON; in reprs, bytes are
// kept as they are.
#include "api/pyjson.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "templates/jinja/pyconvert.hpp"

namespace tattler::api {

// json_string - nlohmann escapes like Python when ensure_ascii is on.
std::string json_string(std::string_view s) {
  return nlohmann::json(std::string(s))
      .dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
}

// json_string_list - ["a", "b"].
std::string json_string_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += json_string(items[i]);
  }
  out += "]";
  return out;
}

// py_str_repr - the engine's Python repr() of a str, so error messages and
// templates quote strings alike.
std::string py_str_repr(std::string_view s) {
  return jinja::py::str_repr(s);
}

// py_set_repr - {'a', 'b'} with the items sorted.
std::string py_set_repr(std::vector<std::string> items) {
  if (items.empty()) return "set()";
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += py_str_repr(items[i]);
  }
  out += "}";
  return out;
}

}  // namespace tattler::api
