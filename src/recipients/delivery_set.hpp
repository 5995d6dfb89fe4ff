// delivery_set.hpp - who actually receives a notification on one vector.
//
// Offers delivery_set: the envelope recipients under a mode (debug: the
// debug recipient only; staging: the real recipient plus the supervisor;
// production: the real recipient), then filtered by the blacklist. When
// nothing is to be sent the answer says why, so the caller can report it
// instead of pretending a delivery.
//
// Limits: one real recipient per notification, as tattler.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "recipients/blacklist.hpp"

namespace tattler::recipients {

struct DeliverySet {
  std::vector<std::string> recipients;  // envelope recipients, no repeats
  // Non-empty: nothing to send, and why, as a lower-case clause without a
  // final period ("mode=debug but no TATTLER_DEBUG_RECIPIENT_SMS variable
  // set"), so the caller can prefix it ("Nothing sent: ...").
  std::string skipped_reason;
  std::string warning;  // non-empty: worth a log line (e.g. no supervisor)
};

// delivery_set - the recipients for vector ("email", "sms", ...) in mode
// ("debug", "staging", "production"). debug_recipient and
// supervisor_recipient are the TATTLER_DEBUG_RECIPIENT_<V> and
// TATTLER_SUPERVISOR_RECIPIENT_<V> values (empty or absent = unset);
// blacklist may be null.
DeliverySet delivery_set(std::string_view vector,
                         const std::string& real_recipient,
                         std::string_view mode,
                         const std::optional<std::string>& debug_recipient,
                         const std::optional<std::string>& supervisor_recipient,
                         const Blacklist* blacklist);

}  // namespace tattler::recipients
