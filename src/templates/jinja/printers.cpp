// printers.cpp - filters printed straight into the output: for
// {{ x|escape }}, {{ x|truncate(n) }}, {{ fmt|format(...) }} and
// {{ x|round(n) }} the text
// the filter would return is appended where it is printed, so no result
// value (and no string allocation) is made.
//
// Each printer writes exactly what printing the filter's result writes
// with autoescape off (the renderer uses them only then). In a chain
// ({{ x|e|truncate(30) }}) the inner printer writes into scratch text that
// the outer one reads in place, so the chain makes no value either.
//
// Limits: format with keyword arguments takes the filter's path.

#include "fmt/format.h"
#include "templates/jinja/decimal.hpp"
#include "templates/jinja/filters.hpp"
#include "templates/jinja/pyformat.hpp"
#include "templates/jinja/registry.hpp"

namespace tattler::jinja {
namespace {

bool p_escape(Renderer&, const Value& v, CallArgs&, std::string& out,
              bool* safe) {
  *safe = true;
  if (v.is_safe()) {
    v.append_str(out);
  } else if (v.is_string()) {
    append_escaped(out, v.as_string());
  } else {
    append_escaped(out, text_of(v));
  }
  return true;
}

bool p_truncate(Renderer&, const Value& v, CallArgs& a, std::string& out,
                bool* safe) {
  // As the filter: unchanged values print as they are; a cut Markup stays
  // Markup with its end escaped.
  Truncation t = truncation(v, a);
  *safe = v.is_safe();
  if (t.end == nullptr) {
    v.append_str(out);
    return true;
  }
  out.append(v.as_string().data(), t.keep);
  if (v.is_safe()) {
    append_escaped(out, *t.end);
  } else {
    out.append(t.end->data(), t.end->size());
  }
  return true;
}

bool p_format(Renderer&, const Value& v, CallArgs& a, std::string& out,
              bool* safe) {
  if (!a.kwargs.empty()) return false;
  *safe = v.is_safe();

  std::string copy;
  if (!v.is_string()) copy = text_of(v);
  std::string_view text = v.is_string() ? v.as_string() : copy;
  // As the filter: one argument that is not a tuple or dict formats alone.
  if (a.args.size() == 1 && !a.args[0].is_list() && !a.args[0].is_dict()) {
    append_percent_format(out, text, a.args[0]);
  } else {
    append_percent_format(out, text, Value::tuple(a.args));
  }
  return true;
}

// p_round - a number: printed at once, no value returned through eval.
bool p_round(Renderer& r, const Value& v, CallArgs& a, std::string& out,
             bool* safe) {
  static const FilterFn kRound = find_filter("round");
  *safe = false;

  // A float rounded the common way prints its rounded decimal digits.
  const Value* precision = a.arg(0, "precision");
  const Value* method = a.arg(1, "method");
  bool common = !method || (method->is_string() &&
                            method->as_string() == "common");
  if (v.is_float() && common && (!precision || precision->is_int())) {
    int64_t n = precision ? precision->as_int() : 0;
    if (n >= 0 && n <= 17 &&
        decimal::append_round_repr(out, v.as_float(), static_cast<int>(n))) {
      return true;
    }
  }
  kRound(r, v, a).append_str(out);
  return true;
}

}  // namespace

bool returns_text(std::string_view name) {
  return name == "escape" || name == "e" || name == "format";
}

PrintFn find_printer(std::string_view name) {
  if (name == "escape" || name == "e") return p_escape;
  if (name == "truncate") return p_truncate;
  if (name == "format") return p_format;
  if (name == "round") return p_round;
  return nullptr;
}

}  // namespace tattler::jinja
