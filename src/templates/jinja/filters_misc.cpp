// filters_misc.cpp - filters on numbers and any value: abs, attr,
// default/d, filesizeformat, float, int, pprint, round, tojson, and
// tattler's humanize (the glue to humanize.hpp).
//
// Limits: pprint prints repr() on one line (Python's pprint wraps at 80
// columns); tojson refuses datetime values as Python's json does.

#include <charconv>
#include <cmath>
#include <cstdio>

#include "fmt/format.h"
#include "templates/jinja/decimal.hpp"
#include "templates/jinja/filters.hpp"
#include "templates/jinja/humanize.hpp"
#include "templates/jinja/pyconvert.hpp"
#include "templates/jinja/unicode.hpp"

namespace tattler::jinja {
namespace {

Value f_abs(Renderer&, const Value& v, CallArgs&) {
  if (v.is_int() || v.is_bool()) {
    if (v.as_int() == INT64_MIN) raise("integer overflow");
    return Value(v.as_int() < 0 ? -v.as_int() : v.as_int());
  }
  if (v.is_float()) return Value(std::fabs(v.as_float()));
  if (v.is_timedelta()) {
    auto r = abs(v.as_timedelta());
    if (!r.ok()) raise(r.error());
    return Value(r.value());
  }
  raise(fmt::format("bad operand type for abs(): '{}'", v.type_name()));
}

Value f_attr(Renderer& r, const Value& v, CallArgs& a) {
  return r.getattr(v, a.get(0, "name", Value("")).str());
}

Value f_default(Renderer&, const Value& v, CallArgs& a) {
  Value def = a.get(0, "default_value", Value(""));
  bool boolean = a.get(1, "boolean", Value(false)).truthy();
  if (v.is_undefined() || (boolean && !v.truthy())) return def;
  return v;
}

Value f_float(Renderer&, const Value& v, CallArgs& a) {
  refuse_undefined(v);
  Value def = a.get(0, "default", Value(0.0));
  if (v.is_number()) return Value(v.as_float());
  if (v.is_string()) {
    auto f = py::parse_float(v.as_string());
    return f ? Value(*f) : def;
  }
  return def;
}

// to_int - Python int(x) of a float; false for nan/inf/out of range.
bool to_int(double f, int64_t* out) {
  if (!std::isfinite(f) || std::fabs(f) >= 9.2e18) return false;
  *out = static_cast<int64_t>(std::trunc(f));
  return true;
}

Value f_int(Renderer&, const Value& v, CallArgs& a) {
  refuse_undefined(v);
  Value def = a.get(0, "default", Value(0));
  int64_t base = a.get(1, "base", Value(10)).as_int();
  if (v.is_int() || v.is_bool()) return Value(v.as_int());
  int64_t out = 0;
  if (v.is_float()) return to_int(v.as_float(), &out) ? Value(out) : def;
  if (!v.is_string()) return def;
  const std::string& s = v.as_string();
  if (base == 10) {
    if (auto i = py::parse_int(s)) return Value(*i);
  } else if (base >= 2 && base <= 36) {
    std::string t = s;
    CallArgs none;
    t.erase(std::remove(t.begin(), t.end(), '_'), t.end());
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
    size_t b = 0;
    while (b < t.size() && std::isspace(static_cast<unsigned char>(t[b]))) ++b;
    t = t.substr(b);
    bool neg = !t.empty() && t[0] == '-';
    if (!t.empty() && (t[0] == '-' || t[0] == '+')) t = t.substr(1);
    if (t.size() > 2 && t[0] == '0' &&
        ((base == 16 && (t[1] == 'x' || t[1] == 'X')) ||
         (base == 8 && (t[1] == 'o' || t[1] == 'O')) ||
         (base == 2 && (t[1] == 'b' || t[1] == 'B')))) {
      t = t.substr(2);
    }
    char* end = t.data();
    errno = 0;
    long long x = std::strtoll(t.c_str(), &end, static_cast<int>(base));
    if (!t.empty() && *end == '\0' && errno == 0 && std::isalnum(
            static_cast<unsigned char>(t[0]))) {
      return Value(static_cast<int64_t>(neg ? -x : x));
    }
  }
  if (auto f = py::parse_float(s)) {
    if (to_int(*f, &out)) return Value(out);
  }
  return def;
}

// py_round - Python's round(x, n) for floats (correctly rounded: the
// shortest-exact decimal conversion of to_chars, then back).
double py_round(double x, int64_t n) {
  if (!std::isfinite(x)) return x;
  if (n > 300) return x;
  if (auto fast = decimal::round_to(x, static_cast<int>(n))) return *fast;
  if (n >= 0) {
    char buf[400];
    auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed,
                             static_cast<int>(n));
    double out = x;
    std::from_chars(buf, res.ptr, out);
    return out;
  }
  double p = std::pow(10.0, static_cast<double>(-n));
  return std::nearbyint(x / p) * p;
}

Value f_round(Renderer&, const Value& v, CallArgs& a) {
  const Value* precision_arg = a.arg(0, "precision");
  int64_t precision = precision_arg ? precision_arg->as_int() : 0;
  const Value* method_arg = a.arg(1, "method");
  std::string_view method = "common";
  std::string method_text;
  if (method_arg) {
    method_text = method_arg->str();
    method = method_text;
  }
  if (method != "common" && method != "ceil" && method != "floor") {
    raise("method must be common, ceil or floor");
  }
  if (!v.is_number()) {
    raise(fmt::format("type {} doesn't define __round__ method",
                      v.type_name()));
  }
  if (method == "common") {
    if (v.is_int() || v.is_bool()) {
      if (precision >= 0) return Value(v.as_int());
      double p = std::pow(10.0, static_cast<double>(-precision));
      return Value(static_cast<int64_t>(
          std::nearbyint(static_cast<double>(v.as_int()) / p) * p));
    }
    return Value(py_round(v.as_float(), precision));
  }
  double p = std::pow(10.0, static_cast<double>(precision));
  double x = v.as_float() * p;
  x = method == "ceil" ? std::ceil(x) : std::floor(x);
  return Value(x / p);
}

Value f_filesizeformat(Renderer&, const Value& v, CallArgs& a) {
  refuse_undefined(v);
  bool binary = a.get(0, "binary", Value(false)).truthy();
  double bytes = 0;
  if (v.is_number()) {
    bytes = v.as_float();
  } else if (auto f = v.is_string() ? py::parse_float(v.as_string())
                                    : std::nullopt) {
    bytes = *f;
  } else {
    raise(fmt::format("float() argument must be a string or a real number, "
                      "not '{}'",
                      v.type_name()));
  }
  double base = binary ? 1024 : 1000;
  static const char* kDec[] = {"kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
  static const char* kBin[] = {"KiB", "MiB", "GiB", "TiB",
                               "PiB", "EiB", "ZiB", "YiB"};
  if (bytes == 1) return Value("1 Byte");
  if (bytes < base) {
    int64_t n = 0;
    to_int(bytes, &n);
    return Value(fmt::format("{} Bytes", n));
  }
  double unit = base;
  for (int i = 0; i < 8; ++i) {
    unit = std::pow(base, i + 2);
    if (bytes < unit || i == 7) {
      return Value(py::float_format(base * bytes / unit, 1) + " " +
                   (binary ? kBin[i] : kDec[i]));
    }
  }
  return Value();
}

Value f_pprint(Renderer&, const Value& v, CallArgs&) { return Value(v.repr()); }

void json_string(std::string& out, const std::string& s) {
  out.push_back('"');
  for (char32_t c : uni::decode(s)) {
    char buf[16];
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20 || (c >= 0x7F && c < 0x10000)) {
          snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else if (c >= 0x10000) {
          char32_t x = c - 0x10000;
          snprintf(buf, sizeof buf, "\\u%04x\\u%04x",
                   static_cast<unsigned>(0xD800 + (x >> 10)),
                   static_cast<unsigned>(0xDC00 + (x & 0x3FF)));
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

void json_value(std::string& out, const Value& v, bool sort_keys, int indent,
                int level) {
  auto newline = [&](int lvl) {
    if (indent < 0) return;
    out.push_back('\n');
    out.append(static_cast<size_t>(indent * lvl), ' ');
  };
  const char* sep = indent < 0 ? ", " : ",";
  switch (v.kind()) {
    case Value::Kind::kNone: out += "null"; return;
    case Value::Kind::kBool: out += v.as_bool() ? "true" : "false"; return;
    case Value::Kind::kInt: out += std::to_string(v.as_int()); return;
    case Value::Kind::kFloat: {
      double f = v.as_float();
      if (std::isnan(f)) out += "NaN";
      else if (std::isinf(f)) out += f < 0 ? "-Infinity" : "Infinity";
      else out += py::float_repr(f);
      return;
    }
    case Value::Kind::kString: json_string(out, v.as_string()); return;
    case Value::Kind::kList: {
      const List& l = v.as_list();
      if (l.empty()) {
        out += "[]";
        return;
      }
      out.push_back('[');
      for (size_t i = 0; i < l.size(); ++i) {
        if (i > 0) out += sep;
        newline(level + 1);
        json_value(out, l[i], sort_keys, indent, level + 1);
      }
      newline(level);
      out.push_back(']');
      return;
    }
    case Value::Kind::kDict: {
      std::vector<const Dict::Item*> items;
      for (const auto& item : v.as_dict()) items.push_back(&item);
      if (sort_keys) {
        std::stable_sort(items.begin(), items.end(),
                         [](const Dict::Item* a, const Dict::Item* b) {
                           return a->first < b->first;
                         });
      }
      if (items.empty()) {
        out += "{}";
        return;
      }
      out.push_back('{');
      for (size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += sep;
        newline(level + 1);
        json_string(out, items[i]->first);
        out += ": ";
        json_value(out, items[i]->second, sort_keys, indent, level + 1);
      }
      newline(level);
      out.push_back('}');
      return;
    }
    default: {
      std::string t(v.type_name());
      size_t dot = t.rfind('.');
      if (dot != std::string::npos) t = t.substr(dot + 1);
      raise(fmt::format("Object of type {} is not JSON serializable", t));
    }
  }
}

Value f_tojson(Renderer&, const Value& v, CallArgs& a) {
  Value ind = a.get(0, "indent", Value());
  std::string s = json_dumps(v, true, ind.is_none() ? -1
                                                    : static_cast<int>(ind.as_int()));
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      case '\'': out += "\\u0027"; break;
      default: out.push_back(c);
    }
  }
  return Value::safe_string(std::move(out));
}

humanize::Input to_input(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kBool: return v.as_bool();
    case Value::Kind::kInt: return v.as_int();
    case Value::Kind::kFloat: return v.as_float();
    case Value::Kind::kString: return v.as_string();
    case Value::Kind::kDate: return v.as_date();
    case Value::Kind::kTime: return v.as_time();
    case Value::Kind::kDateTime: return v.as_datetime();
    case Value::Kind::kTimeDelta: return v.as_timedelta();
    default: return std::monostate{};
  }
}

Value f_humanize(Renderer&, const Value& v, CallArgs& a) {
  const Value* format = a.arg(0, "format");
  humanize::Input in = to_input(v);
  std::string function;
  // tattler tests `format is not None`: '' is a format (no such function:
  // the value is kept), and getattr() refuses a name that is not a str.
  if (format && !format->is_none()) {
    if (!format->is_string()) {
      raise(fmt::format("attribute name must be string, not '{}'",
                        format->type_name()));
    }
    function = format->as_string();
  } else {
    auto f = humanize::default_function(in);
    if (!f) return v;
    function = std::string(*f);
  }
  humanize::Clock clock{now_local(), today_local()};
  auto r = humanize::apply(function, in, v.str(), clock, v.type_name());
  // humanize's int()/float() of an undefined value raise Jinja's
  // UndefinedError, which names the variable (apply() says "undefined
  // value"; clamp and metric fail with their own TypeError instead).
  if (!r.ok() && v.is_undefined() && r.error() == "undefined value") {
    raise(v.undefined_message());
  }
  if (!r.ok()) raise(r.error());
  if (!r.value()) return v;
  return Value(std::move(*r.value()));
}

constexpr FilterEntry kMiscFilters[] = {
    {"abs", f_abs},         {"attr", f_attr},
    {"default", f_default}, {"d", f_default},
    {"float", f_float},     {"int", f_int},
    {"round", f_round},     {"filesizeformat", f_filesizeformat},
    {"pprint", f_pprint},   {"tojson", f_tojson},
    {"humanize", f_humanize},
};

}  // namespace

std::span<const FilterEntry> misc_filters() { return kMiscFilters; }

std::string json_dumps(const Value& v, bool sort_keys, int indent) {
  std::string out;
  json_value(out, v, sort_keys, indent, 0);
  return out;
}

}  // namespace tattler::jinja
