// idempotency_key.cpp - checking keys and fingerprinting requests.
//
// Limits: see idempotency_key.hpp.
#include "api/idempotency_key.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <strings.h>

namespace tattler::api {
namespace {

constexpr std::string_view kHeader = "Idempotency-Key";
constexpr std::string_view kCorrelationId = "correlationId";

// trim - without the optional white space around a header value.
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// unquote - the content of an RFC 8941 string ("…" with \" and \\).
Result<std::string> unquote(std::string_view quoted) {
  if (quoted.size() < 2 || quoted.back() != '"') {
    return Err{"Idempotency-Key: quoted string is not closed"};
  }
  std::string out;
  std::string_view inner = quoted.substr(1, quoted.size() - 2);
  for (size_t i = 0; i < inner.size(); ++i) {
    char c = inner[i];
    if (c == '"') {
      return Err{"Idempotency-Key: unescaped '\"' inside a quoted string"};
    }
    if (c == '\\') {
      if (i + 1 == inner.size() ||
          (inner[i + 1] != '"' && inner[i + 1] != '\\')) {
        return Err{"Idempotency-Key: bad escape in a quoted string"};
      }
      c = inner[++i];
    }
    out += c;
  }
  return out;
}

// frame - append one part with its length, so parts cannot run together.
void frame(EVP_MD_CTX* ctx, std::string_view part) {
  std::string length = fmt::format("{}:", part.size());
  EVP_DigestUpdate(ctx, length.data(), length.size());
  EVP_DigestUpdate(ctx, part.data(), part.size());
}

}  // namespace

// parse_idempotency_key - check the characters, then the length.
Result<std::string> parse_idempotency_key(std::string_view value) {
  value = trim(value);
  std::string key;
  if (!value.empty() && value.front() == '"') {
    auto unquoted = unquote(value);
    if (!unquoted) return unquoted;
    key = std::move(*unquoted);
  } else {
    key = std::string(value);
  }

  if (key.empty()) return Err{"Idempotency-Key is empty"};
  for (unsigned char c : key) {
    if (c < 0x20 || c == 0x7F) {
      return Err{"Idempotency-Key contains control characters"};
    }
    if (c > 0x7F) {
      return Err{"Idempotency-Key contains non-ASCII characters"};
    }
  }
  if (key.size() > kMaxIdempotencyKeyLength) {
    return Err{fmt::format("Idempotency-Key is longer than {} characters",
                           kMaxIdempotencyKeyLength)};
  }
  return key;
}

// read_idempotency_key - at most one header, then parse it.
Result<std::optional<std::string>> read_idempotency_key(
    const http::Request& request) {
  const std::string* found = nullptr;
  for (const auto& [name, value] : request.headers) {
    if (name.size() != kHeader.size() ||
        strncasecmp(name.c_str(), kHeader.data(), kHeader.size()) != 0) {
      continue;
    }
    if (found) return Err{"more than one Idempotency-Key header"};
    found = &value;
  }
  if (!found) return std::optional<std::string>{};

  auto key = parse_idempotency_key(*found);
  if (!key) return Err{key.error()};
  return std::optional<std::string>{std::move(*key)};
}

// request_fingerprint - length-framed parts into one SHA-256.
std::string request_fingerprint(std::string_view method,
                                const std::string& scope,
                                const std::string& event, const Query& query,
                                std::string_view body) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  frame(ctx, method);
  frame(ctx, scope);
  frame(ctx, event);
  for (const auto& [name, value] : query) {  // a std::map: sorted by name
    if (name == kCorrelationId) continue;
    frame(ctx, name);
    frame(ctx, value);
  }
  frame(ctx, body);

  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(ctx, digest, &size);
  EVP_MD_CTX_free(ctx);
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex += fmt::format("{:02x}", digest[i]);
  }
  return hex;
}

}  // namespace tattler::api
