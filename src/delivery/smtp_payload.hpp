// smtp_payload.hpp - the bytes that follow DATA: the message, dot-stuffed,
// ending in CRLF, then the lone dot that ends it (RFC 5321 4.5.2).
//
// Most messages have no line starting with '.', so the payload is usually
// sent as the message itself plus a tail, without copying; only a message
// that needs stuffing is copied once.
//
// Limits: the message is taken as it is: bare CR or LF are not turned into
// CRLF (message.data already has CRLF line ends), and a line starting with
// '.' after a bare LF is stuffed too. 8-bit bytes pass unchanged (no
// 8BITMIME or SMTPUTF8 negotiation; our messages are 7-bit MIME).
#pragma once

#include <string>
#include <string_view>

namespace tattler::delivery {

// DataPayload - the payload in two pieces, to be written in order.
struct DataPayload {
  std::string_view body;  // the message, or its stuffed copy
  std::string_view tail;  // "\r\n.\r\n" or ".\r\n"
};

// data_payload - the payload for message; scratch holds the stuffed copy
// when one is needed and must outlive the result.
DataPayload data_payload(std::string_view message, std::string* scratch);

}  // namespace tattler::delivery
