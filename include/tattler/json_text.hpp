// json_text.hpp - reading JSON context files as tattler's tools do.
//
// tattler's live preview and context checks accept JSON with "//" line
// comments outside strings; parse_context_text() does the same and returns
// the object. "^tattler^" typed strings are kept as they are: the server
// decodes them.
//
// Limits: "/* */" comments are not removed (tattler does not remove them
// either); only an object is accepted as a context.
#pragma once

#include <string>
#include <string_view>

#include "tattler/result.hpp"

namespace tattler {

// strip_json_comments - text without "//" comments outside JSON strings.
std::string strip_json_comments(std::string_view text);

// parse_context_text - a JSON object from text with comments; false and
// *error ("Context file must be a dictionary (JSON object), not <type>" or
// the parser's message) otherwise.
bool parse_context_text(std::string_view text, Json* context,
                        std::string* error);

}  // namespace tattler
