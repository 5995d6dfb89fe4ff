// humanize.hpp - the functions of Python's humanize 4.4 for templates.
//
// Offers, with humanize 4.4.0's English output byte for byte, the functions
// tattler's `humanize` filter reaches: naturaldelta, naturaltime,
// naturaldate, naturalday, precisedelta, intword, intcomma, ordinal,
// apnumber, naturalsize, fractional, scientific, metric and clamp. Each is
// called with one argument, as the filter does; "now" and "today" are
// parameters so that results are deterministic.
//
// apply() is what the engine's filter calls: it takes any template value
// (as an Input) and follows humanize's own coercions (int(), float(), str()
// fallback) and its exceptions (as errors with Python's message).
//
// Limits:
// - English only: humanize.activate() is refused with an error.
// - Only the one-argument forms the filter uses; keyword options
//   (months=False, minimum_unit, format, ndigits, ...) are not offered.
// - Template ints are 64-bit; ints humanize makes from floats and strings
//   are exact at any size.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "common/result.hpp"
#include "templates/jinja/datetime.hpp"

namespace tattler::jinja::humanize {

// Input - a template value as humanize sees it. std::monostate stands for
// every other Python type (None, list, dict, undefined, ...): humanize then
// answers str(value), which the caller passes as `value_str` to apply().
using Input = std::variant<std::monostate, bool, int64_t, double, std::string,
                           Date, Time, DateTime, TimeDelta>;

// Clock - the "now" humanize would read: datetime.now() and date.today().
struct Clock {
  DateTime now;
  Date today;
};

// apply - humanize.<function>(value) as tattler's filter calls it.
// `value_str` is Python's str(value) (used when humanize gives up and
// returns it); `other_type` is the Python type name of a std::monostate
// value ("NoneType", "list", "dict"), used in error texts. Answers nullopt
// when `function` is not a humanize function (the filter then leaves the
// value unchanged), an error with Python's exception text when humanize
// raises, else the text. With other_type "Undefined" (Jinja's undefined),
// every function but clamp and metric fails with "undefined value", as
// Jinja raises UndefinedError there; callers should report it with the
// variable's name.
Result<std::optional<std::string>> apply(
    std::string_view function, const Input& value, std::string_view value_str,
    const Clock& clock, std::string_view other_type = "NoneType");

// default_function - the function the filter uses without a format
// argument: "naturaldelta" for a timedelta, "naturaltime" for a datetime,
// "naturaldate" for a date, nullopt (value unchanged) otherwise.
std::optional<std::string_view> default_function(const Input& value);

// --- The typed functions behind apply().

// naturaldelta - "a moment", "30 seconds", "an hour", "3 days", "a month",
// "1 year, 4 days", "2 years".
std::string naturaldelta(const TimeDelta& d);

// naturaldelta_seconds - naturaldelta of a number of seconds; fails with
// OverflowError's text beyond timedelta's range.
Result<std::string> naturaldelta_seconds(int64_t seconds);

// naturaltime - "3 minutes ago", "2 days from now", "now" for a datetime
// compared with `now`. Naive vs aware fails with Python's TypeError text.
Result<std::string> naturaltime(const DateTime& value, const DateTime& now);

// naturaltime - for a timedelta that says how long ago (negative: future).
Result<std::string> naturaltime(const TimeDelta& ago, const DateTime& now);

// naturaltime_seconds - for a number of seconds ago (always past tense).
Result<std::string> naturaltime_seconds(int64_t seconds, const DateTime& now);

// naturalday - "today", "tomorrow", "yesterday", else "Jan 02".
std::string naturalday(const Date& d, const Date& today);

// naturaldate - naturalday, with the year ("Jan 02 2024") when the date is
// about five months or more away from today.
Result<std::string> naturaldate(const Date& d, const Date& today,
                                const DateTime& now);

// precisedelta - "2 days, 1 hour and 33.12 seconds".
std::string precisedelta(const TimeDelta& d);

// intword - "12.3 billion", "1.0 million", "999" (int value).
std::string intword(int64_t value);

// intcomma - "1,234,567" for an int, "1,234,567.25" for a float (Python's
// repr), and for a string its number when int()/float() accept it.
std::string intcomma(int64_t value);
std::string intcomma(double value);

// ordinal - "1st", "2nd", "11th", "-1th" (as humanize does).
std::string ordinal(int64_t value);

// apnumber - "zero".."nine", other numbers as digits.
std::string apnumber(int64_t value);

// naturalsize - "3.0 MB", "2.9 KiB" (binary), "2.9K" (gnu), "1 Byte".
std::string naturalsize(double bytes, bool binary = false, bool gnu = false);

// fractional - "1/3", "1 3/10", "2"; fails for nan and inf as Python does.
Result<std::string> fractional(double value);

// scientific - "3.00 x 10⁻¹"; fails for nan and inf as Python does.
Result<std::string> scientific(double value);

// metric - "1.50 k", "220 μ" (no unit); fails for nan and inf.
Result<std::string> metric(double value);

}  // namespace tattler::jinja::humanize
