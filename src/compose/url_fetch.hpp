// url_fetch.hpp - downloads one attachment over http or https.
//
// Offers fetch_url() (libcurl): only http and https, at most 5 redirects
// (each hop checked again), a 3 s connect timeout, a 20 s limit on a stalled
// read, a size cap enforced while the bytes stream in, "User-Agent:
// tattler", certificates verified, no proxy. With the guard on, every
// address libcurl is about to connect to is checked just before the socket
// opens, so a name that resolves (or re-resolves) to a loopback, private,
// link-local or otherwise internal address is refused.
//
// Limits: whole body in memory (bounded by the cap); no cookies, no
// authentication, no content decoding.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.hpp"

struct sockaddr;

namespace tattler::compose {

struct FetchOptions {
  size_t max_bytes = 0;  // more than this is an error
  bool block_private_addresses = false;
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds stall_timeout{20000};
  int max_redirects = 5;
};

// fetch_url - the body of url, answered with HTTP 200, following redirects.
// Errors use tattler's messages ("Fetch of <url> returned HTTP 404").
Result<std::string> fetch_url(std::string_view url,
                              const FetchOptions& options);

// is_internal_address - whether address is loopback, private, link-local,
// unspecified, multicast, carrier-grade NAT, unique-local or an IPv4
// address mapped into IPv6 that is one of those.
bool is_internal_address(const sockaddr* address);

}  // namespace tattler::compose
