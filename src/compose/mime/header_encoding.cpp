// header_encoding.cpp - encoded words, quoted strings, RFC 2231 parameters
// and folding of header lines.
//
// Limits: see header_encoding.hpp.
#include "compose/mime/header_encoding.hpp"

#include <fmt/format.h>

#include "compose/mime/transfer_encoding.hpp"

namespace tattler::compose::mime {

namespace {

constexpr size_t kFoldColumns = 78;

// Payload room of one encoded word, so that it fits after the longest
// header name we write plus a display-name quote.
constexpr size_t kEncodedWordPayload = 52;
constexpr std::string_view kBase64Prefix = "=?utf-8?b?";
constexpr std::string_view kQPrefix = "=?utf-8?q?";
constexpr std::string_view kWordSuffix = "?=";

// Longest ASCII word we keep as is; longer ones cannot be folded.
constexpr size_t kMaxPlainWord = 70;

// printable_ascii - whether every byte of s is a printable ASCII character.
bool printable_ascii(std::string_view s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 32 || u > 126) return false;
  }
  return true;
}

// utf8_char_length - bytes of the UTF-8 sequence starting with lead byte c.
size_t utf8_char_length(unsigned char c) {
  if (c >= 0xf0) return 4;
  if (c >= 0xe0) return 3;
  if (c >= 0xc0) return 2;
  return 1;
}

// utf8_chars - s cut into whole UTF-8 characters (stray bytes stand alone).
std::vector<std::string_view> utf8_chars(std::string_view s) {
  std::vector<std::string_view> chars;
  size_t i = 0;
  while (i < s.size()) {
    size_t n = utf8_char_length(static_cast<unsigned char>(s[i]));
    if (i + n > s.size()) n = 1;
    chars.push_back(s.substr(i, n));
    i += n;
  }
  return chars;
}

// q_encode - the RFC 2047 "Q" form of bytes.
std::string q_encode(std::string_view bytes) {
  std::string out;
  for (char c : bytes) {
    auto u = static_cast<unsigned char>(c);
    bool plain = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
                 (u >= '0' && u <= '9') || c == '!' || c == '*' || c == '+' ||
                 c == '-' || c == '/';
    if (c == ' ') {
      out += '_';
    } else if (plain) {
      out += c;
    } else {
      out += fmt::format("={:02X}", static_cast<unsigned>(u));
    }
  }
  return out;
}

// encoded_words - value as encoded words of one kind ('b' or 'q'), each
// payload at most kEncodedWordPayload characters.
std::vector<std::string> encoded_words(std::string_view value, char kind) {
  std::vector<std::string> words;
  std::string chunk;
  auto payload = [kind](std::string_view bytes) {
    return kind == 'b' ? base64_encode(bytes) : q_encode(bytes);
  };
  auto flush = [&]() {
    if (chunk.empty()) return;
    words.push_back(fmt::format("{}{}{}",
                                kind == 'b' ? kBase64Prefix : kQPrefix,
                                payload(chunk), kWordSuffix));
    chunk.clear();
  };
  for (std::string_view ch : utf8_chars(value)) {
    if (payload(chunk + std::string(ch)).size() > kEncodedWordPayload) {
      flush();
    }
    chunk.append(ch);
  }
  flush();
  return words;
}

// best_encoded_words - value as q or b encoded words. Like Python, "q" is
// kept unless it is at least five characters longer than "b", so readable
// text stays readable.
std::vector<std::string> best_encoded_words(std::string_view value) {
  size_t q_length = q_encode(value).size();
  size_t b_length = (value.size() + 2) / 3 * 4;
  return encoded_words(value, q_length < b_length + 5 ? 'q' : 'b');
}

// needs_encoding - whether unstructured text cannot be written as is.
bool needs_encoding(std::string_view value) {
  if (!printable_ascii(value)) return true;

  // Text that looks like an encoded word would be decoded by readers.
  if (value.find("=?") != std::string_view::npos) return true;

  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find(' ', start);
    if (end == std::string_view::npos) end = value.size();
    if (end - start > kMaxPlainWord) return true;
    start = end + 1;
  }
  return false;
}

// with_separators - words as fold tokens: every one after the first gets a
// leading blank.
std::vector<std::string> with_separators(std::vector<std::string> words) {
  for (size_t i = 1; i < words.size(); ++i) words[i].insert(0, " ");
  return words;
}

// is_atext_phrase - whether a display name can go unquoted.
bool is_atext_phrase(std::string_view name) {
  constexpr std::string_view kSpecials = "()<>[]:;@\\,.\"";
  for (char c : name) {
    if (kSpecials.find(c) != std::string_view::npos) return false;
  }
  return !name.empty() && name.front() != ' ' && name.back() != ' ';
}

