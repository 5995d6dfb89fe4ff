// header_encoding.hpp - RFC 5322 header lines with RFC 2047 encoded words
// and RFC 2231 parameters.
//
// Offers the pieces of a header line: unstructured text (Subject) encoded
// with "=?utf-8?b?...?=" or "=?utf-8?q?...?=" words when it is not plain
// ASCII, mailboxes with display names, MIME parameters (quoted, or
// filename*=utf-8''... with continuations), and fold_header(), which
// writes "Name: value" folded at 78 columns with CRLF line ends.
//
// Limits: only UTF-8 input; a value that needs encoding is encoded whole
// (Python encodes only its non-ASCII words), with Python's choice of q or b;
// both decode to the same text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace tattler::compose::mime {

// has_line_break - whether value holds CR or LF.
bool has_line_break(std::string_view value);

// check_header_value - an error naming header when value holds CR or LF.
Status check_header_value(std::string_view header, std::string_view value);

// encode_unstructured - value as header text: unchanged when it is printable
// ASCII that folds well, else a run of RFC 2047 encoded words (each at most
// 64 characters, never splitting a UTF-8 character) separated by blanks.
std::string encode_unstructured(std::string_view value);

// encode_unstructured_tokens - encode_unstructured() cut into fold_header
// tokens.
std::vector<std::string> encode_unstructured_tokens(std::string_view value);

// encode_mailbox - tokens of "address" or "display name <address>", the
// display name quoted or encoded as needed.
std::vector<std::string> encode_mailbox(std::string_view display_name,
                                        std::string_view address);

// encode_parameter - "; name=value" tokens of a MIME parameter: a quoted
// string for short printable ASCII, RFC 2231 "name*0=", "name*1=" quoted
// pieces for long ASCII, "name*=utf-8''%XX" otherwise, split into
// "name*0*=", "name*1*=" ... when long.
std::vector<std::string> encode_parameter(std::string_view name,
                                          std::string_view value);

// fold_header - "Name: " and the tokens, folded at 78 columns, ending in
// CRLF. Every token but the first starts with its separator, which holds a
// blank ("; boundary=...", ", b@x.org", " =?utf-8?b?...?="); a line break
// goes before that blank, so unfolding gives back the tokens' text.
std::string fold_header(std::string_view name,
                        const std::vector<std::string>& tokens);

}  // namespace tattler::compose::mime
