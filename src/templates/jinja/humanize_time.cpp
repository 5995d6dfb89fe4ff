// humanize_time.cpp - humanize 4.4's time functions (naturaldelta & co).
//
// English texts of humanize 4.4.0 with its default options (months=True,
// minimum_unit="seconds"); "now" and "today" come from the caller.
//
// Limits: see humanize.hpp.
#include <fmt/format.h>

#include <cmath>
#include <vector>

#include "templates/jinja/humanize.hpp"
#include "templates/jinja/humanize_detail.hpp"
#include "templates/jinja/pyconvert.hpp"

namespace tattler::jinja::humanize {
namespace {

using detail::ngettext;

using detail::delta_from_seconds;

// abs_delta - humanize's _abs_timedelta: now - (now + delta) for a negative
// delta, which fails when now + delta leaves the calendar.
Result<TimeDelta> abs_delta(const TimeDelta& d, const DateTime& now) {
  if (d.days >= 0) return d;
  Result<DateTime> shifted = add(now, d);
  if (!shifted.ok()) return Err{shifted.error()};
  return sub(now, *shifted);
}

// small_delta - naturaldelta for less than a day.
std::string small_delta(int64_t seconds) {
  if (seconds == 0) return "a moment";
  if (seconds == 1) return "a second";
  if (seconds < 60) return fmt::format("{} seconds", seconds);
  if (seconds < 120) return "a minute";
  if (seconds < 3600) return fmt::format("{} minutes", seconds / 60);
  if (seconds < 7200) return "an hour";
  return fmt::format("{} hours", seconds / 3600);
}

// tense - "<delta> ago", "<delta> from now" or "now".
std::string tense(const std::string& delta, bool future) {
  if (delta == "a moment") return "now";
  return delta + (future ? " from now" : " ago");
}

// day_name - "today", "tomorrow", "yesterday", else the date formatted.
std::string day_name(const Date& d, const Date& today,
                     std::string_view format) {
  int64_t days = d.toordinal() - today.toordinal();
  if (days == 0) return "today";
  if (days == 1) return "tomorrow";
  if (days == -1) return "yesterday";
  return strftime(d, format);
}

// precise_part - one "<n> <unit>" of precisedelta.
std::string precise_part(const char* one, const char* many, double value,
                         bool is_min_unit, bool is_years) {
  std::string unit = ngettext(one, many, value);
  double whole = 0;
  if (is_min_unit && std::modf(value, &whole) > 0) {
    return py::float_format(value, 2) + unit;
  }
  int64_t n = static_cast<int64_t>(value);  // "%d" truncates a float
  if (is_years) {
    return detail::group_thousands(fmt::format("{}", n)) + unit;
  }
  return fmt::format("{}", n) + unit;
}

}  // namespace

namespace detail {

// delta_from_seconds - timedelta(seconds=s).
Result<TimeDelta> delta_from_seconds(int64_t s) {
  // CPython squeezes the day count into a C int before its range check.
  constexpr int64_t kMaxCInt = 2147483647;
  int64_t days = s / 86400 - (s % 86400 < 0 ? 1 : 0);
  if (days > kMaxCInt || days < -kMaxCInt - 1) {
    return Err{"Python int too large to convert to C int"};
  }
  return TimeDelta::make(0, s, 0);
}

}  // namespace detail

// naturaldelta - humanize.naturaldelta(td) with months=True.
std::string naturaldelta(const TimeDelta& d) {
  int64_t seconds = d.seconds;
  int64_t days = d.days < 0 ? -d.days : d.days;
  int64_t years = days / 365;
  days %= 365;
  int64_t months = static_cast<int64_t>(std::floor(days / 30.5));

  if (years == 0 && days < 1) return small_delta(seconds);
  if (years == 0) {
    if (days == 1) return "a day";
    if (months == 0) return fmt::format("{} days", days);
    if (months == 1) return "a month";
    return fmt::format("{} months", months);
  }
  if (years == 1) {
    if (months == 0 && days == 0) return "a year";
    if (months == 0) {
      return fmt::format("1 year, {} {}", days, days == 1 ? "day" : "days");
    }
    if (months == 1) return "1 year, 1 month";
    return fmt::format("1 year, {} months", months);
  }
  return detail::group_thousands(fmt::format("{}", years)) + " years";
}

// naturaldelta_seconds - naturaldelta of a number of seconds.
Result<std::string> naturaldelta_seconds(int64_t seconds) {
  Result<TimeDelta> d = delta_from_seconds(seconds);
  if (!d.ok()) return Err{d.error()};
  return naturaldelta(*d);
}

// naturaltime - for a datetime compared with now.
Result<std::string> naturaltime(const DateTime& value, const DateTime& now) {
  Result<TimeDelta> delta = sub(now, value);
  if (!delta.ok()) return Err{delta.error()};
  Result<TimeDelta> distance = abs_delta(*delta, now);
  if (!distance.ok()) return Err{distance.error()};

  Result<int> order = compare(value, now);
  bool future = order.ok() && *order > 0;
  return tense(naturaldelta(*distance), future);
}

// naturaltime - for a timedelta ago.
Result<std::string> naturaltime(const TimeDelta& ago, const DateTime& now) {
  Result<DateTime> when = sub(now, ago);
  if (!when.ok()) return Err{when.error()};
  Result<TimeDelta> distance = abs_delta(ago, now);
  if (!distance.ok()) return Err{distance.error()};

  Result<int> order = compare(*when, now);
  bool future = order.ok() && *order > 0;
  return tense(naturaldelta(*distance), future);
}

// naturaltime_seconds - for a number of seconds ago.
Result<std::string> naturaltime_seconds(int64_t seconds, const DateTime& now) {
  Result<TimeDelta> delta = delta_from_seconds(seconds);
  if (!delta.ok()) return Err{delta.error()};
  Result<DateTime> when = sub(now, *delta);
  if (!when.ok()) return Err{when.error()};
  Result<TimeDelta> distance = abs_delta(*delta, now);
  if (!distance.ok()) return Err{distance.error()};

  // A number of seconds is always in the past for humanize.
  return tense(naturaldelta(*distance), false);
}

// naturalday - today/tomorrow/yesterday or "%b %d".
std::string naturalday(const Date& d, const Date& today) {
  return day_name(d, today, "%b %d");
}

// naturaldate - naturalday with the year when far away.
Result<std::string> naturaldate(const Date& d, const Date& today,
                                const DateTime& now) {
  Result<TimeDelta> distance = abs_delta(sub(d, today), now);
  if (!distance.ok()) return Err{distance.error()};

  // About five months (5 * 365 / 12 days) away: the year matters.
  bool far = static_cast<double>(distance->days) >= 5 * 365 / 12.0;
  return day_name(d, today, far ? "%b %d %Y" : "%b %d");
}

// precisedelta - humanize.precisedelta(td) with its defaults.
std::string precisedelta(const TimeDelta& d) {
  // Units: years, months (30.5 days), days, hours, minutes, seconds with
  // the microseconds as a fraction, as humanize computes them.
  double days = static_cast<double>(d.days);
  double years = std::floor(days / 365);
  days -= years * 365;
  double months = std::floor(days / 30.5);
  days -= months * 30.5;
  int64_t secs = d.seconds;
  double hours = static_cast<double>(secs / 3600);
  secs %= 3600;
  double minutes = static_cast<double>(secs / 60);
  secs %= 60;
  double seconds = static_cast<double>(secs) + d.microseconds / 1e6;

  struct Part {
    const char* one;
    const char* many;
    double value;
  };
  const Part parts[6] = {
      {" year", " years", years},       {" month", " months", months},
      {" day", " days", days},          {" hour", " hours", hours},
      {" minute", " minutes", minutes}, {" second", " seconds", seconds}};
  std::vector<std::string> texts;
  for (int i = 0; i < 6; ++i) {
    bool is_min = i == 5;
    if (parts[i].value > 0 || (texts.empty() && is_min)) {
      texts.push_back(precise_part(parts[i].one, parts[i].many, parts[i].value,
                                   is_min, i == 0));
    }
  }

  if (texts.size() == 1) return texts[0];
  std::string head;
  for (size_t i = 0; i + 1 < texts.size(); ++i) {
    if (i > 0) head += ", ";
    head += texts[i];
  }
  return head + " and " + texts.back();
}

}  // namespace tattler::jinja::humanize
