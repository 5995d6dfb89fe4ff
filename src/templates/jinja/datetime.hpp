// datetime.hpp - Python's datetime, date, time and timedelta for templates.
//
// Offers the four value types of Python's datetime module with Python 3.11's
// printing (str, isoformat), parsing (fromisoformat), arithmetic, comparison
// and strftime, including Python's error messages, so that a template which
// subtracts two client dates or prints a delay reads as under tattler.
// Time zones are fixed UTC offsets, which is all fromisoformat can produce.
//
// Limits:
// - No named time zones (zoneinfo), no astimezone(), no fold.
// - strftime runs the C library's strftime in the "C" locale, as CPython
//   does; only %f, %z, %Z are handled here.
// - timedelta // timedelta answers a 64-bit int and fails beyond (Python's
//   ints are unbounded); timedelta / timedelta and total_seconds() are
//   correctly rounded, as Python's, for spans below 2^53 microseconds
//   (about 104 days) and may differ in the last bit beyond.
// - Methods such as replace() and timestamp() are not offered.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace tattler::jinja {

// Python's datetime.timedelta, normalised as Python does it:
// 0 <= seconds < 86400, 0 <= microseconds < 1e6, days may be negative, and
// |days| <= 999999999.
struct TimeDelta {
  int64_t days = 0;
  int64_t seconds = 0;
  int64_t microseconds = 0;

  // from_microseconds - the timedelta of a total count of microseconds.
  static TimeDelta from_microseconds(int64_t us);

  // make - timedelta(days, seconds, microseconds), normalised; fails with
  // Python's OverflowError text when |days| would exceed 999999999.
  static Result<TimeDelta> make(int64_t days, int64_t seconds,
                                int64_t microseconds);

  // total_microseconds - the whole span in microseconds. Spans longer than
  // about 292000 years do not fit and wrap; Python would not.
  int64_t total_microseconds() const;

  // total_seconds - Python's td.total_seconds().
  double total_seconds() const;

  // str - Python's str(td): "0:20:00", "2 days, 1:00:00",
  // "-1 day, 23:59:59", "0:00:00.500000".
  std::string str() const;

  // repr - Python's repr(td): "datetime.timedelta(days=2, seconds=3600)".
  std::string repr() const;

  friend bool operator==(const TimeDelta&, const TimeDelta&) = default;
};

// Python's datetime.date (year 1..9999).
struct Date {
  int year = 1;
  int month = 1;
  int day = 1;

  // str - "2024-01-02" (also isoformat()).
  std::string str() const;
  std::string isoformat() const { return str(); }

  // repr - "datetime.date(2024, 1, 2)".
  std::string repr() const;

  // toordinal - proleptic Gregorian ordinal, 0001-01-01 is day 1.
  int64_t toordinal() const;

  // fromordinal - the date of an ordinal; fails outside year 1..9999.
  static Result<Date> fromordinal(int64_t ordinal);

  // weekday - Monday is 0, Sunday is 6.
  int weekday() const;

  // isoweekday - Monday is 1, Sunday is 7.
  int isoweekday() const { return weekday() + 1; }

  friend bool operator==(const Date&, const Date&) = default;
};

// Python's datetime.time, possibly with a fixed UTC offset.
struct Time {
  int hour = 0;
  int minute = 0;
  int second = 0;
  int microsecond = 0;
  // The UTC offset in whole seconds plus utc_offset_microseconds (Python
  // allows "+01:00:00.5"); nullopt for a naive time.
  std::optional<int> utc_offset_seconds;
  int utc_offset_microseconds = 0;

  // str - "03:04:05", "03:04:05.000123", "03:04:05+02:00" (also
  // isoformat()).
  std::string str() const;
  std::string isoformat() const { return str(); }

  // repr - "datetime.time(3, 4, 5)" (offsets as
  // "tzinfo=datetime.timezone(datetime.timedelta(seconds=7200))").
  std::string repr() const;

  // aware - true when the time carries a UTC offset.
  bool aware() const { return utc_offset_seconds.has_value(); }

  // offset - the UTC offset as a timedelta (zero for a naive time).
  TimeDelta offset() const;

  friend bool operator==(const Time&, const Time&) = default;
};

// Python's datetime.datetime.
struct DateTime {
  Date date;
  Time time;

  // str - "2024-01-02 03:04:05+02:00" (space separator).
  std::string str() const;

  // isoformat - "2024-01-02T03:04:05+02:00" ('T' separator).
  std::string isoformat() const;

  // repr - "datetime.datetime(2024, 1, 2, 3, 4, 5)".
  std::string repr() const;

