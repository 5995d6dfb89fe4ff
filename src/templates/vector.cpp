// vector.cpp - vector names.
//
// Limits: see vector.hpp.
#include "templates/vector.hpp"

namespace tattler::templates {

// vector_name - the folder name of a vector.
std::string_view vector_name(Vector v) {
  switch (v) {
    case Vector::kEmail:
      return "email";
    case Vector::kSms:
      return "sms";
    case Vector::kTelegram:
      return "telegram";
    case Vector::kWhatsapp:
      return "whatsapp";
  }
  return "email";
}

// parse_vector - the vector whose folder name is name.
std::optional<Vector> parse_vector(std::string_view name) {
  for (Vector v : kAllVectors) {
    if (vector_name(v) == name) return v;
  }
  return std::nullopt;
}

}  // namespace tattler::templates
