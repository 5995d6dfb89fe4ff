// smtp_options.cpp - parsing and checking of the SMTP settings.
//
// Limits: see smtp_options.hpp. Host names are checked for their
// characters, not resolved; resolution happens when connecting.
#include "delivery/smtp_options.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace tattler::delivery {

namespace {

constexpr std::string_view kForms =
    "use host, host:port, a.b.c.d:port or [ipv6]:port";

// invalid - the error for address with the reason it was refused.
Err invalid(std::string_view address, std::string_view why) {
  return Err{
      fmt::format("Invalid SMTP address '{}': {}; {}", address, why, kForms)};
}

// lower - ASCII lower-case copy.
std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return out;
}

// parse_port - a decimal port 1..65535, or nullopt.
std::optional<uint16_t> parse_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  unsigned value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value == 0 || value > 65535) return std::nullopt;
  return static_cast<uint16_t>(value);
}

// is_ipv6_text - only hex digits, ':' and '.' (IPv4-mapped tails), with at
// least one ':'.
bool is_ipv6_text(std::string_view text) {
  if (text.find(':') == std::string_view::npos) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
  });
}

// host_problem - why a host name or IPv4 address is not acceptable, or
// empty when it is.
std::string host_problem(std::string_view host) {
  if (host.empty()) return "the host is missing";
  bool all_numeric = true;
  size_t labels = 0;
  size_t start = 0;
  while (start <= host.size()) {
    size_t dot = host.find('.', start);
    if (dot == std::string_view::npos) dot = host.size();
    std::string_view label = host.substr(start, dot - start);
    if (label.empty()) return "the host has an empty label";
    for (char c : label) {
      bool ok =
          std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
      if (!ok) return fmt::format("'{}' is not allowed in a host name", c);
      if (!std::isdigit(static_cast<unsigned char>(c))) all_numeric = false;
    }
    if (all_numeric &&
        (label.size() > 3 || std::stoi(std::string(label)) > 255))
      return "an IPv4 address has numbers 0..255";
    ++labels;
    start = dot + 1;
  }
  if (all_numeric && labels != 4) return "an IPv4 address has four numbers";
  return {};
}

}  // namespace

std::string SmtpEndpoint::url() const {
  std::string shown = ipv6 ? "[" + host + "]" : host;
  return fmt::format("{}://{}:{}", implicit_tls() ? "smtps" : "smtp", shown,
                     port);
}

Result<SmtpEndpoint> parse_smtp_endpoint(std::string_view address) {
  std::string text = lower(address);
  SmtpEndpoint endpoint;
  std::string_view rest;

  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string::npos) return invalid(address, "missing ']'");
    endpoint.host = text.substr(1, close - 1);
    endpoint.ipv6 = true;
    if (!is_ipv6_text(endpoint.host))
      return invalid(address, "not an IPv6 address inside the brackets");
    rest = std::string_view(text).substr(close + 1);
  } else {
    size_t colon = text.find(':');
    if (colon != std::string::npos &&
        text.find(':', colon + 1) != std::string::npos) {
      return invalid(address, "IPv6 addresses need brackets");
    }
    endpoint.host = text.substr(0, colon);
    std::string problem = host_problem(endpoint.host);
    if (!problem.empty()) return invalid(address, problem);
    if (colon != std::string::npos) rest = std::string_view(text).substr(colon);
  }

  if (!rest.empty()) {
    std::optional<uint16_t> port;
    if (rest.front() == ':') port = parse_port(rest.substr(1));
    if (!port) return invalid(address, "the port is not a number 1..65535");
    endpoint.port = *port;
  }
  return endpoint;
}

Result<SmtpOptions> parse_smtp_address(std::string_view address) {
  Result<SmtpEndpoint> endpoint = parse_smtp_endpoint(address);
  if (!endpoint.ok()) return Err{endpoint.error()};

  SmtpOptions options;
  std::string host =
      endpoint->ipv6 ? "[" + endpoint->host + "]" : endpoint->host;
  options.address = fmt::format("{}:{}", host, endpoint->port);
  options.starttls = endpoint->port == 587;
  return options;
}

Status parse_smtp_auth(std::string_view auth) {
  size_t colon = auth.find(':');
  if (colon == std::string_view::npos) {
    return Status::Error(
        "Invalid SMTP authentication: expected 'user:password' (no ':' found)");
  }
  if (colon == 0) {
    return Status::Error(
        "Invalid SMTP authentication: the user name before ':' is empty");
  }
  return Status::Ok();
}

}  // namespace tattler::delivery
