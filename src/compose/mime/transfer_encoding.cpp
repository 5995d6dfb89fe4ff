// transfer_encoding.cpp - base64, quoted-printable and the choice between
// them for text parts.
//
// Limits: see transfer_encoding.hpp.
#include "compose/mime/transfer_encoding.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <vector>

namespace tattler::compose::mime {

namespace {

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr size_t kBase64LineChars = 76;
constexpr size_t kQpLineChars = 76;
constexpr size_t kMaxPlainLineChars = 78;
constexpr size_t kSniffLines = 10;

// base64_value - the 6-bit value of c, or -1 when c is not in the alphabet.
int base64_value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// qp_needs_escape - whether c cannot stand for itself in quoted-printable.
bool qp_needs_escape(unsigned char c) { return c == '=' || c < 32 || c > 126; }

// qp_escape - "=XX" for byte c.
std::string qp_escape(unsigned char c) {
  return fmt::format("={:02X}", static_cast<unsigned>(c));
}

// qp_encode_line - one line of text (no line end) as quoted-printable
// physical lines joined by soft breaks, without the final CRLF.
std::string qp_encode_line(std::string_view line) {
  std::string out;
  size_t column = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    auto c = static_cast<unsigned char>(line[i]);
    bool last = i + 1 == line.size();

    // Trailing blanks would be eaten by mail software: escape them.
    std::string token =
        (qp_needs_escape(c) || (last && (c == ' ' || c == '\t')))
            ? qp_escape(c)
            : std::string(1, static_cast<char>(c));

    // Keep room for the soft-break "=" unless this is the last token.
    size_t limit = last ? kQpLineChars : kQpLineChars - 1;
    if (column + token.size() > limit) {
      out += "=\r\n";
      column = 0;
    }
    out += token;
    column += token.size();
  }
  return out;
}

// split_lines - text cut at "\n"; a final "\n" opens no extra line.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

}  // namespace

// transfer_encoding_name - the Content-Transfer-Encoding value.
std::string_view transfer_encoding_name(TransferEncoding encoding) {
  switch (encoding) {
    case TransferEncoding::k7bit:
      return "7bit";
    case TransferEncoding::kQuotedPrintable:
      return "quoted-printable";
    case TransferEncoding::kBase64:
      return "base64";
  }
  return "base64";
}

// base64_encode - data in base64 on one line.
std::string base64_encode(std::string_view data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    uint32_t n = (static_cast<unsigned char>(data[i]) << 16) |
                 (static_cast<unsigned char>(data[i + 1]) << 8) |
                 static_cast<unsigned char>(data[i + 2]);
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    out += kBase64Alphabet[(n >> 6) & 63];
    out += kBase64Alphabet[n & 63];
  }

  // The last one or two bytes are padded to a full quantum.
  size_t rest = data.size() - i;
  if (rest > 0) {
    uint32_t n = static_cast<unsigned char>(data[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(data[i + 1]) << 8;
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    out += rest == 2 ? kBase64Alphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// base64_encode_lines - data in base64, 76 columns, CRLF line ends.
std::string base64_encode_lines(std::string_view data) {
  std::string flat = base64_encode(data);
  std::string out;
  out.reserve(flat.size() + flat.size() / kBase64LineChars * 2 + 2);
  for (size_t i = 0; i < flat.size(); i += kBase64LineChars) {
    out.append(flat, i, kBase64LineChars);
    out += "\r\n";
  }
  return out;
}

// base64_decode_strict - strict base64 decoding with Python's messages.
Result<std::string> base64_decode_strict(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3);
  uint32_t accumulator = 0;
  int quad_pos = 0;
  int pads = 0;
  bool padding_started = false;
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '=') {
      padding_started = true;
      if (quad_pos == 0) {
        return Err{i == 0 ? "Leading padding not allowed"
                          : "Excess padding not allowed"};
      }
      if (quad_pos >= 2 && quad_pos + ++pads >= 4) {
        if (i + 1 < text.size()) return Err{"Excess data after padding"};
        return out;
      }
      continue;
    }
    int value = base64_value(c);
    if (value < 0) return Err{"Only base64 data is allowed"};
    if (padding_started) return Err{"Discontinuous padding not allowed"};
    pads = 0;

    // Four 6-bit values make three bytes; emit them as they complete.
    accumulator = (accumulator << 6) | static_cast<uint32_t>(value);
    if (quad_pos == 1) out += static_cast<char>((accumulator >> 4) & 0xff);
    if (quad_pos == 2) out += static_cast<char>((accumulator >> 2) & 0xff);
    if (quad_pos == 3) out += static_cast<char>(accumulator & 0xff);
    quad_pos = (quad_pos + 1) % 4;
    if (quad_pos == 0) accumulator = 0;
  }
  if (quad_pos == 1) {
    return Err{fmt::format(
        "Invalid base64-encoded string: number of data characters ({}) "
        "cannot be 1 more than a multiple of 4",
        out.size() / 3 * 4 + 1)};
  }
  if (quad_pos != 0) return Err{"Incorrect padding"};
  return out;
}

// quoted_printable_encode - text in quoted-printable, line by line.
std::string quoted_printable_encode(std::string_view text) {
  std::string out;
  for (std::string_view line : split_lines(text)) {
    out += qp_encode_line(line);
    out += "\r\n";
  }
  return out;
}

// choose_text_encoding - the transfer encoding of a text part.
TransferEncoding choose_text_encoding(std::string_view text) {
  std::vector<std::string_view> lines = split_lines(text);
  bool ascii = true;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u > 126 || (u < 32 && c != '\n' && c != '\t')) ascii = false;
  }
  bool short_lines = true;
  for (std::string_view line : lines) {
    if (line.size() > kMaxPlainLineChars) short_lines = false;
  }
  if (ascii && short_lines) return TransferEncoding::k7bit;
  if (short_lines) return TransferEncoding::kBase64;

  // Long lines: compare both encodings on a sample, as Python does.
  std::string sample;
  for (size_t i = 0; i < lines.size() && i < kSniffLines; ++i) {
    sample.append(lines[i]);
    sample += '\n';
  }
  size_t qp_size = quoted_printable_encode(sample).size();
  size_t b64_size = base64_encode_lines(sample).size();
  return qp_size <= b64_size ? TransferEncoding::kQuotedPrintable
                             : TransferEncoding::kBase64;
}

// encode_text_body - a text body in the chosen encoding.
std::string encode_text_body(std::string_view text, TransferEncoding encoding) {
  switch (encoding) {
    case TransferEncoding::kQuotedPrintable:
      return quoted_printable_encode(text);
    case TransferEncoding::kBase64:
      return base64_encode_lines(text);
    case TransferEncoding::k7bit:
      break;
  }
  std::string out;
  out.reserve(text.size() + text.size() / 40);
  for (std::string_view line : split_lines(text)) {
    out.append(line);
    out += "\r\n";
  }
  return out;
}

}  // namespace tattler::compose::mime
