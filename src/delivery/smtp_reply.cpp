// smtp_reply.cpp - reply assembly, EHLO extensions and failure
// classification.
//
// Limits: see smtp_reply.hpp.
#include "delivery/smtp_reply.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>

namespace tattler::delivery {

namespace {

// reply_code - the three-digit code at the start of line, or 0.
int reply_code(std::string_view line) {
  if (line.size() < 3) return 0;
  for (size_t i = 0; i < 3; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(line[i]))) return 0;
  }
  return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
}

// same_word - ASCII comparison without regard to case.
bool same_word(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

// next_word - the next space-separated word of text from *pos, or empty.
std::string_view next_word(std::string_view text, size_t* pos) {
  while (*pos < text.size() && text[*pos] == ' ') ++*pos;
  size_t start = *pos;
  while (*pos < text.size() && text[*pos] != ' ') ++*pos;
  return text.substr(start, *pos - start);
}

// note_auth_mechanisms - the mechanisms after "AUTH" that we can use.
void note_auth_mechanisms(std::string_view line, size_t pos, EhloOffer* offer) {
  offer->auth = true;
  for (std::string_view word = next_word(line, &pos); !word.empty();
       word = next_word(line, &pos)) {
    if (same_word(word, "PLAIN")) offer->auth_plain = true;
    if (same_word(word, "LOGIN")) offer->auth_login = true;
  }
}

// note_extension - one EHLO line ("PIPELINING", "SIZE 10240000", ...).
void note_extension(std::string_view line, EhloOffer* offer) {
  // The old form "AUTH=PLAIN LOGIN" is still sent by some servers.
  if (line.size() > 5 && same_word(line.substr(0, 5), "AUTH=")) {
    note_auth_mechanisms(line, 5, offer);
    return;
  }

  size_t pos = 0;
  std::string_view keyword = next_word(line, &pos);
  if (same_word(keyword, "PIPELINING")) offer->pipelining = true;
  if (same_word(keyword, "STARTTLS")) offer->starttls = true;
  if (same_word(keyword, "AUTH")) note_auth_mechanisms(line, pos, offer);
  if (same_word(keyword, "SIZE")) {
    std::string_view number = next_word(line, &pos);
    size_t limit = 0;
    std::from_chars(number.data(), number.data() + number.size(), limit);
    offer->size_limit = limit;
  }
}

}  // namespace

std::string SmtpReply::text() const {
  std::string out = fmt::format("{:03d}", code);
  for (const std::string& line : lines) {
    if (line.empty()) continue;
    out += ' ';
    out += line;
    if (out.size() >= kMaxReplyText) break;
  }
  if (out.size() > kMaxReplyText) out.resize(kMaxReplyText);
  return out;
}

void SmtpReply::clear() {
  code = 0;
  lines.clear();
}

ReplyLine add_reply_line(std::string_view line, SmtpReply* reply) {
  // "NNN", "NNN text" and "NNN-text" are the only shapes a line may have.
  int code = reply_code(line);
  if (code < 100) return ReplyLine::kMalformed;
  if (line.size() > 3 && line[3] != ' ' && line[3] != '-')
    return ReplyLine::kMalformed;
  if (!reply->lines.empty() && code != reply->code)
    return ReplyLine::kMalformed;

  // Keep a bounded amount of text: a hostile server cannot grow memory.
  reply->code = code;
  if (reply->lines.size() < kMaxReplyLines) {
    std::string_view text = line.size() > 4 ? line.substr(4) : "";
    reply->lines.emplace_back(text.substr(0, kMaxReplyText));
  }

  bool continues = line.size() > 3 && line[3] == '-';
  return continues ? ReplyLine::kMore : ReplyLine::kDone;
}

EhloOffer parse_ehlo(const SmtpReply& reply) {
  // The first line is the server's greeting name, not an extension.
  EhloOffer offer;
  for (size_t i = 1; i < reply.lines.size(); ++i)
    note_extension(reply.lines[i], &offer);
  return offer;
}

SmtpStatus SmtpStatus::Error(Kind kind, std::string text) {
  SmtpStatus status;
  status.kind_ = kind;
  status.text_ = std::move(text);
  return status;
}

SmtpStatus SmtpStatus::Refused(const SmtpReply& reply) {
  SmtpStatus status;
  status.kind_ = Kind::kRefused;
  status.code_ = reply.code;
  status.text_ = reply.text();
  return status;
}

bool SmtpStatus::connection_lost() const {
  switch (kind_) {
    case Kind::kRefused:
      return code_ == 421;
    case Kind::kClosed:
    case Kind::kNetwork:
      return true;
    default:
      return false;
  }
}

Outcome failure_outcome(const SmtpStatus& status, std::string_view server) {
  std::string about = fmt::format("SMTP server {}: ", server);
  switch (status.kind()) {
    case SmtpStatus::Kind::kOk:
      return Outcome::Delivered();
    case SmtpStatus::Kind::kRefused:
      // A reply that is neither 4xx nor 5xx came at the wrong moment: the
      // server is confused, which may pass.
      if (status.code() / 100 == 4) return Outcome::Temporary(status.text());
      if (status.code() / 100 == 5) return Outcome::Permanent(status.text());
      return Outcome::Temporary(about + "unexpected reply '" + status.text() +
                                "'");
    case SmtpStatus::Kind::kCertificate:
    case SmtpStatus::Kind::kTlsNotOffered:
    case SmtpStatus::Kind::kAuthNotSupported:
    case SmtpStatus::Kind::kTooBig:
      return Outcome::Permanent(about + status.text());
    default:
      return Outcome::Temporary(about + status.text());
  }
}

}  // namespace tattler::delivery
