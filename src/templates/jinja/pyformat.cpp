// pyformat.cpp - %-formatting and str.format (see pyformat.hpp).
//
// Limits: see pyformat.hpp.

#include "templates/jinja/pyformat.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "fmt/format.h"
#include "templates/jinja/decimal.hpp"
#include "templates/jinja/pyconvert.hpp"
#include "templates/jinja/renderer.hpp"
#include "templates/jinja/unicode.hpp"

namespace tattler::jinja {
namespace {

struct Spec {
  char fill = ' ';
  char align = 0;  // '<', '>', '^', '=' or 0 (default)
  char sign = '-';
  bool alt = false;
  bool zero = false;
  int width = -1;
  char grouping = 0;
  int precision = -1;
  char type = 0;
};

// pad - apply width/fill/alignment to a formatted body.
std::string pad(std::string body, const Spec& s, char default_align) {
  if (s.width < 0) return body;
  int64_t len = static_cast<int64_t>(uni::length(body));
  if (len >= s.width) return body;
  size_t n = static_cast<size_t>(s.width - len);
  char align = s.align ? s.align : default_align;
  if (align == '=' ) {
    size_t sign = (!body.empty() && (body[0] == '-' || body[0] == '+' ||
                                     body[0] == ' ')) ? 1 : 0;
    return body.substr(0, sign) + std::string(n, s.fill) + body.substr(sign);
  }
  if (align == '<') return body + std::string(n, s.fill);
  if (align == '^') {
    return std::string(n / 2, s.fill) + body + std::string(n - n / 2, s.fill);
  }
  return std::string(n, s.fill) + body;
}

// group_digits - "1234567" to "1,234,567" in the integer part.
std::string group_digits(const std::string& num, char sep) {
  size_t start = (!num.empty() && (num[0] == '-' || num[0] == '+')) ? 1 : 0;
  size_t end = num.find_first_not_of("0123456789", start);
  if (end == std::string::npos) end = num.size();
  std::string digits = num.substr(start, end - start);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(sep);
    out.push_back(digits[i]);
  }
  return num.substr(0, start) + out + num.substr(end);
}

std::string c_format(double v, char type, int precision, bool alt) {
  if (std::isnan(v)) return std::isupper(type) ? "NAN" : "nan";
  if (std::isinf(v)) {
    std::string s = v < 0 ? "-inf" : "inf";
    return std::isupper(type) ? uni::upper(s) : s;
  }
  char f[16];
  snprintf(f, sizeof f, "%%%s.%d%c", alt ? "#" : "", precision, type);
  char buf[512];
  snprintf(buf, sizeof buf, f, v);
  return buf;
}

// fixed - "%.<p>f" of a finite float, correctly rounded.
std::string fixed(double v, int p) {
  std::string out;
  if (decimal::append_fixed(out, v, p)) return out;
  char buf[512];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed,
                         std::min(p, 300));
  if (r.ec != std::errc()) return py::float_format(v, p);
  return std::string(buf, r.ptr);
}

// format_float - one float under a spec type (f, e, g, %, or none).
std::string format_float(double v, const Spec& s) {
  std::string body;
  char t = s.type;
  int p = s.precision;
  if (t == 0 && p < 0) {
    body = py::float_repr(v);
  } else if (t == 'f' || t == 'F') {
    body = std::isfinite(v) ? fixed(v, p < 0 ? 6 : p)
                            : c_format(v, t, 0, false);
    if (t == 'F') body = uni::upper(body);
  } else if (t == '%') {
    body = fixed(v * 100, p < 0 ? 6 : p) + "%";
  } else if (t == 'e' || t == 'E' || t == 'g' || t == 'G') {
    body = c_format(v, t, p < 0 ? 6 : p, s.alt);
  } else if (t == 0 || t == 'n') {
    body = c_format(v, 'g', p < 0 ? 12 : (p == 0 ? 1 : p), s.alt);
    if (body.find_first_of(".einf") == std::string::npos) body += ".0";
  } else {
    raise(fmt::format("Unknown format code '{}' for object of type 'float'",
                      t));
  }
  if (s.grouping) body = group_digits(body, s.grouping);
  if (s.sign != '-' && !body.empty() && body[0] != '-') {
    body.insert(body.begin(), s.sign);
  }
  return body;
}

