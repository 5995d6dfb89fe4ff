// filters_seq.cpp - filters on sequences and mappings: batch, dictsort,
// first, last, groupby, items, join, length, list, map, max, min, reject,
// rejectattr, reverse, select, selectattr, slice, sort, sum, unique.
//
// Limits: map/select/reject/reverse return lists where Jinja returns
// generators (so printing them without |list shows the list, where Jinja
// shows "<generator object ...>"); groupby's groups print as tuples.

#include <algorithm>

#include "fmt/format.h"
#include "templates/jinja/filters.hpp"
#include "templates/jinja/unicode.hpp"

namespace tattler::jinja {
namespace {

// sort_values - a stable sort by key with Python's ordering.
void sort_values(List* items, const std::vector<Value>& keys, bool reverse) {
  std::vector<size_t> order(items->size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    int c = py_compare(keys[a], keys[b]);
    return reverse ? c > 0 : c < 0;
  });
  List out;
  out.reserve(items->size());
  for (size_t i : order) out.push_back((*items)[i]);
  *items = std::move(out);
}

// key_of - the sort/compare key of an item: attribute, lowered.
Value key_of(Renderer& r, const Value& item, const Value& attribute,
             bool case_sensitive) {
  Value k = attribute.is_none() ? item : attr_path(r, item, attribute);
  return case_sensitive ? k : ignore_case(k);
}

Value f_first(Renderer& r, const Value& v, CallArgs&) {
  List items = r.iterate(v);
  if (items.empty()) return Value::undefined("No first item, sequence was empty.");
  return items.front();
}

Value f_last(Renderer& r, const Value& v, CallArgs&) {
  List items = r.iterate(v);
  if (items.empty()) return Value::undefined("No last item, sequence was empty.");
  return items.back();
}

Value f_length(Renderer&, const Value& v, CallArgs&) { return Value(py_len(v)); }

Value f_list(Renderer& r, const Value& v, CallArgs&) {
  return Value(r.iterate(v));
}

Value f_reverse(Renderer& r, const Value& v, CallArgs&) {
  if (v.is_string()) {
    std::u32string cps = uni::decode(v.as_string());
    std::reverse(cps.begin(), cps.end());
    return Value(uni::encode(cps));
  }
  List items = r.iterate(v);
  std::reverse(items.begin(), items.end());
  return Value(std::move(items));
}

Value f_join(Renderer& r, const Value& v, CallArgs& a) {
  Value sep = a.get(0, "d", Value(""));
  Value attribute = a.get(1, "attribute", Value());
  List items = r.iterate(v);
  bool escape = r.autoescape() && sep.is_safe();
  for (const Value& i : items) escape = escape || (r.autoescape() && i.is_safe());
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += escape && !sep.is_safe() ? escape_html(sep.str()) : sep.str();
    Value item = attribute.is_none() ? items[i] : attr_path(r, items[i], attribute);
    out += escape && !item.is_safe() ? escape_html(item.str()) : item.str();
  }
  return escape ? Value::safe_string(std::move(out)) : Value(std::move(out));
}

Value f_sort(Renderer& r, const Value& v, CallArgs& a) {
  bool reverse = a.get(0, "reverse", Value(false)).truthy();
  bool cs = a.get(1, "case_sensitive", Value(false)).truthy();
  Value attribute = a.get(2, "attribute", Value());
  List items = r.iterate(v);
  std::vector<Value> keys;
  for (const Value& i : items) keys.push_back(key_of(r, i, attribute, cs));
  sort_values(&items, keys, reverse);
  return Value(std::move(items));
}

Value f_dictsort(Renderer&, const Value& v, CallArgs& a) {
  refuse_undefined(v);
  bool cs = a.get(0, "case_sensitive", Value(false)).truthy();
  std::string by = a.get(1, "by", Value("key")).str();
  bool reverse = a.get(2, "reverse", Value(false)).truthy();
  if (by != "key" && by != "value") {
    raise("You can only sort by either \"key\" or \"value\"");
  }
  if (!v.is_dict()) raise(fmt::format("'{}' object has no attribute 'items'",
                                      v.type_name()));
  List items;
  std::vector<Value> keys;
  for (const auto& [k, x] : v.as_dict()) {
    items.push_back(Value::tuple({Value(k), x}));
    Value key = by == "key" ? Value(k) : x;
    keys.push_back(cs ? key : ignore_case(key));
  }
  sort_values(&items, keys, reverse);
  return Value(std::move(items));
}

Value f_items(Renderer&, const Value& v, CallArgs&) {
  if (v.is_undefined()) return Value(List{});
  if (!v.is_dict()) raise(fmt::format("Can only get item pairs from a mapping."));
  List items;
  for (const auto& [k, x] : v.as_dict()) items.push_back(Value::tuple({Value(k), x}));
  return Value(std::move(items));
}

