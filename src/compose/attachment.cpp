// attachment.cpp - reading `_attachments` into Attachment values.
//
// Limits: see attachment.hpp.
#include "compose/attachment.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "compose/content_type.hpp"
#include "compose/mime/transfer_encoding.hpp"
#include "compose/url_fetch.hpp"

namespace tattler::compose {

namespace {

using Json = nlohmann::ordered_json;

// json_truthy - Python's truth of a JSON value (falsy spec means none).
bool json_truthy(const Json& value) {
  if (value.is_null()) return false;
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_number()) return value != 0;
  if (value.is_string()) return !value.get_ref<const std::string&>().empty();
  return !value.empty();
}

// cap_message - tattler's text for the total cap.
std::string cap_message(size_t cap) {
  return fmt::format("Attachments exceed total cap of {} bytes", cap);
}

// valid_content_id - printable, no blanks and no angle brackets.
bool valid_content_id(const std::string& cid) {
  for (size_t i = 0; i < cid.size(); ++i) {
    auto c = static_cast<unsigned char>(cid[i]);
    if (c < 0x21 || c == 0x7f || c == '<' || c == '>') return false;
    if (c >= 0x80) {
      // Non-ASCII is printable text in Python unless it is a blank or a
      // control character; reject the C1 controls and no-break spaces.
      if (c == 0xc2 && i + 1 < cid.size() &&
          (static_cast<unsigned char>(cid[i + 1]) < 0xa1)) {
        return false;
      }
    }
  }
  return true;
}

// valid_filename - not empty, no path separators, not hidden.
bool valid_filename(const std::string& name) {
  return !name.empty() && name.find_first_of("/\\") == std::string::npos &&
         name.front() != '.';
}

// entry_bytes - the content of one entry from url or content_b64.
Result<std::string> entry_bytes(const std::string& key, const Json& entry,
                                size_t total,
                                const AttachmentOptions& options) {
  int sources = static_cast<int>(entry.contains("url")) +
                static_cast<int>(entry.contains("content_b64")) +
                static_cast<int>(entry.contains("content_bytes"));
  if (sources != 1) {
    return Err{
        fmt::format("Attachment '{}': must specify exactly one of "
                    "'url', 'content_b64', 'content_bytes'",
                    key)};
  }
  if (entry.contains("content_bytes")) {
    return Err{
        fmt::format("Attachment '{}': 'content_bytes' must be bytes", key)};
  }
  if (entry.contains("content_b64")) {
    const Json& b64 = entry["content_b64"];
    if (!b64.is_string()) {
      return Err{
          fmt::format("Attachment '{}': invalid base64: argument "
                      "should be a bytes-like object or ASCII string",
                      key)};
    }
    Result<std::string> bytes =
        mime::base64_decode_strict(b64.get_ref<const std::string&>());
    if (!bytes.ok()) {
      return Err{fmt::format("Attachment '{}': invalid base64: {}", key,
                             bytes.error())};
    }
    return bytes;
  }

  // A URL may use only what the attachments before it left of the cap.
  if (total >= options.max_total_bytes) {
    return Err{cap_message(options.max_total_bytes)};
  }
  const Json& url = entry["url"];
  std::string url_text = url.is_string() ? url.get<std::string>() : url.dump();
  FetchOptions fetch;
  fetch.max_bytes = options.max_total_bytes - total;
  fetch.block_private_addresses = options.block_private_addresses;
  fetch.connect_timeout = options.connect_timeout;
  fetch.stall_timeout = options.stall_timeout;
  return fetch_url(url_text, fetch);
}

// typed_attachment - the Attachment of key with its type settled.
Result<Attachment> typed_attachment(const std::string& key, bool is_inline,
                                    std::string bytes) {
  Attachment a;
  if (is_inline) {
    std::optional<SniffedImage> image = sniff_image(bytes);
    if (!image) {
      return Err{fmt::format(
          "Attachment '{}': could not detect image type from content; "
          "supported inline formats are PNG, JPEG, GIF, WebP, SVG",
          key)};
    }
    a.content_id = key;
    a.filename = key.substr(0, key.find('@')) + image->extension;
    a.content_type = image->content_type;
  } else {
    std::optional<std::string> type = type_from_filename(key);
    if (!type) {
      return Err{fmt::format(
          "Attachment '{}': cannot determine content type for '{}'; rename "
          "with a recognized extension",
          key, key)};
    }
    a.filename = key;
    a.content_type = *type;
  }
  a.bytes = std::move(bytes);
  return a;
}

// load_entry - one checked, loaded and typed attachment.
Result<Attachment> load_entry(const std::string& key, const Json& entry,
                              size_t total, const AttachmentOptions& options) {
  if (key.empty()) {
    return Err{"Attachment '': key must be a non-empty string"};
  }
  if (!entry.is_object()) {
    return Err{fmt::format("Attachment '{}': must be an object", key)};
  }
  bool is_inline = key.find('@') != std::string::npos;
  if (is_inline && !valid_content_id(key)) {
    return Err{
        fmt::format("Attachment '{}': 'cid' contains invalid "
                    "characters",
                    key)};
  }
  if (!is_inline && !valid_filename(key)) {
    return Err{fmt::format("Attachment '{}': invalid filename '{}'", key, key)};
  }

  Result<std::string> bytes = entry_bytes(key, entry, total, options);
  if (!bytes.ok()) return Err{bytes.error()};
  return typed_attachment(key, is_inline, std::move(bytes).value());
}

}  // namespace

// load_attachments - every entry of spec checked, loaded and typed, in order.
Result<std::vector<Attachment>> load_attachments(
    const nlohmann::ordered_json& spec, const AttachmentOptions& options) {
  std::vector<Attachment> attachments;
  if (!json_truthy(spec)) return attachments;
  if (!spec.is_object()) return Err{"Attachments must be a dict"};

  size_t total = 0;
  for (const auto& [key, entry] : spec.items()) {
    Result<Attachment> a = load_entry(key, entry, total, options);
    if (!a.ok()) return Err{a.error()};

    total += a->bytes.size();
    if (total > options.max_total_bytes) {
      return Err{cap_message(options.max_total_bytes)};
    }
    spdlog::debug("attachment.accepted name={} bytes={} type={}{}", a->filename,
                  a->bytes.size(), a->content_type,
                  a->content_id ? " inline" : "");
    attachments.push_back(std::move(a).value());
  }
  return attachments;
}

}  // namespace tattler::compose
