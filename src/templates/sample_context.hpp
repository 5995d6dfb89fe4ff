// sample_context.hpp - reading an event's context.json.
//
// Offers strip_json_comments (removes "//" line comments outside strings,
// as tattler does) and load_sample_context, which reads a context.json
// into a template dict with ^tattler^ typed strings decoded. The live
// preview renders events with it.
//
// Limits: no "/* */" comments (tattler has none either).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "templates/jinja/value.hpp"

namespace tattler::templates {

// strip_json_comments - text without "//" comments outside JSON strings.
std::string strip_json_comments(std::string_view text);

// parse_sample_context - a context from JSON text (comments allowed); it
// must be an object (a blank text gives an empty dict).
Result<jinja::Dict> parse_sample_context(std::string_view text);

// load_sample_context - parse_sample_context of a file's content.
Result<jinja::Dict> load_sample_context(const std::filesystem::path& file);

}  // namespace tattler::templates
