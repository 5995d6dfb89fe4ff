// pyconvert.cpp - Python's int(str), float(str) and repr(float).
//
// CPython first rewrites the string to ASCII (a Unicode space becomes ' ',
// a Unicode decimal digit its ASCII digit, anything else non-ASCII makes the
// string invalid), then parses the ASCII text. We do the same.
//
// Limits: see pyconvert.hpp.
#include "templates/jinja/pyconvert.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "templates/jinja/decimal.hpp"

namespace tattler::jinja::py {
namespace {

// The code points of every Unicode (14.0, Python 3.11) digit zero; the
// nine digits that follow each are 1..9. Generated with unicodedata.
constexpr std::array<char32_t, 66> kDigitZeros = {
    0x30,    0x660,   0x6f0,   0x7c0,   0x966,   0x9e6,   0xa66,   0xae6,
    0xb66,   0xbe6,   0xc66,   0xce6,   0xd66,   0xde6,   0xe50,   0xed0,
    0xf20,   0x1040,  0x1090,  0x17e0,  0x1810,  0x1946,  0x19d0,  0x1a80,
    0x1a90,  0x1b50,  0x1bb0,  0x1c40,  0x1c50,  0xa620,  0xa8d0,  0xa900,
    0xa9d0,  0xa9f0,  0xaa50,  0xabf0,  0xff10,  0x104a0, 0x10d30, 0x11066,
    0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0,
    0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0,
    0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0,
    0x1e950, 0x1fbf0};

// Non-ASCII code points for which str.isspace() is true.
constexpr std::array<char32_t, 19> kUnicodeSpaces = {
    0x85,   0xa0,   0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
    0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
    0x2028, 0x2029, 0x202f, 0x205f, 0x3000};

constexpr int kMaxIntDigits = 4300;

// decode_utf8 - the next code point of `s` at `i`, advancing `i`; returns
// 0xFFFFFFFF for a malformed sequence.
char32_t decode_utf8(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int extra = -1;
  if (c < 0x80) {
    extra = 0;
  } else if ((c >> 5) == 6) {
    extra = 1;
  } else if ((c >> 4) == 14) {
    extra = 2;
  } else if ((c >> 3) == 30) {
    extra = 3;
  }
  if (extra < 0 || i + static_cast<size_t>(extra) >= s.size()) {
    ++i;
    return 0xFFFFFFFF;
  }
  char32_t cp = extra == 0 ? c : (c & (0x3F >> extra));
  for (int k = 1; k <= extra; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) {
      i += k;
      return 0xFFFFFFFF;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  i += extra + 1;
  return cp;
}

// to_ascii - CPython's rewrite of a numeric string to ASCII; nullopt when a
// character can be neither a space nor a digit.
std::optional<std::string> to_ascii(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    char32_t cp = decode_utf8(s, i);
    if (cp < 127) {
      out.push_back(static_cast<char>(cp));
      continue;
    }

    bool done = false;
    for (char32_t space : kUnicodeSpaces) {
      if (cp == space) {
        out.push_back(' ');
        done = true;
        break;
      }
    }
    for (size_t k = 0; !done && k < kDigitZeros.size(); ++k) {
      if (cp >= kDigitZeros[k] && cp < kDigitZeros[k] + 10) {
        out.push_back(static_cast<char>('0' + (cp - kDigitZeros[k])));
        done = true;
      }
    }
    if (!done) return std::nullopt;
  }
  return out;
}

// is_py_space - Py_ISSPACE: the ASCII whitespace CPython's parsers skip.
bool is_py_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
         c == '\r';
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// strip - the text without surrounding Py_ISSPACE characters.
std::string_view strip(std::string_view s) {
  while (!s.empty() && is_py_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_py_space(s.back())) s.remove_suffix(1);
  return s;
}

// int_digits - the sign and digits of a valid int() text, underscores
// removed; nullopt when int() would raise.
std::optional<std::string> int_digits(std::string_view raw) {
  std::optional<std::string> ascii = to_ascii(raw);
  if (!ascii) return std::nullopt;
  std::string_view s = strip(*ascii);

  std::string out;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    if (s.front() == '-') out.push_back('-');
    s.remove_prefix(1);
  }
  if (s.empty() || !is_digit(s.front()) || !is_digit(s.back())) {
    return std::nullopt;
  }

  // An underscore must sit between two digits.
  int digits = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_') {
      if (!is_digit(s[i - 1]) || !is_digit(s[i + 1])) return std::nullopt;
      continue;
    }
    if (!is_digit(s[i])) return std::nullopt;
    out.push_back(s[i]);
    ++digits;
  }
  if (digits > kMaxIntDigits) return std::nullopt;
  return out;
}

