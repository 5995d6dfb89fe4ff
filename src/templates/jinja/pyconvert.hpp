// pyconvert.hpp - Python's int(str), float(str) and repr(float).
//
// Offers the acceptance rules of Python 3.11's int() and float() on a
// string (surrounding whitespace including Unicode spaces, a sign, '_'
// between digits, Unicode decimal digits, "nan"/"inf"/"infinity" in any
// case) and Python's shortest round-trip float printing. tattler converts
// every top-level client string with these rules, and templates print
// floats the Python way, so both must match byte for byte.
//
// Limits:
// - parse_int answers only what fits in 64 bits; is_python_int tells
//   whether Python would still have made an int (so a caller can keep the
//   string, which prints the same digits).
// - Python's 4300-digit limit on int() is honoured (such strings are not
//   ints), as Python 3.11 does.
// - str_repr knows the non-printable characters that occur in practice
//   (controls, spaces, separators, format characters), not the whole
//   Unicode database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tattler::jinja::py {

// parse_int - int(s) for base 10; nullopt when Python raises ValueError or
// when the number does not fit in int64_t.
std::optional<int64_t> parse_int(std::string_view s);

// is_python_int - true when int(s) succeeds in Python, whatever the size.
bool is_python_int(std::string_view s);

// int_text - the sign ("-" or nothing) and ASCII digits of int(s), leading
// zeros kept, whatever the size; nullopt when int() would raise.
std::optional<std::string> int_text(std::string_view s);

// parse_float - float(s); nullopt when Python raises ValueError.
std::optional<double> parse_float(std::string_view s);

// float_repr - repr(float): "1.0", "3.3333333333333335", "1e+16", "1e-05",
// "nan", "inf", "-inf", "-0.0".
std::string float_repr(double v);

// float_format - Python's "%.<precision>f" % v ("nan", "inf" for
// non-finite values, as Python prints them).
std::string float_format(double v, int precision);

// str_repr - repr(str): quoted with ' (or " when the text holds ' but no
// "), with \\, \n, \r, \t and other control characters escaped as Python
// does (\xNN); printable non-ASCII text is kept.
std::string str_repr(std::string_view s);

}  // namespace tattler::jinja::py
