// methods.cpp - Python methods templates call on values: str (upper,
// lower, strip, split, replace, startswith, format, join, ...), list
// (index, count, append, extend, insert, pop, clear), dict (items, keys,
// values, get, update, pop, setdefault, clear) and datetime values
// (strftime, isoformat, date, weekday, total_seconds, ...).
//
// Mutating methods change the value in place, as in Python: every alias
// sees the change, including the caller's context. A context whose lists
// or dicts a template mutates must therefore not be rendered by two
// threads at once.
//
// Limits: list.remove/sort/reverse and dict.popitem are refused;
// dict.items()/keys()/values() return lists (Python prints dict views as
// "dict_items([...])").

#include <cstdint>
#include <unordered_set>
#include <vector>

#include "fmt/format.h"
#include "templates/jinja/pyformat.hpp"
#include "templates/jinja/renderer.hpp"
#include "templates/jinja/unicode.hpp"

namespace tattler::jinja {
namespace {

// BoundMethod - obj.name taken without calling it.
class BoundMethod : public Callable {
 public:
  BoundMethod(Value obj, std::string name)
      : obj_(std::move(obj)), name_(std::move(name)) {}
  std::string repr() const override {
    return fmt::format("<built-in method {} of {} object>", name_,
                       obj_.type_name());
  }
  Value call(Renderer& r, CallArgs& args) const override {
    Value out;
    call_method(r, obj_, name_, args, &out);
    return out;
  }

