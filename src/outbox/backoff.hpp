// backoff.hpp - the retry schedule: exponential backoff with full jitter.
//
// After the n-th failed attempt (n >= 1) the ceiling is
// min(max_delay, first_delay * 2^(n-1)) and the delay is drawn uniformly
// from [0, ceiling]. Full jitter spreads the retries of many jobs that
// failed together (an SMTP outage) so they do not return as one wave.
//
// Limits: the random source is a per-object Mersenne twister seeded from
// std::random_device; not for anything secret.
#pragma once

#include <mutex>
#include <random>

#include "outbox/options.hpp"

namespace tattler::outbox {

class Backoff {
 public:
  Backoff(Millis first_delay, Millis max_delay);

  // ceiling - the largest delay after attempt number `attempt` (1-based).
  Millis ceiling(int attempt) const;

  // delay - a delay drawn uniformly from [0, ceiling(attempt)].
  // Thread-safe.
  Millis delay(int attempt);

 private:
  const Millis first_delay_;
  const Millis max_delay_;
  std::mutex mutex_;
  std::mt19937_64 random_;
};

}  // namespace tattler::outbox
