// first_name_test.cpp - tattler's first-name guessing and prettifying.
//
// Limits: non-ASCII names are not covered (ASCII only).
#include "recipients/first_name.hpp"

#include <gtest/gtest.h>

namespace tattler::recipients {
namespace {

TEST(GuessFirstName, TakesTheFirstPartOfTheLocalPart) {
  EXPECT_EQ(guess_first_name("john.doe@x.com"), "John");
  EXPECT_EQ(guess_first_name("jo-hn_doe@x.com"), "Jo-hn");
}

TEST(GuessFirstName, ShortFirstPartKeepsTheWholeLocalPart) {
  EXPECT_EQ(guess_first_name("j.doe@x.com"), "J.doe");
  EXPECT_EQ(guess_first_name("a+b@x.com"), "A+b");
}

TEST(GuessFirstName, DigitsAroundTheNameAreDropped) {
  EXPECT_EQ(guess_first_name("99bob99@x.com"), "Bob");
  EXPECT_EQ(guess_first_name("x2y@x.com"), "X2y");
}

TEST(GuessFirstName, NumbersAndRoleNamesGiveNothing) {
  EXPECT_EQ(guess_first_name("123@google.com"), "");
  EXPECT_EQ(guess_first_name("info@x.com"), "");
  EXPECT_EQ(guess_first_name("Hi.There@x.com"), "");
  EXPECT_EQ(guess_first_name("postmaster@x.com"), "");
}

TEST(GuessFirstName, MalformedAddressesGiveNothing) {
  EXPECT_EQ(guess_first_name(""), "");
  EXPECT_EQ(guess_first_name("@"), "");
  EXPECT_EQ(guess_first_name("@foo.com"), "");
  EXPECT_EQ(guess_first_name("asd"), "");
  EXPECT_EQ(guess_first_name("a@a@a"), "");
}

TEST(PrettifyName, CapitalisesAllLowerOrAllUpperNames) {
  EXPECT_EQ(prettify_name("maria-ana de la paz"), "Maria-ana De La Paz");
  EXPECT_EQ(prettify_name("MARIA DE LA PAZ"), "Maria De La Paz");
  EXPECT_EQ(prettify_name("  two  spaces "), "Two Spaces");
}

TEST(PrettifyName, MixedCaseIsKept) {
  EXPECT_EQ(prettify_name("Archie-johN"), "Archie-johN");
  EXPECT_EQ(prettify_name("McDonald"), "McDonald");
}

TEST(UserFirstname, GivenFirstNameWins) {
  EXPECT_EQ(user_firstname(std::string("archie-johN"), "zed@x.com"),
            "archie-johN");
  EXPECT_EQ(user_firstname(std::string("ANNA"), "zed@x.com"), "Anna");
}

TEST(UserFirstname, GuessedFromEmailElseUser) {
  EXPECT_EQ(user_firstname(std::nullopt, std::string("john.doe@x.com")),
            "John");
  EXPECT_EQ(user_firstname(std::string(""), std::string("john@x.com")), "John");
  EXPECT_EQ(user_firstname(std::nullopt, std::string("invalidemail")), "user");
  EXPECT_EQ(user_firstname(std::nullopt, std::nullopt), "user");
}

}  // namespace
}  // namespace tattler::recipients
