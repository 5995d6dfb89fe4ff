// access.cpp - Jinja's attribute and item lookup (obj.name, obj[key],
// slices), iteration, and filters/tests called by name at run time.
//
// Limits: attributes of plain values are limited to the methods of
// methods.cpp and the fields of datetime values; a (grouper, list) pair
// from groupby answers .grouper and .list.

#include "fmt/format.h"
#include "templates/jinja/registry.hpp"
#include "templates/jinja/renderer.hpp"
#include "templates/jinja/unicode.hpp"

namespace tattler::jinja {
namespace {

Value no_attribute(const Value& obj, std::string_view name) {
  return Value::undefined(
      fmt::format("'{}' has no attribute '{}'", object_type_repr(obj), name));
}

// datetime_field - .year, .days ... of the datetime values.
bool datetime_field(const Value& obj, std::string_view n, Value* out) {
  if (obj.is_timedelta()) {
    const TimeDelta& t = obj.as_timedelta();
    if (n == "days") *out = Value(t.days);
    else if (n == "seconds") *out = Value(t.seconds);
    else if (n == "microseconds") *out = Value(t.microseconds);
    else return false;
    return true;
  }
  const Date* d = obj.is_date()       ? &obj.as_date()
                  : obj.is_datetime() ? &obj.as_datetime().date
                                      : nullptr;
  const Time* t = obj.is_time()       ? &obj.as_time()
                  : obj.is_datetime() ? &obj.as_datetime().time
                                      : nullptr;
  if (d && n == "year") *out = Value(d->year);
  else if (d && n == "month") *out = Value(d->month);
  else if (d && n == "day") *out = Value(d->day);
  else if (t && n == "hour") *out = Value(t->hour);
  else if (t && n == "minute") *out = Value(t->minute);
  else if (t && n == "second") *out = Value(t->second);
  else if (t && n == "microsecond") *out = Value(t->microsecond);
  else if (t && n == "tzinfo" && !t->aware()) *out = Value();
  else return false;
  return true;
}

// normalize_index - Python's index rules; false when out of range.
bool normalize_index(int64_t* i, size_t size) {
  int64_t n = static_cast<int64_t>(size);
  if (*i < 0) *i += n;
  return *i >= 0 && *i < n;
}

// slice_bounds - Python's slice.indices().
void slice_bounds(const Value& start, const Value& stop, const Value& step,
                  int64_t len, int64_t* b, int64_t* e, int64_t* s) {
  *s = step.is_none() ? 1 : step.as_int();
  if (*s == 0) raise("slice step cannot be zero");
  auto fix = [&](const Value& v, int64_t def, int64_t lo, int64_t hi) {
    if (v.is_none()) return def;
    int64_t x = v.as_int();
    if (x < 0) x += len;
    if (x < lo) x = lo;
    if (x > hi) x = hi;
    return x;
  };
  if (*s > 0) {
    *b = fix(start, 0, 0, len);
    *e = fix(stop, len, 0, len);
  } else {
    *b = fix(start, len - 1, -1, len - 1);
    *e = fix(stop, -1, -1, len - 1);
  }
}

}  // namespace

Value Renderer::getattr(const Value& obj, std::string_view name) {
  Value out;
  switch (obj.kind()) {
    case Value::Kind::kUndefined: raise(obj.undefined_message());
    case Value::Kind::kCallable:
      if (obj.as_callable().get_attr(name, &out)) return out;
      return no_attribute(obj, name);
    case Value::Kind::kDict: {
      if (has_method(obj, name)) return make_bound_method(obj, name);
      const Value* v = obj.as_dict().find(name);
      return v ? *v : no_attribute(obj, name);
    }
    case Value::Kind::kList:
      if (obj.is_tuple() && obj.as_list().size() == 2 &&
          (name == "grouper" || name == "list")) {
        return obj.as_list()[name == "grouper" ? 0 : 1];
      }
      break;
    case Value::Kind::kDateTime:
    case Value::Kind::kDate:
    case Value::Kind::kTime:
    case Value::Kind::kTimeDelta:
      if (datetime_field(obj, name, &out)) return out;
      break;
    default: break;
  }
  if (has_method(obj, name)) return make_bound_method(obj, name);
  return no_attribute(obj, name);
}

Value Renderer::getitem(const Value& obj, const Value& key) {
  switch (obj.kind()) {
    case Value::Kind::kUndefined: raise(obj.undefined_message());
    case Value::Kind::kDict: {
      const Value* v = key.is_string() ? obj.as_dict().find(key.as_string())
                                       : obj.as_dict().find(key.str());
      if (v) return *v;
      break;
    }
    case Value::Kind::kList:
      if (key.is_int() || key.is_bool()) {
        int64_t i = key.as_int();
        const List& l = obj.as_list();
        if (normalize_index(&i, l.size())) return l[static_cast<size_t>(i)];
        return Value::undefined(fmt::format("{} has no element {}",
                                            object_type_repr(obj), key.str()));
      }
      break;
    case Value::Kind::kString:
      if (key.is_int() || key.is_bool()) {
        std::u32string cps = uni::decode(obj.as_string());
        int64_t i = key.as_int();
        if (normalize_index(&i, cps.size())) {
          return Value(uni::encode(
              std::u32string(1, cps[static_cast<size_t>(i)])));
        }
        return Value::undefined(fmt::format("{} has no element {}",
                                            object_type_repr(obj), key.str()));
      }
      break;
    default: break;
  }
  if (key.is_string()) return getattr(obj, key.as_string());
  return Value::undefined(fmt::format("{} has no element {}",
                                      object_type_repr(obj), key.repr()));
}

Value Renderer::getitem_str(const Value& obj, std::string_view key) {
  if (obj.is_undefined()) raise(obj.undefined_message());
  if (obj.is_dict()) {
    if (const Value* v = obj.as_dict().find(key)) return *v;
  }
  return getattr(obj, key);
}

Value Renderer::eval_slice(const Value& obj, const Expr& slice) {
  Value start = slice.a ? eval(*slice.a) : Value();
  Value stop = slice.b ? eval(*slice.b) : Value();
  Value step = slice.c ? eval(*slice.c) : Value();
  for (const Value* v : {&start, &stop, &step}) {
    if (!v->is_none() && !v->is_int() && !v->is_bool()) {
      raise("slice indices must be integers or None");
    }
  }
  if (obj.is_undefined()) raise(obj.undefined_message());
  if (obj.is_string()) {
    std::u32string cps = uni::decode(obj.as_string());
    int64_t b, e, s;
    slice_bounds(start, stop, step, static_cast<int64_t>(cps.size()), &b, &e,
                 &s);
    std::u32string out;
    for (int64_t i = b; s > 0 ? i < e : i > e; i += s) {
      out.push_back(cps[static_cast<size_t>(i)]);
    }
    return Value(uni::encode(out));
  }
  if (!obj.is_list()) {
    raise(fmt::format("'{}' object is not subscriptable", obj.type_name()));
  }
  const List& l = obj.as_list();
  int64_t b, e, s;
  slice_bounds(start, stop, step, static_cast<int64_t>(l.size()), &b, &e, &s);
  List out;
  for (int64_t i = b; s > 0 ? i < e : i > e; i += s) {
    out.push_back(l[static_cast<size_t>(i)]);
  }
  return obj.is_tuple() ? Value::tuple(std::move(out)) : Value(std::move(out));
}

List Renderer::iterate(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kList: return v.as_list();
    case Value::Kind::kUndefined: return {};
    case Value::Kind::kDict: {
      List keys;
      keys.reserve(v.as_dict().size());
      for (const auto& [k, x] : v.as_dict()) keys.push_back(Value(k));
      return keys;
    }
    case Value::Kind::kString: {
      List chars;
      std::u32string cps = uni::decode(v.as_string());
      count_iterations(static_cast<int64_t>(cps.size()));
      for (char32_t c : cps) {
        chars.push_back(Value(uni::encode(std::u32string(1, c))));
      }
      return chars;
    }
    default:
      raise(fmt::format("'{}' object is not iterable", v.type_name()));
  }
}

Value Renderer::apply_filter(std::string_view name, const Value& v,
                             CallArgs& args) {
  FilterFn f = find_filter(name);
  if (f == nullptr) raise(fmt::format("No filter named '{}'.", name));
  check_args(name, filter_params(name), args);
  return f(*this, v, args);
}

bool Renderer::apply_test(std::string_view name, const Value& v,
                          CallArgs& args) {
  TestFn t = find_test(name);
  if (t == nullptr) raise(fmt::format("No test named '{}'.", name));
  return t(*this, v, args);
}

}  // namespace tattler::jinja
