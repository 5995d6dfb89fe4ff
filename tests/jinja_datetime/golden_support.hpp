// golden_support.hpp - reading the golden cases Python produced.
//
// Offers the loading of golden/*.json and the decoding of the values
// gen_golden.py encodes ({"t": type, "v": ...}) into the engine's types.
//
// Limits: an "other" value (a list, say) decodes as std::monostate.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "templates/jinja/datetime.hpp"
#include "templates/jinja/humanize.hpp"

namespace tattler::jinja::testing {

// load_golden - the cases of golden/<name>; an empty list when missing.
const nlohmann::json& load_golden(const std::string& name);

// decode_input - a value as humanize::Input.
humanize::Input decode_input(const nlohmann::json& value);

// decode_double - a float written as float.hex() or "nan".
double decode_double(const std::string& text);

// decode_datetime / decode_time / decode_delta - the encodings of
// gen_golden.py's enc_dt, enc_time and timedelta triples.
DateTime decode_datetime(const nlohmann::json& v);
Time decode_time(const nlohmann::json& v);
TimeDelta decode_delta(const nlohmann::json& v);
Date decode_date(const nlohmann::json& v);

// case_label - a short printable name for a parameterised test.
std::string case_label(size_t index);

}  // namespace tattler::jinja::testing
