// typed_test.cpp - std::chrono values as "^tattler^" typed strings.
//
// Limits: the decoding side is the server's; see the integration tests.
#include "tattler/typed.hpp"

#include <gtest/gtest.h>

#include "tattler/result.hpp"

namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

TEST(Typed, InstantIsAnAwareUtcDatetimeWithMicroseconds) {
  sys_days day = 2022y / June / 9;
  auto instant = day + 18h + 44min + 15s + 157049us;

  EXPECT_EQ(tattler::typed(instant),
            "^tattler^datetime^2022-06-09T18:44:15.157049+00:00");
}

TEST(Typed, WholeSecondsOmitTheFraction) {
  system_clock::time_point instant = sys_days{2024y / January / 2} + 3h;

  EXPECT_EQ(tattler::typed(instant),
            "^tattler^datetime^2024-01-02T03:00:00+00:00");
}

TEST(Typed, NanosecondsAreTruncatedToMicroseconds) {
  auto instant = sys_days{2024y / January / 2} + 1999ns;

  EXPECT_EQ(tattler::typed(instant),
            "^tattler^datetime^2024-01-02T00:00:00.000001+00:00");
}

TEST(Typed, BeforeTheEpochCountsBackwards) {
  auto instant = sys_days{1969y / December / 31} + 23h + 59min + 59s + 500000us;

  EXPECT_EQ(tattler::typed(instant),
            "^tattler^datetime^1969-12-31T23:59:59.500000+00:00");
}

TEST(Typed, LocalTimeIsANaiveDatetime) {
  local_days day{2023y / March / 4};

  EXPECT_EQ(tattler::typed(day + 5h + 6min + 7s),
            "^tattler^datetime^2023-03-04T05:06:07");
}

TEST(Typed, CalendarDate) {
  EXPECT_EQ(tattler::typed(year_month_day{2024y / February / 29}),
            "^tattler^date^2024-02-29");
  EXPECT_THROW(tattler::typed(year_month_day{2023y / February / 29}),
               std::invalid_argument);
}

TEST(Typed, TimeOfDay) {
  EXPECT_EQ(tattler::typed(hh_mm_ss{11h}), "^tattler^time^11:00:00");
  EXPECT_EQ(tattler::typed(hh_mm_ss{9h + 8min + 7s + 6ms}),
            "^tattler^time^09:08:07.006000");
  EXPECT_THROW(tattler::typed(hh_mm_ss{25h}), std::invalid_argument);
}

TEST(Typed, DurationIsPythonTimedelta) {
  auto span = days{2} + 1h + 5min + 12s + 456us;

  EXPECT_EQ(tattler::typed(span), "^tattler^timedelta^P2D3912S456u");
  EXPECT_EQ(tattler::typed(days{123} + 128748s + 3us),
            "^tattler^timedelta^P124D42348S3u");
  EXPECT_EQ(tattler::typed(0s), "^tattler^timedelta^P0D0S0u");
}

TEST(Typed, NegativeDurationKeepsPythonNormalisation) {
  EXPECT_EQ(tattler::typed(-1s), "^tattler^timedelta^P-1D86399S0u");
}

TEST(Typed, GoesIntoAContextAsAString) {
  tattler::Json ctx;

  ctx["due"] = tattler::typed(year_month_day{2024y / May / 1});

  EXPECT_EQ(ctx.dump(), R"({"due":"^tattler^date^2024-05-01"})");
}

}  // namespace