Value min_max(Renderer& r, const Value& v, CallArgs& a, bool want_max) {
  bool cs = a.get(0, "case_sensitive", Value(false)).truthy();
  Value attribute = a.get(1, "attribute", Value());
  List items = r.iterate(v);
  if (items.empty()) return Value::undefined("No aggregated item, sequence was empty.");
  size_t best = 0;
  Value best_key = key_of(r, items[0], attribute, cs);
  for (size_t i = 1; i < items.size(); ++i) {
    Value k = key_of(r, items[i], attribute, cs);
    int c = py_compare(k, best_key);
    if (want_max ? c > 0 : c < 0) {
      best = i;
      best_key = k;
    }
  }
  return items[best];
}

Value f_max(Renderer& r, const Value& v, CallArgs& a) {
  return min_max(r, v, a, true);
}

Value f_min(Renderer& r, const Value& v, CallArgs& a) {
  return min_max(r, v, a, false);
}

Value f_unique(Renderer& r, const Value& v, CallArgs& a) {
  bool cs = a.get(0, "case_sensitive", Value(false)).truthy();
  Value attribute = a.get(1, "attribute", Value());
  List out;
  std::vector<Value> seen;
  for (const Value& i : r.iterate(v)) {
    Value k = key_of(r, i, attribute, cs);
    bool dup = false;
    for (const Value& s : seen) dup = dup || py_equal(s, k);
    if (dup) continue;
    seen.push_back(k);
    out.push_back(i);
  }
  return Value(std::move(out));
}

Value f_sum(Renderer& r, const Value& v, CallArgs& a) {
  static const Value kNone;
  const Value* attribute = a.arg(0, "attribute");
  if (!attribute) attribute = &kNone;
  const Value* start = a.arg(1, "start");
  Value total = start ? *start : Value(0);
  // sum(attribute='price') over dicts: the item read in place (attr_path
  // looks a dict's item up first too; digits and dots take its path).
  const std::string& key = attribute->as_string();
  bool plain_key = attribute->is_string() &&
                   key.find_first_not_of("0123456789") != std::string::npos &&
                   key.find('.') == std::string::npos;
  auto add = [&](const Value& i) {
    if (attribute->is_none()) {
      total = binary_op(BinOp::kAdd, total, i);
      return;
    }
    const Value* field =
        plain_key && i.is_dict() ? i.as_dict().find(key) : nullptr;
    total = binary_op(BinOp::kAdd, total,
                      field ? *field : attr_path(r, i, *attribute));
  };
  // A list is summed in place; other iterables are listed first.
  if (v.is_list()) {
    for (const Value& i : v.as_list()) add(i);
  } else {
    for (const Value& i : r.iterate(v)) add(i);
  }
  return total;
}

Value f_map(Renderer& r, const Value& v, CallArgs& a) {
  List items = r.iterate(v);
  List out;
  if (a.args.empty()) {
    const Value* attribute = a.arg(99, "attribute");
    if (!attribute) raise("map requires a filter argument");
    Value def = a.get(99, "default", Value::undefined(""));
    for (const Value& i : items) {
      Value x = attr_path(r, i, *attribute);
      out.push_back(x.is_undefined() && !def.is_undefined() ? def : x);
    }
    return Value(std::move(out));
  }
  std::string name = a.args[0].str();
  for (const Value& i : items) {
    CallArgs rest;
    rest.args.assign(a.args.begin() + 1, a.args.end());
    rest.kwargs = a.kwargs;
    out.push_back(r.apply_filter(name, i, rest));
  }
  return Value(std::move(out));
}

// select_common - select/reject/selectattr/rejectattr.
Value select_common(Renderer& r, const Value& v, CallArgs& a, bool attr,
                    bool want) {
  size_t first = 0;
  Value attribute;
  if (attr) {
    if (a.args.empty()) raise("Missing parameter for attribute name");
    attribute = a.args[0];
    first = 1;
  }
  std::string test = a.args.size() > first ? a.args[first].str() : "";
  List out;
  for (const Value& i : r.iterate(v)) {
    Value x = attr ? attr_path(r, i, attribute) : i;
    bool ok;
    if (test.empty()) {
      ok = x.truthy();
    } else {
      CallArgs rest;
      rest.args.assign(a.args.begin() + static_cast<std::ptrdiff_t>(first + 1),
                       a.args.end());
      rest.kwargs = a.kwargs;
      ok = r.apply_test(test, x, rest);
    }
    if (ok == want) out.push_back(i);
  }
  return Value(std::move(out));
}

Value f_select(Renderer& r, const Value& v, CallArgs& a) {
  return select_common(r, v, a, false, true);
}
Value f_reject(Renderer& r, const Value& v, CallArgs& a) {
  return select_common(r, v, a, false, false);
}
Value f_selectattr(Renderer& r, const Value& v, CallArgs& a) {
  return select_common(r, v, a, true, true);
}
Value f_rejectattr(Renderer& r, const Value& v, CallArgs& a) {
  return select_common(r, v, a, true, false);
}

