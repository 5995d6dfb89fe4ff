// datetime_test.cpp - Python datetime behaviour a template relies on.
//
// Hand-written specifications of the cases tattler's users meet; the wide
// coverage is in golden_test.cpp.
//
// Limits: none.
#include "templates/jinja/datetime.hpp"

#include <gtest/gtest.h>

namespace tattler::jinja {
namespace {

// dt - a naive datetime parsed from ISO text (the parser is tested too).
DateTime dt(const char* iso) {
  Result<DateTime> r = parse_datetime(iso);
  EXPECT_TRUE(r.ok()) << iso;
  return r.ok() ? *r : DateTime{};
}

TEST(TimeDelta, PrintsAsPythonStr) {
  EXPECT_EQ(TimeDelta::from_microseconds(1200000000).str(), "0:20:00");
  EXPECT_EQ((TimeDelta{2, 3600, 0}).str(), "2 days, 1:00:00");
  EXPECT_EQ(TimeDelta::from_microseconds(-1000000).str(), "-1 day, 23:59:59");
  EXPECT_EQ(TimeDelta::from_microseconds(500000).str(), "0:00:00.500000");
  EXPECT_EQ((TimeDelta{1, 0, 0}).str(), "1 day, 0:00:00");
}

TEST(TimeDelta, NormalisesLikePython) {
  Result<TimeDelta> d = TimeDelta::make(0, -1, 0);

  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, (TimeDelta{-1, 86399, 0}));
  EXPECT_EQ(d->total_microseconds(), -1000000);
  EXPECT_EQ(d->repr(), "datetime.timedelta(days=-1, seconds=86399)");
}

TEST(TimeDelta, RefusesMoreThanPythonsRange) {
  Result<TimeDelta> d = TimeDelta::make(1000000000, 0, 0);

  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error(), "days=1000000000; must have magnitude <= 999999999");
}

TEST(DateTime, PrintsWithSpaceAndIsoformatWithT) {
  Result<DateTime> v = parse_datetime("2024-01-02T03:04:05+02:00");

  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->str(), "2024-01-02 03:04:05+02:00");
  EXPECT_EQ(v->isoformat(), "2024-01-02T03:04:05+02:00");
  EXPECT_EQ(v->repr(),
            "datetime.datetime(2024, 1, 2, 3, 4, 5, "
            "tzinfo=datetime.timezone(datetime.timedelta(seconds=7200)))");
}

TEST(Parse, DateOnlyStringIsMidnight) {
  EXPECT_EQ(dt("2024-01-02").str(), "2024-01-02 00:00:00");
}

TEST(Parse, AcceptsPython311Forms) {
  EXPECT_EQ(dt("2024-W01-1").str(), "2024-01-01 00:00:00");
  EXPECT_EQ(dt("20240102").str(), "2024-01-02 00:00:00");
  EXPECT_EQ(dt("2024-01-02T03:04:05.5").str(), "2024-01-02 03:04:05.500000");
  EXPECT_EQ(dt("2024-01-02 0304").str(), "2024-01-02 03:04:00");
  EXPECT_EQ(dt("2021-09-29T17:03:36Z").str(), "2021-09-29 17:03:36+00:00");
}

TEST(Parse, RejectsWithPythonsMessage) {
  Result<DateTime> r = parse_datetime("0b1");

  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "Invalid isoformat string: '0b1'");
}

TEST(Parse, RangeErrorsNameTheField) {
  EXPECT_EQ(parse_datetime("2024-02-30").error(),
            "day is out of range for month");
  EXPECT_EQ(parse_datetime("2024-01-02T24:00").error(),
            "hour must be in 0..23");
}

TEST(Parse, DateAndTimeOnTheirOwn) {
  EXPECT_EQ(parse_date("2024-02-29")->str(), "2024-02-29");
  EXPECT_FALSE(parse_date("2023-02-29").ok());
  EXPECT_EQ(parse_time("11")->str(), "11:00:00");
  EXPECT_EQ(parse_time("T11:30+01:00")->str(), "11:30:00+01:00");
}

