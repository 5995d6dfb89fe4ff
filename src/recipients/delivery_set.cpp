// delivery_set.cpp - recipients per mode, then the blacklist.
//
// Limits: see delivery_set.hpp.
#include "recipients/delivery_set.hpp"

#include <algorithm>
#include <cctype>

namespace tattler::recipients {

namespace {

// same_address - equal without regard to ASCII case.
bool same_address(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// upper - the vector name as it appears in variable names.
std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

// is_set - a recipient variable that holds something.
bool is_set(const std::optional<std::string>& v) {
  return v.has_value() && !v->empty();
}

// add_unique - appends r unless an equal address is already there.
void add_unique(std::vector<std::string>& list, const std::string& r) {
  for (const std::string& have : list) {
    if (same_address(have, r)) return;
  }
  list.push_back(r);
}

// apply_blacklist - drops blacklisted recipients; gives up entirely when
// the real recipient itself is blacklisted (tattler does the same).
void apply_blacklist(DeliverySet& set, const std::string& real,
                     const Blacklist& blacklist) {
  for (const std::string& r : set.recipients) {
    if (same_address(r, real) && blacklist.contains(r)) {
      set.skipped_reason = "the only recipient '" + r + "' is blacklisted";
      set.recipients.clear();
      return;
    }
  }
  std::erase_if(set.recipients,
                [&](const std::string& r) { return blacklist.contains(r); });
  if (set.recipients.empty()) {
    set.skipped_reason = "every recipient is blacklisted";
  }
}

}  // namespace

// delivery_set - the envelope recipients of one vector.
DeliverySet delivery_set(std::string_view vector,
                         const std::string& real_recipient,
                         std::string_view mode,
                         const std::optional<std::string>& debug_recipient,
                         const std::optional<std::string>& supervisor_recipient,
                         const Blacklist* blacklist) {
  DeliverySet set;
  std::string name = upper(vector);

  if (mode == "debug") {
    if (!is_set(debug_recipient)) {
      set.skipped_reason =
          "mode=debug but no TATTLER_DEBUG_RECIPIENT_" + name + " variable set";
      return set;
    }
    set.recipients.push_back(*debug_recipient);
  } else {
    add_unique(set.recipients, real_recipient);
    if (mode == "staging") {
      if (is_set(supervisor_recipient)) {
        add_unique(set.recipients, *supervisor_recipient);
      } else {
        set.warning = "mode=staging but no TATTLER_SUPERVISOR_RECIPIENT_" +
                      name + " variable set!";
      }
    }
  }

  if (blacklist != nullptr) apply_blacklist(set, real_recipient, *blacklist);
  return set;
}

}  // namespace tattler::recipients
