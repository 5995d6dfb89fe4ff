// part.hpp - a MIME entity (headers plus a body or sub-parts) and its wire
// form.
//
// Offers Part, built with the text_part(), binary_part() and
// multipart() helpers, and serialize(), which writes it the way Python's
// email generator does: headers in the order they were added, a blank line,
// then the encoded body, or for a multipart "--boundary" lines between the
// children and a closing "--boundary--". Boundaries look like Python's
// ("===============<19 digits>==") and are checked against the content.
//
// Limits: no preamble or epilogue; header lines are stored already encoded
// and folded (see header_encoding.hpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tattler::compose::mime {

struct Part {
  // Complete header lines, each folded and ending in CRLF.
  std::vector<std::string> header_lines;

  // Encoded body with CRLF line ends (leaf parts only).
  std::string body;

  // Sub-parts; a non-empty list makes this a multipart.
  std::vector<Part> children;

  // The multipart's subtype ("mixed", "alternative", "related").
  std::string multipart_subtype;

  // add_header - append an already folded header line.
  void add_header(std::string line) { header_lines.push_back(std::move(line)); }
};

// text_part - a text/<subtype> part in UTF-8 with the best transfer
// encoding; text uses "\n" line ends and ends with one.
Part text_part(std::string_view subtype, std::string_view text);

// multipart - an empty multipart/<subtype>. Its header_lines hold one
// empty slot where serialize() writes the Content-Type with the boundary;
// lines may be added before or after that slot.
Part multipart(std::string_view subtype);

// serialize - the wire bytes of part (headers, blank line, body).
std::string serialize(const Part& part);

// random_boundary - a fresh boundary in Python's style.
std::string random_boundary();

}  // namespace tattler::compose::mime