 private:
  Value obj_;
  std::string name_;
};

const std::string& str_arg(const CallArgs& a, size_t i, std::string_view what) {
  if (i >= a.args.size() || !a.args[i].is_string()) {
    raise(fmt::format("{}() argument must be str", what));
  }
  return a.args[i].as_string();
}

// strip_chars - str.strip/lstrip/rstrip with optional characters.
std::string strip_chars(const std::string& s, const CallArgs& a, bool left,
                        bool right) {
  std::u32string cps = uni::decode(s);
  std::u32string chars;
  bool ws = a.args.empty() || a.args[0].is_none();
  if (!ws) chars = uni::decode(str_arg(a, 0, "strip"));
  auto strip_it = [&](char32_t c) {
    return ws ? uni::is_space(c) : chars.find(c) != std::u32string::npos;
  };
  size_t b = 0, e = cps.size();
  if (left) {
    while (b < e && strip_it(cps[b])) ++b;
  }
  if (right) {
    while (e > b && strip_it(cps[e - 1])) --e;
  }
  return uni::encode(std::u32string_view(cps).substr(b, e - b));
}

// split_ws - str.split() without a separator.
List split_ws(const std::string& s, int64_t maxsplit) {
  std::u32string cps = uni::decode(s);
  List out;
  size_t i = 0;
  while (true) {
    while (i < cps.size() && uni::is_space(cps[i])) ++i;
    if (i >= cps.size()) break;
    if (maxsplit >= 0 && static_cast<int64_t>(out.size()) == maxsplit) {
      size_t e = cps.size();
      while (e > i && uni::is_space(cps[e - 1])) --e;
      out.push_back(Value(uni::encode(std::u32string_view(cps).substr(i, e - i))));
      break;
    }
    size_t b = i;
    while (i < cps.size() && !uni::is_space(cps[i])) ++i;
    out.push_back(Value(uni::encode(std::u32string_view(cps).substr(b, i - b))));
  }
  return out;
}

List split_sep(const std::string& s, const std::string& sep, int64_t maxsplit) {
  if (sep.empty()) raise("empty separator");
  List out;
  size_t pos = 0;
  while (maxsplit < 0 || static_cast<int64_t>(out.size()) < maxsplit) {
    size_t f = s.find(sep, pos);
    if (f == std::string::npos) break;
    out.push_back(Value(s.substr(pos, f - pos)));
    pos = f + sep.size();
  }
  out.push_back(Value(s.substr(pos)));
  return out;
}

// rsplit_sep - str.rsplit(sep, maxsplit).
List rsplit_sep(const std::string& s, const std::string& sep,
                int64_t maxsplit) {
  if (sep.empty()) raise("empty separator");
  List rev;
  size_t end = s.size();
  while (maxsplit < 0 || static_cast<int64_t>(rev.size()) < maxsplit) {
    if (end < sep.size()) break;
    size_t f = s.rfind(sep, end - sep.size());
    if (f == std::string::npos) break;
    rev.push_back(Value(s.substr(f + sep.size(), end - f - sep.size())));
    end = f;
  }
  rev.push_back(Value(s.substr(0, end)));
  return List(rev.rbegin(), rev.rend());
}

std::string replace_all(const std::string& s, const std::string& old,
                        const std::string& rep, int64_t count) {
  std::string out;
  if (old.empty()) {
    std::u32string cps = uni::decode(s);
    int64_t n = 0;
    for (char32_t c : cps) {
      if (count < 0 || n < count) {
        out += rep;
        ++n;
      }
      uni::append(out, c);
    }
    if (count < 0 || n < count) out += rep;
    return out;
  }
  size_t pos = 0;
  int64_t n = 0;
  while (count < 0 || n < count) {
    size_t f = s.find(old, pos);
    if (f == std::string::npos) break;
    out.append(s, pos, f - pos);
    out += rep;
    pos = f + old.size();
    ++n;
  }
  out.append(s, pos, std::string::npos);
  return out;
}

// affix_match - startswith/endswith with a str or a tuple of str.
bool affix_match(const std::string& s, const Value& what, bool start) {
  auto one = [&](const std::string& a) {
    if (a.size() > s.size()) return false;
    return start ? s.compare(0, a.size(), a) == 0
                 : s.compare(s.size() - a.size(), a.size(), a) == 0;
  };
  if (what.is_string()) return one(what.as_string());
  if (what.is_tuple()) {
    for (const Value& v : what.as_list()) {
      if (v.is_string() && one(v.as_string())) return true;
    }
    return false;
  }
  raise("startswith first arg must be str or a tuple of str");
}

// check_width - refuse paddings that would build huge strings.
int64_t check_width(int64_t width) {
  if (width > (16 << 20)) raise("width too large");
  return width;
}

std::string justify(const std::string& s, const CallArgs& a, char how) {
  int64_t width = check_width(a.get(0, "width", Value(0)).as_int());
  std::string fill = a.get(1, "fillchar", Value(" ")).str();
  int64_t len = static_cast<int64_t>(uni::length(s));
  if (width <= len) return s;
  int64_t marg = width - len;
  int64_t left = how == '<' ? 0 : how == '>' ? marg
                                             : marg / 2 + (marg & width & 1);
  std::string out;
  for (int64_t i = 0; i < left; ++i) out += fill;
  out += s;
  for (int64_t i = 0; i < marg - left; ++i) out += fill;
  return out;
}

bool all_chars(const std::string& s, bool (*pred)(char32_t)) {
  std::u32string cps = uni::decode(s);
  if (cps.empty()) return false;
  for (char32_t c : cps) {
    if (!pred(c)) return false;
  }
  return true;
}

// str_search_method - the str methods that search, replace, join or pad.
bool str_search_method(Renderer& r, const std::string& s, std::string_view n,
                       CallArgs& a, Value* out) {
  if (n == "replace") {
    *out = Value(replace_all(s, str_arg(a, 0, "replace"),
                             str_arg(a, 1, "replace"),
                             a.get(2, "count", Value(-1)).as_int()));
  } else if (n == "startswith" || n == "endswith") {
    if (a.args.empty()) raise(std::string(n) + "() takes at least 1 argument");
    *out = Value(affix_match(s, a.args[0], n == "startswith"));
  } else if (n == "find" || n == "rfind" || n == "index" || n == "count") {
    const std::string& sub = str_arg(a, 0, n);
    if (n == "count") {
      int64_t c = 0;
      if (sub.empty()) {
        c = static_cast<int64_t>(uni::length(s)) + 1;
      } else {
        for (size_t p = s.find(sub); p != std::string::npos;
             p = s.find(sub, p + sub.size())) {
          ++c;
        }
      }
      *out = Value(c);
    } else {
      size_t p = n == "rfind" ? s.rfind(sub) : s.find(sub);
      if (p == std::string::npos && n == "index") raise("substring not found");
      *out = Value(p == std::string::npos
                       ? int64_t{-1}
                       : static_cast<int64_t>(uni::length(s.substr(0, p))));
    }
  } else if (n == "join") {
    if (a.args.empty()) raise("join() takes exactly one argument");
    std::string j;
    bool first = true;
    for (const Value& v : r.iterate(a.args[0])) {
      if (!v.is_string()) {
        raise(fmt::format("sequence item: expected str instance, {} found",
                          v.type_name()));
      }
      if (!first) j += s;
      first = false;
      j += v.as_string();
    }
    *out = Value(std::move(j));
  } else if (n == "format") {
    *out = Value(str_format(s, a));
  } else if (n == "center") *out = Value(justify(s, a, '^'));
  else if (n == "ljust") *out = Value(justify(s, a, '<'));
  else if (n == "rjust") *out = Value(justify(s, a, '>'));
  else if (n == "zfill") {
    int64_t width = check_width(a.get(0, "width", Value(0)).as_int());
    int64_t len = static_cast<int64_t>(uni::length(s));
    std::string z = s;
    if (len < width) {
      size_t sign = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
      z.insert(sign, static_cast<size_t>(width - len), '0');
    }
    *out = Value(std::move(z));
  } else if (n == "isdigit" || n == "isdecimal" || n == "isnumeric") {
    *out = Value(all_chars(s, uni::is_digit));
  } else if (n == "isalpha") *out = Value(all_chars(s, uni::is_alpha));
  else if (n == "isalnum") {
    *out = Value(all_chars(s, [](char32_t c) {
      return uni::is_alpha(c) || uni::is_digit(c);
    }));
  } else if (n == "isspace") *out = Value(all_chars(s, uni::is_space));
  else if (n == "islower" || n == "isupper") {
    bool any = false, ok = true;
    for (char32_t c : uni::decode(s)) {
      if (uni::is_upper(c)) {
        any = true;
        ok = ok && n == "isupper";
      } else if (uni::is_lower(c)) {
        any = true;
        ok = ok && n == "islower";
      }
    }
    *out = Value(any && ok);
  } else {
    return false;
  }
  return true;
}

bool str_method(Renderer& r, const std::string& s, std::string_view n,
                CallArgs& a, Value* out) {
  static const std::unordered_set<std::string_view> kNoArgs = {
      "upper", "lower", "casefold", "title", "capitalize", "swapcase",
      "isdigit", "isdecimal", "isnumeric", "isalpha", "isalnum", "isspace",
      "islower", "isupper"};
  if ((!a.args.empty() || !a.kwargs.empty()) && kNoArgs.count(n)) {
    raise(fmt::format("str.{}() takes no arguments ({} given)", n,
                      a.args.size() + a.kwargs.size()));
  }
  int64_t maxsplit = a.get(1, "maxsplit", Value(-1)).as_int();
  if (n == "upper") *out = Value(uni::upper(s));
  else if (n == "lower" || n == "casefold") *out = Value(uni::lower(s));
  else if (n == "title") *out = Value(uni::py_title(s));
  else if (n == "capitalize") *out = Value(uni::capitalize(s));
  else if (n == "swapcase") *out = Value(uni::swapcase(s));
  else if (n == "strip") *out = Value(strip_chars(s, a, true, true));
  else if (n == "lstrip") *out = Value(strip_chars(s, a, true, false));
  else if (n == "rstrip") *out = Value(strip_chars(s, a, false, true));
  else if (n == "split" || n == "rsplit") {
    const Value* sep = a.arg(0, "sep");
    if (!sep || sep->is_none()) *out = Value(split_ws(s, maxsplit));
    else if (n == "split") *out = Value(split_sep(s, sep->str(), maxsplit));
    else *out = Value(rsplit_sep(s, sep->str(), maxsplit));
  } else if (n == "splitlines") {
    List lines;
    size_t b = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\n' || s[i] == '\r') {
        lines.push_back(Value(s.substr(b, i - b)));
        if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
        b = i + 1;
      }
    }
    if (b < s.size()) lines.push_back(Value(s.substr(b)));
    *out = Value(std::move(lines));
  } else {
    return str_search_method(r, s, n, a, out);
  }
  return true;
}

