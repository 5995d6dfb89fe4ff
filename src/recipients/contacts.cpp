// contacts.cpp - address lookup by vector name.
//
// Limits: see contacts.hpp.
#include "recipients/contacts.hpp"

namespace tattler::recipients {

// Contacts::address - the field of the named vector.
const std::optional<std::string>& Contacts::address(
    std::string_view vector) const {
  static const std::optional<std::string> kNone;
  if (vector == "email") return email;
  if (vector == "sms") return sms;
  if (vector == "telegram") return telegram;
  if (vector == "whatsapp") return whatsapp;
  return kNone;
}

// Contacts::any_address - true when some vector can be reached.
bool Contacts::any_address() const {
  return email.has_value() || sms.has_value() || telegram.has_value() ||
         whatsapp.has_value();
}

}  // namespace tattler::recipients
