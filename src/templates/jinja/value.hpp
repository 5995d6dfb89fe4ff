// value.hpp - the values a Jinja2 template sees: Python's None, bool, int,
// float, str, list, tuple, dict (insertion order), datetime, date, time,
// timedelta, plus a compiled template, and the engine's own undefined and
// callable values.
//
// A Value is cheap to copy: scalars are held inline, everything else is
// shared and immutable. str() prints as Python's str() does ("None",
// "True", "1.0", "['a']", "{'x': 1}"); repr() as Python's repr().
//
// Limits: ints are 64-bit (Python's are unbounded; the engine reports an
// overflow as an error). Copies share lists and dicts, so a template's
// list.append() is seen by every copy, as in Python.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "templates/jinja/datetime.hpp"

namespace tattler::jinja {

class Value;
class Dict;
class Template;  // engine.hpp
class Callable;  // callable.hpp (engine internal)

using List = std::vector<Value>;

class Value {
 public:
  enum class Kind : uint8_t {
    kNone,
    kUndefined,
    kBool,
    kInt,
    kFloat,
    kString,
    kList,
    kDict,
    kDateTime,
    kDate,
    kTime,
    kTimeDelta,
    kTemplate,
    kCallable,
  };

  Value() = default;  // None
  Value(bool b);                  // NOLINT: implicit on purpose
  Value(int64_t i);               // NOLINT
  Value(int i);                   // NOLINT
  Value(double f);                // NOLINT
  Value(std::string s);           // NOLINT
  Value(std::string_view s);      // NOLINT
  Value(const char* s);           // NOLINT
  Value(List l);                  // NOLINT
  Value(Dict d);                  // NOLINT
  Value(DateTime dt);             // NOLINT
  Value(Date d);                  // NOLINT
  Value(Time t);                  // NOLINT
  Value(TimeDelta td);            // NOLINT
  Value(std::shared_ptr<const Template> t);  // NOLINT
  Value(std::shared_ptr<const Callable> c);  // NOLINT

  // undefined - Jinja's Undefined; `message` is the error raised when the
  // value is used for more than printing, testing or iterating.
  static Value undefined(std::string message);

  // safe_string - a string marked safe (Markup): never escaped again.
  static Value safe_string(std::string s);

  // tuple - a list that prints as a Python tuple.
  static Value tuple(List items);

  // borrowed_string - a string value pointing at `s` without owning it,
  // for the renderer's scratch text: valid (copies too) only while `s`
  // lives unchanged.
  static Value borrowed_string(const std::string& s, bool safe);

  Kind kind() const { return kind_; }
  bool is_none() const { return kind_ == Kind::kNone; }
  bool is_undefined() const { return kind_ == Kind::kUndefined; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_int() const { return kind_ == Kind::kInt; }
  bool is_float() const { return kind_ == Kind::kFloat; }
  bool is_number() const {
    return kind_ == Kind::kInt || kind_ == Kind::kFloat ||
           kind_ == Kind::kBool;
  }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_safe() const { return safe_; }
  bool is_list() const { return kind_ == Kind::kList; }
  bool is_tuple() const { return kind_ == Kind::kList && tuple_; }
  bool is_dict() const { return kind_ == Kind::kDict; }
  bool is_datetime() const { return kind_ == Kind::kDateTime; }
  bool is_date() const { return kind_ == Kind::kDate; }
  bool is_time() const { return kind_ == Kind::kTime; }
  bool is_timedelta() const { return kind_ == Kind::kTimeDelta; }
  bool is_template() const { return kind_ == Kind::kTemplate; }
  bool is_callable() const { return kind_ == Kind::kCallable; }

  // as_* - the held value; callers check the kind first (as_int and
  // as_float also convert bools and ints as Python arithmetic does).
  bool as_bool() const { return b_; }
  int64_t as_int() const;
  double as_float() const;
  const std::string& as_string() const;
  const List& as_list() const;
  const Dict& as_dict() const;
  const DateTime& as_datetime() const;
  const Date& as_date() const;
  const Time& as_time() const;
  const TimeDelta& as_timedelta() const;
  std::shared_ptr<const Template> as_template() const;
  const Callable& as_callable() const;
  std::shared_ptr<const Callable> callable_ptr() const;
  // undefined_message - the error text of an undefined value.
  const std::string& undefined_message() const;

  // str - Python str(): None, True, 1.0, ['a'], {'x': 1}; undefined is "".
  std::string str() const;
  // repr - Python repr(): strings quoted as Python quotes them.
  std::string repr() const;
  // append_str - str() appended to `out` (avoids a copy when printing).
  void append_str(std::string& out) const;
  // truthy - Python truthiness; undefined is false.
  bool truthy() const;
  // type_name - Python's type name: 'int', 'str', 'dict', 'NoneType'...
  std::string_view type_name() const;

 private:
  // The values as_string/as_list/as_dict answer for other kinds.
  static const std::string& empty_string();
  static const List& empty_list();
  static const Dict& empty_dict();

  Kind kind_ = Kind::kNone;
  bool safe_ = false;
  bool tuple_ = false;
  union {
    bool b_;
    int64_t i_ = 0;
    double f_;
  };
  std::shared_ptr<const void> p_;
};

// same_text - a == b; inlined, as names are short and compared often
// (variables, dict keys).
inline bool same_text(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

// Dict - insertion-ordered mapping with string keys (Python dict order).
class Dict {
 public:
  using Item = std::pair<std::string, Value>;

  // set - insert at the end, or replace in place when the key exists.
  void set(std::string key, Value value);
  // find - the value of `key`, or nullptr when absent (small dicts are
  // scanned inline: most template dicts are small).
  const Value* find(std::string_view key) const {
    if (items_.size() >= kIndexThreshold) return find_indexed(key);
    for (const auto& item : items_) {
      if (same_text(item.first, key)) return &item.second;
    }
    return nullptr;
  }
  // erase - remove `key`; false when it was absent.
  bool erase(std::string_view key);
  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }

 private:
  // Small dicts are scanned; larger ones keep a hash index.
  static constexpr size_t kIndexThreshold = 12;
  void rebuild_index();
  const Value* find_indexed(std::string_view key) const;

  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view k) const {
      return std::hash<std::string_view>()(k);
    }
  };
  std::vector<Item> items_;
  std::unordered_map<std::string, size_t, KeyHash, std::equal_to<>> index_;
};

// The accessors read on every expression: inline.
inline int64_t Value::as_int() const {
  if (kind_ == Kind::kBool) return b_ ? 1 : 0;
  if (kind_ == Kind::kFloat) return static_cast<int64_t>(f_);
  return i_;
}

inline double Value::as_float() const {
  if (kind_ == Kind::kBool) return b_ ? 1.0 : 0.0;
  if (kind_ == Kind::kInt) return static_cast<double>(i_);
  return f_;
}

inline const std::string& Value::as_string() const {
  return kind_ == Kind::kString ? *static_cast<const std::string*>(p_.get())
                                : empty_string();
}

inline const List& Value::as_list() const {
  return kind_ == Kind::kList ? *static_cast<const List*>(p_.get())
                              : empty_list();
}

inline const Dict& Value::as_dict() const {
  return kind_ == Kind::kDict ? *static_cast<const Dict*>(p_.get())
                              : empty_dict();
}

}  // namespace tattler::jinja
