// typed.hpp - std::chrono values as tattler's "^tattler^" typed strings.
//
// tattler's server turns strings such as "^tattler^date^2024-01-02" found in
// a request body back into dates, times, datetimes and durations before the
// templates see them. These helpers write such strings, so that
//
//   ctx["due"] = tattler::typed(std::chrono::year_month_day{...});
//
// reaches the template as a date. The formats are Python's isoformat():
// fractions of a second are written as microseconds, and only when non-zero.
//
//   system_clock::time_point / sys_time  ^tattler^datetime^...+00:00 (aware)
//   local_time                           ^tattler^datetime^...        (naive)
//   year_month_day                       ^tattler^date^YYYY-MM-DD
//   hh_mm_ss                             ^tattler^time^HH:MM:SS[.ffffff]
//   duration                             ^tattler^timedelta^P<d>D<s>S<us>u
//
// Limits: precision below a microsecond is truncated (toward the past).
// A negative duration is written as Python writes it (negative days), which
// tattler's decoder cannot read back; years outside 1..9999 are not valid
// Python dates either. hh_mm_ss values of 24 hours or more are rejected with
// std::invalid_argument.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace tattler {

namespace typed_detail {

// datetime_from_us - "^tattler^datetime^" for microseconds since the epoch.
std::string datetime_from_us(std::int64_t us, bool aware_utc);

// time_from_us - "^tattler^time^" for microseconds since midnight.
std::string time_from_us(std::int64_t us);

// timedelta_from_us - "^tattler^timedelta^" for a signed microsecond count.
std::string timedelta_from_us(std::int64_t us);

}  // namespace typed_detail

// typed - a UTC instant as an aware datetime.
template <class Duration>
std::string typed(std::chrono::sys_time<Duration> instant) {
  auto us = std::chrono::floor<std::chrono::microseconds>(instant);
  return typed_detail::datetime_from_us(us.time_since_epoch().count(), true);
}

// typed - a wall-clock time without zone as a naive datetime.
template <class Duration>
std::string typed(std::chrono::local_time<Duration> when) {
  auto us = std::chrono::floor<std::chrono::microseconds>(when);
  return typed_detail::datetime_from_us(us.time_since_epoch().count(), false);
}

// typed - a calendar date.
std::string typed(std::chrono::year_month_day date);

// typed - a time of day.
template <class Duration>
std::string typed(const std::chrono::hh_mm_ss<Duration>& time_of_day) {
  auto us =
      std::chrono::floor<std::chrono::microseconds>(time_of_day.to_duration());
  return typed_detail::time_from_us(us.count());
}

// typed - a duration as a timedelta.
template <class Rep, class Period>
std::string typed(std::chrono::duration<Rep, Period> span) {
  auto us = std::chrono::floor<std::chrono::microseconds>(span);
  return typed_detail::timedelta_from_us(us.count());
}

}  // namespace tattler
