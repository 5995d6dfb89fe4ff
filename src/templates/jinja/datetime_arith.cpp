// datetime_arith.cpp - Python's arithmetic and comparison of datetime types.
//
// Every operation works on exact microsecond counts (128-bit, so that the
// whole timedelta range fits) and fails with the message Python's
// exception carries.
//
// Limits: see datetime.hpp.
#include <fmt/format.h>

#include <cmath>
#include <cstdint>

#include "templates/jinja/datetime.hpp"
#include "templates/jinja/datetime_detail.hpp"

namespace tattler::jinja {
namespace {

using detail::Int128;
using detail::kMaxOrdinal;
using detail::kUsPerDay;
using detail::kUsPerSecond;

constexpr int64_t kMaxDeltaDays = 999999999;

// floor_div - Python's // on 128-bit integers.
Int128 floor_div(Int128 a, Int128 b) {
  Int128 q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// divide_round_even - a / b rounded half to even, as Python's timedelta
// division rounds.
Int128 divide_round_even(Int128 a, Int128 b) {
  Int128 q = floor_div(a, b);
  Int128 r = a - q * b;  // same sign as b
  Int128 twice = r * 2;
  bool greater = b > 0 ? twice > b : twice < b;
  bool tie = twice == b;
  if (greater || (tie && q % 2 != 0)) ++q;
  return q;
}

// total_us - a timedelta in microseconds, exactly.
Int128 total_us(const TimeDelta& d) {
  return (Int128{d.days} * 86400 + d.seconds) * kUsPerSecond + d.microseconds;
}

// delta_of - the timedelta of a microsecond count, or Python's
// OverflowError text.
Result<TimeDelta> delta_of(Int128 us) {
  Int128 days = floor_div(us, kUsPerDay);
  if (days > kMaxDeltaDays || days < -kMaxDeltaDays) {
    // CPython first squeezes the day count into a C int.
    if (days > INT32_MAX || days < INT32_MIN) {
      return Err{"Python int too large to convert to C int"};
    }
    return Err{fmt::format("days={}; must have magnitude <= {}",
                           static_cast<int64_t>(days), kMaxDeltaDays)};
  }
  Int128 rest = us - days * kUsPerDay;
  return TimeDelta{static_cast<int64_t>(days),
                   static_cast<int64_t>(rest / kUsPerSecond),
                   static_cast<int64_t>(rest % kUsPerSecond)};
}

// local_us - microseconds since 0001-01-01T00:00 of the wall-clock time.
Int128 local_us(const DateTime& dt) {
  const Time& t = dt.time;
  Int128 secs = (Int128{dt.date.toordinal()} - 1) * 86400 + t.hour * 3600 +
                t.minute * 60 + t.second;
  return secs * kUsPerSecond + t.microsecond;
}

// utc_us - local_us minus the UTC offset (equal to local_us when naive).
Int128 utc_us(const DateTime& dt) {
  return local_us(dt) - total_us(dt.time.offset());
}

// time_us - microseconds since midnight, minus the offset.
Int128 time_us(const Time& t) {
  Int128 us =
      (Int128{t.hour} * 3600 + t.minute * 60 + t.second) * kUsPerSecond +
      t.microsecond;
  return us - total_us(t.offset());
}

// from_local_us - the datetime at a wall-clock count, keeping the offset.
Result<DateTime> from_local_us(Int128 us, const Time& zone) {
  Int128 days = floor_div(us, kUsPerDay);
  if (days < 0 || days >= kMaxOrdinal) return Err{"date value out of range"};
  Result<Date> date = Date::fromordinal(static_cast<int64_t>(days) + 1);
  if (!date.ok()) return Err{"date value out of range"};

  int64_t rest = static_cast<int64_t>(us - days * kUsPerDay);
  DateTime out{*date, zone};
  out.time.hour = static_cast<int>(rest / (3600 * kUsPerSecond));
  out.time.minute = static_cast<int>(rest / (60 * kUsPerSecond) % 60);
  out.time.second = static_cast<int>(rest / kUsPerSecond % 60);
  out.time.microsecond = static_cast<int>(rest % kUsPerSecond);
  return out;
}

int sign_of(Int128 v) { return v < 0 ? -1 : (v > 0 ? 1 : 0); }

// integer_ratio - float.as_integer_ratio() as numerator and a power of two
// exponent (value = num * 2^exp); Python's errors for nan and inf.
Result<std::pair<Int128, int>> integer_ratio(double v) {
  if (std::isnan(v)) return Err{"cannot convert NaN to integer ratio"};
  if (std::isinf(v)) return Err{"cannot convert Infinity to integer ratio"};
  int exp = 0;
  double mantissa = std::frexp(v, &exp);  // v = mantissa * 2^exp
  Int128 num = static_cast<Int128>(std::ldexp(mantissa, 53));
  exp -= 53;
  while (num != 0 && num % 2 == 0 && exp < 0) {
    num /= 2;
    ++exp;
  }
  return std::pair<Int128, int>{num, exp};
}

// scale - us * num * 2^exp, rounded half to even.
Result<TimeDelta> scale(Int128 us, Int128 num, int exp) {
  if (exp >= 0) {
    if (exp > 60) return Err{"Python int too large to convert to C int"};
    Int128 factor = num * (Int128{1} << exp);
    Int128 limit = Int128{1} << 100;
    if (factor != 0 && (us > limit / (factor < 0 ? -factor : factor) ||
                        us < -limit / (factor < 0 ? -factor : factor))) {
      return Err{"Python int too large to convert to C int"};
    }
    return delta_of(us * factor);
  }
  if (exp < -120) return delta_of(0);
  return delta_of(divide_round_even(us * num, Int128{1} << (-exp)));
}

}  // namespace

// add - datetime + timedelta, keeping the UTC offset.
Result<DateTime> add(const DateTime& a, const TimeDelta& b) {
  return from_local_us(local_us(a) + total_us(b), a.time);
}

// sub - datetime - timedelta, keeping the UTC offset.
Result<DateTime> sub(const DateTime& a, const TimeDelta& b) {
  return from_local_us(local_us(a) - total_us(b), a.time);
}

// sub - datetime - datetime, in UTC when both are aware.
Result<TimeDelta> sub(const DateTime& a, const DateTime& b) {
  if (a.aware() != b.aware()) {
    return Err{"can't subtract offset-naive and offset-aware datetimes"};
  }
  return delta_of(utc_us(a) - utc_us(b));
}

// add - date + timedelta (whole days only).
Result<Date> add(const Date& a, const TimeDelta& b) {
  Int128 ordinal = Int128{a.toordinal()} + b.days;
  if (ordinal < 1 || ordinal > kMaxOrdinal)
    return Err{"date value out of range"};
  return Date::fromordinal(static_cast<int64_t>(ordinal));
}

// sub - date - timedelta (whole days only).
Result<Date> sub(const Date& a, const TimeDelta& b) {
  // Python subtracts the days only, so an hour less is the same date.
  Int128 ordinal = Int128{a.toordinal()} - b.days;
  if (ordinal < 1 || ordinal > kMaxOrdinal)
    return Err{"date value out of range"};
  return Date::fromordinal(static_cast<int64_t>(ordinal));
}

// sub - date - date, in days.
TimeDelta sub(const Date& a, const Date& b) {
  return TimeDelta{a.toordinal() - b.toordinal(), 0, 0};
}

// add - timedelta + timedelta.
Result<TimeDelta> add(const TimeDelta& a, const TimeDelta& b) {
  return delta_of(total_us(a) + total_us(b));
}

// sub - timedelta - timedelta.
Result<TimeDelta> sub(const TimeDelta& a, const TimeDelta& b) {
  return delta_of(total_us(a) - total_us(b));
}

// neg - -timedelta.
Result<TimeDelta> neg(const TimeDelta& a) { return delta_of(-total_us(a)); }

// abs - abs(timedelta).
Result<TimeDelta> abs(const TimeDelta& a) {
  return a.days < 0 ? neg(a) : Result<TimeDelta>(a);
}

// mul - timedelta * int.
Result<TimeDelta> mul(const TimeDelta& a, int64_t b) {
  Int128 us = total_us(a);
  Int128 limit = Int128{1} << 100;
  if (b != 0 && (us > limit / (b < 0 ? -Int128{b} : Int128{b}) ||
                 us < -limit / (b < 0 ? -Int128{b} : Int128{b}))) {
    return Err{"Python int too large to convert to C int"};
  }
  return delta_of(us * b);
}

// mul - timedelta * float, rounded half to even.
Result<TimeDelta> mul(const TimeDelta& a, double b) {
  auto ratio = integer_ratio(b);
  if (!ratio.ok()) return Err{ratio.error()};
  return scale(total_us(a), ratio->first, ratio->second);
}

// truediv - timedelta / timedelta, a float.
Result<double> truediv(const TimeDelta& a, const TimeDelta& b) {
  Int128 d = total_us(b);
  if (d == 0) return Err{"division by zero"};
  // Correctly rounded, as Python's int / int, when both are exact doubles.
  Int128 n = total_us(a);
  constexpr Int128 kExact = Int128{1} << 53;
  if (n < kExact && n > -kExact && d < kExact && d > -kExact) {
    return static_cast<double>(n) / static_cast<double>(d);
  }
  return static_cast<double>(static_cast<long double>(n) /
                             static_cast<long double>(d));
}

// truediv - timedelta / int, rounded half to even.
Result<TimeDelta> truediv(const TimeDelta& a, int64_t b) {
  if (b == 0) return Err{"integer division or modulo by zero"};
  return delta_of(divide_round_even(total_us(a), b));
}

// truediv - timedelta / float, rounded half to even.
Result<TimeDelta> truediv(const TimeDelta& a, double b) {
  if (b == 0.0) return Err{"integer division or modulo by zero"};
  auto ratio = integer_ratio(b);
  if (!ratio.ok()) return Err{ratio.error()};

  // us / (num * 2^exp) = us * 2^-exp / num, computed exactly when it fits
  // in 125 bits; beyond that the quotient is far past timedelta's range.
  auto [num, exp] = *ratio;
  Int128 us = total_us(a);
  if (exp > 0) {
    if (exp > 100) return delta_of(0);
    return delta_of(divide_round_even(us, num * (Int128{1} << exp)));
  }
  Int128 magnitude = us < 0 ? -us : us;
  int bits = 0;
  while (magnitude > 0) {
    magnitude >>= 1;
    ++bits;
  }
  if (us == 0) return delta_of(0);
  if (bits - exp > 125) return Err{"Python int too large to convert to C int"};
  return delta_of(divide_round_even(us * (Int128{1} << (-exp)), num));
}

// floordiv - timedelta // timedelta, an int.
Result<int64_t> floordiv(const TimeDelta& a, const TimeDelta& b) {
  Int128 d = total_us(b);
  if (d == 0) return Err{"integer division or modulo by zero"};
  Int128 q = floor_div(total_us(a), d);
  if (q > INT64_MAX || q < INT64_MIN) {
    return Err{"quotient too large for a 64-bit integer"};
  }
  return static_cast<int64_t>(q);
}

// floordiv - timedelta // int.
Result<TimeDelta> floordiv(const TimeDelta& a, int64_t b) {
  if (b == 0) return Err{"integer division or modulo by zero"};
  return delta_of(floor_div(total_us(a), b));
}

// mod - timedelta % timedelta, with the sign of the divisor.
Result<TimeDelta> mod(const TimeDelta& a, const TimeDelta& b) {
  Int128 d = total_us(b);
  if (d == 0) return Err{"integer modulo by zero"};
  Int128 n = total_us(a);
  return delta_of(n - floor_div(n, d) * d);
}

// compare - order of two timedeltas.
int compare(const TimeDelta& a, const TimeDelta& b) {
  return sign_of(total_us(a) - total_us(b));
}

// compare - order of two dates.
int compare(const Date& a, const Date& b) {
  return sign_of(Int128{a.toordinal()} - b.toordinal());
}

// compare - order of two datetimes; naive against aware fails.
Result<int> compare(const DateTime& a, const DateTime& b) {
  if (a.aware() != b.aware()) {
    return Err{"can't compare offset-naive and offset-aware datetimes"};
  }
  return sign_of(utc_us(a) - utc_us(b));
}

// compare - order of two times; naive against aware fails.
Result<int> compare(const Time& a, const Time& b) {
  if (a.aware() != b.aware()) {
    return Err{"can't compare offset-naive and offset-aware times"};
  }
  return sign_of(time_us(a) - time_us(b));
}

// equal - datetime == datetime (naive never equals aware).
bool equal(const DateTime& a, const DateTime& b) {
  if (a.aware() != b.aware()) return false;
  return utc_us(a) == utc_us(b);
}

// equal - time == time (naive never equals aware).
bool equal(const Time& a, const Time& b) {
  if (a.aware() != b.aware()) return false;
  return time_us(a) == time_us(b);
}

}  // namespace tattler::jinja
