// datetime_parse.cpp - Python 3.11's date/time/datetime.fromisoformat.
//
// Follows the acceptance rules of CPython 3.11's C implementation, quirks
// included (any single character separates date and time, a fraction of
// more than six digits is truncated, "12.5" is a valid time), because
// tattler converts client strings with it and a string it accepts prints
// as a datetime, while a rejected one prints unchanged.
//
// Limits: see datetime.hpp.
#include <fmt/format.h>

#include <cstdlib>

#include "templates/jinja/datetime.hpp"
#include "templates/jinja/datetime_detail.hpp"
#include "templates/jinja/pyconvert.hpp"

namespace tattler::jinja {
namespace {

// Text - the input string, read as C reads a NUL-terminated one: every
// position past the end holds '\0'.
struct Text {
  std::string_view s;
  char at(size_t i) const { return i < s.size() ? s[i] : '\0'; }
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// read_digits - appends `count` digits at `pos` to `value`; false when one
// of them is not a digit.
bool read_digits(const Text& t, size_t& pos, int count, int& value) {
  for (int i = 0; i < count; ++i) {
    char c = t.at(pos++);
    if (!is_digit(c)) return false;
    value = value * 10 + (c - '0');
  }
  return true;
}

// Fields - what the parsers found, before range checks.
struct Fields {
  int year = 0, month = 0, day = 0;
  int hour = 0, minute = 0, second = 0, microsecond = 0;
  bool has_offset = false;
  int offset_seconds = 0;
  int offset_microseconds = 0;
};

// iso_week_to_date - year, ISO week and weekday to a calendar date; false
// for a week or weekday out of range.
bool iso_week_to_date(int year, int week, int weekday, Fields& f) {
  Date jan1{year, 1, 1};
  int64_t first = jan1.toordinal();
  int first_weekday = static_cast<int>((first + 6) % 7);
  if (week <= 0 || week >= 53) {
    bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    bool has_53 = first_weekday == 3 || (first_weekday == 2 && leap);
    if (week != 53 || !has_53) return false;
  }
  if (weekday <= 0 || weekday >= 8) return false;

  // Week 1 is the one holding the year's first Thursday.
  int64_t monday = first - first_weekday + (first_weekday > 3 ? 7 : 0);
  int64_t ordinal = monday + (week - 1) * 7 + weekday - 1;
  Result<Date> d = Date::fromordinal(ordinal);
  if (!d.ok()) {
    // Python reports the year it computed; only year 10000 can occur.
    f.year = ordinal < 1 ? 0 : 10000;
    f.month = f.day = 1;
    return true;
  }
  f.year = d->year;
  f.month = d->month;
  f.day = d->day;
  return true;
}

// parse_date_part - "YYYY-MM-DD", "YYYYMMDD", "YYYY-Www[-D]", "YYYYWww[D]"
// in the first `len` characters; false when malformed.
bool parse_date_part(const Text& t, size_t len, Fields& f) {
  size_t pos = 0;
  int year = 0;
  if (!read_digits(t, pos, 4, year)) return false;
  bool dashes = t.at(pos) == '-';
  if (dashes) ++pos;

  if (t.at(pos) == 'W') {
    ++pos;
    int week = 0;
    int weekday = 1;
    if (!read_digits(t, pos, 2, week)) return false;
    if (pos < len) {
      if (dashes && t.at(pos++) != '-') return false;
      weekday = 0;
      if (!read_digits(t, pos, 1, weekday)) return false;
    }
    return iso_week_to_date(year, week, weekday, f);
  }

  f.year = year;
  if (!read_digits(t, pos, 2, f.month)) return false;
  if (dashes && t.at(pos++) != '-') return false;
  return read_digits(t, pos, 2, f.day);
}

// parse_clock - "HH[:MM[:SS[.ffffff]]]" (colons optional but consistent)
// from `pos` up to `end`. Answers <0 when malformed, 1 when characters
// remain before the string's end, 0 otherwise.
int parse_clock(const Text& t, size_t pos, size_t end, int& h, int& m, int& s,
                int& us) {
  h = m = s = us = 0;
  int* parts[3] = {&h, &m, &s};
  bool colons = true;
  for (int i = 0; i < 3; ++i) {
    if (!read_digits(t, pos, 2, *parts[i])) return -3;
    char c = t.at(pos++);
    if (i == 0) colons = c == ':';
    if (pos >= end) return c != '\0';
    if (colons && c == ':') continue;
    if (c == '.' || c == ',') break;
    if (colons) return -4;
    --pos;
  }

  // At most six fraction digits count; further digits are skipped.
  size_t remains = end - pos;
  int count = remains >= 6 ? 6 : static_cast<int>(remains);
  if (!read_digits(t, pos, count, us)) return -3;
  for (int i = count; i < 6; ++i) us *= 10;
  while (is_digit(t.at(pos))) ++pos;
  return t.at(pos) != '\0';
}

// parse_time_part - a time with an optional "Z" or "±HH[:MM[:SS[.f]]]"
// offset, from `begin` to the end of the text; false when malformed.
bool parse_time_part(const Text& t, size_t begin, Fields& f) {
  size_t end = t.s.size();
  size_t tz = begin;
  do {
    char c = t.at(tz);
    if (c == 'Z' || c == '+' || c == '-') break;
  } while (++tz < end);

  int rv = parse_clock(t, begin, tz, f.hour, f.minute, f.second, f.microsecond);
  if (rv < 0) return false;
  if (tz >= end) return rv == 0;

  f.has_offset = true;
  if (t.at(tz) == 'Z') return t.at(tz + 1) == '\0';

  int sign = t.at(tz) == '-' ? -1 : 1;
  int oh = 0, om = 0, os = 0, ous = 0;
  if (parse_clock(t, tz + 1, end, oh, om, os, ous) != 0) return false;
  f.offset_seconds = sign * (oh * 3600 + om * 60 + os);
  f.offset_microseconds = sign * ous;
  return true;
}

// invalid - Python's error for a string fromisoformat cannot read.
Err invalid(std::string_view s) {
  return Err{"Invalid isoformat string: " + py::str_repr(s)};
}

// check_date - the date constructor's range checks.
Result<Date> check_date(const Fields& f) {
  if (f.year < 1 || f.year > 9999) {
    return Err{fmt::format("year {} is out of range", f.year)};
  }
  if (f.month < 1 || f.month > 12) return Err{"month must be in 1..12"};
  static constexpr int kDays[13] = {0,  31, 28, 31, 30, 31, 30,
                                    31, 31, 30, 31, 30, 31};
  bool leap = f.year % 4 == 0 && (f.year % 100 != 0 || f.year % 400 == 0);
  int days = f.month == 2 && leap ? 29 : kDays[f.month];
  if (f.day < 1 || f.day > days) return Err{"day is out of range for month"};
  return Date{f.year, f.month, f.day};
}

// check_time - the time constructor's checks, the offset's first.
Result<Time> check_time(const Fields& f) {
  Time t;
  if (f.has_offset) {
    int64_t off = int64_t{f.offset_seconds} * detail::kUsPerSecond +
                  f.offset_microseconds;
    if (off <= -detail::kUsPerDay || off >= detail::kUsPerDay) {
      return Err{
          fmt::format("offset must be a timedelta strictly between "
                      "-timedelta(hours=24) and timedelta(hours=24), not {}.",
                      TimeDelta::from_microseconds(off).repr())};
    }
    // CPython makes a zero-second offset UTC, dropping any microseconds.
    t.utc_offset_seconds = f.offset_seconds;
    t.utc_offset_microseconds =
        f.offset_seconds == 0 ? 0 : f.offset_microseconds;
  }
  if (f.hour > 23) return Err{"hour must be in 0..23"};
  if (f.minute > 59) return Err{"minute must be in 0..59"};
  if (f.second > 59) return Err{"second must be in 0..59"};
  t.hour = f.hour;
  t.minute = f.minute;
  t.second = f.second;
  t.microsecond = f.microsecond;
  return t;
}

// separator_at - where the date part of a datetime string ends.
size_t separator_at(const Text& t) {
  size_t len = t.s.size();
  if (len == 7) return 7;
  if (t.at(4) == '-') {
    if (t.at(5) != 'W') return 10;
    if (len > 8 && t.at(8) == '-') {
      if (len > 10 && is_digit(t.at(10))) return 8;
      return 10;
    }
    return 8;
  }
  if (t.at(4) != 'W') return 8;

  // "YYYYWww" or "YYYYWwwD": time digits come in pairs, so the parity of
  // the digit run tells the two apart.
  size_t idx = 7;
  while (idx < len && is_digit(t.at(idx))) ++idx;
  if (idx < 9) return idx;
  return idx % 2 == 0 ? 7 : 8;
}

// utf8_length - bytes of the UTF-8 sequence starting with `lead`.
size_t utf8_length(char lead) {
  unsigned char c = static_cast<unsigned char>(lead);
  if ((c & 0x80) == 0) return 1;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF0) == 0xF0) return 4;
  return 2;
}

}  // namespace

