// pyjson.hpp - JSON and reprs spelled the way Python prints them.
//
// Offers json_string() (a JSON string literal as Python's json.dumps writes
// it: non-ASCII as \uXXXX), json_string_list() (["a", "b"] with ", "
// separators) and py_set_repr() / py_str_repr() (Python's repr of a set of
// strings and of one string), used in tattler's answers and messages.
//
// Limits: sets are printed sorted (Python's order is random per process).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tattler::api {

// json_string - a quoted JSON string, ASCII only.
std::string json_string(std::string_view s);

// json_string_list - a JSON array of strings with ", " separators.
std::string json_string_list(const std::vector<std::string>& items);

// py_str_repr - Python's repr() of a str: 'x', or "it's" when needed.
std::string py_str_repr(std::string_view s);

// py_set_repr - Python's repr() of a set of str, sorted: {'a', 'b'};
// set() when empty.
std::string py_set_repr(std::vector<std::string> items);

}  // namespace tattler::api
