// contacts.hpp - what an addressbook knows of one user.
//
// Offers Contacts, the record every addressbook returns: one address per
// vector (email, sms, telegram, whatsapp), the first name, the language and
// the account type. Vectors are named by strings ("email", "sms", ...) so
// this layer does not depend on the template layer.
//
// Limits: no "role" (tattler never passes one); no keys beyond these.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tattler::recipients {

struct Contacts {
  std::optional<std::string> email;
  std::optional<std::string> sms;
  std::optional<std::string> telegram;
  std::optional<std::string> whatsapp;
  std::optional<std::string> first_name;
  std::optional<std::string> language;

  // Outer empty: the addressbook has no such key (templates see 'unknown');
  // inner empty: the key is present with value None (templates see None).
  std::optional<std::optional<std::string>> account_type;

  // address - the address for a vector named "email", "sms", "telegram" or
  // "whatsapp"; an empty optional for any other name.
  const std::optional<std::string>& address(std::string_view vector) const;

  // any_address - true when at least one vector has an address.
  bool any_address() const;
};

}  // namespace tattler::recipients
