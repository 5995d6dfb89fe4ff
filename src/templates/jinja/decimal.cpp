// decimal.cpp - exact fixed-point digits of doubles (see decimal.hpp).
//
// Limits: see decimal.hpp.

#include "templates/jinja/decimal.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace tattler::jinja::decimal {
namespace {

__extension__ typedef unsigned __int128 U128;

constexpr int kMaxPrecision = 17;

constexpr uint64_t kPow10[] = {1ULL,
                               10ULL,
                               100ULL,
                               1000ULL,
                               10000ULL,
                               100000ULL,
                               1000000ULL,
                               10000000ULL,
                               100000000ULL,
                               1000000000ULL,
                               10000000000ULL,
                               100000000000ULL,
                               1000000000000ULL,
                               10000000000000ULL,
                               100000000000000ULL,
                               1000000000000000ULL,
                               10000000000000000ULL,
                               100000000000000000ULL};

// Powers of ten up to 1e22 are exact doubles.
constexpr double kPow10Double[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,
                                   1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
                                   1e18, 1e19, 1e20, 1e21, 1e22};

// scaled - |v| * 10^p rounded half to even, as an integer; false when it
// does not fit in 64 bits or |v| is outside the exact range.
bool scaled(double v, int p, uint64_t* q) {
  if (v == 0) {
    *q = 0;
    return true;
  }

  // |v| = m * 2^e exactly, read from the IEEE-754 fields.
  uint64_t bits = 0;
  std::memcpy(&bits, &v, sizeof bits);
  int biased = static_cast<int>((bits >> 52) & 0x7FF);
  uint64_t m = bits & ((1ULL << 52) - 1);
  int e = -1074;  // subnormal
  if (biased != 0) {
    m |= 1ULL << 52;
    e = biased - 1075;
  }

  if (e >= 0) {
    if (e > 10) return false;
    U128 n = static_cast<U128>(m << e) * kPow10[p];
    if (n >> 64) return false;
    *q = static_cast<uint64_t>(n);
    return true;
  }

  // m * 10^p < 2^53 * 10^17 < 2^110: exact in 128 bits; shifting right by
  // -e divides by the power of two, the remainder decides the rounding.
  int s = -e;
  if (s > 120) return false;
  U128 n = static_cast<U128>(m) * kPow10[p];
  U128 whole = n >> s;
  U128 rest = n - (whole << s);
  U128 half = static_cast<U128>(1) << (s - 1);
  if (rest > half || (rest == half && (whole & 1) != 0)) ++whole;
  if (whole >> 64) return false;
  *q = static_cast<uint64_t>(whole);
  return true;
}

// append_point - the digits of `n` with a decimal point before the last
// `decimals` of them (5 with 2 decimals is "0.05"), plus ".0" when
// `point_zero` and there are no decimals.
void append_point(std::string& out, uint64_t n, int decimals,
                  bool point_zero = false) {
  // Written right to left into a local buffer (digits are few: byte
  // loops beat calls), then appended once.
  char buf[48];
  char* end = buf + sizeof buf;
  char* p = end;
  size_t d = static_cast<size_t>(decimals);
  if (d == 0 && point_zero) {
    *--p = '0';
    *--p = '.';
  }
  for (size_t i = 0; i < d; ++i) {
    *--p = static_cast<char>('0' + n % 10);
    n /= 10;
  }
  if (d > 0) *--p = '.';
  do {
    *--p = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n != 0);
  out.append(p, static_cast<size_t>(end - p));
}

}  // namespace

bool append_fixed(std::string& out, double v, int p) {
  if (!std::isfinite(v) || p < 0 || p > kMaxPrecision) return false;
  uint64_t q = 0;
  if (!scaled(v, p, &q)) return false;

  if (std::signbit(v)) out.push_back('-');
  append_point(out, q, p);
  return true;
}

std::optional<double> round_to(double v, int n) {
  if (!std::isfinite(v) || n < 0 || n > kMaxPrecision) return std::nullopt;
  uint64_t q = 0;
  if (!scaled(v, n, &q)) return std::nullopt;

  // q / 10^n is then one correctly rounded division, as strtod would
  // give for the decimal text, while q is exact in a double.
  if (q >= (1ULL << 53)) return std::nullopt;
  double r = static_cast<double>(q) / kPow10Double[n];
  return std::copysign(r, v);
}

bool append_round_repr(std::string& out, double v, int n) {
  if (!std::isfinite(v) || n < 0 || n > kMaxPrecision) return false;
  uint64_t q = 0;
  if (!scaled(v, n, &q)) return false;

  // q * 10^-n is the correctly rounded decimal; the double nearest to it
  // prints back as that decimal (without trailing zeros) when it has at
  // most 15 significant digits: two such decimals never share a double.
  if (q >= kPow10[15]) return false;
  int decimals = n;
  while (decimals > 0 && q % 10 == 0) {
    q /= 10;
    --decimals;
  }
  if (q != 0 && decimals > 4 && q < kPow10[decimals - 4]) return false;
  if (std::signbit(v)) out.push_back('-');
  append_point(out, q, decimals, true);
  return true;
}

bool append_short_repr(std::string& out, double v) {
  if (v == 0) {
    out += std::signbit(v) ? "-0.0" : "0.0";
    return true;
  }
  double a = std::fabs(v);
  if (!(a >= 1e-4 && a < 1e15)) return false;

  // The fewest decimals k whose rounded integer reads back as v. With at
  // most 15 significant digits that decimal is the only one of its length
  // reading back as v, so it is Python's shortest repr; the product's
  // rounding error is far below 0.5, so nearbyint finds it.
  for (int k = 0; k <= 22; ++k) {
    // Below 2^53 adding one half and truncating rounds to nearest well
    // within the margin (and costs no call, unlike nearbyint).
    double scaled = a * kPow10Double[k];
    if (scaled >= 1e15) return false;
    uint64_t n = static_cast<uint64_t>(scaled + 0.5);
    if (static_cast<double>(n) / kPow10Double[k] != a) continue;
    if (v < 0) out.push_back('-');
    append_point(out, n, k, true);
    return true;
  }
  return false;
}

}  // namespace tattler::jinja::decimal
