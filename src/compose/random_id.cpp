// random_id.cpp - version 4 UUIDs.
//
// Limits: see random_id.hpp.
#include "compose/random_id.hpp"

#include <fmt/format.h>
#include <openssl/rand.h>

#include <random>

namespace tattler::compose {

// uuid4 - a random version 4 UUID.
std::string uuid4() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) {
    // OpenSSL's generator failing is not expected; fall back to the OS one.
    std::random_device device;
    for (auto& byte : b) byte = static_cast<unsigned char>(device());
  }
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  std::string hex;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) hex += '-';
    hex += fmt::format("{:02x}", b[i]);
  }
  return hex;
}

}  // namespace tattler::compose
