// filters.hpp - the tables of built-in filters and tests, one per source
// file, gathered by registry.cpp; and helpers the filters share.
//
// Limits: `random`, `urlize` and `pprint`'s line breaking are not offered.
#pragma once

#include <span>
#include <string>

#include "templates/jinja/renderer.hpp"

namespace tattler::jinja {

struct FilterEntry {
  const char* name;
  FilterFn fn;
};

struct TestEntry {
  const char* name;
  TestFn fn;
};

std::span<const FilterEntry> text_filters();     // filters_text.cpp
std::span<const FilterEntry> seq_filters();      // filters_seq.cpp
std::span<const FilterEntry> misc_filters();     // filters_misc.cpp
std::span<const TestEntry> builtin_tests();      // tests.cpp

// attr_path - Jinja's make_attrgetter: "a.b.0" looked up item by item.
Value attr_path(Renderer& r, const Value& item, const Value& attribute);

// ignore_case - a string lowered (for case-insensitive sort/unique/...).
Value ignore_case(const Value& v);

// text_of - str(v); an undefined value reads as "", as Jinja's soft_str.
std::string text_of(const Value& v);

// Truncation - what the truncate filter keeps of a text: the first `keep`
// bytes and then `*end`; end is nullptr when the text stays whole.
struct Truncation {
  size_t keep = 0;
  const std::string* end = nullptr;
};

// truncation - what Jinja's truncate(length, killwords, end, leeway) does
// to `v` (the arguments as the filter gets them): end is nullptr when `v`
// comes back unchanged; only a str is cut. Raises as Python does.
Truncation truncation(const Value& v, const CallArgs& a);

// refuse_undefined - raise Jinja's UndefinedError ("'x' is undefined")
// when `v` is undefined: for filters whose Python code does arithmetic,
// int()/float() or attribute access on the value.
void refuse_undefined(const Value& v);

// json_dumps - Python's json.dumps(v, sort_keys=..., indent=...).
std::string json_dumps(const Value& v, bool sort_keys, int indent);

}  // namespace tattler::jinja