// mutate_dict - dict.update/pop/setdefault/clear, in place.
Value mutate_dict(Dict& d, std::string_view n, CallArgs& a) {
  if (n == "clear") {
    d = Dict();
    return Value();
  }
  if (n == "update") {
    if (!a.args.empty()) {
      if (!a.args[0].is_dict()) raise("dict.update() needs a mapping");
      Dict src = a.args[0].as_dict();
      for (const auto& [k, v] : src) d.set(k, v);
    }
    for (const auto& [k, v] : a.kwargs) d.set(k, v);
    return Value();
  }
  if (a.args.empty()) raise(fmt::format("{} expected at least 1 argument", n));
  std::string key = a.args[0].is_string() ? a.args[0].as_string()
                                          : a.args[0].str();
  const Value* cur = d.find(key);
  if (n == "setdefault") {
    if (cur) return *cur;
    Value v = a.args.size() > 1 ? a.args[1] : Value();
    d.set(key, v);
    return v;
  }
  if (!cur) {
    if (a.args.size() > 1) return a.args[1];
    raise(a.args[0].repr());
  }
  Value v = *cur;
  d.erase(key);
  return v;
}

bool dict_method(const Dict& d, std::string_view n, CallArgs& a, Value* out) {
  if (n == "items") {
    List items;
    items.reserve(d.size());
    for (const auto& [k, v] : d) items.push_back(Value::tuple({Value(k), v}));
    *out = Value(std::move(items));
  } else if (n == "keys") {
    List keys;
    for (const auto& [k, v] : d) keys.push_back(Value(k));
    *out = Value(std::move(keys));
  } else if (n == "values") {
    List values;
    for (const auto& [k, v] : d) values.push_back(v);
    *out = Value(std::move(values));
  } else if (n == "get") {
    if (a.args.empty()) raise("get expected at least 1 argument, got 0");
    const Value& key = a.args[0];
    const Value* v = d.find(key.is_string() ? key.as_string() : key.str());
    *out = v ? *v : (a.args.size() > 1 ? a.args[1] : Value());
  } else if (n == "copy") {
    *out = Value(d);
  } else if (n == "update" || n == "pop" || n == "setdefault" ||
             n == "clear") {
    *out = mutate_dict(const_cast<Dict&>(d), n, a);
  } else if (n == "popitem") {
    raise("dict.popitem() is not supported");
  } else {
    return false;
  }
  return true;
}

