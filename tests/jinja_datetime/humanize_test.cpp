// humanize_test.cpp - tattler's humanize filter as template designers use it.
//
// Hand-written specifications of the behaviour reference's examples and the
// boundaries that matter; the wide coverage is in golden_test.cpp.
//
// Limits: none.
#include "templates/jinja/humanize.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace tattler::jinja::humanize {
namespace {

// clock - a fixed "now": 2024-03-15 12:30:45.
Clock clock() {
  DateTime now{Date{2024, 3, 15}, Time{}};
  now.time.hour = 12;
  now.time.minute = 30;
  now.time.second = 45;
  return Clock{now, now.date};
}

// run - the filter's text for humanize(value, function).
std::string run(std::string_view function, const Input& value,
                std::string_view value_str = "") {
  auto r = apply(function, value, value_str, clock());
  if (!r.ok()) return "error: " + r.error();
  if (!r->has_value()) return "(unchanged)";
  return **r;
}

TEST(Humanize, ReferenceExamples) {
  EXPECT_EQ(run("naturaldelta", TimeDelta{0, 8763, 0}), "2 hours");
  EXPECT_EQ(run("intword", int64_t{12345591313}), "12.3 billion");
  EXPECT_EQ(run("intcomma", int64_t{1234567}), "1,234,567");
}

TEST(Humanize, DefaultFunctionDependsOnTheType) {
  EXPECT_EQ(*default_function(TimeDelta{}), "naturaldelta");
  EXPECT_EQ(*default_function(DateTime{}), "naturaltime");
  EXPECT_EQ(*default_function(Date{}), "naturaldate");
  EXPECT_FALSE(default_function(int64_t{3}).has_value());
}

TEST(Humanize, UnknownFunctionLeavesTheValueUnchanged) {
  EXPECT_EQ(run("frobnicate", int64_t{3}, "3"), "(unchanged)");
}

TEST(Humanize, UndefinedFailsExceptForClampAndMetric) {
  Clock c = clock();

  EXPECT_FALSE(apply("intcomma", std::monostate{}, "", c, "Undefined").ok());
  EXPECT_EQ(*apply("clamp", std::monostate{}, "", c, "Undefined").value(), "");
  EXPECT_EQ(apply("metric", std::monostate{}, "", c, "Undefined").error(),
            "bad operand type for abs(): 'Undefined'");
  EXPECT_EQ(*apply("intcomma", std::monostate{}, "None", c).value(), "None");
}

TEST(Humanize, NaturaldeltaBoundaries) {
  EXPECT_EQ(naturaldelta(TimeDelta{0, 0, 999999}), "a moment");
  EXPECT_EQ(naturaldelta(TimeDelta{0, 59, 500000}), "59 seconds");
  EXPECT_EQ(naturaldelta(TimeDelta{0, 119, 0}), "a minute");
  EXPECT_EQ(naturaldelta(TimeDelta{30, 0, 0}), "30 days");
  EXPECT_EQ(naturaldelta(TimeDelta{31, 0, 0}), "a month");
  EXPECT_EQ(naturaldelta(TimeDelta{396, 0, 0}), "1 year, 1 month");
  EXPECT_EQ(naturaldelta(TimeDelta{365 * 1234, 0, 0}), "1,234 years");
}

TEST(Humanize, NaturaltimeHasATense) {
  Clock c = clock();
  DateTime earlier = *sub(c.now, TimeDelta{0, 180, 0});
  DateTime later = *add(c.now, TimeDelta{2, 0, 0});

  EXPECT_EQ(*naturaltime(earlier, c.now), "3 minutes ago");
  EXPECT_EQ(*naturaltime(later, c.now), "2 days from now");
  EXPECT_EQ(*naturaltime(c.now, c.now), "now");
  EXPECT_EQ(run("naturaltime", int64_t{-30}), "30 seconds ago");
}

TEST(Humanize, NaturaltimeOfAnAwareDatetimeFailsAsInPython) {
  DateTime aware = clock().now;
  aware.time.utc_offset_seconds = 0;

  EXPECT_EQ(run("naturaltime", aware),
            "error: can't subtract offset-naive and offset-aware datetimes");
}

TEST(Humanize, NaturaldayAndNaturaldate) {
  Date today{2024, 3, 15};

  EXPECT_EQ(naturalday(Date{2024, 3, 16}, today), "tomorrow");
  EXPECT_EQ(naturalday(Date{2024, 3, 1}, today), "Mar 01");
  EXPECT_EQ(*naturaldate(Date{2024, 3, 1}, today, clock().now), "Mar 01");
  EXPECT_EQ(*naturaldate(Date{2021, 3, 1}, today, clock().now), "Mar 01 2021");
}

TEST(Humanize, NumbersAcceptStringsAsPythonDoes) {
  EXPECT_EQ(run("intcomma", std::string("1234.5")), "1,234.5");
  EXPECT_EQ(run("intword", std::string("1000000")), "1.0 million");
  EXPECT_EQ(run("ordinal", std::string("abc"), "abc"), "abc");
  EXPECT_EQ(run("apnumber", std::string("7")), "seven");
}

TEST(Humanize, NumberFunctions) {
  EXPECT_EQ(ordinal(111), "111th");
  EXPECT_EQ(ordinal(102), "102nd");
  EXPECT_EQ(apnumber(10), "10");
  EXPECT_EQ(naturalsize(3000000), "3.0 MB");
  EXPECT_EQ(naturalsize(3000, true), "2.9 KiB");
  EXPECT_EQ(naturalsize(3000, false, true), "2.9K");
  EXPECT_EQ(naturalsize(1), "1 Byte");
  EXPECT_EQ(*fractional(1.3), "1 3/10");
  EXPECT_EQ(*fractional(1.0 / 3), "1/3");
  EXPECT_EQ(*scientific(0.3), "3.00 x 10⁻¹");
  EXPECT_EQ(*metric(1500), "1.50 k");
  EXPECT_EQ(precisedelta(TimeDelta{2, 3633, 123000}),
            "2 days, 1 hour and 33.12 seconds");
}

TEST(Humanize, ExceptionsHumanizeLetsThroughAreErrors) {
  EXPECT_EQ(run("intword", std::numeric_limits<double>::infinity()),
            "error: cannot convert float infinity to integer");
  EXPECT_EQ(run("naturalsize", std::string("abc")),
            "error: could not convert string to float: 'abc'");
  EXPECT_EQ(run("naturaldelta", int64_t{86400000000000}),
            "error: days=1000000000; must have magnitude <= 999999999");
}

}  // namespace
}  // namespace tattler::jinja::humanize
