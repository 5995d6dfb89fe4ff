// smtp_auth.cpp - the PLAIN response.
//
// Limits: see smtp_auth.hpp.
#include "delivery/smtp_auth.hpp"

namespace tattler::delivery {

std::string auth_plain_response(std::string_view user,
                                std::string_view password) {
  std::string message;
  message.reserve(user.size() + password.size() + 2);
  message += '\0';
  message += user;
  message += '\0';
  message += password;
  return base64(message);
}

}  // namespace tattler::delivery
