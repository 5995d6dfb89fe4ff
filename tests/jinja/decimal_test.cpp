// decimal_test.cpp - the exact fast paths of decimal.hpp give the same
// text and values as the general path (std::to_chars, std::from_chars),
// over values templates print and over random doubles of every size.
//
// Limits: random inputs are drawn from a fixed seed, so every run checks
// the same values.

#include "templates/jinja/decimal.hpp"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace tattler::jinja {
namespace {

std::string general_fixed(double v, int p) {
  char buf[512];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, p);
  return std::string(buf, r.ptr);
}

double general_round(double v, int n) {
  std::string text = general_fixed(v, n);
  double out = 0;
  std::from_chars(text.data(), text.data() + text.size(), out);
  return out;
}

// general_repr - Python's repr in fixed notation from shortest digits.
std::string general_repr(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  std::string out(buf, r.ptr);
  if (out.find('.') == std::string::npos) out += ".0";
  return out;
}

// samples - typical template numbers and random doubles of every size.
std::vector<double> samples() {
  std::vector<double> out = {0.0,    -0.0,   0.5,    1.5,     2.5,  -2.5,
                             0.125,  0.375,  1e-4,   0.00015, 3.75, 53.5,
                             2.675,  1.005,  0.1,    0.2,     0.3,  1e14,
                             999999999999999.0,  123456.789, 1.0 / 3.0};
  std::mt19937_64 gen(20261204);
  std::uniform_int_distribution<int64_t> cents(-10'000'000, 10'000'000);
  std::uniform_int_distribution<int> scale(0, 8);
  for (int i = 0; i < 20000; ++i) {
    out.push_back(static_cast<double>(cents(gen)) / std::pow(10.0, scale(gen)));
  }
  std::uniform_int_distribution<uint64_t> bits;
  for (int i = 0; i < 20000; ++i) {
    uint64_t b = bits(gen);
    double d = 0;
    std::memcpy(&d, &b, sizeof d);
    if (std::isfinite(d)) out.push_back(d);
  }
  std::uniform_real_distribution<double> exponent(-6, 20);
  for (int i = 0; i < 20000; ++i) {
    out.push_back(std::pow(10.0, exponent(gen)) * (i % 2 ? -1 : 1));
  }
  return out;
}

TEST(Decimal, FixedMatchesGeneralPath) {
  for (double v : samples()) {
    for (int p : {0, 1, 2, 3, 6, 17}) {
      std::string fast;
      if (decimal::append_fixed(fast, v, p)) {
        ASSERT_EQ(fast, general_fixed(v, p)) << v << " p=" << p;
      }
    }
  }
}

TEST(Decimal, RoundMatchesGeneralPath) {
  for (double v : samples()) {
    for (int n : {0, 1, 2, 5, 15}) {
      if (auto fast = decimal::round_to(v, n)) {
        double want = general_round(v, n);
        ASSERT_EQ(std::signbit(*fast), std::signbit(want)) << v << " n=" << n;
        ASSERT_EQ(*fast, want) << v << " n=" << n;
      }
    }
  }
}

TEST(Decimal, ShortReprMatchesGeneralPath) {
  for (double v : samples()) {
    std::string fast;
    if (decimal::append_short_repr(fast, v)) {
      ASSERT_EQ(fast, general_repr(v)) << v;
    }
  }
}

TEST(Decimal, RoundReprIsReprOfRound) {
  for (double v : samples()) {
    for (int n : {0, 1, 2, 5, 15}) {
      std::string fast;
      if (decimal::append_round_repr(fast, v, n)) {
        double rounded = general_round(v, n);
        std::string want = std::signbit(rounded) && rounded == 0
                               ? "-0.0"
                               : general_repr(rounded);
        ASSERT_EQ(fast, want) << v << " n=" << n;
      }
    }
  }
}

TEST(Decimal, FastPathsCoverTemplateNumbers) {
  std::string text;

  EXPECT_TRUE(decimal::append_fixed(text, 53.125, 2));
  EXPECT_TRUE(decimal::append_short_repr(text, 53.12));
  EXPECT_TRUE(decimal::round_to(53.125, 2).has_value());

  EXPECT_EQ(text, "53.1253.12");
}

TEST(Decimal, TiesRoundToEvenOnTheExactValue) {
  std::string text;

  decimal::append_fixed(text, 0.125, 2);
  text += ' ';
  decimal::append_fixed(text, 0.375, 2);
  text += ' ';
  decimal::append_fixed(text, 2.675, 2);  // 2.67499999... in binary
  text += ' ';
  decimal::append_fixed(text, -0.001, 2);

  EXPECT_EQ(text, "0.12 0.38 2.67 -0.00");
}

}  // namespace
}  // namespace tattler::jinja
