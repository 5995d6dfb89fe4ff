// vector.hpp - the delivery vectors a template tree can hold.
//
// Offers Vector (email, sms, telegram, whatsapp, in the order of their
// names, so sorting by value sorts by name), its folder name and parsing.
//
// Limits: parsing is exact (lower case, no blanks); callers trim first.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace tattler::templates {

enum class Vector { kEmail, kSms, kTelegram, kWhatsapp };

// Every vector, sorted by name.
inline constexpr std::array<Vector, 4> kAllVectors = {
    Vector::kEmail, Vector::kSms, Vector::kTelegram, Vector::kWhatsapp};

// vector_name - "email", "sms", "telegram" or "whatsapp".
std::string_view vector_name(Vector v);

// parse_vector - the vector of a folder name, or empty for any other name.
std::optional<Vector> parse_vector(std::string_view name);

}  // namespace tattler::templates