// mutate_list - list.append/extend/insert/pop/clear, in place, as Python
// does (every alias of the list sees the change).
Value mutate_list(Renderer& r, List& l, std::string_view n, CallArgs& a) {
  if (n == "clear") {
    l.clear();
    return Value();
  }
  if (n == "pop") {
    if (l.empty()) raise("pop from empty list");
    int64_t i = a.args.empty() ? -1 : a.args[0].as_int();
    if (i < 0) i += static_cast<int64_t>(l.size());
    if (i < 0 || i >= static_cast<int64_t>(l.size())) {
      raise("pop index out of range");
    }
    Value v = l[static_cast<size_t>(i)];
    l.erase(l.begin() + i);
    return v;
  }
  if (a.args.empty()) raise(fmt::format("{}() takes an argument", n));
  r.count_iterations(1);
  if (n == "append") {
    l.push_back(a.args[0]);
  } else if (n == "extend") {
    List more = r.iterate(a.args[0]);
    r.count_iterations(static_cast<int64_t>(more.size()));
    l.insert(l.end(), more.begin(), more.end());
  } else {
    if (a.args.size() < 2) raise("insert expected 2 arguments");
    int64_t i = a.args[0].as_int();
    int64_t size = static_cast<int64_t>(l.size());
    if (i < 0) i = std::max<int64_t>(0, i + size);
    l.insert(l.begin() + std::min(i, size), a.args[1]);
  }
  return Value();
}

bool list_method(Renderer& r, const Value& obj, std::string_view n,
                 CallArgs& a, Value* out) {
  const List& l = obj.as_list();
  if (n == "index" || n == "count") {
    if (a.args.empty()) raise(std::string(n) + "() takes exactly one argument");
    int64_t count = 0;
    for (size_t i = 0; i < l.size(); ++i) {
      if (py_equal(l[i], a.args[0])) {
        if (n == "index") {
          *out = Value(static_cast<int64_t>(i));
          return true;
        }
        ++count;
      }
    }
    if (n == "index") raise(a.args[0].repr() + " is not in list");
    *out = Value(count);
  } else if (n == "copy" && !obj.is_tuple()) {
    *out = obj;
  } else if (!obj.is_tuple() && (n == "append" || n == "extend" ||
                                  n == "insert" || n == "pop" ||
                                  n == "clear")) {
    *out = mutate_list(r, const_cast<List&>(l), n, a);
  } else if (!obj.is_tuple() &&
             (n == "remove" || n == "sort" || n == "reverse")) {
    raise(fmt::format("list.{}() is not supported", n));
  } else {
    return false;
  }
  return true;
}

