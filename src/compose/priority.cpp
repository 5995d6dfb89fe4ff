// priority.cpp - X-Priority values.
//
// Limits: see priority.hpp.
#include "compose/priority.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace tattler::compose {

namespace {

constexpr int kDefaultPriority = 3;

// trim - s without surrounding blanks.
std::string_view trim(std::string_view s) {
  constexpr std::string_view kBlanks = " \t\r\n\v\f";
  size_t start = s.find_first_not_of(kBlanks);
  if (start == std::string_view::npos) return {};
  size_t end = s.find_last_not_of(kBlanks);
  return s.substr(start, end - start + 1);
}

// lower - s in ASCII lower case.
std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

// parse_int - Python's int() of a decimal string: optional sign, digits,
// single underscores between digits.
std::optional<long long> parse_int(std::string_view s) {
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  if (i == s.size()) return std::nullopt;
  long long value = 0;
  bool last_digit = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '_' && last_digit && i + 1 < s.size()) {
      last_digit = false;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    value = std::min<long long>(value * 10 + (c - '0'), 1000000);
    last_digit = true;
  }
  if (!last_digit) return std::nullopt;
  return negative ? -value : value;
}

}  // namespace

// parse_priority - the priority written in raw, or tattler's error.
Result<int> parse_priority(std::string_view raw) {
  std::string_view text = trim(raw);
  std::string word = lower(text);
  if (word == "true") return 1;
  if (word == "false" || word == "none" || word == "null") {
    return kDefaultPriority;
  }
  std::optional<long long> value = parse_int(text);
  if (value && *value >= 1 && *value <= 5) return static_cast<int>(*value);
  return Err{fmt::format(
      "Invalid priority '{}', values are {{ None, [1, 2, 3, 4, 5] }}, 1 "
      "highest.",
      text)};
}

}  // namespace tattler::compose
