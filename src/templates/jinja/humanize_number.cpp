// humanize_number.cpp - humanize 4.4's number and file-size functions.
//
// intword, intcomma, ordinal, apnumber, naturalsize, fractional,
// scientific and metric with their default options and English texts.
//
// Limits: see humanize.hpp.
#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <string_view>
#include <tuple>

#include "templates/jinja/humanize.hpp"
#include "templates/jinja/humanize_detail.hpp"
#include "templates/jinja/pyconvert.hpp"

namespace tattler::jinja::humanize {
namespace {

__extension__ typedef __int128 Int128;

constexpr const char* kPowerNames[12] = {
    "thousand",    "million",     "billion",    "trillion",
    "quadrillion", "quintillion", "sextillion", "septillion",
    "octillion",   "nonillion",   "decillion",  "googol"};
constexpr int kPowerExponents[12] = {3,  6,  9,  12, 15, 18,
                                     21, 24, 27, 30, 33, 100};

// less_than_power_of_ten - |value| < 10^exponent, exactly.
bool less_than_power_of_ten(const std::string& digits, int exponent) {
  return digits.size() < static_cast<size_t>(exponent) + 1;
}

// superscript - the exponent of scientific() in Unicode superscripts.
std::string superscript(std::string_view exponent) {
  static constexpr const char* kDigits[10] = {"⁰", "¹", "²", "³", "⁴",
                                              "⁵", "⁶", "⁷", "⁸", "⁹"};
  std::string out;
  for (char c : exponent) out += c == '-' ? "⁻" : kDigits[c - '0'];
  return out;
}

// floor_div - Python's // on 128-bit integers.
Int128 floor_div(Int128 a, Int128 b) {
  Int128 q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// closer_or_equal - |p1/q1 - n/d| <= |p2/q2 - n/d|, exactly.
bool closer_or_equal(Int128 p1, Int128 q1, Int128 p2, Int128 q2, Int128 n,
                     Int128 d) {
  Int128 a = p1 * d - n * q1;
  Int128 b = p2 * d - n * q2;
  if (a < 0) a = -a;
  if (b < 0) b = -b;
  return a * q2 <= b * q1;
}

// limit_denominator - Fraction(n, d).limit_denominator(1000) as Python's
// fractions module computes it (d is a power of two, n/d in (-1, 1)).
std::pair<Int128, Int128> limit_denominator(Int128 n, Int128 d) {
  const Int128 kMax = 1000;
  if (d <= kMax) return {n, d};
  Int128 p0 = 0, q0 = 1, p1 = 1, q1 = 0;
  Int128 num = n, den = d;
  while (true) {
    Int128 a = floor_div(num, den);
    Int128 q2 = q0 + a * q1;
    if (q2 > kMax) break;
    Int128 p2 = p0 + a * p1;
    p0 = p1;
    q0 = q1;
    p1 = p2;
    q1 = q2;
    Int128 rest = num - a * den;
    num = den;
    den = rest;
  }
  Int128 k = (kMax - q0) / q1;
  if (closer_or_equal(p1, q1, p0 + k * p1, q0 + k * q1, n, d)) return {p1, q1};
  return {p0 + k * p1, q0 + k * q1};
}

// reduce - the fraction in lowest terms with a positive denominator.
std::pair<Int128, Int128> reduce(Int128 n, Int128 d) {
  Int128 a = n < 0 ? -n : n, b = d;
  while (b != 0) {
    Int128 t = a % b;
    a = b;
    b = t;
  }
  if (a == 0) return {0, 1};
  return {n / a, d / a};
}

// to_string - decimal text of a small 128-bit integer.
std::string to_string(Int128 v) {
  return fmt::format("{}", static_cast<int64_t>(v));
}

}  // namespace

namespace detail {

// intword_text - intword of an exact int.
std::string intword_text(const PyInt& v) {
  std::string prefix = v.negative ? "-" : "";
  if (less_than_power_of_ten(v.digits, 3)) return prefix + v.digits;

  // Python divides the int, converted to float, by float(10**k).
  double value = std::strtod(v.digits.c_str(), nullptr);
  for (int i = 1; i < 12; ++i) {
    if (!less_than_power_of_ten(v.digits, kPowerExponents[i])) continue;
    double chopped =
        value / std::strtod(fmt::format("1e{}", kPowerExponents[i - 1]).c_str(),
                            nullptr);
    std::string shown = py::float_format(chopped, 1);
    if (std::strtod(shown.c_str(), nullptr) == 1000.0) {
      chopped =
          value /
          std::strtod(fmt::format("1e{}", kPowerExponents[i]).c_str(), nullptr);
      return prefix + py::float_format(chopped, 1) + " " + kPowerNames[i];
    }
    return prefix + shown + " " + kPowerNames[i - 1];
  }
  return prefix + v.digits;
}

// ordinal_text - ordinal of an exact int.
std::string ordinal_text(const PyInt& v) {
  static constexpr const char* kSuffixes[10] = {"th", "st", "nd", "rd", "th",
                                                "th", "th", "th", "th", "th"};
  int64_t last_two = v.mod(100);
  if (last_two == 11 || last_two == 12 || last_two == 13) {
    return v.str() + "th";
  }
  return v.str() + kSuffixes[v.mod(10)];
}

// apnumber_text - apnumber of an exact int.
std::string apnumber_text(const PyInt& v) {
  static constexpr const char* kNames[10] = {"zero",  "one",  "two", "three",
                                             "four",  "five", "six", "seven",
                                             "eight", "nine"};
  if (!v.fits || v.value < 0 || v.value >= 10) return v.str();
  return kNames[v.value];
}

}  // namespace detail

// intword - humanize.intword(int).
std::string intword(int64_t value) {
  return detail::intword_text(detail::make_int(value));
}

// intcomma - humanize.intcomma(int).
std::string intcomma(int64_t value) {
  return detail::group_thousands(fmt::format("{}", value));
}

// intcomma - humanize.intcomma(float), from repr().
std::string intcomma(double value) {
  return detail::group_thousands(py::float_repr(value));
}

// ordinal - humanize.ordinal(int).
std::string ordinal(int64_t value) {
  return detail::ordinal_text(detail::make_int(value));
}

// apnumber - humanize.apnumber(int).
std::string apnumber(int64_t value) {
  return detail::apnumber_text(detail::make_int(value));
}

// naturalsize - humanize.naturalsize(float, binary, gnu).
std::string naturalsize(double bytes, bool binary, bool gnu) {
  static constexpr const char* kDecimal[8] = {"kB", "MB", "GB", "TB",
                                              "PB", "EB", "ZB", "YB"};
  static constexpr const char* kBinary[8] = {"KiB", "MiB", "GiB", "TiB",
                                             "PiB", "EiB", "ZiB", "YiB"};
  static constexpr const char* kGnu[8] = {"K", "M", "G", "T",
                                          "P", "E", "Z", "Y"};
  const char* const* suffix = gnu ? kGnu : binary ? kBinary : kDecimal;
  const char* space = gnu ? "" : " ";
  long double base = (gnu || binary) ? 1024 : 1000;
  double abs_bytes = std::fabs(bytes);

  // "%d" truncates the float toward zero.
  if (abs_bytes == 1 && !gnu) {
    return fmt::format("{} Byte", static_cast<int64_t>(bytes));
  }
  if (abs_bytes < base) {
    return fmt::format("{}{}", static_cast<int64_t>(bytes),
                       gnu ? "B" : " Bytes");
  }

  // Units are exact in long double (5^27 < 2^64), as Python's int
  // comparison is exact; the division happens in double, as in Python.
  long double unit = base;
  for (int i = 0; i < 8; ++i) {
    unit *= base;
    if (abs_bytes < unit || i == 7) {
      double shown =
          static_cast<double>(base) * bytes / static_cast<double>(unit);
      return py::float_format(shown, 1) + space + suffix[i];
    }
  }
  return "";
}

// fractional - humanize.fractional(float).
Result<std::string> fractional(double value) {
  if (std::isnan(value)) return Err{"cannot convert float NaN to integer"};
  if (std::isinf(value)) {
    return Err{"cannot convert float infinity to integer"};
  }
  double whole = std::trunc(value);
  double frac = value - whole;

  // The exact binary fraction n / 2^k; below 2^-40 it is nearer 0 than
  // any fraction with a denominator of at most 1000.
  Int128 n = 0, d = 1;
  if (std::fabs(frac) >= std::ldexp(1.0, -40)) {
    int exp = 0;
    double mantissa = std::frexp(frac, &exp);
    n = static_cast<Int128>(std::ldexp(mantissa, 53));
    d = Int128{1} << (53 - exp);
    std::tie(n, d) = reduce(n, d);
  }
  auto [num, den] = limit_denominator(n, d);
  std::tie(num, den) = reduce(num, den);

  std::string whole_text = py::float_format(whole, 0);
  if (whole != 0 && num == 0 && den == 1) return whole_text;
  if (whole == 0) return to_string(num) + "/" + to_string(den);
  return whole_text + " " + to_string(num) + "/" + to_string(den);
}

// scientific - humanize.scientific(float), precision 2.
Result<std::string> scientific(double value) {
  if (std::isnan(value) || std::isinf(value)) {
    return Err{"not enough values to unpack (expected 2, got 1)"};
  }
  std::string text = fmt::format("{:.2e}", value);
  size_t e = text.find('e');
  std::string mantissa = text.substr(0, e);
  std::string exponent = text.substr(e + 1);

  // Drop a '+' and leading zeros, keeping one digit.
  bool negative = exponent[0] == '-';
  size_t first = exponent.find_first_not_of("+-0");
  std::string digits =
      first == std::string::npos ? "0" : exponent.substr(first);
  return mantissa + " x 10" + superscript((negative ? "-" : "") + digits);
}

// metric - humanize.metric(float), no unit, precision 3.
Result<std::string> metric(double value) {
  if (std::isnan(value)) return Err{"cannot convert float NaN to integer"};
  if (std::isinf(value)) {
    return Err{"cannot convert float infinity to integer"};
  }
  int exponent =
      value != 0 ? static_cast<int>(std::floor(std::log10(std::fabs(value))))
                 : 0;
  if (exponent >= 27 || exponent < -24) return scientific(value);

  // Python divides by the int 10**shift, or by the float 10.0**shift
  // when shift is negative.
  int shift = static_cast<int>(floor_div(exponent, 3)) * 3;
  double divisor =
      shift >= 0 ? std::strtod(fmt::format("1e{}", shift).c_str(), nullptr)
                 : std::pow(10.0, shift);
  double scaled = value / divisor;
  std::string prefix;
  if (exponent >= 3) {
    static constexpr const char* kBig[8] = {"k", "M", "G", "T",
                                            "P", "E", "Z", "Y"};
    prefix = kBig[exponent / 3 - 1];
  } else if (exponent < 0) {
    static constexpr const char* kSmall[8] = {"m", "μ", "n", "p",
                                              "f", "a", "z", "y"};
    prefix = kSmall[(-exponent - 1) / 3];
  }
  int precision = 3 - (exponent - shift) - 1;
  std::string shown = py::float_format(scaled, precision);
  return prefix.empty() ? shown : shown + " " + prefix;
}

}  // namespace tattler::jinja::humanize
