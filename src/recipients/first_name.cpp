// first_name.cpp - tattler's first-name guessing and prettifying.
//
// Limits: see first_name.hpp.
#include "recipients/first_name.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace tattler::recipients {

namespace {

// Local parts that name a role, not a person.
constexpr std::array<std::string_view, 15> kPhonyNames = {
    "info",       "mail",     "noc",        "webmaster", "root",
    "hostmaster", "sysadmin", "postmaster", "dns",       "ns",
    "abuse",      "admin",    "hello",      "hi",        "it"};

// lower - ASCII lower case.
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// upper - ASCII upper case.
std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// capitalize - Python's str.capitalize(): first letter upper, rest lower.
std::string capitalize(std::string_view s) {
  std::string out = lower(s);
  if (!out.empty()) {
    out[0] =
        static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  }
  return out;
}

// trim - without leading and trailing blanks.
std::string_view trim(std::string_view s) {
  const char* kBlanks = " \t\r\n\f\v";
  size_t first = s.find_first_not_of(kBlanks);
  if (first == std::string_view::npos) return {};
  size_t last = s.find_last_not_of(kBlanks);
  return s.substr(first, last - first + 1);
}

// char_count - the number of UTF-8 characters (Python's len()).
size_t char_count(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// clean_name - a candidate name, or "" for phony or numeric ones.
std::string clean_name(std::string_view name) {
  std::string c = lower(trim(name));
  bool numeric = !c.empty() && std::all_of(c.begin(), c.end(), [](char ch) {
    return std::isdigit(static_cast<unsigned char>(ch)) != 0;
  });
  if (numeric) return "";
  if (std::find(kPhonyNames.begin(), kPhonyNames.end(), c) !=
      kPhonyNames.end()) {
    return "";
  }

  // Digits around a name ("99bob99") are noise; inside they are kept.
  size_t first = c.find_first_not_of("0123456789");
  if (first == std::string::npos) return "";
  size_t last = c.find_last_not_of("0123456789");
  return capitalize(std::string_view(c).substr(first, last - first + 1));
}

}  // namespace

// guess_first_name - the first name hidden in an e-mail's local part.
std::string guess_first_name(std::string_view email) {
  size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0 ||
      email.find('@', at + 1) != std::string_view::npos) {
    return "";
  }
  std::string_view user = email.substr(0, at);

  // The first separator (in this order) leaving at least two characters
  // before it decides the name.
  for (char sep : std::string_view("._-+")) {
    size_t pos = user.find(sep);
    if (pos == std::string_view::npos) continue;
    std::string_view name = user.substr(0, pos);
    if (char_count(name) >= 2) return clean_name(name);
  }
  return clean_name(user);
}

// prettify_name - capitalises each word of an all-lower/all-upper name.
std::string prettify_name(std::string_view name) {
  if (name != lower(name) && name != upper(name)) return std::string(name);

  std::string out;
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find(' ', start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view part = name.substr(start, end - start);
    if (!part.empty()) {
      if (!out.empty()) out += ' ';
      out += capitalize(part);
    }
    start = end + 1;
  }
  return out;
}

// user_firstname - the name templates greet the user with.
std::string user_firstname(const std::optional<std::string>& first_name,
                           const std::optional<std::string>& email) {
  std::string name;
  if (first_name && !first_name->empty()) {
    name = *first_name;
  } else if (email) {
    name = guess_first_name(*email);
  }
  name = prettify_name(name);
  return name.empty() ? "user" : name;
}

}  // namespace tattler::recipients
