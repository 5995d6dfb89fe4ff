// humanize.cpp - tattler's `humanize` filter: dispatch and coercions.
//
// apply() looks the function name up as getattr(humanize, name) would,
// coerces the value as that humanize function does (int(), float(), or
// nothing), and turns the exceptions humanize lets through into errors.
//
// Limits: see humanize.hpp.
#include "templates/jinja/humanize.hpp"

#include <fmt/format.h>

#include <cmath>
#include <functional>
#include <map>

#include "templates/jinja/humanize_detail.hpp"
#include "templates/jinja/pyconvert.hpp"

namespace tattler::jinja::humanize {
namespace detail {

// PyInt::mod - Python's value % m from the digits.
int64_t PyInt::mod(int64_t m) const {
  int64_t r = 0;
  for (char c : digits) r = (r * 10 + (c - '0')) % m;
  if (negative && r != 0) r = m - r;
  return r;
}

// make_int - the PyInt of a 64-bit value.
PyInt make_int(int64_t v) {
  PyInt out;
  out.value = v;
  out.negative = v < 0;
  std::string text = fmt::format("{}", v);
  out.digits = out.negative ? text.substr(1) : text;
  return out;
}

// int_from_text - a PyInt from int_text()'s sign and digits.
PyInt int_from_text(const std::string& text) {
  PyInt out;
  out.negative = !text.empty() && text[0] == '-';
  size_t first = text.find_first_not_of("-0");
  out.digits = first == std::string::npos ? "0" : text.substr(first);
  if (out.digits == "0") out.negative = false;
  std::optional<int64_t> v = py::parse_int(text);
  out.fits = v.has_value();
  out.value = v.value_or(0);
  return out;
}

thread_local std::string_view other_type_name = "NoneType";

// type_name - Python's type name of a value.
std::string type_name(const Input& value) {
  if (value.index() == 0) return std::string(other_type_name);
  static constexpr const char* kNames[] = {"",
                                           "bool",
                                           "int",
                                           "float",
                                           "str",
                                           "datetime.date",
                                           "datetime.time",
                                           "datetime.datetime",
                                           "datetime.timedelta"};
  return kNames[value.index()];
}

// to_int - Python's int(value).
std::variant<PyInt, PyError> to_int(const Input& value) {
  if (const bool* b = std::get_if<bool>(&value)) return make_int(*b ? 1 : 0);
  if (const int64_t* i = std::get_if<int64_t>(&value)) return make_int(*i);
  if (const double* d = std::get_if<double>(&value)) {
    if (std::isnan(*d)) {
      return PyError{"ValueError", "cannot convert float NaN to integer"};
    }
    if (std::isinf(*d)) {
      return PyError{"OverflowError",
                     "cannot convert float infinity to integer"};
    }
    return int_from_text(py::float_format(std::trunc(*d), 0));
  }
  if (const std::string* s = std::get_if<std::string>(&value)) {
    std::optional<std::string> text = py::int_text(*s);
    if (!text) {
      return PyError{"ValueError", "invalid literal for int() with base 10: " +
                                       py::str_repr(*s)};
    }
    return int_from_text(*text);
  }
  return PyError{"TypeError",
                 "int() argument must be a string, a bytes-like object or a "
                 "real number, not '" +
                     type_name(value) + "'"};
}

// to_float - Python's float(value).
std::variant<double, PyError> to_float(const Input& value) {
  if (const bool* b = std::get_if<bool>(&value)) return *b ? 1.0 : 0.0;
  if (const int64_t* i = std::get_if<int64_t>(&value)) {
    return static_cast<double>(*i);
  }
  if (const double* d = std::get_if<double>(&value)) return *d;
  if (const std::string* s = std::get_if<std::string>(&value)) {
    std::optional<double> v = py::parse_float(*s);
    if (!v) {
      return PyError{"ValueError",
                     "could not convert string to float: " + py::str_repr(*s)};
    }
    return *v;
  }
  return PyError{"TypeError",
                 "float() argument must be a string or a real number, not '" +
                     type_name(value) + "'"};
}

// group_thousands - commas into the leading digits.
std::string group_thousands(const std::string& text) {
  size_t start = !text.empty() && text[0] == '-' ? 1 : 0;
  size_t end = start;
  while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;

  std::string out = text.substr(0, start);
  for (size_t i = start; i < end; ++i) {
    if (i > start && (end - i) % 3 == 0) out.push_back(',');
    out.push_back(text[i]);
  }
  return out + text.substr(end);
}

}  // namespace detail

namespace {

using detail::PyError;
using detail::PyInt;
using Answer = Result<std::string>;
using Handler =
    std::function<Answer(const Input&, std::string_view, const Clock&)>;

// raise - the error of an exception humanize lets through.
Answer raise(const PyError& e) { return Err{e.message}; }

// with_int - int(value), then `fn`; str(value) when humanize catches.
Answer with_int(const Input& value, std::string_view value_str,
                const std::function<Answer(const PyInt&)>& fn) {
  auto v = detail::to_int(value);
  if (const PyError* e = std::get_if<PyError>(&v)) {
    return e->caught_by_humanize() ? Answer(std::string(value_str)) : raise(*e);
  }
  return fn(std::get<PyInt>(v));
}

// with_float - float(value), then `fn`; str(value) when humanize catches.
Answer with_float(const Input& value, std::string_view value_str,
                  const std::function<Answer(double)>& fn) {
  auto v = detail::to_float(value);
  if (const PyError* e = std::get_if<PyError>(&v)) {
    return e->caught_by_humanize() ? Answer(std::string(value_str)) : raise(*e);
  }
  return fn(std::get<double>(v));
}

// seconds_of - a PyInt as a number of seconds for timedelta().
Result<int64_t> seconds_of(const PyInt& v) {
  if (!v.fits) return Err{"Python int too large to convert to C int"};
  return v.value;
}

// do_naturaldelta - humanize.naturaldelta(value).
Answer do_naturaldelta(const Input& v, std::string_view s, const Clock&) {
  if (const TimeDelta* d = std::get_if<TimeDelta>(&v)) return naturaldelta(*d);
  return with_int(v, s, [](const PyInt& n) -> Answer {
    Result<int64_t> secs = seconds_of(n);
    if (!secs.ok()) return Err{secs.error()};
    return naturaldelta_seconds(*secs);
  });
}

// do_naturaltime - humanize.naturaltime(value).
Answer do_naturaltime(const Input& v, std::string_view s, const Clock& c) {
  if (const DateTime* dt = std::get_if<DateTime>(&v)) {
    return naturaltime(*dt, c.now);
  }
  if (const TimeDelta* d = std::get_if<TimeDelta>(&v)) {
    return naturaltime(*d, c.now);
  }
  return with_int(v, s, [&c](const PyInt& n) -> Answer {
    Result<int64_t> secs = seconds_of(n);
    if (!secs.ok()) return Err{secs.error()};
    return naturaltime_seconds(*secs, c.now);
  });
}

// date_part - the date of a date or datetime value, else nullptr.
const Date* date_part(const Input& v) {
  if (const Date* d = std::get_if<Date>(&v)) return d;
  if (const DateTime* dt = std::get_if<DateTime>(&v)) return &dt->date;
  return nullptr;
}

// do_naturalday - humanize.naturalday(value).
Answer do_naturalday(const Input& v, std::string_view s, const Clock& c) {
  const Date* d = date_part(v);
  if (d == nullptr) return std::string(s);
  return naturalday(*d, c.today);
}

// do_naturaldate - humanize.naturaldate(value).
Answer do_naturaldate(const Input& v, std::string_view s, const Clock& c) {
  const Date* d = date_part(v);
  if (d == nullptr) return std::string(s);
  return naturaldate(*d, c.today, c.now);
}

// delta_of_value - humanize's _date_and_delta for precisedelta: the
// distance of a datetime, timedelta or number of seconds from now.
std::variant<TimeDelta, PyError, std::monostate> delta_of_value(
    const Input& v, const Clock& c) {
  TimeDelta delta;
  if (const DateTime* dt = std::get_if<DateTime>(&v)) {
    Result<TimeDelta> d = sub(c.now, *dt);
    if (!d.ok()) return PyError{"TypeError", d.error()};
    delta = *d;
  } else if (const TimeDelta* td = std::get_if<TimeDelta>(&v)) {
    if (!sub(c.now, *td).ok()) {
      return PyError{"OverflowError", "date value out of range"};
    }
    delta = *td;
  } else {
    auto n = detail::to_int(v);
    if (const PyError* e = std::get_if<PyError>(&n)) {
      if (e->caught_by_humanize()) return std::monostate{};
      return *e;
    }
    Result<int64_t> secs = seconds_of(std::get<PyInt>(n));
    if (!secs.ok()) return PyError{"OverflowError", secs.error()};
    Result<TimeDelta> d = detail::delta_from_seconds(*secs);
    if (!d.ok()) return PyError{"OverflowError", d.error()};
    if (!sub(c.now, *d).ok()) {
      return PyError{"OverflowError", "date value out of range"};
    }
    delta = *d;
  }
  if (delta.days >= 0) return delta;
  Result<DateTime> shifted = add(c.now, delta);
  if (!shifted.ok()) return PyError{"OverflowError", shifted.error()};
  return *sub(c.now, *shifted);
}

// do_precisedelta - humanize.precisedelta(value).
Answer do_precisedelta(const Input& v, std::string_view s, const Clock& c) {
  auto d = delta_of_value(v, c);
  if (const PyError* e = std::get_if<PyError>(&d)) return raise(*e);
  if (std::holds_alternative<std::monostate>(d)) return std::string(s);
  return precisedelta(std::get<TimeDelta>(d));
}

// do_intcomma - humanize.intcomma(value), strings included.
Answer do_intcomma(const Input& v, std::string_view s, const Clock&) {
  if (const std::string* text = std::get_if<std::string>(&v)) {
    std::string plain;
    for (char ch : *text) {
      if (ch != ',') plain.push_back(ch);
    }
    if (plain.find('.') != std::string::npos) {
      std::optional<double> f = py::parse_float(plain);
      if (!f) return plain;
      return intcomma(*f);
    }
    std::optional<std::string> digits = py::int_text(plain);
    if (!digits) return plain;
    return detail::group_thousands(detail::int_from_text(*digits).str());
  }
  if (const int64_t* i = std::get_if<int64_t>(&v)) return intcomma(*i);
  if (const double* f = std::get_if<double>(&v)) return intcomma(*f);
  if (const bool* b = std::get_if<bool>(&v))
    return std::string(*b ? "True" : "False");
  return std::string(s);
}

// do_naturalsize - humanize.naturalsize(value); float() errors pass.
Answer do_naturalsize(const Input& v, std::string_view, const Clock&) {
  auto f = detail::to_float(v);
  if (const PyError* e = std::get_if<PyError>(&f)) return raise(*e);
  return naturalsize(std::get<double>(f));
}

// do_metric - humanize.metric(value), which coerces nothing.
Answer do_metric(const Input& v, std::string_view, const Clock&) {
  if (const bool* b = std::get_if<bool>(&v)) return metric(*b ? 1.0 : 0.0);
  if (const int64_t* i = std::get_if<int64_t>(&v)) {
    return metric(static_cast<double>(*i));
  }
  if (const double* f = std::get_if<double>(&v)) return metric(*f);
  if (std::holds_alternative<TimeDelta>(v)) {
    return Err{"must be real number, not datetime.timedelta"};
  }
  return Err{"bad operand type for abs(): '" + detail::type_name(v) + "'"};
}

// on_int - a handler applying `fn` to int(value), as ordinal() does.
Handler on_int(std::string (*fn)(const PyInt&)) {
  return [fn](const Input& v, std::string_view s, const Clock&) {
    return with_int(v, s, [fn](const PyInt& n) -> Answer { return fn(n); });
  };
}

// on_float - a handler applying `fn` to float(value), as fractional() does.
Handler on_float(Result<std::string> (*fn)(double)) {
  return [fn](const Input& v, std::string_view s, const Clock&) {
    return with_float(v, s, [fn](double f) { return fn(f); });
  };
}

// do_clamp - humanize.clamp(value): "{:}".format(value), i.e. str(value).
Answer do_clamp(const Input&, std::string_view s, const Clock&) {
  return std::string(s);
}

// do_activate - humanize.activate(locale) would switch the language.
Answer do_activate(const Input&, std::string_view, const Clock&) {
  return Err{"humanize.activate is not supported: English only"};
}

// no_argument - the error for humanize functions that take no argument.
Handler no_argument(std::string name) {
  return [name](const Input&, std::string_view, const Clock&) -> Answer {
    return Err{name + "() takes 0 positional arguments but 1 was given"};
  };
}

// not_callable - the error for module attributes that are not functions.
Handler not_callable(std::string type) {
  return [type](const Input&, std::string_view, const Clock&) -> Answer {
    return Err{"'" + type + "' object is not callable"};
  };
}

// handlers - the functions getattr(humanize, name) finds.
const std::map<std::string, Handler, std::less<>>& handlers() {
  static const auto* table = new std::map<std::string, Handler, std::less<>>{
      {"naturaldelta", do_naturaldelta},
      {"naturaltime", do_naturaltime},
      {"naturalday", do_naturalday},
      {"naturaldate", do_naturaldate},
      {"precisedelta", do_precisedelta},
      {"intcomma", do_intcomma},
      {"naturalsize", do_naturalsize},
      {"metric", do_metric},
      {"intword", on_int(detail::intword_text)},
      {"ordinal", on_int(detail::ordinal_text)},
      {"apnumber", on_int(detail::apnumber_text)},
      {"fractional", on_float(fractional)},
      {"scientific", on_float(scientific)},
      {"clamp", do_clamp},
      {"activate", do_activate},
      {"deactivate", no_argument("deactivate")},
      {"thousands_separator", no_argument("thousands_separator")},
      {"decimal_separator", no_argument("decimal_separator")},
      {"time", not_callable("module")},
      {"number", not_callable("module")},
      {"filesize", not_callable("module")},
      {"i18n", not_callable("module")},
      {"importlib_metadata", not_callable("module")},
      {"__version__", not_callable("str")},
      {"__name__", not_callable("str")},
      {"__doc__", not_callable("str")},
      {"__file__", not_callable("str")},
      {"__package__", not_callable("str")},
      {"__all__", not_callable("list")},
      {"__path__", not_callable("list")},
  };
  return *table;
}

}  // namespace

Result<std::optional<std::string>> apply(std::string_view function,
                                         const Input& value,
                                         std::string_view value_str,
                                         const Clock& clock,
                                         std::string_view other_type) {
  detail::other_type_name = other_type;
  auto it = handlers().find(function);
  if (it == handlers().end()) return std::optional<std::string>();

  // Jinja's Undefined raises on int(), float() and attribute access, so
  // every function but clamp and metric fails on it.
  if (other_type == "Undefined" && value.index() == 0 && function != "clamp" &&
      function != "metric") {
    return Err{"undefined value"};
  }
  Answer answer = it->second(value, value_str, clock);
  if (!answer.ok()) return Err{answer.error()};
  return std::optional<std::string>(std::move(answer).value());
}

// default_function - the function used without an argument.
std::optional<std::string_view> default_function(const Input& value) {
  if (std::holds_alternative<TimeDelta>(value)) return "naturaldelta";
  if (std::holds_alternative<DateTime>(value)) return "naturaltime";
  if (std::holds_alternative<Date>(value)) return "naturaldate";
  return std::nullopt;
}

}  // namespace tattler::jinja::humanize
