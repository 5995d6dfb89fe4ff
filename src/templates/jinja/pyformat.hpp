// pyformat.hpp - Python's two string formatting languages: printf-style
// `"%s and %05.2f" % args` (used by the `format` filter and the `%`
// operator) and `"{} {:>8,.2f}".format(...)` (str.format).
//
// Limits: no `*` width/precision in %-formatting; str.format has no
// nested replacement fields inside a format spec; `n` is treated as `d`/`g`.
#pragma once

#include <string>
#include <string_view>

#include "templates/jinja/value.hpp"

namespace tattler::jinja {

struct CallArgs;

// percent_format - fmt % args (a tuple is the argument list, a dict feeds
// "%(name)s", anything else is the single argument); raises PyError.
std::string percent_format(std::string_view fmt, const Value& args);
// append_percent_format - the same, appended to `out`.
void append_percent_format(std::string& out, std::string_view fmt,
                           const Value& args);

// str_format - fmt.format(*args, **kwargs); raises PyError.
std::string str_format(std::string_view fmt, const CallArgs& args);

// format_value - format(value, spec) as Python's format() builtin does.
std::string format_value(const Value& v, std::string_view spec);

}  // namespace tattler::jinja
