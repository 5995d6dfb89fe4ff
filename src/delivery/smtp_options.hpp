// smtp_options.hpp - how to reach the SMTP server, and the parser of
// TATTLER_SMTP_ADDRESS.
//
// The address keeps tattler's syntax: an IPv4 address, a bracketed IPv6
// address or a host name, with an optional ":port" (default 25). Unlike
// tattler, host names without a dot ("localhost") are accepted, trailing
// junk after the port is refused rather than ignored, and the port chooses
// the TLS mode the way mail servers expect: 465 is implicit TLS (smtps),
// 587 is STARTTLS.
//
// Limits: no SMTPUTF8, no client certificates, no OAuth; AUTH is PLAIN or
// LOGIN, whichever the server's EHLO offers (PLAIN first).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace tattler::delivery {

struct SmtpOptions {
  // TATTLER_SMTP_ADDRESS: IPv4, [IPv6], host names incl. localhost, optional
  // :port (default 25).
  std::string address = "127.0.0.1";

  // TATTLER_SMTP_TIMEOUT: bounds connecting and every wait for the server.
  std::chrono::seconds timeout{30};

  // TATTLER_SMTP_TLS non-empty, or port 587: STARTTLS required.
  bool starttls = false;

  // TATTLER_SMTP_VERIFY: verify the server certificate and host name.
  bool verify_certificates = true;

  // Optional CA bundle (PEM) used instead of the system store (tests).
  std::string ca_file;

  // TATTLER_SMTP_AUTH "user:password" (split at the first ':').
  std::optional<std::string> auth;

  // Connections kept open to the server, each reused across messages.
  size_t pool_size = 4;
};

// SmtpEndpoint - the parts of an SMTP address.
struct SmtpEndpoint {
  std::string host;  // lower-cased; IPv6 without brackets
  uint16_t port = 25;
  bool ipv6 = false;

  // implicit_tls - true for port 465 (smtps).
  bool implicit_tls() const { return port == 465; }

  // url - the endpoint as a URL for people: smtp://host:port or
  // smtps://host:port.
  std::string url() const;
};

// parse_smtp_endpoint - split an SMTP address into host and port; the error
// names the value and the accepted forms.
Result<SmtpEndpoint> parse_smtp_endpoint(std::string_view address);

// parse_smtp_address - options for address with everything else default:
// address is normalised (lower-cased, ":port" made explicit) and port 587
// turns starttls on. The error is parse_smtp_endpoint's.
Result<SmtpOptions> parse_smtp_address(std::string_view address);

// parse_smtp_auth - check a TATTLER_SMTP_AUTH value "user:password"; the
// error says what is missing (it never repeats the password).
Status parse_smtp_auth(std::string_view auth);

}  // namespace tattler::delivery
