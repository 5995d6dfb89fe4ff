// url_fetch.cpp - attachment downloads with libcurl.
//
// Limits: see url_fetch.hpp.
#include "compose/url_fetch.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>
#include <memory>
#include <mutex>

namespace tattler::compose {

namespace {

// What the callbacks of one transfer share.
struct Transfer {
  std::string body;
  size_t max_bytes = 0;
  bool too_big = false;
  bool block_private = false;
  bool refused_address = false;
  std::string refused_ip;
};

// global_init - initialise libcurl once per process.
void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// on_body - write callback: append bytes, stop the transfer past the cap.
size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  size_t n = size * count;
  if (transfer->body.size() + n > transfer->max_bytes) {
    transfer->too_big = true;
    return 0;
  }
  transfer->body.append(data, n);
  return n;
}

// ip_text - the printable form of address.
std::string ip_text(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address->sa_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
    inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
  } else if (address->sa_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
    inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
  }
  return text;
}

// on_open_socket - the guard: refuse internal addresses right before the
// connection, after DNS, so a rebinding name cannot slip through.
curl_socket_t on_open_socket(void* user, curlsocktype purpose,
                             curl_sockaddr* address) {
  auto* transfer = static_cast<Transfer*>(user);
  if (purpose != CURLSOCKTYPE_IPCXN) return CURL_SOCKET_BAD;
  if (transfer->block_private && is_internal_address(&address->addr)) {
    transfer->refused_address = true;
    transfer->refused_ip = ip_text(&address->addr);
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype | SOCK_CLOEXEC,
                address->protocol);
}

// is_internal_v4 - the IPv4 ranges no attachment should come from.
bool is_internal_v4(uint32_t ip) {
  auto in = [ip](uint32_t net, int bits) {
    uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
    return (ip & mask) == net;
  };
  return in(0x00000000, 8) || in(0x0a000000, 8) || in(0x64400000, 10) ||
         in(0x7f000000, 8) || in(0xa9fe0000, 16) || in(0xac100000, 12) ||
         in(0xc0000000, 24) || in(0xc0a80000, 16) || in(0xc6120000, 15) ||
         in(0xe0000000, 4) || in(0xf0000000, 4);
}

// is_internal_v6 - the IPv6 ranges no attachment should come from.
bool is_internal_v6(const in6_addr& ip) {
  const uint8_t* b = ip.s6_addr;
  static const uint8_t kZero[16] = {};
  bool unspecified = std::memcmp(b, kZero, 16) == 0;
  bool loopback = std::memcmp(b, kZero, 15) == 0 && b[15] == 1;
  bool unique_local = (b[0] & 0xfe) == 0xfc;
  bool link_local = b[0] == 0xfe && (b[1] & 0xc0) == 0x80;
  bool site_local = b[0] == 0xfe && (b[1] & 0xc0) == 0xc0;
  bool multicast = b[0] == 0xff;
  if (unspecified || loopback || unique_local || link_local || site_local ||
      multicast) {
    return true;
  }

  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) carry IPv4.
  static const uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static const uint8_t kNat64[12] = {0, 0x64, 0xff, 0x9b};
  if (std::memcmp(b, kMapped, 12) == 0 || std::memcmp(b, kNat64, 12) == 0) {
    uint32_t v4 = (uint32_t{b[12]} << 24) | (uint32_t{b[13]} << 16) |
                  (uint32_t{b[14]} << 8) | b[15];
    return is_internal_v4(v4);
  }
  return false;
}

using CurlUrl = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;

// url_part - one component of a parsed URL, or empty.
std::string url_part(CURLU* url, CURLUPart which) {
  char* part = nullptr;
  if (curl_url_get(url, which, &part, 0) != CURLUE_OK || part == nullptr) {
    return {};
  }
  std::string out(part);
  curl_free(part);
  return out;
}

// empty_authority - whether url has "scheme://" followed by no host
// ("http:///path"), which libcurl would otherwise read leniently.
bool empty_authority(const std::string& url) {
  size_t sep = url.find("://");
  if (sep == std::string::npos) return false;
  size_t start = sep + 3;
  size_t end = url.find_first_of("/?#", start);
  if (end == std::string::npos) end = url.size();
  std::string authority = url.substr(start, end - start);
  authority = authority.substr(
      authority.rfind('@') == std::string::npos ? 0 : authority.rfind('@') + 1);
  return authority.empty() || authority[0] == ':';
}

