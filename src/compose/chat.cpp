// chat.cpp - Telegram Bot API and WhatsApp Cloud API request bodies.
//
// Limits: see chat.hpp.
#include "compose/chat.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "compose/random_id.hpp"

namespace tattler::compose {

namespace {

using Json = nlohmann::ordered_json;

constexpr size_t kTelegramMaxChars = 4096;
constexpr size_t kWhatsappMaxChars = 1024;
constexpr std::string_view kWhatsappTemplatePrefix = ":template:";

// code_points - the number of Unicode characters in UTF-8 text.
size_t code_points(std::string_view text) {
  size_t n = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) ++n;
  }
  return n;
}

// check_common - what every chat message needs.
Status check_common(std::string_view vector, std::string_view body,
                    const std::vector<std::string>& envelope,
                    size_t max_chars) {
  if (envelope.empty()) {
    return Status::Error(fmt::format("{} message has no recipient", vector));
  }
  if (body.empty()) {
    return Status::Error(fmt::format("{} message is empty", vector));
  }
  size_t chars = code_points(body);
  if (chars > max_chars) {
    return Status::Error(
        fmt::format("{} message has {} characters, more than the {} allowed",
                    vector, chars, max_chars));
  }
  return Status::Ok();
}

// finished - a Message of vector carrying payload.
Message finished(std::string vector, const Json& payload,
                 std::vector<std::string> envelope) {
  Message message;
  message.vector = std::move(vector);
  message.recipients = std::move(envelope);
  message.message_id = uuid4();
  message.data = payload.dump(-1, ' ', true,
                              nlohmann::ordered_json::error_handler_t::replace);
  return message;
}

// whatsapp_request - one Cloud API request body for number.
Json whatsapp_request(std::string_view body, const std::string& number) {
  Json request;
  request["messaging_product"] = "whatsapp";
  request["to"] = number;
  if (body.substr(0, kWhatsappTemplatePrefix.size()) ==
      kWhatsappTemplatePrefix) {
    request["type"] = "template";
    request["template"]["name"] =
        std::string(body.substr(kWhatsappTemplatePrefix.size()));
    request["template"]["language"]["code"] = "en_US";
  } else {
    request["type"] = "text";
    request["text"]["body"] = std::string(body);
  }
  return request;
}

}  // namespace

// build_telegram - one sendMessage request per chat id.
Result<Message> build_telegram(std::string_view body,
                               std::vector<std::string> envelope) {
  Status s = check_common("Telegram", body, envelope, kTelegramMaxChars);
  if (!s.ok()) return Err{s.message()};
  Json payload = Json::array();
  for (const auto& chat_id : envelope) {
    Json request;
    request["chat_id"] = chat_id;
    request["text"] = std::string(body);
    request["parse_mode"] = "HTML";
    payload.push_back(std::move(request));
  }
  return finished("telegram", payload, std::move(envelope));
}

// build_whatsapp - one Cloud API request per number.
Result<Message> build_whatsapp(std::string_view body,
                               std::vector<std::string> envelope) {
  Status s = check_common("WhatsApp", body, envelope, kWhatsappMaxChars);
  if (!s.ok()) return Err{s.message()};
  Json payload = Json::array();
  for (const auto& number : envelope) {
    payload.push_back(whatsapp_request(body, number));
  }
  return finished("whatsapp", payload, std::move(envelope));
}

}  // namespace tattler::compose
