// attachment.hpp - the files an e-mail carries, read from the `_attachments`
// value of a notification's context.
//
// Offers load_attachments(), which checks every entry of `_attachments` in
// order, decodes `content_b64` or fetches `url` (http/https), types each
// file (inline images by their bytes, regular files by their extension) and
// keeps the total under a cap, answering tattler's own error messages.
//
// Limits: `content_bytes` (Python plug-ins only) cannot arrive through JSON
// and is refused as not bytes; the whole attachment set is held in memory.
#pragma once

#include <chrono>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace tattler::compose {

// The largest total of attachment bytes one e-mail may carry (7 MiB).
inline constexpr size_t kMaxAttachmentBytes = 7340032;

struct Attachment {
  // File name shown to the reader ("invoice.pdf"; "logo.png" for inline).
  std::string filename;

  // MIME type, "application/pdf"; never carries a charset.
  std::string content_type;

  // Content-ID without angle brackets; set for an inline image.
  std::optional<std::string> content_id;

  // The raw file bytes.
  std::string bytes;
};

struct AttachmentOptions {
  // Refuse URLs resolving to loopback, private or link-local addresses
  // (TATTLER_ATTACHMENT_GUARD). Off by default: tattler trusts its callers.
  bool block_private_addresses = false;

  // Cap on the sum of all attachment sizes.
  size_t max_total_bytes = kMaxAttachmentBytes;

  // URL fetches: time to connect, and longest time without any byte.
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds stall_timeout{20000};
};

// load_attachments - the attachments described by spec, in spec order.
// spec is the `_attachments` value: null or an empty object mean none.
// Errors carry tattler's messages ("Attachment 'a.x': cannot determine
// content type for 'a.x'; rename with a recognized extension").
Result<std::vector<Attachment>> load_attachments(
    const nlohmann::ordered_json& spec, const AttachmentOptions& options);

}  // namespace tattler::compose
