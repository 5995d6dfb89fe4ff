// random_id.hpp - random identifiers for messages.
//
// Offers uuid4(), a version 4 UUID from OpenSSL's random generator, used as
// the local part of Message-IDs and as the id of non-e-mail messages.
//
// Limits: none known.
#pragma once

#include <string>

namespace tattler::compose {

// uuid4 - a random UUID, "3f2a0c1e-...", lower-case hex.
std::string uuid4();

}  // namespace tattler::compose
