// tests.cpp - the tests of `x is name` (defined, none, number, string,
// even, odd, divisibleby, comparisons, ...) and the registry that finds
// filters and tests by name.
//
// Limits: `sameas` treats equal small ints, None and booleans as the same
// object (as CPython caches them) and other values by identity.

#include <algorithm>
#include <unordered_map>

#include "fmt/format.h"
#include "templates/jinja/filters.hpp"
#include "templates/jinja/registry.hpp"

namespace tattler::jinja {
namespace {

const Value& other(const CallArgs& a, std::string_view what) {
  if (a.args.empty()) raise(fmt::format("test '{}' needs an argument", what));
  return a.args[0];
}

bool t_defined(Renderer&, const Value& v, CallArgs&) { return !v.is_undefined(); }
bool t_undefined(Renderer&, const Value& v, CallArgs&) { return v.is_undefined(); }
bool t_none(Renderer&, const Value& v, CallArgs&) { return v.is_none(); }
bool t_number(Renderer&, const Value& v, CallArgs&) { return v.is_number(); }
bool t_integer(Renderer&, const Value& v, CallArgs&) { return v.is_int(); }
bool t_float(Renderer&, const Value& v, CallArgs&) { return v.is_float(); }
bool t_string(Renderer&, const Value& v, CallArgs&) { return v.is_string(); }
bool t_mapping(Renderer&, const Value& v, CallArgs&) { return v.is_dict(); }
bool t_boolean(Renderer&, const Value& v, CallArgs&) { return v.is_bool(); }
bool t_true(Renderer&, const Value& v, CallArgs&) {
  return v.is_bool() && v.as_bool();
}
bool t_false(Renderer&, const Value& v, CallArgs&) {
  return v.is_bool() && !v.as_bool();
}
bool t_callable(Renderer&, const Value& v, CallArgs&) {
  return v.is_callable();
}
bool t_escaped(Renderer&, const Value& v, CallArgs&) { return v.is_safe(); }
bool t_iterable(Renderer&, const Value& v, CallArgs&) {
  return v.is_string() || v.is_list() || v.is_dict() || v.is_undefined();
}
bool t_sequence(Renderer&, const Value& v, CallArgs&) {
  return v.is_string() || v.is_list() || v.is_dict() || v.is_undefined();
}

int64_t mod_of(const Value& v, const Value& d) {
  Value m = binary_op(BinOp::kMod, v, d);
  return m.is_float() ? (m.as_float() == 0.0 ? 0 : 1) : m.as_int();
}

bool t_even(Renderer&, const Value& v, CallArgs&) {
  return mod_of(v, Value(2)) == 0;
}
bool t_odd(Renderer&, const Value& v, CallArgs&) {
  return mod_of(v, Value(2)) == 1;
}
bool t_divisibleby(Renderer&, const Value& v, CallArgs& a) {
  return mod_of(v, other(a, "divisibleby")) == 0;
}
bool t_eq(Renderer&, const Value& v, CallArgs& a) {
  return py_equal(v, other(a, "eq"));
}
bool t_ne(Renderer&, const Value& v, CallArgs& a) {
  return !py_equal(v, other(a, "ne"));
}
bool t_lt(Renderer&, const Value& v, CallArgs& a) {
  return py_compare(v, other(a, "lt")) < 0;
}
bool t_le(Renderer&, const Value& v, CallArgs& a) {
  return py_compare(v, other(a, "le")) <= 0;
}
bool t_gt(Renderer&, const Value& v, CallArgs& a) {
  return py_compare(v, other(a, "gt")) > 0;
}
bool t_ge(Renderer&, const Value& v, CallArgs& a) {
  return py_compare(v, other(a, "ge")) >= 0;
}
bool t_in(Renderer&, const Value& v, CallArgs& a) {
  return py_contains(other(a, "in"), v);
}
bool t_lower(Renderer& r, const Value& v, CallArgs&) {
  CallArgs none;
  Value out;
  return call_method(r, Value(v.str()), "islower", none, &out) && out.truthy();
}
bool t_upper(Renderer& r, const Value& v, CallArgs&) {
  CallArgs none;
  Value out;
  return call_method(r, Value(v.str()), "isupper", none, &out) && out.truthy();
}
bool t_sameas(Renderer&, const Value& v, CallArgs& a) {
  const Value& o = other(a, "sameas");
  if (v.is_none() || v.is_bool()) return v.kind() == o.kind() && py_equal(v, o);
  if (v.is_int() && o.is_int()) {
    return v.as_int() == o.as_int() && v.as_int() >= -5 && v.as_int() <= 256;
  }
  if (v.is_callable() && o.is_callable()) return py_equal(v, o);
  return false;
}
bool t_filter(Renderer&, const Value& v, CallArgs&) {
  return v.is_string() && find_filter(v.as_string()) != nullptr;
}
bool t_test(Renderer&, const Value& v, CallArgs&) {
  return v.is_string() && find_test(v.as_string()) != nullptr;
}

constexpr TestEntry kTests[] = {
    {"defined", t_defined},   {"undefined", t_undefined},
    {"none", t_none},         {"number", t_number},
    {"integer", t_integer},   {"float", t_float},
    {"string", t_string},     {"mapping", t_mapping},
    {"boolean", t_boolean},   {"true", t_true},
    {"false", t_false},       {"callable", t_callable},
    {"escaped", t_escaped},   {"iterable", t_iterable},
    {"sequence", t_sequence}, {"even", t_even},
    {"odd", t_odd},           {"divisibleby", t_divisibleby},
    {"eq", t_eq},             {"equalto", t_eq},
    {"==", t_eq},             {"ne", t_ne},
    {"!=", t_ne},             {"lt", t_lt},
    {"lessthan", t_lt},       {"<", t_lt},
    {"le", t_le},             {"<=", t_le},
    {"gt", t_gt},             {"greaterthan", t_gt},
    {">", t_gt},              {"ge", t_ge},
    {">=", t_ge},             {"in", t_in},
    {"lower", t_lower},       {"upper", t_upper},
    {"sameas", t_sameas},     {"filter", t_filter},
    {"test", t_test},
};

template <typename Entry, typename Fn>
std::unordered_map<std::string_view, Fn> index_of(
    std::initializer_list<std::span<const Entry>> tables) {
  std::unordered_map<std::string_view, Fn> m;
  for (auto table : tables) {
    for (const Entry& e : table) m.emplace(e.name, e.fn);
  }
  return m;
}

}  // namespace

std::span<const TestEntry> builtin_tests() { return kTests; }

const char* filter_params(std::string_view name) {
  static const std::unordered_map<std::string_view, const char*> kParams = {
      {"upper", ""}, {"lower", ""}, {"capitalize", ""}, {"title", ""},
      {"escape", ""}, {"e", ""}, {"forceescape", ""}, {"safe", ""},
      {"string", ""}, {"striptags", ""}, {"wordcount", ""}, {"first", ""},
      {"last", ""}, {"length", ""}, {"count", ""}, {"list", ""},
      {"reverse", ""}, {"items", ""}, {"abs", ""}, {"pprint", ""},
      {"urlencode", ""}, {"center", "width"}, {"replace", "old,new,count"},
      {"trim", "chars"}, {"indent", "width,first,blank"},
      {"truncate", "length,killwords,end,leeway"},
      {"wordwrap", "width,break_long_words,wrapstring,break_on_hyphens"},
      {"xmlattr", "autospace"}, {"join", "d,attribute"},
      {"sort", "reverse,case_sensitive,attribute"},
      {"dictsort", "case_sensitive,by,reverse"},
      {"max", "case_sensitive,attribute"}, {"min", "case_sensitive,attribute"},
      {"unique", "case_sensitive,attribute"}, {"sum", "attribute,start"},
      {"groupby", "attribute,default,case_sensitive"},
      {"batch", "linecount,fill_with"}, {"slice", "slices,fill_with"},
      {"attr", "name"}, {"default", "default_value,boolean"},
      {"d", "default_value,boolean"}, {"float", "default"},
      {"int", "default,base"}, {"round", "precision,method"},
      {"filesizeformat", "binary"}, {"tojson", "indent"},
      {"humanize", "format"}};
  auto it = kParams.find(name);
  return it == kParams.end() ? "*" : it->second;
}

// param_index - position of `name` in the comma-separated `params`, or -1.
int param_index(std::string_view params, std::string_view name) {
  int i = 0;
  for (size_t b = 0; b <= params.size(); ++i) {
    size_t c = params.find(',', b);
    if (c == std::string_view::npos) c = params.size();
    if (params.substr(b, c - b) == name) return i;
    b = c + 1;
  }
  return -1;
}

void check_args(std::string_view what, const char* params,
                const CallArgs& args) {
  std::string_view p(params);
  if (p == "*" || (args.args.empty() && args.kwargs.empty())) return;
  size_t count = p.empty() ? 0 : 1 + std::count(p.begin(), p.end(), ',');
  if (args.args.size() > count) {
    raise(fmt::format("{}() takes {} positional argument(s) but {} were given",
                      what, count + 1, args.args.size() + 1));
  }
  for (const auto& [k, v] : args.kwargs) {
    int i = p.empty() ? -1 : param_index(p, k);
    if (i < 0) {
      raise(fmt::format("{}() got an unexpected keyword argument '{}'", what,
                        k));
    }
    if (static_cast<size_t>(i) < args.args.size()) {
      raise(fmt::format("{}() got multiple values for argument '{}'", what, k));
    }
  }
}

FilterFn find_filter(std::string_view name) {
  static const auto filters = index_of<FilterEntry, FilterFn>(
      {text_filters(), seq_filters(), misc_filters()});
  auto it = filters.find(name);
  return it == filters.end() ? nullptr : it->second;
}

TestFn find_test(std::string_view name) {
  static const auto tests = index_of<TestEntry, TestFn>({builtin_tests()});
  auto it = tests.find(name);
  return it == tests.end() ? nullptr : it->second;
}

}  // namespace tattler::jinja
