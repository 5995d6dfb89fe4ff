// endpoint.hpp - "address:port" strings of the tattler server.
//
// Offers the parsing tattler's clients do: parse_endpoint() splits at the
// last colon as tattler's send_notification() does (so "[::1]:11503" works
// and a bare IPv6 address is refused), endpoint_from_env() reads
// TATTLER_SERVER_ADDRESS (default 127.0.0.1:11503).
//
// Limits: host names are not resolved here; the port must be 1..65535.
#pragma once

#include <string>
#include <string_view>

namespace tattler {

inline constexpr char kDefaultServerAddress[] = "127.0.0.1";
inline constexpr int kDefaultServerPort = 11503;

struct Endpoint {
  std::string address;  // host name, IPv4, or bracketed IPv6 "[::1]"
  int port = kDefaultServerPort;
};

// parse_endpoint - "addr:port" to an Endpoint; std::invalid_argument with
// "Endpoint '<s>' fails to provide valid port value, want addr:port".
Endpoint parse_endpoint(std::string_view spec);

// endpoint_from_env - TATTLER_SERVER_ADDRESS parsed, or the default.
Endpoint endpoint_from_env();

}  // namespace tattler
