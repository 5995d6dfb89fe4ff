// humanize_detail.hpp - Python coercions shared by the humanize_*.cpp files.
//
// Offers int() and float() of a humanize Input with Python's exceptions, and
// an exact integer that also holds what int() makes of a huge float.
// Not for use outside the humanize implementation.
//
// Limits: none beyond humanize.hpp's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "templates/jinja/humanize.hpp"

namespace tattler::jinja::humanize::detail {

// PyError - a Python exception: its kind decides whether humanize catches
// it ("ValueError", "TypeError") or lets it through ("OverflowError").
struct PyError {
  std::string kind;
  std::string message;

  bool caught_by_humanize() const {
    return kind == "ValueError" || kind == "TypeError";
  }
};

// PyInt - an exact Python int: `value` when it fits 64 bits, and always
// its sign and decimal digits.
struct PyInt {
  bool fits = true;
  int64_t value = 0;
  bool negative = false;
  std::string digits;  // absolute value, no leading zeros

  // str - Python's str(int).
  std::string str() const { return (negative ? "-" : "") + digits; }

  // mod - Python's value % m (0 <= result < m) for a small m > 0.
  int64_t mod(int64_t m) const;
};

// other_type_name - the type name reported for std::monostate values; set
// by apply() for the duration of one call.
extern thread_local std::string_view other_type_name;

// delta_from_seconds - timedelta(seconds=s) with Python's OverflowError
// texts (defined in humanize_time.cpp).
Result<TimeDelta> delta_from_seconds(int64_t s);

// PyInt from a 64-bit value.
PyInt make_int(int64_t v);

// to_int - Python's int(value).
std::variant<PyInt, PyError> to_int(const Input& value);

// to_float - Python's float(value).
std::variant<double, PyError> to_float(const Input& value);

// type_name - Python's type(value).__name__ as exceptions print it.
std::string type_name(const Input& value);

// group_thousands - commas into the leading run of digits (after an
// optional '-'), as intcomma's regular expression loop does.
std::string group_thousands(const std::string& text);

// intword_text, ordinal_text, apnumber_text - the functions on an exact
// int (defined in humanize_number.cpp).
std::string intword_text(const PyInt& v);
std::string ordinal_text(const PyInt& v);
std::string apnumber_text(const PyInt& v);

// ngettext - English plural choice: singular when n == 1.
inline const char* ngettext(const char* one, const char* many, double n) {
  return n == 1 ? one : many;
}

}  // namespace tattler::jinja::humanize::detail
