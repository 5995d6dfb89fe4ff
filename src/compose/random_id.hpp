// random_id.hpp - random identifiers for messages, jobs and requests.
//
// Offers uuid4(), a version 4 UUID (the local part of Message-IDs, the id
// of non-e-mail messages, correlation ids), uuid7(), a version 7 UUID
// (RFC 9562: the Unix time in milliseconds, then random bits; job ids, so
// that the outbox's index of ids grows at its end), and RandomU64(), the
// generator behind both. Each thread has its own Mersenne twister seeded
// from the OS once: these ids must be unique, not secret, and a call to
// OpenSSL's generator per id cost as much as rendering the template.
//
// Limits: not for anything secret (tokens, keys): use OpenSSL's RAND_bytes.
#pragma once

#include <cstdint>
#include <string>

namespace tattler::compose {

// uuid4 - a random UUID, "3f2a0c1e-...", lower-case hex.
std::string uuid4();

// uuid7 - a time-ordered UUID: later calls sort after earlier ones
// (to the millisecond).
std::string uuid7();

// RandomU64 - 64 random bits from this thread's generator.
std::uint64_t RandomU64();

}  // namespace tattler::compose
