// pyconvert_test.cpp - Python's int(), float() and repr(float) on strings.
//
// Hand-written specifications of tattler's top-level string conversion
// examples; the wide coverage is in golden_test.cpp.
//
// Limits: none.
#include "templates/jinja/pyconvert.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace tattler::jinja::py {
namespace {

TEST(ParseInt, ReferenceExamples) {
  EXPECT_EQ(parse_int("123"), 123);
  EXPECT_EQ(parse_int("007"), 7);
  EXPECT_EQ(parse_int("+39333"), 39333);
  EXPECT_EQ(parse_int(" 42 "), 42);
  EXPECT_EQ(parse_int("1_000"), 1000);
  EXPECT_FALSE(parse_int("0b1").has_value());
  EXPECT_FALSE(parse_int("1.5").has_value());
}

TEST(ParseInt, UnicodeDigitsAndSpaces) {
  EXPECT_EQ(parse_int("\u0661\u0662\u0663"), 123);
  EXPECT_EQ(parse_int("\u00a05\u3000"), 5);
  EXPECT_FALSE(parse_int("\x1c"
                         "5")
                   .has_value());
}

TEST(ParseInt, HugeNumbersAreIntsThatDoNotFit) {
  EXPECT_FALSE(parse_int("123456789012345678901234567890").has_value());
  EXPECT_TRUE(is_python_int("123456789012345678901234567890"));
  EXPECT_EQ(*int_text("-0_07"), "-007");
}

TEST(ParseFloat, ReferenceExamples) {
  EXPECT_EQ(parse_float("1.5"), 1.5);
  EXPECT_EQ(parse_float("1e3"), 1000.0);
  EXPECT_TRUE(std::isnan(*parse_float("nan")));
  EXPECT_EQ(parse_float("-Infinity"), -INFINITY);
  EXPECT_EQ(parse_float("1_0.5"), 10.5);
  EXPECT_FALSE(parse_float("1_.5").has_value());
  EXPECT_FALSE(parse_float("0x10").has_value());
}

TEST(FloatRepr, MatchesPython) {
  EXPECT_EQ(float_repr(1.0), "1.0");
  EXPECT_EQ(float_repr(1000.0), "1000.0");
  EXPECT_EQ(float_repr(10.0 / 3), "3.3333333333333335");
  EXPECT_EQ(float_repr(1e16), "1e+16");
  EXPECT_EQ(float_repr(1e-5), "1e-05");
  EXPECT_EQ(float_repr(0.0001), "0.0001");
  EXPECT_EQ(float_repr(-0.0), "-0.0");
  EXPECT_EQ(float_repr(NAN), "nan");
  EXPECT_EQ(float_repr(-INFINITY), "-inf");
}

TEST(StrRepr, QuotesAsPython) {
  EXPECT_EQ(str_repr("abc"), "'abc'");
  EXPECT_EQ(str_repr("it's"), "\"it's\"");
  EXPECT_EQ(str_repr("a\nb\\"), "'a\\nb\\\\'");
  EXPECT_EQ(str_repr("\x01\u00e9"), "'\\x01\u00e9'");
}

}  // namespace
}  // namespace tattler::jinja::py
