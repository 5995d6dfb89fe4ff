// definitions.hpp - the JSON body of a notification request.
//
// Offers read_definitions(): tattler's rules for the body (no body means an
// empty context; a body over the limit, a content type other than
// application/json, JSON that is not valid UTF-8 or not an object, and
// malformed ^tattler^ typed strings are refused), giving the context as
// engine values plus the raw `_attachments` value for the compose layer.
// Every error message starts with "Unable to get definitions: ".
//
// Limits: JSON nesting deeper than 256 levels is refused (protects the
// stack); `null` is taken as an empty context, as tattler's clients send it.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "http/message.hpp"
#include "templates/jinja/value.hpp"

namespace tattler::api {

struct Definitions {
  jinja::Dict context;                  // typed strings decoded
  nlohmann::ordered_json attachments;   // `_attachments` as sent, or null
};

// read_definitions - fills out, or sets error to the message of a 400.
bool read_definitions(const http::Request& request, Definitions& out,
                      std::string& error);

}  // namespace tattler::api
