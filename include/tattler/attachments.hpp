// attachments.hpp - attachments given to send_notification().
//
// An attachment is either a local file (std::filesystem::path: read by the
// client and sent base64-encoded as {"content_b64": ...}) or an http(s) URL
// (std::string: sent as {"url": ...} and fetched by the server). The result
// of translate_attachments() goes into the context under "_attachments". A
// name containing '@' is an inline image referenced as cid:<name>.
//
// Limits: files are read whole into memory; the server caps the total size.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <variant>

#include "tattler/result.hpp"

namespace tattler {

using AttachmentSource = std::variant<std::filesystem::path, std::string>;
using Attachments = std::map<std::string, AttachmentSource>;

// translate_attachments - the "_attachments" object for the given sources.
// Throws std::invalid_argument for a string that is not an http(s) URL
// ("attachments['<name>']: str values must be an http(s):// URL; got '<v>'")
// and for a file that cannot be read.
Json translate_attachments(const Attachments& attachments);

// base64_encode - standard alphabet, padded, on one line.
std::string base64_encode(std::string_view bytes);

}  // namespace tattler