std::string format_int(int64_t v, const Spec& s) {
  char t = s.type;
  if (t == 'e' || t == 'E' || t == 'f' || t == 'F' || t == 'g' || t == 'G' ||
      t == '%') {
    return format_float(static_cast<double>(v), s);
  }
  std::string digits;
  uint64_t mag = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  if (t == 'x' || t == 'X') {
    digits = t == 'x' ? fmt::format("{:x}", mag) : fmt::format("{:X}", mag);
    if (s.alt) digits = std::string(t == 'x' ? "0x" : "0X") + digits;
  } else if (t == 'o') {
    digits = fmt::format("{:o}", mag);
    if (s.alt) digits = "0o" + digits;
  } else if (t == 'b') {
    digits = fmt::format("{:b}", mag);
    if (s.alt) digits = "0b" + digits;
  } else if (t == 'c') {
    std::string c;
    uni::append(c, static_cast<char32_t>(mag));
    return c;
  } else if (t == 0 || t == 'd' || t == 'n') {
    digits = std::to_string(mag);
    if (s.grouping) digits = group_digits(digits, s.grouping);
  } else {
    raise(fmt::format("Unknown format code '{}' for object of type 'int'", t));
  }
  if (v < 0) return "-" + digits;
  if (s.sign != '-') return std::string(1, s.sign) + digits;
  return digits;
}

Spec parse_spec(std::string_view spec) {
  Spec s;
  size_t i = 0;
  auto is_align = [](char c) {
    return c == '<' || c == '>' || c == '^' || c == '=';
  };
  if (spec.size() >= 2 && is_align(spec[1])) {
    s.fill = spec[0];
    s.align = spec[1];
    i = 2;
  } else if (!spec.empty() && is_align(spec[0])) {
    s.align = spec[0];
    i = 1;
  }
  if (i < spec.size() && (spec[i] == '+' || spec[i] == '-' || spec[i] == ' ')) {
    s.sign = spec[i++];
  }
  if (i < spec.size() && spec[i] == '#') {
    s.alt = true;
    ++i;
  }
  if (i < spec.size() && spec[i] == '0') {
    s.zero = true;
    ++i;
  }
  int w = 0;
  bool has_w = false;
  while (i < spec.size() && std::isdigit(static_cast<unsigned char>(spec[i]))) {
    w = w * 10 + (spec[i++] - '0');
    has_w = true;
    if (w > 10000) raise("Too many decimal digits in format string");
  }
  if (has_w) s.width = w;
  if (i < spec.size() && (spec[i] == ',' || spec[i] == '_')) s.grouping = spec[i++];
  if (i < spec.size() && spec[i] == '.') {
    ++i;
    int p = 0;
    bool has_p = false;
    while (i < spec.size() && std::isdigit(static_cast<unsigned char>(spec[i]))) {
      p = p * 10 + (spec[i++] - '0');
      has_p = true;
      if (p > 10000) raise("Too many decimal digits in format string");
    }
    if (!has_p) raise("Format specifier missing precision");
    s.precision = p;
  }
  if (i < spec.size()) s.type = spec[i++];
  if (i < spec.size()) raise("Invalid format specifier");
  if (s.zero && !s.align) {
    s.fill = '0';
    s.align = '=';
  }
  return s;
}

}  // namespace

std::string format_value(const Value& v, std::string_view spec) {
  if (v.is_datetime()) return strftime(v.as_datetime(), spec);
  if (v.is_date()) return strftime(v.as_date(), spec);
  if (v.is_time()) return strftime(v.as_time(), spec);
  if (spec.empty()) return v.str();
  Spec s = parse_spec(spec);
  if (v.is_int() || v.is_bool()) {
    if (v.is_bool() && s.type == 0) return pad(v.str(), s, '<');
    return pad(format_int(v.as_int(), s), s, '>');
  }
  if (v.is_float()) return pad(format_float(v.as_float(), s), s, '>');
  if (v.is_string()) {
    if (s.type != 0 && s.type != 's') {
      raise(fmt::format("Unknown format code '{}' for object of type 'str'",
                        s.type));
    }
    std::string body = v.as_string();
    if (s.precision >= 0) {
      std::u32string cps = uni::decode(body);
      if (cps.size() > static_cast<size_t>(s.precision)) {
        body = uni::encode(std::u32string_view(cps).substr(0, s.precision));
      }
    }
    return pad(body, s, '<');
  }
  raise(fmt::format("unsupported format string passed to {}.__format__",
                    v.type_name()));
}

