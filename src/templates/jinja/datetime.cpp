// datetime.cpp - Python's datetime value types: calendar, printing, clock.
//
// The calendar is the proleptic Gregorian one of Python's datetime module
// (day 1 is 0001-01-01). Parsing is in datetime_parse.cpp, arithmetic and
// comparison in datetime_arith.cpp, strftime in datetime_format.cpp.
//
// Limits: see datetime.hpp.
#include "templates/jinja/datetime.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <ctime>

#include "templates/jinja/datetime_detail.hpp"

namespace tattler::jinja {
namespace {

constexpr int64_t kUsPerSecond = 1000000;
constexpr int64_t kSecondsPerDay = 86400;
constexpr int64_t kUsPerDay = kSecondsPerDay * kUsPerSecond;
constexpr int64_t kMaxDeltaDays = 999999999;
constexpr int64_t kMaxOrdinal = 3652059;  // 9999-12-31

constexpr int kDaysBeforeMonth[13] = {0,   0,   31,  59,  90,  120, 151,
                                      181, 212, 243, 273, 304, 334};

// is_leap - Gregorian leap year.
bool is_leap(int year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

// days_before_year - days from 0001-01-01 to January 1st of `year`.
int64_t days_before_year(int year) {
  int64_t y = year - 1;
  return y * 365 + y / 4 - y / 100 + y / 400;
}

// floor_div - Python's // on integers.
int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// format_offset - Python's rendering of a UTC offset with `sep` between
// hours, minutes and seconds: "+02:00", "-05:30", "+01:00:00.500000".
std::string format_offset(int64_t offset_us, std::string_view sep) {
  char sign = '+';
  if (offset_us < 0) {
    sign = '-';
    offset_us = -offset_us;
  }
  int64_t us = offset_us % kUsPerSecond;
  int64_t secs = offset_us / kUsPerSecond;
  std::string out =
      fmt::format("{}{:02d}{}{:02d}", sign, secs / 3600, sep, secs % 3600 / 60);
  if (us != 0 || secs % 60 != 0) out += fmt::format("{}{:02d}", sep, secs % 60);
  if (us != 0) out += fmt::format(".{:06d}", us);
  return out;
}

// tz_repr - repr() of the fixed-offset tzinfo of an aware time.
std::string tz_repr(const Time& t) {
  TimeDelta off = t.offset();
  if (off == TimeDelta{}) return "datetime.timezone.utc";
  return "datetime.timezone(" + off.repr() + ")";
}

}  // namespace

// --- TimeDelta

TimeDelta TimeDelta::from_microseconds(int64_t us) {
  TimeDelta d;
  d.days = floor_div(us, kUsPerDay);
  int64_t rest = us - d.days * kUsPerDay;
  d.seconds = rest / kUsPerSecond;
  d.microseconds = rest % kUsPerSecond;
  return d;
}

// TimeDelta::make - timedelta(days, seconds, microseconds).
Result<TimeDelta> TimeDelta::make(int64_t days, int64_t seconds,
                                  int64_t microseconds) {
  // Every int64 input fits in 128 bits once in microseconds (< 2^101).
  using detail::Int128;
  Int128 us =
      (Int128{days} * kSecondsPerDay + seconds) * kUsPerSecond + microseconds;
  Int128 total_days = us / kUsPerDay;
  if (us % kUsPerDay < 0) total_days -= 1;
  Int128 rest = us - total_days * kUsPerDay;
  if (total_days > kMaxDeltaDays || total_days < -kMaxDeltaDays) {
    if (total_days > INT32_MAX || total_days < INT32_MIN) {
      return Err{"Python int too large to convert to C int"};
    }
    return Err{fmt::format("days={}; must have magnitude <= {}",
                           static_cast<int64_t>(total_days), kMaxDeltaDays)};
  }
  int64_t secs = static_cast<int64_t>(rest / kUsPerSecond);
  int64_t micros = static_cast<int64_t>(rest % kUsPerSecond);
  return TimeDelta{static_cast<int64_t>(total_days), secs, micros};
}

// TimeDelta::total_microseconds - the span in microseconds.
int64_t TimeDelta::total_microseconds() const {
  // Computed in 128 bits and narrowed, so an oversized span wraps instead
  // of overflowing.
  detail::Int128 us =
      (detail::Int128{days} * kSecondsPerDay + seconds) * kUsPerSecond +
      microseconds;
  return static_cast<int64_t>(static_cast<uint64_t>(us));
}

// TimeDelta::total_seconds - Python's td.total_seconds().
double TimeDelta::total_seconds() const {
  // Python divides the exact integer count of microseconds by 10**6, a
  // correctly rounded division: exact in double below 2^53 microseconds.
  detail::Int128 us =
      (detail::Int128{days} * kSecondsPerDay + seconds) * kUsPerSecond +
      microseconds;
  constexpr detail::Int128 kExact = detail::Int128{1} << 53;
  if (us < kExact && us > -kExact) return static_cast<double>(us) / 1e6;
  return static_cast<double>(static_cast<long double>(us) / 1e6L);
}

// TimeDelta::str - Python's str(td).
std::string TimeDelta::str() const {
  std::string out;
  if (days != 0) {
    out = fmt::format("{} day{}, ", days, std::llabs(days) != 1 ? "s" : "");
  }
  out += fmt::format("{}:{:02d}:{:02d}", seconds / 3600, seconds % 3600 / 60,
                     seconds % 60);
  if (microseconds != 0) out += fmt::format(".{:06d}", microseconds);
  return out;
}

// TimeDelta::repr - Python's repr(td), only the non-zero fields.
std::string TimeDelta::repr() const {
  std::string args;
  auto add = [&args](std::string_view name, int64_t v) {
    if (v == 0) return;
    if (!args.empty()) args += ", ";
    args += fmt::format("{}={}", name, v);
  };
  add("days", days);
  add("seconds", seconds);
  add("microseconds", microseconds);
  if (args.empty()) args = "0";
  return "datetime.timedelta(" + args + ")";
}

// --- Date

std::string Date::str() const {
  return fmt::format("{:04d}-{:02d}-{:02d}", year, month, day);
}

// Date::repr - Python's repr(date).
std::string Date::repr() const {
  return fmt::format("datetime.date({}, {}, {})", year, month, day);
}

// Date::toordinal - days since 0000-12-31.
int64_t Date::toordinal() const {
  int64_t before = kDaysBeforeMonth[month] + (month > 2 && is_leap(year));
  return days_before_year(year) + before + day;
}

// Date::fromordinal - the date of a day number.
Result<Date> Date::fromordinal(int64_t ordinal) {
  if (ordinal < 1 || ordinal > kMaxOrdinal) {
    return Err{"date value out of range"};
  }

  // Years repeat every 400 (146097 days); find the year, then the month.
  int64_t n = ordinal - 1;
  int64_t n400 = n / 146097;
  n %= 146097;
  int64_t n100 = n / 36524;
  n %= 36524;
  int64_t n4 = n / 1461;
  n %= 1461;
  int64_t n1 = n / 365;
  n %= 365;
  int year = static_cast<int>(n400 * 400 + n100 * 100 + n4 * 4 + n1 + 1);
  if (n1 == 4 || n100 == 4) return Date{year - 1, 12, 31};

  bool leap = is_leap(year);
  int month = 12;
  while (kDaysBeforeMonth[month] + (month > 2 && leap) > n) --month;
  int day =
      static_cast<int>(n - kDaysBeforeMonth[month] - (month > 2 && leap)) + 1;
  return Date{year, month, day};
}

// Date::weekday - Monday is 0.
int Date::weekday() const { return static_cast<int>((toordinal() + 6) % 7); }

// --- Time

TimeDelta Time::offset() const {
  if (!utc_offset_seconds) return TimeDelta{};
  return TimeDelta::from_microseconds(
      static_cast<int64_t>(*utc_offset_seconds) * kUsPerSecond +
      utc_offset_microseconds);
}

// Time::str - Python's str(time).
std::string Time::str() const {
  std::string out = fmt::format("{:02d}:{:02d}:{:02d}", hour, minute, second);
  if (microsecond != 0) out += fmt::format(".{:06d}", microsecond);
  if (aware()) out += format_offset(offset().total_microseconds(), ":");
  return out;
}

// Time::repr - Python's repr(time), trailing zero fields dropped.
std::string Time::repr() const {
  std::string out = fmt::format("datetime.time({}, {}", hour, minute);
  if (microsecond != 0) {
    out += fmt::format(", {}, {}", second, microsecond);
  } else if (second != 0) {
    out += fmt::format(", {}", second);
  }
  if (aware()) out += ", tzinfo=" + tz_repr(*this);
  return out + ")";
}

// --- DateTime

std::string DateTime::str() const { return date.str() + " " + time.str(); }

// DateTime::isoformat - Python's isoformat() ('T' separator).
std::string DateTime::isoformat() const {
  return date.str() + "T" + time.str();
}

// DateTime::repr - Python's repr(datetime).
std::string DateTime::repr() const {
  std::string out =
      fmt::format("datetime.datetime({}, {}, {}, {}, {}", date.year, date.month,
                  date.day, time.hour, time.minute);
  if (time.microsecond != 0) {
    out += fmt::format(", {}, {}", time.second, time.microsecond);
  } else if (time.second != 0) {
    out += fmt::format(", {}", time.second);
  }
  if (aware()) out += ", tzinfo=" + tz_repr(time);
  return out + ")";
}

// --- Helpers shared with the other datetime_*.cpp files.

namespace detail {

// format_utc_offset - see datetime_detail.hpp.
std::string format_utc_offset(int64_t offset_us, std::string_view sep) {
  return format_offset(offset_us, sep);
}

}  // namespace detail

// --- Clock

DateTime now_local() {
  auto now = std::chrono::system_clock::now();
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                now.time_since_epoch())
                .count();
  std::time_t secs = static_cast<std::time_t>(floor_div(us, kUsPerSecond));
  std::tm tm{};
  localtime_r(&secs, &tm);

  DateTime out;
  out.date = Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
  out.time.hour = tm.tm_hour;
  out.time.minute = tm.tm_min;
  // A leap second (tm_sec 60) does not exist for Python either.
  out.time.second = tm.tm_sec > 59 ? 59 : tm.tm_sec;
  out.time.microsecond =
      static_cast<int>(us - floor_div(us, kUsPerSecond) * kUsPerSecond);
  return out;
}

// today_local - date.today().
Date today_local() { return now_local().date; }

}  // namespace tattler::jinja
