// sms.cpp - BulkSMS request bodies, sender choice and GSM 03.38 check.
//
// Limits: see sms.hpp.
#include "compose/sms.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

#include "compose/random_id.hpp"

namespace tattler::compose {

namespace {

// Characters BulkSMS sends as "TEXT": the GSM 03.38 basic set as tattler
// codes it (extension-table characters force "UNICODE").
constexpr std::string_view kGsmExtras =
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ ÆæßÉ "
    "!\"#¤%&'()*+,-./:;<=>?¡ÄÖÑÜ`¿äöñüà";

// trim - s without surrounding blanks.
std::string trim(std::string_view s) {
  constexpr std::string_view kBlanks = " \t\r\n\v\f";
  size_t start = s.find_first_not_of(kBlanks);
  if (start == std::string_view::npos) return {};
  size_t end = s.find_last_not_of(kBlanks);
  return std::string(s.substr(start, end - start + 1));
}

// split_senders - the trimmed, non-empty entries of config.
std::vector<std::string> split_senders(std::string_view config) {
  std::vector<std::string> senders;
  size_t start = 0;
  while (start <= config.size()) {
    size_t end = config.find(',', start);
    if (end == std::string_view::npos) end = config.size();
    std::string entry = trim(config.substr(start, end - start));
    if (!entry.empty()) senders.push_back(std::move(entry));
    start = end + 1;
  }
  return senders;
}

// utf8_chars - s cut into UTF-8 characters.
std::vector<std::string_view> utf8_chars(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    n = std::min(n, s.size() - i);
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

// gsm_basic - whether one UTF-8 character is in the GSM basic set.
bool gsm_basic(std::string_view ch) {
  if (ch.size() == 1 && std::isalnum(static_cast<unsigned char>(ch[0]))) {
    return true;
  }
  for (std::string_view known : utf8_chars(kGsmExtras)) {
    if (known == ch) return true;
  }
  return false;
}

// group_request - one BulkSMS request object, keys in tattler's order.
nlohmann::ordered_json group_request(const std::vector<std::string>& to,
                                     std::string_view body,
                                     const std::string& encoding,
                                     const std::string& sender) {
  nlohmann::ordered_json request;
  request["to"] = to;
  request["encoding"] = encoding;
  request["body"] = std::string(body);
  if (!sender.empty()) request["from"] = sender;
  return request;
}

}  // namespace

// choose_sms_sender - the configured sender sharing the longest prefix.
std::string choose_sms_sender(std::string_view config,
                              std::string_view recipient) {
  std::vector<std::string> senders = split_senders(config);
  if (senders.empty()) return {};
  if (recipient.empty() || senders.size() == 1) return senders.front();

  // tattler compares prefixes of length 2 up to the longer length minus
  // one; the longest shared one picks the first sender having it.
  std::string best;
  for (const auto& sender : senders) {
    size_t longest = std::max(sender.size(), recipient.size());
    for (size_t i = 2; i < longest; ++i) {
      std::string_view a = std::string_view(sender).substr(0, i);
      std::string_view b = recipient.substr(0, i);
      if (a == b && a.size() > best.size()) best = std::string(a);
    }
  }
  if (best.empty()) return senders.front();
  for (const auto& sender : senders) {
    if (sender.rfind(best, 0) == 0) return sender;
  }
  return senders.front();
}

// sms_encoding - TEXT for GSM basic characters only, else UNICODE.
std::string sms_encoding(std::string_view body) {
  for (std::string_view ch : utf8_chars(body)) {
    if (!gsm_basic(ch)) return "UNICODE";
  }
  return "TEXT";
}

// normalize_sms_number - a number or sender id as BulkSMS expects it.
std::string normalize_sms_number(std::string_view number) {
  bool has_letter = std::any_of(number.begin(), number.end(), [](char c) {
    return std::isalpha(static_cast<unsigned char>(c));
  });
  if (has_letter) return trim(number);
  std::string digits;
  for (char c : number) {
    if (c >= '0' && c <= '9') digits += c;
  }
  digits.erase(0, digits.find_first_not_of('0'));
  if (digits.find_first_not_of('0') == std::string::npos) digits.clear();
  return "+" + digits;
}

// build_sms - BulkSMS requests grouped by sender.
Result<Message> build_sms(std::string_view body, std::string_view sender_config,
                          std::vector<std::string> envelope) {
  if (envelope.empty()) return Err{"SMS has no recipient"};

  // Recipients are grouped by the sender chosen for each, in first-seen
  // order, as tattler sends one request per sender.
  std::vector<std::string> order;
  std::map<std::string, std::vector<std::string>> groups;
  for (const auto& recipient : envelope) {
    std::string sender = choose_sms_sender(sender_config, recipient);
    if (!sender.empty()) sender = normalize_sms_number(sender);
    if (groups.find(sender) == groups.end()) order.push_back(sender);
    groups[sender].push_back(normalize_sms_number(recipient));
  }

  std::string encoding = sms_encoding(body);
  nlohmann::ordered_json payload;
  if (order.size() == 1) {
    payload = group_request(groups[order[0]], body, encoding, order[0]);
  } else {
    payload = nlohmann::ordered_json::array();
    for (const auto& sender : order) {
      payload.push_back(group_request(groups[sender], body, encoding, sender));
    }
  }

  Message message;
  message.vector = "sms";
  message.sender = order.front();
  message.message_id = uuid4();
  message.recipients = std::move(envelope);
  message.data = payload.dump(-1, ' ', true,
                              nlohmann::ordered_json::error_handler_t::replace);
  return message;
}

}  // namespace tattler::compose
