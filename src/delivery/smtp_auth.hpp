// smtp_auth.hpp - the client's words in SMTP AUTH (RFC 4954): the PLAIN
// (RFC 4616) response, and base64 on one line for the LOGIN steps (the
// encoder of compose/mime/transfer_encoding.hpp).
//
// Limits: PLAIN and LOGIN only (no CRAM-MD5, SCRAM, XOAUTH2); no
// authorization identity other than the user; user and password are sent
// as given (no SASLprep).
#pragma once

#include <string>
#include <string_view>

#include "compose/mime/transfer_encoding.hpp"

namespace tattler::delivery {

// base64 - text in base64 on one line, padded, without line breaks.
inline std::string base64(std::string_view text) {
  return compose::mime::base64_encode(text);
}

// auth_plain_response - the PLAIN initial response for user and password:
// base64 of "\0user\0password".
std::string auth_plain_response(std::string_view user,
                                std::string_view password);

}  // namespace tattler::delivery
