// value.cpp - Value construction, access and Python printing; Dict.
//
// Limits: see value.hpp.

#include "templates/jinja/value.hpp"

#include <charconv>
#include <cmath>
#include <cstring>

#include "templates/jinja/decimal.hpp"
#include "templates/jinja/engine.hpp"
#include "templates/jinja/pyconvert.hpp"
#include "templates/jinja/renderer.hpp"
#include "templates/jinja/unicode.hpp"

namespace tattler::jinja {
namespace {

template <typename T>
const T& held(const std::shared_ptr<const void>& p) {
  return *static_cast<const T*>(p.get());
}

const std::string kEmptyString;
const List kEmptyList;
const Dict kEmptyDict;

// append_repr_string - Python's repr() of a str.
void append_repr_string(std::string& out, const std::string& s) {
  out += py::str_repr(s);
}

void append_repr(std::string& out, const Value& v);

// append_float - Python's repr(float); the common range (1e-4 <= |v| <
// 1e16) takes a fast path: shortest fixed digits plus ".0" when integral.
void append_float(std::string& out, double v) {
  if (decimal::append_short_repr(out, v)) return;
  double a = std::fabs(v);
  if (std::isfinite(v) && (a == 0.0 || (a >= 1e-4 && a < 1e16))) {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    out.append(buf, static_cast<size_t>(r.ptr - buf));
    if (std::memchr(buf, '.', static_cast<size_t>(r.ptr - buf)) == nullptr) {
      out += ".0";
    }
    return;
  }
  out += py::float_repr(v);
}

void append_items(std::string& out, const List& items, bool tuple) {
  out.push_back(tuple ? '(' : '[');
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    append_repr(out, items[i]);
  }
  if (tuple && items.size() == 1) out.push_back(',');
  out.push_back(tuple ? ')' : ']');
}

void append_repr(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kString:
      append_repr_string(out, v.as_string());
      return;
    case Value::Kind::kUndefined:
      out += "Undefined";
      return;
    case Value::Kind::kDateTime:
      out += v.as_datetime().repr();
      return;
    case Value::Kind::kDate:
      out += v.as_date().repr();
      return;
    case Value::Kind::kTime:
      out += v.as_time().repr();
      return;
    case Value::Kind::kTimeDelta:
      out += v.as_timedelta().repr();
      return;
    default:
      v.append_str(out);
  }
}

}  // namespace

Value::Value(bool b) : kind_(Kind::kBool) { b_ = b; }
Value::Value(int64_t i) : kind_(Kind::kInt) { i_ = i; }
Value::Value(int i) : kind_(Kind::kInt) { i_ = i; }
Value::Value(double f) : kind_(Kind::kFloat) { f_ = f; }
Value::Value(std::string s)
    : kind_(Kind::kString), p_(std::make_shared<const std::string>(
                                 std::move(s))) {}
Value::Value(std::string_view s) : Value(std::string(s)) {}
Value::Value(const char* s) : Value(std::string(s)) {}
Value::Value(List l)
    : kind_(Kind::kList), p_(std::make_shared<const List>(std::move(l))) {}
Value::Value(Dict d)
    : kind_(Kind::kDict), p_(std::make_shared<const Dict>(std::move(d))) {}
Value::Value(DateTime dt)
    : kind_(Kind::kDateTime), p_(std::make_shared<const DateTime>(dt)) {}
Value::Value(Date d) : kind_(Kind::kDate), p_(std::make_shared<const Date>(d)) {}
Value::Value(Time t) : kind_(Kind::kTime), p_(std::make_shared<const Time>(t)) {}
Value::Value(TimeDelta td)
    : kind_(Kind::kTimeDelta), p_(std::make_shared<const TimeDelta>(td)) {}
Value::Value(std::shared_ptr<const Template> t)
    : kind_(t ? Kind::kTemplate : Kind::kNone), p_(std::move(t)) {}
Value::Value(std::shared_ptr<const Callable> c)
    : kind_(c ? Kind::kCallable : Kind::kNone), p_(std::move(c)) {}

Value Value::undefined(std::string message) {
  Value v;
  v.kind_ = Kind::kUndefined;
  v.p_ = std::make_shared<const std::string>(std::move(message));
  return v;
}

Value Value::safe_string(std::string s) {
  Value v(std::move(s));
  v.safe_ = true;
  return v;
}

Value Value::borrowed_string(const std::string& s, bool safe) {
  Value v;
  v.kind_ = Kind::kString;
  v.safe_ = safe;
  // The aliasing constructor with an empty owner: a pointer, no count.
  v.p_ = std::shared_ptr<const void>(std::shared_ptr<const void>(), &s);
  return v;
}

Value Value::tuple(List items) {
  Value v(std::move(items));
  v.tuple_ = true;
  return v;
}

