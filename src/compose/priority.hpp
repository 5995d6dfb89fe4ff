// priority.hpp - the X-Priority of an e-mail from priority.txt or the
// request.
//
// Offers parse_priority(): "1".."5" (surrounding blanks ignored), "true"
// meaning 1, "false", "none" or "null" meaning 3, with tattler's message for
// anything else.
//
// Limits: "1.0" and other float spellings are refused (tattler's int()
// refuses them too).
#pragma once

#include <string_view>

#include "common/result.hpp"

namespace tattler::compose {

// parse_priority - the priority 1 (highest) to 5 (lowest) written in raw.
Result<int> parse_priority(std::string_view raw);

}  // namespace tattler::compose
