// transfer_encoding.hpp - Content-Transfer-Encodings of MIME bodies.
//
// Offers base64 and quoted-printable encoders that write CRLF line ends and
// lines of at most 76 characters, a strict base64 decoder with Python's
// error messages, and choose_text_encoding(), which picks 7bit,
// quoted-printable or base64 for a text part so that the wire is always
// 7-bit ASCII with short lines.
//
// Limits: the quoted-printable encoder works on whole lines of text with
// "\n" line ends (what text parts hold); binary data always goes as base64.
#pragma once

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace tattler::compose::mime {

enum class TransferEncoding { k7bit, kQuotedPrintable, kBase64 };

// transfer_encoding_name - "7bit", "quoted-printable" or "base64".
std::string_view transfer_encoding_name(TransferEncoding encoding);

// base64_encode - data in base64, 76 characters a line, every line (the
// last too) ending in CRLF; empty data gives an empty string.
std::string base64_encode_lines(std::string_view data);

// base64_encode - data in base64 on one line, no line end.
std::string base64_encode(std::string_view data);

// base64_decode_strict - the bytes of text, which must be standard base64
// with padding and nothing else (no blanks, no newlines). Errors use
// Python's binascii wording ("Only base64 data is allowed").
Result<std::string> base64_decode_strict(std::string_view text);

// quoted_printable_encode - text ("\n" line ends) in quoted-printable with
// CRLF line ends and soft breaks keeping lines at 76 characters.
std::string quoted_printable_encode(std::string_view text);

// choose_text_encoding - 7bit for ASCII text whose lines fit 78
// characters; else base64 for short lines, or whichever of
// quoted-printable and base64 is shorter on the first ten lines.
TransferEncoding choose_text_encoding(std::string_view text);

// encode_text_body - text (with "\n" line ends) in encoding, CRLF line ends
// on the wire, ending with CRLF.
std::string encode_text_body(std::string_view text, TransferEncoding encoding);

}  // namespace tattler::compose::mime
