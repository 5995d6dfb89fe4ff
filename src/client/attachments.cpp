// attachments.cpp - files and URLs to the "_attachments" context object.
//
// Limits: see attachments.hpp.
#include "tattler/attachments.hpp"

#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

namespace tattler {

namespace {

// py_repr - a string quoted as Python's repr() quotes it, for messages that
// read the same as tattler's.
std::string py_repr(const std::string& s) {
  bool has_single = s.find('\'') != std::string::npos;
  bool has_double = s.find('"') != std::string::npos;
  char quote = (has_single && !has_double) ? '"' : '\'';
  std::string out(1, quote);
  for (char c : s) {
    if (c == '\\' || c == quote) out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  out.push_back(quote);
  return out;
}

// is_http_url - starts with http:// or https:// (as tattler checks).
bool is_http_url(const std::string& s) {
  return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0;
}

// read_file - the whole file, or std::invalid_argument naming it.
std::string read_file(const std::string& name,
                      const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::invalid_argument("attachments[" + py_repr(name) +
                                "]: cannot read file " +
                                py_repr(path.string()));
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

// base64_encode - RFC 4648 section 4, with padding, no line breaks.
std::string base64_encode(std::string_view bytes) {
  static const char kTable[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    out += {kTable[v >> 18], kTable[(v >> 12) & 63], kTable[(v >> 6) & 63],
            kTable[v & 63]};
  }

  std::size_t rest = bytes.size() - i;
  if (rest == 0) return out;
  unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
  if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
  out += {kTable[v >> 18], kTable[(v >> 12) & 63],
          rest == 2 ? kTable[(v >> 6) & 63] : '=', '='};
  return out;
}

// translate_attachments - one {"content_b64"} or {"url"} object per name.
Json translate_attachments(const Attachments& attachments) {
  Json out = Json::object();
  for (const auto& [name, source] : attachments) {
    if (source.is_file()) {
      out[name] =
          Json{{"content_b64", base64_encode(read_file(name, source.file()))}};
      continue;
    }
    const std::string& text = source.url();
    if (!is_http_url(text)) {
      throw std::invalid_argument(
          "attachments[" + py_repr(name) +
          "]: str values must be an http(s):// URL; got " + py_repr(text));
    }
    out[name] = Json{{"url", text}};
  }
  return out;
}

}  // namespace tattler
