// message.hpp - a finished message for one vector, ready to be stored and
// sent.
//
// Messages are rendered and composed when the request arrives and kept as
// finished bytes; the outbox stores them and the delivery layer only sends
// them. A Message knows nothing of templates or HTTP.
//
// Limits: the whole payload is held in memory (bounded by the attachment cap
// of 7 MiB plus the rendered parts).
#pragma once

#include <string>
#include <vector>

namespace tattler::compose {

struct Message {
  // Vector name: "email", "sms", "telegram" or "whatsapp".
  std::string vector;

  // Envelope sender: the bare e-mail address for email (no display name),
  // the SMS sender id for sms, empty where the vector has none.
  std::string sender;

  // Envelope recipients after mode and blacklist were applied. Never empty
  // for a message that is to be sent.
  std::vector<std::string> recipients;

  // Message-ID without angle brackets for email; a random id otherwise.
  std::string message_id;

  // The payload: RFC 5322 bytes with CRLF line ends for email, a JSON
  // document for the other vectors (see compose/sms.hpp and friends).
  std::string data;
};

}  // namespace tattler::compose