bool datetime_method(const Value& obj, std::string_view n, CallArgs& a,
                     Value* out) {
  if (obj.is_timedelta()) {
    if (n != "total_seconds") return false;
    *out = Value(obj.as_timedelta().total_seconds());
    return true;
  }
  if (n == "strftime") {
    std::string f = str_arg(a, 0, "strftime");
    *out = Value(obj.is_datetime() ? strftime(obj.as_datetime(), f)
                 : obj.is_date()   ? strftime(obj.as_date(), f)
                                   : strftime(obj.as_time(), f));
  } else if (n == "isoformat") {
    *out = Value(obj.is_datetime() ? obj.as_datetime().isoformat()
                 : obj.is_date()   ? obj.as_date().isoformat()
                                   : obj.as_time().isoformat());
  } else if (n == "date" && obj.is_datetime()) {
    *out = Value(obj.as_datetime().date);
  } else if (n == "time" && obj.is_datetime()) {
    Time t = obj.as_datetime().time;
    t.utc_offset_seconds.reset();
    t.utc_offset_microseconds = 0;
    *out = Value(t);
  } else if ((n == "weekday" || n == "isoweekday") && !obj.is_time()) {
    const Date& d = obj.is_date() ? obj.as_date() : obj.as_datetime().date;
    *out = Value(n == "weekday" ? d.weekday() : d.isoweekday());
  } else {
    return false;
  }
  return true;
}

// NameSet - a few names; most lookups are rejected by length and first
// letter (one bit test) before any string is compared.
class NameSet {
 public:
  template <size_t N>
  explicit NameSet(const char* const (&names)[N]) {
    for (const char* name : names) {
      std::string_view n(name);
      names_.push_back(n);
      letters_[n.size()] |= bit(n[0]);
    }
  }

  bool contains(std::string_view n) const {
    if (n.empty() || n.size() >= kMaxLength ||
        (letters_[n.size()] & bit(n[0])) == 0) {
      return false;
    }
    for (std::string_view name : names_) {
      if (name == n) return true;
    }
    return false;
  }

 private:
  static constexpr size_t kMaxLength = 16;
  static uint32_t bit(char c) {
    return c >= 'a' && c <= 'z' ? 1u << (c - 'a') : 1u << 26;
  }
  std::vector<std::string_view> names_;
  uint32_t letters_[kMaxLength] = {};
};

bool known_method(const Value& obj, std::string_view n) {
  static const char* const kStr[] = {
      "upper", "lower", "casefold", "title", "capitalize", "swapcase",
      "strip", "lstrip", "rstrip", "split", "rsplit", "splitlines",
      "replace", "startswith", "endswith", "find", "rfind", "index",
      "count", "join", "format", "center", "ljust", "rjust", "zfill",
      "isdigit", "isdecimal", "isnumeric", "isalpha", "isalnum", "isspace",
      "islower", "isupper"};
  static const char* const kDict[] = {"items", "keys", "values", "get",
                                      "copy", "update", "pop", "setdefault",
                                      "clear", "popitem"};
  static const char* const kList[] = {"index", "count", "copy", "append",
                                      "extend", "insert", "pop", "remove",
                                      "sort", "reverse", "clear"};
  static const char* const kDate[] = {"strftime", "isoformat", "date", "time",
                                      "weekday", "isoweekday",
                                      "total_seconds"};
  // Sets of names, built once: attribute access asks this for every
  // dict attribute, so it must be cheap.
  static const NameSet str_names(kStr);
  static const NameSet dict_names(kDict);
  static const NameSet list_names(kList);
  static const NameSet date_names(kDate);
  auto in = [&](const NameSet& names) { return names.contains(n); };
  switch (obj.kind()) {
    case Value::Kind::kString: return in(str_names);
    case Value::Kind::kDict: return in(dict_names);
    case Value::Kind::kList: return in(list_names);
    case Value::Kind::kDateTime:
    case Value::Kind::kDate:
    case Value::Kind::kTime:
    case Value::Kind::kTimeDelta: return in(date_names);
    default: return false;
  }
}

}  // namespace

bool has_method(const Value& obj, std::string_view name) {
  return known_method(obj, name);
}

bool is_method_name(std::string_view name) {
  for (Value v : {Value(""), Value(Dict()), Value(List()), Value(Date())}) {
    if (known_method(v, name)) return true;
  }
  return false;
}

Value make_bound_method(const Value& obj, std::string_view name) {
  return Value(std::static_pointer_cast<const Callable>(
      std::make_shared<BoundMethod>(obj, std::string(name))));
}

bool call_method(Renderer& r, const Value& obj, std::string_view name,
                 CallArgs& args, Value* out) {
  if (!known_method(obj, name)) return false;
  switch (obj.kind()) {
    case Value::Kind::kString:
      return str_method(r, obj.as_string(), name, args, out);
    case Value::Kind::kDict: return dict_method(obj.as_dict(), name, args, out);
    case Value::Kind::kList: return list_method(r, obj, name, args, out);
    default: return datetime_method(obj, name, args, out);
  }
}

}  // namespace tattler::jinja
