// first_name.hpp - the user_firstname tattler puts in every template.
//
// Offers guess_first_name (a first name from the local part of an e-mail
// address, tattler's rules) and prettify_name (capitalisation of an
// all-lower or all-upper name), and user_firstname which combines them.
//
// Limits: capitalisation is ASCII-only (non-ASCII letters are kept as they
// are); Python's str.isnumeric() is approximated by "ASCII digits only".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tattler::recipients {

// guess_first_name - "john.doe@x" -> "John"; "" when no name can be guessed
// (malformed address, phony names such as "info", numbers).
std::string guess_first_name(std::string_view email);

// prettify_name - "maria de la paz" -> "Maria De La Paz"; a mixed-case name
// is returned unchanged.
std::string prettify_name(std::string_view name);

// user_firstname - the given first name if non-empty, else the guess from
// the e-mail address, prettified; "user" when both fail.
std::string user_firstname(const std::optional<std::string>& first_name,
                           const std::optional<std::string>& email);

}  // namespace tattler::recipients