// float_text - the ASCII text strtod should read for a valid float() text,
// underscores removed; nullopt when float() would raise.
std::optional<std::string> float_text(std::string_view raw) {
  std::optional<std::string> ascii = to_ascii(raw);
  if (!ascii) return std::nullopt;
  std::string_view s = strip(*ascii);
  if (s.empty()) return std::nullopt;

  // Underscores only between digits.
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_') {
      if (i == 0 || i + 1 == s.size() || !is_digit(s[i - 1]) ||
          !is_digit(s[i + 1])) {
        return std::nullopt;
      }
      continue;
    }
    out.push_back(s[i]);
  }

  // Grammar: [sign] (digits [. digits*] | . digits) [e [sign] digits]
  // or [sign] (inf | infinity | nan), case-insensitive.
  std::string_view t = out;
  if (!t.empty() && (t.front() == '+' || t.front() == '-')) t.remove_prefix(1);
  std::string lower;
  for (char c : t)
    lower.push_back(
        static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower == "inf" || lower == "infinity" || lower == "nan") return out;

  size_t i = 0;
  size_t mantissa_digits = 0;
  while (i < t.size() && is_digit(t[i])) ++i, ++mantissa_digits;
  if (i < t.size() && t[i] == '.') {
    ++i;
    while (i < t.size() && is_digit(t[i])) ++i, ++mantissa_digits;
  }
  if (mantissa_digits == 0) return std::nullopt;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    size_t exp_digits = 0;
    while (i < t.size() && is_digit(t[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return std::nullopt;
  }
  if (i != t.size()) return std::nullopt;
  return out;
}

// is_printable - str.isprintable() for one code point, for the code points
// that occur in practice (controls, separators and format characters).
bool is_printable(char32_t cp) {
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp == 0xad) return false;
  if (cp == 0x1680 || cp == 0x3000 || cp == 0xfeff) return false;
  if (cp >= 0x2000 && cp <= 0x200f) return false;
  if (cp >= 0x2028 && cp <= 0x202f) return false;
  if (cp >= 0x205f && cp <= 0x206f) return false;
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  if (cp >= 0xfff9 && cp <= 0xfffb) return false;
  return true;
}

}  // namespace

// parse_int - int(s) within 64 bits.
std::optional<int64_t> parse_int(std::string_view s) {
  std::optional<std::string> digits = int_digits(s);
  if (!digits) return std::nullopt;

  int64_t value = 0;
  const char* first = digits->data();
  const char* last = first + digits->size();
  auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || ptr != last) return std::nullopt;
  return value;
}

// int_text - the digits of int(s), any size.
std::optional<std::string> int_text(std::string_view s) {
  return int_digits(s);
}

// is_python_int - int(s) succeeds, any size.
bool is_python_int(std::string_view s) { return int_digits(s).has_value(); }

// parse_float - float(s).
std::optional<double> parse_float(std::string_view s) {
  std::optional<std::string> text = float_text(s);
  if (!text) return std::nullopt;

  // strtod is correctly rounded in glibc and reads inf/infinity/nan; the
  // "C" locale is never changed by this program.
  std::string_view t = *text;
  bool negative = !t.empty() && t.front() == '-';
  std::string lower;
  for (char c : t) {
    lower.push_back(
        static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (lower.find("nan") != std::string::npos) {
    return negative ? -std::nan("") : std::nan("");
  }
  return std::strtod(text->c_str(), nullptr);
}

// float_repr - repr(float), from the shortest round-trip digits.
std::string float_repr(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  std::string fast;
  if (decimal::append_short_repr(fast, v)) return fast;

  // Shortest digits in scientific form "d.ddde[+-]x".
  char buf[64];
  auto res =
      std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  bool negative = sci.front() == '-';
  if (negative) sci.erase(0, 1);
  size_t e = sci.find('e');
  int exponent = std::atoi(sci.c_str() + e + 1);
  std::string digits;
  for (size_t i = 0; i < e; ++i) {
    if (sci[i] != '.') digits.push_back(sci[i]);
  }

  // Python uses exponent notation below 1e-4 and from 1e16 on.
  std::string out = negative ? "-" : "";
  if (exponent < -4 || exponent >= 16) {
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char exp_buf[16];
    std::snprintf(exp_buf, sizeof(exp_buf), "e%c%02d", exponent < 0 ? '-' : '+',
                  std::abs(exponent));
    return out + exp_buf;
  }
  if (exponent < 0) {
    return out + "0." + std::string(-exponent - 1, '0') + digits;
  }
  size_t int_len = static_cast<size_t>(exponent) + 1;
  if (digits.size() <= int_len) {
    return out + digits + std::string(int_len - digits.size(), '0') + ".0";
  }
  return out + digits.substr(0, int_len) + "." + digits.substr(int_len);
}

// float_format - "%.<precision>f" % v.
std::string float_format(double v, int precision) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";

  // A double has at most 309 integer digits; humanize asks for at most a
  // few decimals.
  if (precision < 0) precision = 0;
  if (precision > 60) precision = 60;
  char buf[400];
  int n = std::snprintf(buf, sizeof(buf), "%.*f", precision, v);
  return std::string(buf, static_cast<size_t>(n));
}

// str_repr - repr(str).
std::string str_repr(std::string_view s) {
  bool has_single = s.find('\'') != std::string_view::npos;
  bool has_double = s.find('"') != std::string_view::npos;
  char quote = has_single && !has_double ? '"' : '\'';

  std::string out(1, quote);
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    char32_t cp = decode_utf8(s, i);
    if (cp == 0xFFFFFFFF) {
      out += "\\x";  // not UTF-8; cannot come from a Python str
      continue;
    }
    if (cp == static_cast<char32_t>(quote) || cp == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(cp));
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (!is_printable(cp)) {
      char buf[16];
      const char* form = cp < 0x100     ? "\\x%02x"
                         : cp < 0x10000 ? "\\u%04x"
                                        : "\\U%08x";
      std::snprintf(buf, sizeof(buf), form, static_cast<unsigned>(cp));
      out += buf;
    } else {
      out.append(s.substr(start, i - start));
    }
  }
  out.push_back(quote);
  return out;
}

}  // namespace tattler::jinja::py
