// attachments.hpp - attachments given to send_notification().
//
// An attachment is either a local file (std::filesystem::path: read by the
// client and sent base64-encoded as {"content_b64": ...}) or an http(s) URL
// (std::string: sent as {"url": ...} and fetched by the server). The result
// of translate_attachments() goes into the context under "_attachments". A
// name containing '@' is an inline image referenced as cid:<name>.
//
// Limits: files are read whole into memory; the server caps the total size.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "tattler/result.hpp"

namespace tattler {

// AttachmentSource - a file (std::filesystem::path) or a URL (any string),
// as tattler's Path vs str.
class AttachmentSource {
 public:
  AttachmentSource(std::filesystem::path file)  // NOLINT: implicit on purpose
      : file_(std::move(file)), is_file_(true) {}
  AttachmentSource(std::string url)  // NOLINT: implicit on purpose
      : url_(std::move(url)) {}
  AttachmentSource(const char* url) : url_(url) {}  // NOLINT

  bool is_file() const { return is_file_; }
  const std::filesystem::path& file() const { return file_; }
  const std::string& url() const { return url_; }

 private:
  std::filesystem::path file_;
  std::string url_;
  bool is_file_ = false;
};

using Attachments = std::map<std::string, AttachmentSource>;

// translate_attachments - the "_attachments" object for the given sources.
// Throws std::invalid_argument for a string that is not an http(s) URL
// ("attachments['<name>']: str values must be an http(s):// URL; got '<v>'")
// and for a file that cannot be read.
Json translate_attachments(const Attachments& attachments);

// base64_encode - standard alphabet, padded, on one line.
std::string base64_encode(std::string_view bytes);

}  // namespace tattler
