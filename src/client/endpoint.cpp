// endpoint.cpp - parsing "address:port" as tattler's clients do.
//
// Limits: see endpoint.hpp.
#include "tattler/endpoint.hpp"

#include <cstdlib>
#include <stdexcept>

namespace tattler {

namespace {

// trim - without leading and trailing blanks (Python's str.strip()).
std::string_view trim(std::string_view s) {
  const char* kBlanks = " \t\r\n\f\v";
  auto first = s.find_first_not_of(kBlanks);
  if (first == std::string_view::npos) return {};
  auto last = s.find_last_not_of(kBlanks);
  return s.substr(first, last - first + 1);
}

// parse_port - digits only, 1..65535; -1 otherwise.
int parse_port(std::string_view digits) {
  if (digits.empty() || digits.size() > 5) return -1;
  int port = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return -1;
    port = port * 10 + (c - '0');
  }
  return (port >= 1 && port <= 65535) ? port : -1;
}

}  // namespace

// parse_endpoint - splits at the last ':'; the address must not be empty.
Endpoint parse_endpoint(std::string_view spec) {
  std::string_view s = trim(spec);
  auto colon = s.rfind(':');
  int port =
      colon == std::string_view::npos ? -1 : parse_port(s.substr(colon + 1));
  if (port < 0 || colon == 0) {
    throw std::invalid_argument("Endpoint '" + std::string(s) +
                                "' fails to provide valid port value, want "
                                "addr:port");
  }
  return Endpoint{std::string(s.substr(0, colon)), port};
}

// endpoint_from_env - the variable when set and not blank.
Endpoint endpoint_from_env() {
  const char* value = std::getenv("TATTLER_SERVER_ADDRESS");
  if (value == nullptr || trim(value).empty()) {
    return Endpoint{kDefaultServerAddress, kDefaultServerPort};
  }
  return parse_endpoint(value);
}

}  // namespace tattler
