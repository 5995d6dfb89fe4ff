// decimal.hpp - exact decimal forms of doubles by integer arithmetic, the
// fast paths of Python's "%.<p>f", round(x, n) and repr(float).
//
// A finite double is m * 2^e with a 53-bit integer m; for the values
// templates print (prices, quantities, ratios) m * 10^p fits in 128 bits,
// so the decimal digits can be computed exactly and rounded half to even
// on the exact binary value, as CPython's dtoa does. Each function answers
// false (or nullopt) when its value is outside that range; the caller then
// takes the general, slower path (std::to_chars).
//
// Limits: fixed_decimal handles 0 <= p <= 17 and |v| < 2^63; the repr fast
// path handles values with at most 15 significant digits and less than
// 1e15 in magnitude.
#pragma once

#include <optional>
#include <string>

namespace tattler::jinja::decimal {

// append_fixed - "%.<p>f" % v appended to `out`, correctly rounded
// ("-0.00" for -0.001, as Python prints it); false when outside the range.
bool append_fixed(std::string& out, double v, int p);

// round_to - Python's round(v, n) for 0 <= n <= 17: the double nearest to
// the correctly rounded n-decimal value of v; nullopt when outside range.
std::optional<double> round_to(double v, int n);

// append_round_repr - repr(round(v, n)) appended to `out` for
// 0 <= n <= 17 when the rounded value has at most 15 significant digits
// and lies in the fixed-notation range (or is zero); false otherwise.
bool append_round_repr(std::string& out, double v, int n);

// append_short_repr - Python's repr(v) for 1e-4 <= |v| < 1e15 (or zero)
// when v has at most 15 significant digits ("2.5", "1001.0", "0.0001");
// false otherwise.
bool append_short_repr(std::string& out, double v);

}  // namespace tattler::jinja::decimal