// check_url - tattler's checks of a URL before it is requested.
Status check_url(const std::string& url) {
  CurlUrl parsed(curl_url(), curl_url_cleanup);
  CURLUcode rc = curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(),
                              CURLU_NON_SUPPORT_SCHEME);
  std::string scheme =
      rc == CURLUE_OK ? url_part(parsed.get(), CURLUPART_SCHEME) : "";
  if (rc == CURLUE_OK && scheme != "http" && scheme != "https") {
    return Status::Error(fmt::format(
        "URL scheme '{}' not supported; use http or https.", scheme));
  }
  if (rc == CURLUE_OK && !empty_authority(url) &&
      !url_part(parsed.get(), CURLUPART_HOST).empty()) {
    return Status::Ok();
  }
  if (rc != CURLUE_OK && url.find("://") == std::string::npos) {
    return Status::Error("URL scheme '' not supported; use http or https.");
  }
  return Status::Error(fmt::format("URL missing host: {}", url));
}

struct Hop {
  long status = 0;
  std::string location;  // absolute redirect target, when any
};

// configure - the options every hop uses.
void configure(CURL* curl, const std::string& url, Transfer& transfer,
               const FetchOptions& options, curl_slist* headers) {
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_PROXY, "");
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "tattler");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(
      curl, CURLOPT_LOW_SPEED_TIME,
      static_cast<long>((options.stall_timeout.count() + 999) / 1000));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &transfer);
}

// request_once - one GET of url without following redirects.
Result<Hop> request_once(const std::string& url, const FetchOptions& options,
                         Transfer& transfer) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(),
                                                           curl_easy_cleanup);
  if (!curl) return Err{"Fetch of " + url + " failed: no libcurl handle"};

  // Only Host and User-Agent go out, as tattler sends them.
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(
      curl_slist_append(nullptr, "Accept:"), curl_slist_free_all);
  configure(curl.get(), url, transfer, options, headers.get());
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);

  CURLcode rc = curl_easy_perform(curl.get());
  if (transfer.too_big) {
    return Err{fmt::format("Attachment from {} exceeded {} bytes", url,
                           transfer.max_bytes)};
  }
  if (transfer.refused_address) {
    return Err{
        fmt::format("Fetch of {} refused: address {} is internal "
                    "(TATTLER_ATTACHMENT_GUARD)",
                    url, transfer.refused_ip)};
  }
  if (rc != CURLE_OK) {
    return Err{fmt::format("Fetch of {} failed: {}", url,
                           error[0] ? error : curl_easy_strerror(rc))};
  }

  Hop hop;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &hop.status);
  char* location = nullptr;
  curl_easy_getinfo(curl.get(), CURLINFO_REDIRECT_URL, &location);
  if (location != nullptr) hop.location = location;
  return hop;
}

}  // namespace

// is_internal_address - whether address is one the guard refuses.
bool is_internal_address(const sockaddr* address) {
  if (address->sa_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
    return is_internal_v4(ntohl(v4->sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    return is_internal_v6(
        reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr);
  }
  return true;
}

// fetch_url - the body of url after redirects, within the limits.
Result<std::string> fetch_url(std::string_view url,
                              const FetchOptions& options) {
  global_init();
  std::string current(url);
  for (int redirects = 0;; ++redirects) {
    if (redirects > options.max_redirects) {
      return Err{fmt::format("Too many redirects fetching {}", url)};
    }
    Status valid = check_url(current);
    if (!valid.ok()) return Err{valid.message()};

    Transfer transfer;
    transfer.max_bytes = options.max_bytes;
    transfer.block_private = options.block_private_addresses;
    Result<Hop> hop = request_once(current, options, transfer);
    if (!hop.ok()) return Err{hop.error()};

    // A 3xx with a Location is followed; any other non-200 is an error.
    if (hop->status >= 300 && hop->status < 400 && !hop->location.empty()) {
      current = hop->location;
      continue;
    }
    if (hop->status != 200) {
      return Err{
          fmt::format("Fetch of {} returned HTTP {}", current, hop->status)};
    }
    return std::move(transfer.body);
  }
}

}  // namespace tattler::compose