  bool aware() const { return time.aware(); }

  friend bool operator==(const DateTime&, const DateTime&) = default;
};

// --- Parsing: Python 3.11 fromisoformat, including "2024-W01-1",
// "20240102", "2024-01-02T03:04:05.5", offsets "+02", "+0200", "+02:00",
// and a trailing 'Z'. The error text is Python's
// "Invalid isoformat string: '<s>'".

// parse_datetime - datetime.fromisoformat(s).
Result<DateTime> parse_datetime(std::string_view s);

// parse_date - date.fromisoformat(s).
Result<Date> parse_date(std::string_view s);

// parse_time - time.fromisoformat(s).
Result<Time> parse_time(std::string_view s);

// --- Arithmetic. Every failure carries Python's message, e.g.
// "date value out of range", "can't subtract offset-naive and offset-aware
// datetimes", "integer division or modulo by zero".

// add / sub - datetime ± timedelta.
Result<DateTime> add(const DateTime& a, const TimeDelta& b);
Result<DateTime> sub(const DateTime& a, const TimeDelta& b);

// sub - datetime - datetime (both naive, or both aware: then in UTC).
Result<TimeDelta> sub(const DateTime& a, const DateTime& b);

// add / sub - date ± timedelta (only the days of the timedelta count).
Result<Date> add(const Date& a, const TimeDelta& b);
Result<Date> sub(const Date& a, const TimeDelta& b);

// sub - date - date.
TimeDelta sub(const Date& a, const Date& b);

// add / sub / neg / abs - timedelta arithmetic.
Result<TimeDelta> add(const TimeDelta& a, const TimeDelta& b);
Result<TimeDelta> sub(const TimeDelta& a, const TimeDelta& b);
Result<TimeDelta> neg(const TimeDelta& a);
Result<TimeDelta> abs(const TimeDelta& a);

// mul - timedelta * int and timedelta * float (float rounds half to even,
// as Python does).
Result<TimeDelta> mul(const TimeDelta& a, int64_t b);
Result<TimeDelta> mul(const TimeDelta& a, double b);

// truediv - timedelta / timedelta (a float), timedelta / int, / float.
Result<double> truediv(const TimeDelta& a, const TimeDelta& b);
Result<TimeDelta> truediv(const TimeDelta& a, int64_t b);
Result<TimeDelta> truediv(const TimeDelta& a, double b);

// floordiv - timedelta // timedelta (an int; fails when the quotient
// leaves 64 bits, where Python would answer a bigger int), timedelta // int.
Result<int64_t> floordiv(const TimeDelta& a, const TimeDelta& b);
Result<TimeDelta> floordiv(const TimeDelta& a, int64_t b);

// mod - timedelta % timedelta (sign of the divisor, as Python).
Result<TimeDelta> mod(const TimeDelta& a, const TimeDelta& b);

// --- Comparison: -1, 0 or 1. Ordering a naive against an aware
// datetime/time fails with Python's "can't compare offset-naive and
// offset-aware datetimes" ("... times"); equality never fails (such a pair
// is simply unequal), so use equal() for == and !=.
int compare(const TimeDelta& a, const TimeDelta& b);
int compare(const Date& a, const Date& b);
Result<int> compare(const DateTime& a, const DateTime& b);
Result<int> compare(const Time& a, const Time& b);
bool equal(const DateTime& a, const DateTime& b);
bool equal(const Time& a, const Time& b);

// --- Formatting.

// strftime - Python's value.strftime(format) for a datetime; a date is
// formatted as its midnight, a time on 1900-01-01, as Python does.
std::string strftime(const DateTime& value, std::string_view format);
std::string strftime(const Date& value, std::string_view format);
std::string strftime(const Time& value, std::string_view format);

// IsoCalendar - date.isocalendar(): ISO year, week (1..53), weekday (1..7).
struct IsoCalendar {
  int year = 1;
  int week = 1;
  int weekday = 1;

  // repr - "datetime.IsoCalendarDate(year=2024, week=1, weekday=2)".
  std::string repr() const;
};

// isocalendar - the ISO calendar date of a date.
IsoCalendar isocalendar(const Date& d);

// ctime - Python's ctime(): "Tue Jan  2 03:04:05 2024" (a date at
// midnight).
std::string ctime(const DateTime& value);
std::string ctime(const Date& value);

// --- Clock.

// now_local - datetime.now(): local wall-clock time, naive.
DateTime now_local();

// today_local - date.today().
Date today_local();

}  // namespace tattler::jinja