const std::string& Value::empty_string() { return kEmptyString; }
const List& Value::empty_list() { return kEmptyList; }
const Dict& Value::empty_dict() { return kEmptyDict; }
const DateTime& Value::as_datetime() const { return held<DateTime>(p_); }
const Date& Value::as_date() const { return held<Date>(p_); }
const Time& Value::as_time() const { return held<Time>(p_); }
const TimeDelta& Value::as_timedelta() const { return held<TimeDelta>(p_); }

std::shared_ptr<const Template> Value::as_template() const {
  return std::static_pointer_cast<const Template>(p_);
}

const Callable& Value::as_callable() const { return held<Callable>(p_); }

std::shared_ptr<const Callable> Value::callable_ptr() const {
  return std::static_pointer_cast<const Callable>(p_);
}

const std::string& Value::undefined_message() const {
  return kind_ == Kind::kUndefined ? held<std::string>(p_) : kEmptyString;
}

void Value::append_str(std::string& out) const {
  switch (kind_) {
    case Kind::kNone: out += "None"; return;
    case Kind::kUndefined: return;
    case Kind::kBool: out += b_ ? "True" : "False"; return;
    case Kind::kInt: {
      char buf[24];
      auto r = std::to_chars(buf, buf + sizeof buf, i_);
      out.append(buf, static_cast<size_t>(r.ptr - buf));
      return;
    }
    case Kind::kFloat: append_float(out, f_); return;
    case Kind::kString: out += held<std::string>(p_); return;
    case Kind::kList: append_items(out, held<List>(p_), tuple_); return;
    case Kind::kDict: {
      out.push_back('{');
      bool first = true;
      for (const auto& [k, v] : held<Dict>(p_)) {
        if (!first) out += ", ";
        first = false;
        append_repr_string(out, k);
        out += ": ";
        append_repr(out, v);
      }
      out.push_back('}');
      return;
    }
    case Kind::kDateTime: out += as_datetime().str(); return;
    case Kind::kDate: out += as_date().str(); return;
    case Kind::kTime: out += as_time().str(); return;
    case Kind::kTimeDelta: out += as_timedelta().str(); return;
    case Kind::kTemplate:
      out += "<Template '" + held<Template>(p_).name() + "'>";
      return;
    case Kind::kCallable: out += as_callable().repr(); return;
  }
}

std::string Value::str() const {
  if (kind_ == Kind::kString) return held<std::string>(p_);
  std::string out;
  append_str(out);
  return out;
}

std::string Value::repr() const {
  std::string out;
  append_repr(out, *this);
  return out;
}

bool Value::truthy() const {
  switch (kind_) {
    case Kind::kNone:
    case Kind::kUndefined: return false;
    case Kind::kBool: return b_;
    case Kind::kInt: return i_ != 0;
    case Kind::kFloat: return f_ != 0.0;
    case Kind::kString: return !held<std::string>(p_).empty();
    case Kind::kList: return !held<List>(p_).empty();
    case Kind::kDict: return !held<Dict>(p_).empty();
    case Kind::kTimeDelta: {
      const TimeDelta& t = as_timedelta();
      return t.days != 0 || t.seconds != 0 || t.microseconds != 0;
    }
    default: return true;
  }
}

std::string_view Value::type_name() const {
  switch (kind_) {
    case Kind::kNone: return "NoneType";
    case Kind::kUndefined: return "Undefined";
    case Kind::kBool: return "bool";
    case Kind::kInt: return "int";
    case Kind::kFloat: return "float";
    case Kind::kString: return "str";
    case Kind::kList: return tuple_ ? "tuple" : "list";
    case Kind::kDict: return "dict";
    case Kind::kDateTime: return "datetime.datetime";
    case Kind::kDate: return "datetime.date";
    case Kind::kTime: return "datetime.time";
    case Kind::kTimeDelta: return "datetime.timedelta";
    case Kind::kTemplate: return "Template";
    case Kind::kCallable: return "function";
  }
  return "object";
}

void Dict::set(std::string key, Value value) {
  if (items_.size() >= kIndexThreshold) {
    auto it = index_.find(key);
    if (it != index_.end()) {
      items_[it->second].second = std::move(value);
      return;
    }
    index_.emplace(key, items_.size());
    items_.emplace_back(std::move(key), std::move(value));
    return;
  }
  for (auto& item : items_) {
    if (item.first == key) {
      item.second = std::move(value);
      return;
    }
  }
  items_.emplace_back(std::move(key), std::move(value));
  if (items_.size() == kIndexThreshold) rebuild_index();
}

const Value* Dict::find_indexed(std::string_view key) const {
  auto it = index_.find(key);
  return it == index_.end() ? nullptr : &items_[it->second].second;
}

bool Dict::erase(std::string_view key) {
  for (size_t i = 0; i < items_.size(); ++i) {
    if (items_[i].first == key) {
      items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(i));
      rebuild_index();
      return true;
    }
  }
  return false;
}

void Dict::rebuild_index() {
  index_.clear();
  if (items_.size() < kIndexThreshold) return;
  for (size_t i = 0; i < items_.size(); ++i) index_.emplace(items_[i].first, i);
}

}  // namespace tattler::jinja
