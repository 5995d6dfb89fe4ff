// part.cpp - MIME entities and their serialization.
//
// Limits: see part.hpp.
#include "compose/mime/part.hpp"

#include <fmt/format.h>

#include "compose/mime/header_encoding.hpp"
#include "compose/mime/transfer_encoding.hpp"
#include "compose/random_id.hpp"

namespace tattler::compose::mime {

namespace {

// random_digits - n random decimal digits, the first not zero.
std::string random_digits(size_t n) {
  std::string out(1, static_cast<char>('1' + RandomU64() % 9));
  while (out.size() < n) out += static_cast<char>('0' + RandomU64() % 10);
  return out;
}

// content_type_line - the folded Content-Type of a multipart.
std::string content_type_line(std::string_view subtype,
                              std::string_view boundary) {
  return fold_header("Content-Type",
                     {fmt::format("multipart/{};", subtype),
                      fmt::format(" boundary=\"{}\"", boundary)});
}

// serialize_multipart - children between boundary lines, the headers
// before them with the Content-Type slot filled in.
std::string serialize_multipart(const Part& part) {
  std::vector<std::string> children;
  for (const Part& child : part.children) children.push_back(serialize(child));

  // A boundary must not occur inside the content it delimits.
  std::string boundary;
  for (bool clash = true; clash;) {
    boundary = random_boundary();
    clash = false;
    for (const auto& text : children) {
      if (text.find(boundary) != std::string::npos) clash = true;
    }
  }

  std::string out;
  for (const auto& line : part.header_lines) {
    out += line.empty() ? content_type_line(part.multipart_subtype, boundary)
                        : line;
  }
  out += "\r\n";
  for (size_t i = 0; i < children.size(); ++i) {
    out += fmt::format("{}--{}\r\n", i == 0 ? "" : "\r\n", boundary);
    out += children[i];
  }
  out += fmt::format("\r\n--{}--\r\n", boundary);
  return out;
}

}  // namespace

// text_part - a UTF-8 text part with its best encoding.
Part text_part(std::string_view subtype, std::string_view text) {
  TransferEncoding encoding = choose_text_encoding(text);
  Part part;
  part.add_header(
      fmt::format("Content-Type: text/{}; charset=\"utf-8\"\r\n", subtype));
  part.add_header(fmt::format("Content-Transfer-Encoding: {}\r\n",
                              transfer_encoding_name(encoding)));
  part.body = encode_text_body(text, encoding);
  return part;
}

// multipart - an empty multipart with a Content-Type slot.
Part multipart(std::string_view subtype) {
  Part part;
  part.multipart_subtype = std::string(subtype);
  part.header_lines.emplace_back();
  return part;
}

// serialize - the wire bytes of a part.
std::string serialize(const Part& part) {
  if (!part.multipart_subtype.empty()) return serialize_multipart(part);
  std::string out;
  for (const auto& line : part.header_lines) out += line;
  out += "\r\n";
  out += part.body;
  return out;
}

// random_boundary - a fresh Python-style boundary.
std::string random_boundary() {
  return fmt::format("==============={}==", random_digits(19));
}

}  // namespace tattler::compose::mime
