// backoff.cpp - exponential backoff with full jitter.
//
// Limits: see backoff.hpp.
#include "outbox/backoff.hpp"

#include <algorithm>

namespace tattler::outbox {

Backoff::Backoff(Millis first_delay, Millis max_delay)
    : first_delay_(std::max(first_delay, Millis(0))),
      max_delay_(std::max(max_delay, Millis(0))),
      random_(std::random_device{}()) {}

// ceiling - min(max, first * 2^(attempt-1)), without overflowing.
Millis Backoff::ceiling(int attempt) const {
  Millis c = first_delay_;
  for (int i = 1; i < attempt && c < max_delay_; ++i) c *= 2;
  return std::min(c, max_delay_);
}

// delay - uniform in [0, ceiling].
Millis Backoff::delay(int attempt) {
  const auto top = ceiling(attempt).count();
  std::uniform_int_distribution<Millis::rep> pick(0, top);
  std::lock_guard lock(mutex_);
  return Millis(pick(random_));
}

}  // namespace tattler::outbox
