// smtp_auth.cpp - base64 and the PLAIN response.
//
// Limits: see smtp_auth.hpp.
#include "delivery/smtp_auth.hpp"

#include <openssl/evp.h>

namespace tattler::delivery {

std::string base64(std::string_view text) {
  // EVP_EncodeBlock writes 4 characters per 3 bytes and a final NUL.
  std::string out(4 * ((text.size() + 2) / 3) + 1, '\0');
  int size =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(text.data()),
                      static_cast<int>(text.size()));
  out.resize(static_cast<size_t>(size));
  return out;
}

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