// percent_encode - RFC 2231 value characters: attribute-char kept, the rest
// as %XX.
std::string percent_encode(std::string_view bytes) {
  std::string out;
  for (char c : bytes) {
    auto u = static_cast<unsigned char>(c);
    bool keep = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
                (u >= '0' && u <= '9') || c == '!' || c == '#' || c == '$' ||
                c == '&' || c == '+' || c == '-' || c == '.' || c == '^' ||
                c == '_' || c == '`' || c == '|' || c == '~';
    out += keep ? std::string(1, c)
                : fmt::format("%{:02X}", static_cast<unsigned>(u));
  }
  return out;
}

// quote_string - s as an RFC 5322 quoted-string.
std::string quote_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace

// has_line_break - whether value holds CR or LF.
bool has_line_break(std::string_view value) {
  return value.find_first_of("\r\n") != std::string_view::npos;
}

// check_header_value - refuse CR and LF, naming the header.
Status check_header_value(std::string_view header, std::string_view value) {
  if (!has_line_break(value)) return Status::Ok();
  return Status::Error(fmt::format(
      "Header '{}': values may not contain linefeed or carriage return "
      "characters",
      header));
}

// encode_unstructured_tokens - header text as words or encoded words.
std::vector<std::string> encode_unstructured_tokens(std::string_view value) {
  if (!needs_encoding(value)) {
    std::vector<std::string> words;
    size_t start = 0;
    while (start <= value.size()) {
      size_t end = value.find(' ', start);
      if (end == std::string_view::npos) end = value.size();
      words.emplace_back(value.substr(start, end - start));
      start = end + 1;
    }
    return with_separators(std::move(words));
  }
  return with_separators(best_encoded_words(value));
}

// encode_unstructured - header text in one piece.
std::string encode_unstructured(std::string_view value) {
  std::string out;
  for (const auto& token : encode_unstructured_tokens(value)) out += token;
  return out;
}

// encode_mailbox - a mailbox with its display name.
std::vector<std::string> encode_mailbox(std::string_view display_name,
                                        std::string_view address) {
  std::string bracketed = fmt::format("<{}>", address);
  if (display_name.empty()) return {std::string(address)};
  std::vector<std::string> tokens;
  if (!printable_ascii(display_name)) {
    tokens = best_encoded_words(display_name);
  } else if (is_atext_phrase(display_name) &&
             display_name.find("=?") == std::string_view::npos) {
    tokens = {std::string(display_name)};
  } else {
    tokens = {quote_string(display_name)};
  }
  tokens.push_back(bracketed);
  return with_separators(std::move(tokens));
}

// encode_parameter - a MIME parameter, quoted or in RFC 2231 form.
std::vector<std::string> encode_parameter(std::string_view name,
                                          std::string_view value) {
  if (printable_ascii(value) && value.size() <= kMaxPlainWord - 20) {
    return {fmt::format("; {}={}", name, quote_string(value))};
  }

  // Long ASCII: RFC 2231 continuations of quoted pieces, so that every
  // header line can stay within 78 columns.
  if (printable_ascii(value)) {
    std::vector<std::string> tokens;
    for (size_t i = 0; i * 45 < value.size(); ++i) {
      tokens.push_back(fmt::format("; {}*{}={}", name, i,
                                   quote_string(value.substr(i * 45, 45))));
    }
    return tokens;
  }

  // RFC 2231: charset once, then percent-encoded pieces that never split a
  // UTF-8 character or an escape.
  std::vector<std::string> pieces;
  std::string piece;
  for (std::string_view ch : utf8_chars(value)) {
    std::string encoded = percent_encode(ch);
    if (!piece.empty() && piece.size() + encoded.size() > 45) {
      pieces.push_back(piece);
      piece.clear();
    }
    piece += encoded;
  }
  if (!piece.empty()) pieces.push_back(piece);
  if (pieces.size() == 1) {
    return {fmt::format("; {}*=utf-8''{}", name, pieces[0])};
  }
  std::vector<std::string> tokens;
  for (size_t i = 0; i < pieces.size(); ++i) {
    tokens.push_back(fmt::format("; {}*{}*={}{}", name, i,
                                 i == 0 ? "utf-8''" : "", pieces[i]));
  }
  return tokens;
}

// fold_header - a header line folded at 78 columns.
std::string fold_header(std::string_view name,
                        const std::vector<std::string>& tokens) {
  std::string out = fmt::format("{}:", name);
  size_t column = out.size();
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& token = tokens[i];
    if (i == 0) {
      out += ' ';
      out += token;
      column += 1 + token.size();
      continue;
    }

    // Break before the token's blank when it would pass the fold column.
    size_t blank = token.find(' ');
    bool can_break = blank != std::string::npos && blank + 1 < token.size();
    if (can_break && column + token.size() > kFoldColumns) {
      out.append(token, 0, blank);
      out += "\r\n";
      out.append(token, blank, std::string::npos);
      column = token.size() - blank;
    } else {
      out += token;
      column += token.size();
    }
  }
  out += "\r\n";
  return out;
}

}  // namespace tattler::compose::mime
