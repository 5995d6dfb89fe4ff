// random_id.cpp - UUIDs from a per-thread generator.
//
// Limits: see random_id.hpp.
#include "compose/random_id.hpp"

#include <fmt/format.h>

#include <chrono>
#include <random>

namespace tattler::compose {

namespace {

// Rng - this thread's generator, seeded from the OS once.
std::mt19937_64& Rng() {
  thread_local std::mt19937_64 rng([] {
    std::random_device rd;
    std::seed_seq seq{rd(), rd(), rd(), rd(), rd(), rd(), rd(), rd()};
    return std::mt19937_64(seq);
  }());
  return rng;
}

// Canonical - 128 bits as 8-4-4-4-12 lower-case hex.
std::string Canonical(std::uint64_t hi, std::uint64_t lo) {
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32,
                     (hi >> 16) & 0xFFFF, hi & 0xFFFF, lo >> 48,
                     lo & 0xFFFFFFFFFFFFull);
}

// Variant - the low half with RFC 9562's variant bits (10xx).
std::uint64_t Variant(std::uint64_t lo) {
  return (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;
}

}  // namespace

// RandomU64 - the next output of this thread's generator.
std::uint64_t RandomU64() { return Rng()(); }

// uuid4 - random 128 bits with the version and variant bits set.
std::string uuid4() {
  std::uint64_t hi = (RandomU64() & 0xFFFFFFFFFFFF0FFFull) | 0x4000ull;
  return Canonical(hi, Variant(RandomU64()));
}

// uuid7 - the Unix time in milliseconds in the first 48 bits, then the
// version and 74 random bits.
std::string uuid7() {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  std::uint64_t hi =
      (static_cast<std::uint64_t>(ms) << 16) | 0x7000 | (RandomU64() & 0x0FFF);
  return Canonical(hi, Variant(RandomU64()));
}

}  // namespace tattler::compose
