// json.hpp - conversions between JSON and template values.
//
// from_json maps JSON as Python's json module does (objects keep their
// order, integers stay ints, other numbers become floats). from_wire_json
// also decodes tattler's `^tattler^<type>^` typed strings (datetime, date,
// time, timedelta) at every depth, as tattler's decoder does. to_json is
// the inverse used by |tojson.
//
// Limits: JSON integers outside int64 become floats; to_json writes
// datetimes as their isoformat() strings and templates/callables as null.
#pragma once

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "templates/jinja/value.hpp"

namespace tattler::jinja {

// from_json - the plain mapping of a JSON document to a Value.
Value from_json(const nlohmann::ordered_json& j);

// from_wire_json - like from_json, with ^tattler^ typed strings decoded;
// the error is the text Python's decoder raises, e.g. "Invalid isoformat
// string: '…'" or "Not formatted as a valid tattler duration (invalid
// fields)".
tattler::Result<Value> from_wire_json(const nlohmann::ordered_json& j);

// to_json - a Value as JSON (for |tojson and tools).
nlohmann::ordered_json to_json(const Value& v);

}  // namespace tattler::jinja
