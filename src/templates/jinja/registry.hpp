// registry.hpp - the filters and tests of the default Jinja2 environment
// plus tattler's `humanize`, looked up by name at compile time and by the
// filters that take a filter or test name (map, select, ...).
//
// Limits: the set is fixed; there is no way to register more at run time.
#pragma once

#include <string_view>

#include "templates/jinja/ast.hpp"

namespace tattler::jinja {

// find_filter - the filter called `name`, or nullptr.
FilterFn find_filter(std::string_view name);

// find_printer - the printer of filter `name` (printers.cpp), or nullptr:
// {{ x|name(...) }} then writes the result straight into the output.
PrintFn find_printer(std::string_view name);

// returns_text - whether filter `name` always returns a str or Markup.
bool returns_text(std::string_view name);

// find_test - the test called `name`, or nullptr.
TestFn find_test(std::string_view name);

// filter_params - the parameter names of filter `name` after the value,
// comma-separated, or "*" when it takes any arguments.
const char* filter_params(std::string_view name);

// check_args - raise Python's TypeError text when `args` do not fit
// `params` (as filter_params gives them) of callable `what`.
void check_args(std::string_view what, const char* params,
                const CallArgs& args);

}  // namespace tattler::jinja
