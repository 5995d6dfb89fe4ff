// correlation_id.cpp - random ids of letters and digits.
//
// Each thread keeps a 64-bit Mersenne Twister seeded with 256 bits from the
// operating system. The process id is checked on every call so that a child
// created by fork() re-seeds instead of repeating its parent's ids.
//
// Limits: see correlation_id.hpp.
#include "tattler/correlation_id.hpp"

#include <unistd.h>

#include <array>
#include <random>

namespace tattler {

namespace {

constexpr char kAlphabet[] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr unsigned kAlphabetSize = 62;
constexpr std::size_t kIdLength = 22;  // 22 * log2(62) ~ 131 bits

struct Generator {
  std::mt19937_64 engine;
  pid_t pid = -1;
};

// generator - this thread's engine, seeded anew after a fork.
std::mt19937_64& generator() {
  thread_local Generator g;
  pid_t now = getpid();
  if (g.pid != now) {
    std::random_device device;
    std::array<std::uint32_t, 8> seed;
    for (auto& word : seed) word = device();
    std::seed_seq sequence(seed.begin(), seed.end());
    g.engine.seed(sequence);
    g.pid = now;
  }
  return g.engine;
}

}  // namespace

// mk_correlation_id - draws 8 bits per character and rejects values >= 248
// so that every character of the alphabet is equally likely.
std::string mk_correlation_id(std::string_view prefix) {
  std::mt19937_64& engine = generator();
  std::string id;
  id.reserve(prefix.size() + 1 + kIdLength);
  if (!prefix.empty()) {
    id.append(prefix);
    id.push_back(':');
  }

  std::size_t produced = 0;
  while (produced < kIdLength) {
    std::uint64_t bits = engine();
    for (int i = 0; i < 8 && produced < kIdLength; ++i, bits >>= 8) {
      unsigned byte = bits & 0xff;
      if (byte >= 4 * kAlphabetSize) continue;
      id.push_back(kAlphabet[byte % kAlphabetSize]);
      ++produced;
    }
  }
  return id;
}

}  // namespace tattler
