// url.cpp - percent-encoding of path segments and query values.
//
// Limits: see url.hpp.
#include "url.hpp"

namespace tattler::client {

namespace {

bool unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-' || c == '~';
}

// encode - the shared loop; space_as_plus selects the query form.
std::string encode(std::string_view text, bool space_as_plus) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (unsigned char c : text) {
    if (unreserved(c)) {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ' && space_as_plus) {
      out.push_back('+');
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return out;
}

}  // namespace

std::string quote(std::string_view text) { return encode(text, false); }

std::string quote_plus(std::string_view text) { return encode(text, true); }

}  // namespace tattler::client
