// robustness_test.cpp - arbitrary input never crashes the conversions.
//
// Feeds deterministic pseudo-random byte strings (valid UTF-8 or not) and
// extreme values to every parser and to humanize; the only expectation is
// an answer (a value or an error), checked under the sanitizers when the
// build enables them.
//
// Limits: a fixed seed; this is a smoke test, not a coverage-guided fuzzer.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "templates/jinja/datetime.hpp"
#include "templates/jinja/humanize.hpp"
#include "templates/jinja/pyconvert.hpp"

namespace tattler::jinja {
namespace {

// random_text - a string of 0..24 bytes drawn mostly from characters the
// parsers care about.
std::string random_text(std::mt19937& rng) {
  static const std::string kAlphabet =
      "0123456789-+:.,TZWeE_x nanif\t\xc3\xa9\xe2\x80\x83\xff\x80";
  std::uniform_int_distribution<size_t> len(0, 24);
  std::uniform_int_distribution<size_t> pick(0, kAlphabet.size() - 1);
  std::string out;
  for (size_t n = len(rng); n > 0; --n) out.push_back(kAlphabet[pick(rng)]);
  return out;
}

TEST(Robustness, ParsersAnswerEveryString) {
  std::mt19937 rng(20240315);
  size_t answered = 0;

  for (int i = 0; i < 20000; ++i) {
    std::string s = random_text(rng);
    answered += parse_datetime(s).ok() + parse_date(s).ok() +
                parse_time(s).ok() + py::parse_int(s).has_value() +
                py::parse_float(s).has_value();
    EXPECT_GE(py::str_repr(s).size(), 2u);
  }

  EXPECT_GT(answered, 0u);
}

TEST(Robustness, HumanizeAnswersEveryValue) {
  std::mt19937 rng(7);
  humanize::Clock clock{now_local(), today_local()};
  const char* functions[] = {"naturaldelta", "naturaltime", "naturalday",
                             "naturaldate",  "precisedelta", "intword",
                             "intcomma",     "ordinal",      "apnumber",
                             "naturalsize",  "fractional",   "scientific",
                             "metric"};
  std::vector<humanize::Input> values = {
      std::numeric_limits<int64_t>::max(),
      std::numeric_limits<int64_t>::min(),
      std::numeric_limits<double>::max(),
      -std::numeric_limits<double>::max(),
      std::numeric_limits<double>::denorm_min(),
      std::nan(""),
      TimeDelta{999999999, 86399, 999999},
      TimeDelta{-999999999, 0, 0},
      DateTime{Date{9999, 12, 31}, Time{}},
      DateTime{Date{1, 1, 1}, Time{}},
      Date{1, 1, 1},
      Date{9999, 12, 31}};
  for (int i = 0; i < 300; ++i) values.push_back(random_text(rng));

  size_t answered = 0;
  for (const char* f : functions) {
    for (const humanize::Input& v : values) {
      answered += humanize::apply(f, v, "x", clock).ok() ? 1 : 0;
    }
  }

  EXPECT_GT(answered, 0u);
}

TEST(Robustness, ArithmeticAtTheEdgesFailsCleanly) {
  TimeDelta max{999999999, 86399, 999999};
  TimeDelta min{-999999999, 0, 0};

  EXPECT_FALSE(add(max, max).ok());
  EXPECT_FALSE(mul(max, std::numeric_limits<int64_t>::max()).ok());
  EXPECT_FALSE(mul(max, 1e300).ok());
  EXPECT_FALSE(truediv(max, 1e-300).ok());
  EXPECT_TRUE(truediv(max, 1e300).ok());
  EXPECT_TRUE(neg(min).ok());
  EXPECT_FALSE(floordiv(max, TimeDelta{0, 0, 1}).ok());
  EXPECT_FALSE(add(Date{9999, 12, 31}, max).ok());
  EXPECT_FALSE(sub(DateTime{Date{1, 1, 1}, Time{}}, max).ok());
  EXPECT_FALSE(TimeDelta::make(std::numeric_limits<int64_t>::max(),
                               std::numeric_limits<int64_t>::max(),
                               std::numeric_limits<int64_t>::min())
                   .ok());
  EXPECT_NE(max.total_microseconds(), 0);
}

}  // namespace
}  // namespace tattler::jinja
