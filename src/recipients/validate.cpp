// validate.cpp - per-vector recipient checks with tattler's messages.
//
// Limits: see validate.hpp.
#include "recipients/validate.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

namespace tattler::recipients {

namespace {

// The e-mail format; unlike tattler a domain without a dot is fine and the
// whole address must match, not only its beginning.
constexpr const char* kEmailFormat = R"([^\s@]+@([a-z0-9_-]+\.)*([a-z0-9_-]+))";

// py_repr - Python's repr() of a string (single quotes unless it has one).
std::string py_repr(std::string_view s) {
  bool has_single = s.find('\'') != std::string_view::npos;
  bool has_double = s.find('"') != std::string_view::npos;
  char quote = (has_single && !has_double) ? '"' : '\'';
  std::string out(1, quote);
  for (char c : s) {
    if (c == '\\' || c == quote) out += '\\';
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += c;
    }
  }
  return out + quote;
}

// invalid - tattler's wrapper around a per-recipient message.
Err invalid(std::string_view vector, std::string_view r,
            const std::string& why) {
  return Err{"Invalid " + std::string(vector) + " recipient(s) '[" +
             py_repr(r) + "]': " + why + "."};
}

// has_control - true when s holds a control character (CR, LF, NUL...).
bool has_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
}

// validate_email - lower-cased address, or tattler's message.
Result<std::string> validate_email(std::string_view r) {
  static const std::regex kEmail(kEmailFormat);
  std::string lowered(r);
  for (char& c : lowered) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (std::regex_match(lowered, kEmail)) return lowered;
  return invalid("email", r,
                 "Invalid recipient " + lowered +
                     ": Accepted e-mail address format is '" + kEmailFormat +
                     "'.");
}

// validate_phone - international number with '00' turned into '+'.
Result<std::string> validate_phone(std::string_view vector,
                                   std::string_view r) {
  static const std::regex kPhone(R"(^(00|\+)[1-9][0-9]+)");
  std::string number(r);
  if (has_control(r) ||
      !std::regex_search(number, kPhone,
                         std::regex_constants::match_continuous)) {
    return invalid(vector, r,
                   "Recipient must be in International Calling format "
                   "'+19876543210' or '001987654321', not '" +
                       number + "'.");
  }
  if (number.compare(0, 2, "00") == 0) number = "+" + number.substr(2);
  return number;
}

// validate_chat_id - a Telegram chat id: no blanks, no control characters.
Result<std::string> validate_chat_id(std::string_view r) {
  bool ok = !r.empty() && std::none_of(r.begin(), r.end(), [](char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0 ||
           static_cast<unsigned char>(c) < 0x20;
  });
  if (ok) return std::string(r);
  return invalid(
      "telegram", r,
      "Recipient must be a Telegram chat id, not '" + std::string(r) + "'.");
}

}  // namespace

// validate_recipient - dispatch on the vector name.
Result<std::string> validate_recipient(std::string_view vector,
                                       std::string_view r) {
  if (vector == "email") return validate_email(r);
  if (vector == "sms" || vector == "whatsapp") return validate_phone(vector, r);
  if (vector == "telegram") return validate_chat_id(r);
  return Err{"Unknown vector '" + std::string(vector) + "'."};
}

}  // namespace tattler::recipients