Value f_groupby(Renderer& r, const Value& v, CallArgs& a) {
  Value attribute = a.get(0, "attribute", Value());
  Value def = a.get(1, "default", Value());
  bool cs = a.get(2, "case_sensitive", Value(false)).truthy();
  List items = r.iterate(v);
  auto key = [&](const Value& i) {
    Value k = attr_path(r, i, attribute);
    if (k.is_undefined() && !def.is_none()) k = def;
    return k;
  };
  std::vector<Value> keys;
  for (const Value& i : items) keys.push_back(cs ? key(i) : ignore_case(key(i)));
  sort_values(&items, keys, false);
  keys.clear();
  for (const Value& i : items) keys.push_back(cs ? key(i) : ignore_case(key(i)));
  List groups;
  size_t b = 0;
  for (size_t i = 1; i <= items.size(); ++i) {
    if (i == items.size() || !py_equal(keys[i], keys[b])) {
      List members(items.begin() + static_cast<std::ptrdiff_t>(b),
                   items.begin() + static_cast<std::ptrdiff_t>(i));
      groups.push_back(Value::tuple({key(items[b]), Value(std::move(members))}));
      b = i;
    }
  }
  return Value(std::move(groups));
}

Value f_batch(Renderer& r, const Value& v, CallArgs& a) {
  int64_t n = a.get(0, "linecount", Value(1)).as_int();
  if (n <= 0) raise("batch size must be positive");
  const Value* fill = a.arg(1, "fill_with");
  List out, cur;
  for (const Value& i : r.iterate(v)) {
    if (static_cast<int64_t>(cur.size()) == n) {
      out.push_back(Value(std::move(cur)));
      cur.clear();
    }
    cur.push_back(i);
  }
  if (!cur.empty()) {
    if (fill && !fill->is_none()) {
      while (static_cast<int64_t>(cur.size()) < n) cur.push_back(*fill);
    }
    out.push_back(Value(std::move(cur)));
  }
  return Value(std::move(out));
}

Value f_slice(Renderer& r, const Value& v, CallArgs& a) {
  int64_t slices = a.get(0, "slices", Value(1)).as_int();
  if (slices <= 0) raise("slices must be positive");
  const Value* fill = a.arg(1, "fill_with");
  List seq = r.iterate(v);
  int64_t length = static_cast<int64_t>(seq.size());
  int64_t per = length / slices, extra = length % slices, offset = 0;
  List out;
  for (int64_t i = 0; i < slices; ++i) {
    int64_t start = offset + i * per;
    if (i < extra) ++offset;
    int64_t end = offset + (i + 1) * per;
    List part(seq.begin() + start, seq.begin() + end);
    if (fill && !fill->is_none() && i >= extra) {
      part.push_back(*fill);
    }
    out.push_back(Value(std::move(part)));
  }
  return Value(std::move(out));
}

constexpr FilterEntry kSeqFilters[] = {
    {"first", f_first},   {"last", f_last},         {"length", f_length},
    {"count", f_length},  {"list", f_list},         {"reverse", f_reverse},
    {"join", f_join},     {"sort", f_sort},         {"dictsort", f_dictsort},
    {"items", f_items},   {"max", f_max},           {"min", f_min},
    {"unique", f_unique}, {"sum", f_sum},           {"map", f_map},
    {"select", f_select}, {"reject", f_reject},     {"selectattr", f_selectattr},
    {"rejectattr", f_rejectattr}, {"groupby", f_groupby},
    {"batch", f_batch},   {"slice", f_slice},
};

}  // namespace

std::span<const FilterEntry> seq_filters() { return kSeqFilters; }

Value ignore_case(const Value& v) {
  return v.is_string() ? Value(uni::lower(v.as_string())) : v;
}

Value attr_path(Renderer& r, const Value& item, const Value& attribute) {
  if (!attribute.is_string()) return r.getitem(item, attribute);
  const std::string& path = attribute.as_string();
  Value cur = item;
  size_t b = 0;
  while (true) {
    size_t dot = path.find('.', b);
    std::string_view part = std::string_view(path).substr(
        b, dot == std::string::npos ? dot : dot - b);
    bool digits = !part.empty() &&
                  part.find_first_not_of("0123456789") == std::string::npos;
    if (digits) {
      int64_t index = std::stoll(std::string(part.substr(0, 18)));
      cur = r.getitem(cur, Value(index));
    } else {
      cur = r.getitem_str(cur, part);
    }
    if (dot == std::string::npos) break;
    b = dot + 1;
  }
  return cur;
}

}  // namespace tattler::jinja