namespace {

// Conversion - one "%(key)-05.2f" directive.
struct Conversion {
  Spec spec;
  std::string_view key;
  bool has_key = false;
  char conv = 0;
};

// parse_conversion - the directive after the '%' at f[*i]; *i ends on its
// conversion character.
Conversion parse_conversion(std::string_view f, size_t* pos) {
  Conversion c;
  size_t i = *pos;
  if (i >= f.size()) raise("incomplete format");
  if (f[i] == '(') {
    size_t close = f.find(')', i);
    if (close == std::string_view::npos) raise("incomplete format key");
    c.key = f.substr(i + 1, close - i - 1);
    c.has_key = true;
    i = close + 1;
  }
  Spec& s = c.spec;
  s.align = '>';
  auto is_flag = [](char ch) {
    return ch == '-' || ch == '+' || ch == ' ' || ch == '#' || ch == '0';
  };
  for (; i < f.size() && is_flag(f[i]); ++i) {
    if (f[i] == '-') s.align = '<';
    if (f[i] == '+' || (f[i] == ' ' && s.sign != '+')) s.sign = f[i];
    if (f[i] == '#') s.alt = true;
    if (f[i] == '0') s.zero = true;
  }
  int w = 0;
  bool has_w = false;
  for (; i < f.size() && std::isdigit(static_cast<unsigned char>(f[i])); ++i) {
    w = std::min(w * 10 + (f[i] - '0'), 100000);
    has_w = true;
  }
  if (has_w) s.width = w;
  if (i < f.size() && f[i] == '.') {
    int p = 0;
    for (++i; i < f.size() && std::isdigit(static_cast<unsigned char>(f[i]));
         ++i) {
      p = std::min(p * 10 + (f[i] - '0'), 1000);
    }
    s.precision = p;
  }
  while (i < f.size() && (f[i] == 'h' || f[i] == 'l' || f[i] == 'L')) ++i;
  if (i >= f.size()) raise("incomplete format");
  c.conv = f[i];
  *pos = i;
  return c;
}

// plain_fixed - "%f" / "%.<p>f" without flags or width: a number's digits
// alone, written straight to the output.
bool plain_fixed(const Conversion& c) {
  const Spec& s = c.spec;
  return c.conv == 'f' && s.width < 0 && s.sign == '-' && !s.alt && !s.zero;
}

// convert_one - one argument under a directive.
std::string convert_one(Conversion c, const Value& arg, size_t at) {
  Spec& s = c.spec;
  char conv = c.conv;
  if (s.zero && s.align == '>' && conv != 's' && conv != 'r') {
    s.fill = '0';
    s.align = '=';
  }
  std::string body;
  switch (conv) {
    case 's': case 'c': body = arg.str(); break;
    case 'r': case 'a': body = arg.repr(); break;
    case 'd': case 'i': case 'u':
      if (!arg.is_number()) {
        raise(fmt::format("%{} format: a real number is required, not {}",
                          conv, arg.type_name()));
      }
      s.type = 'd';
      body = format_int(arg.is_float() ? static_cast<int64_t>(
                                             std::trunc(arg.as_float()))
                                       : arg.as_int(), s);
      break;
    case 'x': case 'X': case 'o':
      if (!arg.is_int() && !arg.is_bool()) {
        raise(fmt::format("%{} format: an integer is required, not {}", conv,
                          arg.type_name()));
      }
      s.type = conv;
      body = format_int(arg.as_int(), s);
      break;
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G':
      if (!arg.is_number()) {
        raise(fmt::format("must be real number, not {}", arg.type_name()));
      }
      s.type = conv;
      if (s.precision < 0) s.precision = 6;
      body = format_float(arg.as_float(), s);
      break;
    default:
      raise(fmt::format("unsupported format character '{}' (0x{:x}) at "
                        "index {}",
                        conv, static_cast<int>(conv), at));
  }
  if ((conv == 's' || conv == 'r') && s.precision >= 0) {
    std::u32string cps = uni::decode(body);
    if (cps.size() > static_cast<size_t>(s.precision)) {
      body = uni::encode(std::u32string_view(cps).substr(0, s.precision));
    }
  }
  return pad(body, s, '>');
}

}  // namespace

