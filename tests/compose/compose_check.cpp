// compose_check.cpp - a test program: one compose request as JSON on
// standard input, the result as JSON on standard output.
//
// Request: {"kind": "email" | "sms" | "telegram" | "whatsapp" |
// "attachments" | "html_to_text" | "mjml", ...}; see run() for the fields
// of each kind. Answer: {"ok": true, ...} or {"ok": false, "error": "..."}.
// Exit code 0 whenever an answer was written.
//
// Limits: for tests only; reads everything into memory.
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "compose/compose.hpp"
#include "compose/mime/transfer_encoding.hpp"
#include "templates/mjml.hpp"

namespace {

using Json = nlohmann::ordered_json;
using namespace tattler;

// optional_string - field of j as an optional string.
std::optional<std::string> optional_string(const Json& j, const char* field) {
  if (!j.contains(field) || j[field].is_null()) return std::nullopt;
  return j[field].get<std::string>();
}

// attachment_options - the "options" object of a request.
compose::AttachmentOptions attachment_options(const Json& request) {
  compose::AttachmentOptions options;
  Json o = request.value("options", Json::object());
  options.block_private_addresses = o.value("block_private_addresses", false);
  options.max_total_bytes =
      o.value("max_total_bytes", compose::kMaxAttachmentBytes);
  options.connect_timeout =
      std::chrono::milliseconds(o.value("connect_timeout_ms", 3000));
  options.stall_timeout =
      std::chrono::milliseconds(o.value("stall_timeout_ms", 20000));
  return options;
}

// message_answer - a finished message as JSON.
Json message_answer(const compose::Message& m) {
  return Json{{"ok", true},
              {"vector", m.vector},
              {"sender", m.sender},
              {"recipients", m.recipients},
              {"message_id", m.message_id},
              {"data", m.data}};
}

// failure - an error answer.
Json failure(const std::string& error) {
  return Json{{"ok", false}, {"error", error}};
}

// run_email - parts, headers, attachments (the `_attachments` spec).
Json run_email(const Json& request) {
  auto attachments = compose::load_attachments(
      request.value("attachments", Json()), attachment_options(request));
  if (!attachments.ok()) return failure(attachments.error());
  const Json& p = request["parts"];
  compose::EmailParts parts{
      p.value("subject", ""), optional_string(p, "body_text"),
      optional_string(p, "body_html"), optional_string(p, "priority")};
  const Json& h = request["headers"];
  compose::EmailHeaders headers{h.value("sender", ""),
                                h.value("to", std::vector<std::string>{}),
                                h.value("envelope", std::vector<std::string>{}),
                                h.value("correlation_id", "tattler:test")};
  auto message = compose::build_email(parts, headers, *attachments);
  return message.ok() ? message_answer(*message) : failure(message.error());
}

// run_attachments - the loaded attachments, bytes in base64.
Json run_attachments(const Json& request) {
  auto attachments = compose::load_attachments(
      request.value("attachments", Json()), attachment_options(request));
  if (!attachments.ok()) return failure(attachments.error());
  Json list = Json::array();
  for (const auto& a : *attachments) {
    list.push_back({{"filename", a.filename},
                    {"content_type", a.content_type},
                    {"content_id", a.content_id ? Json(*a.content_id) : Json()},
                    {"bytes_b64", compose::mime::base64_encode(a.bytes)}});
  }
  return Json{{"ok", true}, {"attachments", list}};
}

// run - dispatch on the request's kind.
Json run(const Json& request) {
  std::string kind = request.value("kind", "");
  std::string body = request.value("body", "");
  auto envelope = request.value("envelope", std::vector<std::string>{});
  if (kind == "email") return run_email(request);
  if (kind == "attachments") return run_attachments(request);
  if (kind == "html_to_text") {
    return Json{{"ok", true}, {"text", compose::html_to_text(body)}};
  }
  if (kind == "mjml") {
    auto html = templates::compile_mjml(body);
    return html.ok() ? Json{{"ok", true}, {"html", *html}}
                     : failure(html.error());
  }
  Result<compose::Message> m = Err{"unknown kind '" + kind + "'"};
  if (kind == "sms") {
    m = compose::build_sms(body, request.value("sender_config", ""), envelope);
  } else if (kind == "telegram") {
    m = compose::build_telegram(body, envelope);
  } else if (kind == "whatsapp") {
    m = compose::build_whatsapp(body, envelope);
  }
  return m.ok() ? message_answer(*m) : failure(m.error());
}

}  // namespace

// main - one request in, one answer out.
int main() {
  std::string input((std::istreambuf_iterator<char>(std::cin)),
                    std::istreambuf_iterator<char>());
  Json request = Json::parse(input, nullptr, false);
  if (request.is_discarded()) {
    std::cout << failure("request is not JSON").dump() << "\n";
    return 2;
  }
  try {
    std::cout << run(request).dump(-1, ' ', false,
                                   Json::error_handler_t::replace)
              << "\n";
  } catch (const std::exception& e) {
    std::cout << failure(std::string("bad request: ") + e.what()).dump()
              << "\n";
    return 2;
  }
  return 0;
}
