// sms.hpp - the BulkSMS request of an SMS notification.
//
// Offers build_sms(): Message.data is the JSON body of BulkSMS's
// `POST /v1/messages`, with keys in tattler's order
// {"to": [...], "encoding": "TEXT"|"UNICODE", "body": "...", "from": "..."}.
// When the recipients need different senders (longest common prefix with
// TATTLER_SMS_SENDER entries), data is a JSON array of such objects, one
// per sender, which the same endpoint accepts. Message.sender is the sender
// of the first group.
//
// Limits: no routingGroup (BULKSMS_DEFAULT_ROUTING is left to the
// transport); no length check (BulkSMS splits long texts).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "compose/message.hpp"

namespace tattler::compose {

// build_sms - the request for body (already rendered and stripped) to the
// envelope recipients, with senders chosen from sender_config.
Result<Message> build_sms(std::string_view body, std::string_view sender_config,
                          std::vector<std::string> envelope);

// choose_sms_sender - the sender id of config (comma-separated, each entry
// trimmed) sharing the longest prefix with recipient; the first entry when
// none does; empty when config is empty.
std::string choose_sms_sender(std::string_view config,
                              std::string_view recipient);

// sms_encoding - "TEXT" when every character is in the GSM 03.38 basic set,
// else "UNICODE".
std::string sms_encoding(std::string_view body);

// normalize_sms_number - BulkSMS's normal form: an alphanumeric id trimmed,
// else "+" and the digits without leading zeros.
std::string normalize_sms_number(std::string_view number);

}  // namespace tattler::compose