std::string percent_format(std::string_view f, const Value& args) {
  std::string out;
  append_percent_format(out, f, args);
  return out;
}

void append_percent_format(std::string& out, std::string_view f,
                           const Value& args) {
  // The argument list: the tuple's items, else `args` alone (none for a
  // mapping).
  const Dict* mapping = args.is_dict() ? &args.as_dict() : nullptr;
  const Value* list = &args;
  size_t count = mapping ? 0 : 1;
  if (args.is_tuple()) {
    list = args.as_list().data();
    count = args.as_list().size();
  }
  size_t next = 0;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%') {
      size_t pct = f.find('%', i);
      if (pct == std::string_view::npos) pct = f.size();
      out.append(f.substr(i, pct - i));
      i = pct - 1;
      continue;
    }
    ++i;
    Conversion c = parse_conversion(f, &i);
    if (c.conv == '%') {
      out.push_back('%');
      continue;
    }
    const Value* arg = nullptr;
    if (c.has_key) {
      if (!mapping) raise("format requires a mapping");
      arg = mapping->find(c.key);
      if (!arg) raise("'" + std::string(c.key) + "'");
    } else {
      if (next >= count) raise("not enough arguments for format string");
      arg = &list[next++];
    }
    if (plain_fixed(c) && arg->is_number() &&
        decimal::append_fixed(out, arg->as_float(),
                              c.spec.precision < 0 ? 6 : c.spec.precision)) {
      continue;
    }
    out += convert_one(c, *arg, i);
  }
  if (!mapping && next < count) {
    raise("not all arguments converted during string formatting");
  }
}

std::string str_format(std::string_view f, const CallArgs& args) {
  std::string out;
  size_t auto_index = 0;
  for (size_t i = 0; i < f.size(); ++i) {
    char c = f[i];
    if (c == '}') {
      if (i + 1 < f.size() && f[i + 1] == '}') ++i;
      else raise("Single '}' encountered in format string");
      out.push_back('}');
      continue;
    }
    if (c != '{') {
      out.push_back(c);
      continue;
    }
    if (i + 1 < f.size() && f[i + 1] == '{') {
      out.push_back('{');
      ++i;
      continue;
    }
    size_t close = f.find('}', i);
    if (close == std::string_view::npos) {
      raise("expected '}' before end of string");
    }
    std::string_view field = f.substr(i + 1, close - i - 1);
    i = close;
    std::string_view spec;
    size_t colon = field.find(':');
    if (colon != std::string_view::npos) {
      spec = field.substr(colon + 1);
      field = field.substr(0, colon);
    }
    char conv = 0;
    size_t bang = field.find('!');
    if (bang != std::string_view::npos) {
      if (bang + 1 < field.size()) conv = field[bang + 1];
      field = field.substr(0, bang);
    }
    const Value* v = nullptr;
    if (field.empty()) {
      if (auto_index >= args.args.size()) {
        raise(fmt::format("Replacement index {} out of range for positional "
                          "args tuple",
                          auto_index));
      }
      v = &args.args[auto_index++];
    } else if (std::isdigit(static_cast<unsigned char>(field[0]))) {
      size_t idx = static_cast<size_t>(std::atoi(std::string(field).c_str()));
      if (idx >= args.args.size()) {
        raise(fmt::format("Replacement index {} out of range for positional "
                          "args tuple",
                          idx));
      }
      v = &args.args[idx];
    } else {
      for (const auto& [k, kv] : args.kwargs) {
        if (k == field) v = &kv;
      }
      if (!v) raise("'" + std::string(field) + "'");
    }
    if (conv == 'r' || conv == 'a') {
      out += format_value(Value(v->repr()), spec);
    } else if (conv == 's') {
      out += format_value(Value(v->str()), spec);
    } else {
      out += format_value(*v, spec);
    }
  }
  return out;
}

}  // namespace tattler::jinja
