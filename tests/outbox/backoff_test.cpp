// backoff_test.cpp - the retry schedule's ceilings and jitter bounds.
//
// Limits: the jitter's distribution is not tested, only its bounds.
#include "outbox/backoff.hpp"

#include <gtest/gtest.h>

namespace tattler::outbox {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

TEST(BackoffTest, CeilingDoublesFromTheFirstDelayUpToTheCap) {
  Backoff backoff(seconds(30), hours(1));

  EXPECT_EQ(backoff.ceiling(1), seconds(30));
  EXPECT_EQ(backoff.ceiling(2), seconds(60));
  EXPECT_EQ(backoff.ceiling(3), seconds(120));
  EXPECT_EQ(backoff.ceiling(7), seconds(1920));
  EXPECT_EQ(backoff.ceiling(8), hours(1));
  EXPECT_EQ(backoff.ceiling(1000), hours(1));
}

TEST(BackoffTest, DelaysStayBetweenZeroAndTheCeiling) {
  Backoff backoff(seconds(30), hours(1));

  for (int attempt = 1; attempt <= 12; ++attempt) {
    Millis lowest = hours(2), highest{0};
    for (int i = 0; i < 500; ++i) {
      Millis d = backoff.delay(attempt);
      lowest = std::min(lowest, d);
      highest = std::max(highest, d);
    }

    EXPECT_GE(lowest, Millis(0));
    EXPECT_LE(highest, backoff.ceiling(attempt));
    // Full jitter: the draws spread over the range, not only near the top.
    EXPECT_LT(lowest, backoff.ceiling(attempt) / 2);
  }
}

TEST(BackoffTest, ZeroFirstDelayMeansImmediateRetries) {
  Backoff backoff(Millis(0), hours(1));

  EXPECT_EQ(backoff.ceiling(5), Millis(0));
  EXPECT_EQ(backoff.delay(5), Millis(0));
}

}  // namespace
}  // namespace tattler::outbox
