// addressbook_test.cpp - the pass-through addressbook and the chain.
//
// Limits: plug-in addressbooks are tested with their issue.
#include "recipients/addressbook.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace tattler::recipients {
namespace {

TEST(PassThroughAddressbook, EmailShapedIdIsItsOwnEmailAddress) {
  PassThroughAddressbook book;

  std::optional<Contacts> c = book.lookup("Jane.Doe@example.com");

  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->email, "Jane.Doe@example.com");
  EXPECT_FALSE(c->sms.has_value());
  EXPECT_FALSE(c->whatsapp.has_value());
  EXPECT_FALSE(c->first_name.has_value());
  EXPECT_FALSE(c->language.has_value());
}

TEST(PassThroughAddressbook, AccountTypeIsPresentButNone) {
  PassThroughAddressbook book;

  std::optional<Contacts> c = book.lookup("a@b.org");

  ASSERT_TRUE(c->account_type.has_value());
  EXPECT_FALSE(c->account_type->has_value());
}

TEST(PassThroughAddressbook, LocalhostDomainIsAccepted) {
  PassThroughAddressbook book;

  EXPECT_EQ(book.lookup("root@localhost")->email, "root@localhost");
}

TEST(PassThroughAddressbook, PhoneShapedIdReachesSmsAndWhatsapp) {
  PassThroughAddressbook book;

  std::optional<Contacts> c = book.lookup("+41791234567");

  ASSERT_TRUE(c.has_value());
  EXPECT_FALSE(c->email.has_value());
  EXPECT_EQ(c->sms, "+41791234567");
  EXPECT_EQ(c->whatsapp, "+41791234567");
}

TEST(PassThroughAddressbook, DoubleZeroPrefixBecomesPlus) {
  PassThroughAddressbook book;

  EXPECT_EQ(book.lookup("0041791234567")->sms, "+41791234567");
}

TEST(PassThroughAddressbook, OtherIdsAreUnknown) {
  PassThroughAddressbook book;

  EXPECT_FALSE(book.lookup("123").has_value());
  EXPECT_FALSE(book.lookup("+1234").has_value());  // too short
  EXPECT_FALSE(book.lookup("a b@c.d").has_value());
  EXPECT_FALSE(book.lookup("a@b@c").has_value());
  EXPECT_FALSE(book.lookup("").has_value());
}

class FixedBook : public Addressbook {
 public:
  explicit FixedBook(std::optional<Contacts> answer) : answer_(answer) {}
  std::optional<Contacts> lookup(std::string_view) const override {
    return answer_;
  }

 private:
  std::optional<Contacts> answer_;
};

class ThrowingBook : public Addressbook {
 public:
  std::optional<Contacts> lookup(std::string_view) const override {
    throw std::runtime_error("database down");
  }
};

TEST(AddressbookChain, FirstAnswerWinsEvenWithoutAddresses) {
  Contacts first;
  first.first_name = "Ann";
  Contacts second;
  second.email = "b@x.org";
  AddressbookChain chain;
  chain.add(std::make_shared<FixedBook>(std::nullopt));
  chain.add(std::make_shared<FixedBook>(first));
  chain.add(std::make_shared<FixedBook>(second));

  std::optional<Contacts> c = chain.lookup("42");

  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->first_name, "Ann");
  EXPECT_FALSE(c->email.has_value());
}

TEST(AddressbookChain, ThrowingMemberIsSkipped) {
  Contacts known;
  known.sms = "+4179000000";
  AddressbookChain chain(
      {std::make_shared<ThrowingBook>(), std::make_shared<FixedBook>(known)});

  EXPECT_EQ(chain.lookup("x")->sms, "+4179000000");
}

TEST(AddressbookChain, NobodyKnowsTheUser) {
  AddressbookChain chain({std::make_shared<PassThroughAddressbook>()});

  EXPECT_FALSE(chain.lookup("nobody").has_value());
}

TEST(Contacts, AddressByVectorName) {
  Contacts c;
  c.email = "e@x.org";
  c.telegram = "12345";

  EXPECT_EQ(c.address("email"), "e@x.org");
  EXPECT_EQ(c.address("telegram"), "12345");
  EXPECT_FALSE(c.address("sms").has_value());
  EXPECT_FALSE(c.address("fax").has_value());
  EXPECT_TRUE(c.any_address());
}

}  // namespace
}  // namespace tattler::recipients
