// typed.cpp - writing "^tattler^" typed strings in Python's isoformat().
//
// Limits: see typed.hpp (microsecond precision, Python's negative
// timedelta form).
#include "tattler/typed.hpp"

#include <cstdio>
#include <stdexcept>

namespace tattler {

namespace {

constexpr std::int64_t kUsPerSecond = 1000000;
constexpr std::int64_t kUsPerDay = 86400 * kUsPerSecond;

// floor_div - division rounding toward minus infinity, as Python's //.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// clock_text - "HH:MM:SS" plus ".ffffff" when the fraction is not zero.
std::string clock_text(std::int64_t us_of_day) {
  std::int64_t seconds = us_of_day / kUsPerSecond;
  std::int64_t micros = us_of_day % kUsPerSecond;
  char buf[32];
  int n = std::snprintf(
      buf, sizeof buf, "%02d:%02d:%02d", static_cast<int>(seconds / 3600),
      static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
  if (micros != 0) {
    std::snprintf(buf + n, sizeof buf - n, ".%06d", static_cast<int>(micros));
  }
  return buf;
}

// date_text - "YYYY-MM-DD" of a calendar date.
std::string date_text(std::chrono::year_month_day date) {
  char buf[32];
  std::snprintf(
      buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(date.year()),
      static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buf;
}

}  // namespace

namespace typed_detail {

// datetime_from_us - splits into days since the epoch and time of day.
std::string datetime_from_us(std::int64_t us, bool aware_utc) {
  std::int64_t days = floor_div(us, kUsPerDay);
  std::int64_t us_of_day = us - days * kUsPerDay;
  std::chrono::sys_days day{std::chrono::days{days}};

  std::string text = "^tattler^datetime^" +
                     date_text(std::chrono::year_month_day{day}) + "T" +
                     clock_text(us_of_day);
  if (aware_utc) text += "+00:00";
  return text;
}

// time_from_us - a time of day; a day or more is not a time of day.
std::string time_from_us(std::int64_t us) {
  if (us < 0 || us >= kUsPerDay) {
    throw std::invalid_argument("time of day out of range 00:00..23:59:59");
  }
  return "^tattler^time^" + clock_text(us);
}

// timedelta_from_us - Python's normalisation: 0 <= seconds < 86400 and
// 0 <= microseconds < 1000000, days carry the sign.
std::string timedelta_from_us(std::int64_t us) {
  std::int64_t days = floor_div(us, kUsPerDay);
  std::int64_t rest = us - days * kUsPerDay;
  char buf[96];
  std::snprintf(buf, sizeof buf, "^tattler^timedelta^P%lldD%lldS%lldu",
                static_cast<long long>(days),
                static_cast<long long>(rest / kUsPerSecond),
                static_cast<long long>(rest % kUsPerSecond));
  return buf;
}

}  // namespace typed_detail

// typed - a calendar date; an invalid date is a programming error.
std::string typed(std::chrono::year_month_day date) {
  if (!date.ok()) throw std::invalid_argument("invalid calendar date");
  return "^tattler^date^" + date_text(date);
}

}  // namespace tattler
