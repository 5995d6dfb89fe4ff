// addressbook.hpp - finding a user's contacts.
//
// Offers the Addressbook interface, the PassThroughAddressbook that tattler
// always loads (an e-mail-shaped or phone-shaped user id is its own
// address), and AddressbookChain, which asks several addressbooks in order
// and returns the first answer.
//
// Limits: the SQL and shared-object plug-ins live elsewhere; a chain member
// that throws is skipped and logged, it does not stop the chain.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "recipients/contacts.hpp"

namespace tattler::recipients {

class Addressbook {
 public:
  virtual ~Addressbook() = default;

  // lookup - the contacts of user_id, or empty when this addressbook does
  // not know the user. Must be safe to call from several threads.
  virtual std::optional<Contacts> lookup(std::string_view user_id) const = 0;
};

// An e-mail-shaped id gives the e-mail address, a phone-shaped id (leading
// '+' or '00', 5 to 16 digits) gives the sms and whatsapp numbers with '00'
// turned into '+'. Every other field is None (account_type present, None).
class PassThroughAddressbook : public Addressbook {
 public:
  std::optional<Contacts> lookup(std::string_view user_id) const override;
};

// Asks each member in order; the first that knows the user wins, even if it
// has no address for the vectors being sent.
class AddressbookChain : public Addressbook {
 public:
  AddressbookChain() = default;
  explicit AddressbookChain(
      std::vector<std::shared_ptr<const Addressbook>> members);

  // add - appends an addressbook, asked after the ones already there.
  void add(std::shared_ptr<const Addressbook> member);

  std::optional<Contacts> lookup(std::string_view user_id) const override;

 private:
  std::vector<std::shared_ptr<const Addressbook>> members_;
};

}  // namespace tattler::recipients
