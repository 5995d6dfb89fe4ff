// correlation_id.hpp - random correlation ids for notifications.
//
// A correlation id follows one notification through the logs of the client
// and of the server. mk_correlation_id() returns 22 random letters and digits
// (about 131 bits, from a generator seeded by the operating system and
// re-seeded in a forked child); mk_correlation_id("billing") returns
// "billing:<22 letters and digits>".
//
// Limits: ids are random, not ordered by time; the generator is per thread
// and not meant for secrets.
#pragma once

#include <string>
#include <string_view>

namespace tattler {

// mk_correlation_id - a fresh random id, "<prefix>:<id>" when prefix is set.
std::string mk_correlation_id(std::string_view prefix = {});

}  // namespace tattler
