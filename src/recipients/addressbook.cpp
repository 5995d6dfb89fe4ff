// addressbook.cpp - the pass-through addressbook and the chain.
//
// Limits: see addressbook.hpp.
#include "recipients/addressbook.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <regex>
#include <string>
#include <utility>

namespace tattler::recipients {

namespace {

// is_email_shaped - tattler's pass-through test: no blank, one '@', a
// domain of dot-separated labels of letters, digits, '_' and '-'.
bool is_email_shaped(std::string_view id) {
  static const std::regex kEmail(
      R"(^[^@\s]+@([_a-zA-Z0-9-]+\.)*[_a-zA-Z0-9-]+$)");
  return std::regex_match(id.begin(), id.end(), kEmail);
}

// phone_number - the number of a phone-shaped id ('+' or '00', then 5 to
// 16 digits), with '00' turned into '+'; empty otherwise.
std::optional<std::string> phone_number(std::string_view id) {
  static const std::regex kPhone(R"(^(\+|00)[0-9]{5,16}$)");
  if (!std::regex_match(id.begin(), id.end(), kPhone)) return std::nullopt;
  if (id.substr(0, 2) == "00") return "+" + std::string(id.substr(2));
  return std::string(id);
}

}  // namespace

// PassThroughAddressbook::lookup - the id as its own address.
std::optional<Contacts> PassThroughAddressbook::lookup(
    std::string_view user_id) const {
  Contacts contacts;
  if (is_email_shaped(user_id)) contacts.email = std::string(user_id);
  contacts.sms = phone_number(user_id);
  contacts.whatsapp = contacts.sms;

  // tattler's plug-in answers None for the account type: present, None.
  contacts.account_type = std::optional<std::string>();
  if (!contacts.any_address()) return std::nullopt;
  return contacts;
}

// AddressbookChain::AddressbookChain - a chain asking members in order.
AddressbookChain::AddressbookChain(
    std::vector<std::shared_ptr<const Addressbook>> members)
    : members_(std::move(members)) {}

// AddressbookChain::add - one more addressbook at the end.
void AddressbookChain::add(std::shared_ptr<const Addressbook> member) {
  members_.push_back(std::move(member));
}

// AddressbookChain::lookup - the first member's answer.
std::optional<Contacts> AddressbookChain::lookup(
    std::string_view user_id) const {
  for (size_t i = 0; i < members_.size(); ++i) {
    // A broken plug-in must not stop the others from answering.
    try {
      std::optional<Contacts> found = members_[i]->lookup(user_id);
      if (found) return found;
    } catch (const std::exception& e) {
      spdlog::error("addressbook.failed member={} error=\"{}\"", i, e.what());
    }
  }
  return std::nullopt;
}

}  // namespace tattler::recipients
