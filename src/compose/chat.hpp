// chat.hpp - Telegram and WhatsApp payloads of a notification.
//
// Offers build_telegram() and build_whatsapp(). Message.data is a JSON array
// holding one API request body per recipient, in envelope order:
//   Telegram Bot API sendMessage:
//     {"chat_id": "<id>", "text": "<body>", "parse_mode": "HTML"}
//   WhatsApp Cloud API messages:
//     {"messaging_product": "whatsapp", "to": "<number>", "type": "text",
//      "text": {"body": "<body>"}}
//     or, for a body of exactly ":template:<name>",
//     {"messaging_product": "whatsapp", "to": "<number>",
//      "type": "template", "template": {"name": "<name>",
//      "language": {"code": "en_US"}}}
// The transport adds the bot token or phone-number id and access token.
//
// Limits: text over the APIs' limits (4096 characters for Telegram, 1024 for
// WhatsApp) is an error, not split; template messages take no parameters.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "compose/message.hpp"

namespace tattler::compose {

// build_telegram - sendMessage requests of body to every chat id.
Result<Message> build_telegram(std::string_view body,
                               std::vector<std::string> envelope);

// build_whatsapp - Cloud API requests of body to every number.
Result<Message> build_whatsapp(std::string_view body,
                               std::vector<std::string> envelope);

}  // namespace tattler::compose