TEST(Arithmetic, DifferenceOfTwoClientTimes) {
  Result<TimeDelta> d = sub(dt("2024-01-02T10:20:00"), dt("2024-01-02T10:00"));

  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->str(), "0:20:00");
}

TEST(Arithmetic, NaiveMinusAwareIsAnError) {
  Result<TimeDelta> d = sub(dt("2024-01-02"), dt("2024-01-02T00:00Z"));

  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error(),
            "can't subtract offset-naive and offset-aware datetimes");
}

TEST(Arithmetic, AwareTimesCompareInUtc) {
  DateTime a = dt("2024-01-02T05:00+02:00");
  DateTime b = dt("2024-01-02T03:00Z");

  EXPECT_TRUE(equal(a, b));
  EXPECT_EQ(*compare(a, b), 0);
  EXPECT_FALSE(equal(a, dt("2024-01-02T03:00")));
  EXPECT_FALSE(compare(a, dt("2024-01-02T03:00")).ok());
}

TEST(Arithmetic, LeapYearsAreCounted) {
  Date leap{2024, 2, 28};

  EXPECT_EQ(add(leap, TimeDelta{1, 0, 0})->str(), "2024-02-29");
  EXPECT_EQ(add(leap, TimeDelta{2, 0, 0})->str(), "2024-03-01");
  EXPECT_EQ(sub(Date{2024, 3, 1}, Date{2023, 3, 1}).days, 366);
  EXPECT_EQ(sub(Date{2023, 3, 1}, Date{2022, 3, 1}).days, 365);
}

TEST(Arithmetic, DateIgnoresTheTimePartOfATimedelta) {
  EXPECT_EQ(sub(Date{2024, 1, 2}, TimeDelta{0, 3600, 0})->str(), "2024-01-02");
}

TEST(Arithmetic, LeavingTheCalendarIsAnError) {
  EXPECT_EQ(add(dt("9999-12-31T23:00"), TimeDelta{0, 7200, 0}).error(),
            "date value out of range");
}

TEST(Arithmetic, TimedeltaOperatorsFollowPython) {
  TimeDelta hour{0, 3600, 0};
  TimeDelta minute{0, 60, 0};

  EXPECT_EQ(mul(hour, int64_t{3})->str(), "3:00:00");
  EXPECT_EQ(mul(minute, 0.5)->str(), "0:00:30");
  EXPECT_EQ(*truediv(hour, minute), 60.0);
  EXPECT_EQ(*floordiv(hour, TimeDelta{0, 7, 0}), 514);
  EXPECT_EQ(mod(hour, TimeDelta{0, 7, 0})->str(), "0:00:02");
  EXPECT_EQ(neg(hour)->str(), "-1 day, 23:00:00");
  EXPECT_EQ(truediv(hour, int64_t{0}).error(),
            "integer division or modulo by zero");
}

TEST(Strftime, FormatsInTheCLocale) {
  DateTime v = dt("2024-01-02T03:04:05.000006+05:30");

  EXPECT_EQ(strftime(v, "%a %d %b %Y %H:%M:%S.%f %z %Z"),
            "Tue 02 Jan 2024 03:04:05.000006 +0530 UTC+05:30");
  EXPECT_EQ(strftime(Date{2024, 1, 2}, "%b %d"), "Jan 02");
  EXPECT_EQ(strftime(dt("2024-01-02"), "%z%Z|%%"), "|%");
}

TEST(Calendar, OrdinalsRoundTrip) {
  for (int64_t ordinal : {1, 59, 60, 365, 366, 730120, 738886, 3652059}) {
    Result<Date> d = Date::fromordinal(ordinal);

    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->toordinal(), ordinal);
  }
  EXPECT_EQ((Date{2024, 1, 1}).weekday(), 0);
  EXPECT_EQ((Date{2024, 1, 7}).isoweekday(), 7);
}

TEST(Clock, NowIsNaiveAndTodayIsItsDate) {
  DateTime now = now_local();

  EXPECT_FALSE(now.aware());
  EXPECT_GE(now.date.year, 2024);
}

}  // namespace
}  // namespace tattler::jinja
