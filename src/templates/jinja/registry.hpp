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

// find_test - the test called `name`, or nullptr.
TestFn find_test(std::string_view name);

}  // namespace tattler::jinja