// parse_datetime - datetime.fromisoformat(s).
Result<DateTime> parse_datetime(std::string_view s) {
  Text t{s};
  Fields f;
  size_t chars = 0;
  for (char c : s) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  if (chars < 7) return invalid(s);

  // A 'W' date of "YYYY-Www-" is incomplete.
  if (s.size() == 9 && t.at(4) == '-' && t.at(5) == 'W' && t.at(8) == '-') {
    return invalid(s);
  }
  size_t sep = separator_at(t);
  if (!parse_date_part(t, sep, f)) return invalid(s);
  if (s.size() > sep) {
    size_t begin = sep + utf8_length(t.at(sep));
    if (!parse_time_part(t, begin, f)) return invalid(s);
  }

  Result<Time> time = check_time(f);
  if (!time.ok() && f.has_offset && time.error().rfind("offset", 0) == 0) {
    return Err{time.error()};
  }
  Result<Date> date = check_date(f);
  if (!date.ok()) return Err{date.error()};
  if (!time.ok()) return Err{time.error()};
  return DateTime{*date, *time};
}

// parse_date - date.fromisoformat(s).
Result<Date> parse_date(std::string_view s) {
  if (s.size() != 7 && s.size() != 8 && s.size() != 10) return invalid(s);
  Text t{s};
  Fields f;
  if (!parse_date_part(t, s.size(), f)) return invalid(s);
  return check_date(f);
}

// parse_time - time.fromisoformat(s).
Result<Time> parse_time(std::string_view s) {
  Text t{s};
  size_t begin = t.at(0) == 'T' ? 1 : 0;
  Text rest{s.substr(begin)};
  Fields f;
  if (!parse_time_part(rest, 0, f)) return invalid(s);
  return check_time(f);
}

}  // namespace tattler::jinja
