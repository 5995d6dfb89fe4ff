// email.cpp - the MIME tree and headers of a notification e-mail.
//
// Limits: see email.hpp.
#include "compose/email.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <ctime>

#include "compose/auto_text.hpp"
#include "compose/mime/header_encoding.hpp"
#include "compose/mime/part.hpp"
#include "compose/mime/transfer_encoding.hpp"
#include "compose/priority.hpp"
#include "compose/random_id.hpp"

namespace tattler::compose {

namespace {

using mime::Part;

struct Mailbox {
  std::string display_name;
  std::string address;  // lower case
};

// trim - s without surrounding blanks.
std::string trim(std::string_view s) {
  constexpr std::string_view kBlanks = " \t";
  size_t start = s.find_first_not_of(kBlanks);
  if (start == std::string_view::npos) return {};
  size_t end = s.find_last_not_of(kBlanks);
  return std::string(s.substr(start, end - start + 1));
}

// lower - s in ASCII lower case.
std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

// parse_sender - "Name <addr>" or "addr" split into its parts.
Result<Mailbox> parse_sender(std::string_view sender) {
  Status clean = mime::check_header_value("From", sender);
  if (!clean.ok()) return Err{clean.message()};
  Mailbox box;
  std::string text = trim(sender);
  size_t open = text.rfind('<');
  if (open != std::string::npos && text.back() == '>') {
    box.address = lower(trim(text.substr(open + 1, text.size() - open - 2)));
    box.display_name = trim(text.substr(0, open));
    if (box.display_name.size() >= 2 && box.display_name.front() == '"' &&
        box.display_name.back() == '"') {
      box.display_name =
          box.display_name.substr(1, box.display_name.size() - 2);
    }
  } else {
    box.address = lower(text);
  }
  size_t at = box.address.find('@');
  if (at == std::string::npos || at + 1 == box.address.size()) {
    return Err{
        fmt::format("Sender address '{}' has no domain; set "
                    "TATTLER_EMAIL_SENDER to an e-mail address",
                    box.address)};
  }
  return box;
}

// normalized_text - text with "\n" line ends and exactly one final "\n"
// added when missing, as Python's set_content leaves it.
std::string normalized_text(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 1);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
  if (out.empty() || out.back() != '\n') out += '\n';
  return out;
}

// rfc5322_date - now in UTC, "Thu, 03 Dec 2026 16:02:35 +0000".
std::string rfc5322_date() {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed",
                                          "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec"};
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return fmt::format("{}, {:02d} {} {} {:02d}:{:02d}:{:02d} +0000",
                     kDays[tm.tm_wday], tm.tm_mday, kMonths[tm.tm_mon],
                     tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

// attachment_part - a base64 part for a file; inline when it has a cid.
Part attachment_part(const Attachment& a, bool as_inline) {
  Part part;
  part.add_header(fmt::format("Content-Type: {}\r\n", a.content_type));
  part.add_header("Content-Transfer-Encoding: base64\r\n");
  std::vector<std::string> disposition = {as_inline ? "inline;"
                                                    : "attachment;"};
  std::vector<std::string> filename =
      mime::encode_parameter("filename", a.filename);
  for (auto& token : filename) token.erase(0, 1);  // drop the ";"
  for (size_t i = 0; i < filename.size(); ++i) {
    disposition.push_back(i + 1 < filename.size() ? filename[i] + ";"
                                                  : filename[i]);
  }
  part.add_header(mime::fold_header("Content-Disposition", disposition));
  if (as_inline) {
    part.add_header(fmt::format("Content-ID: <{}>\r\n", *a.content_id));
  }
  part.add_header("MIME-Version: 1.0\r\n");
  part.body = mime::base64_encode_lines(a.bytes);
  return part;
}

// html_with_images - the HTML part, or multipart/related [html, images]
// when inline images go with it.
Part html_with_images(const std::string& html,
                      const std::vector<const Attachment*>& images) {
  Part html_part = mime::text_part("html", html);
  if (images.empty()) {
    html_part.add_header("MIME-Version: 1.0\r\n");
    return html_part;
  }
  Part related = mime::multipart("related");
  related.header_lines.insert(related.header_lines.begin(),
                              "MIME-Version: 1.0\r\n");
  related.children.push_back(std::move(html_part));
  for (const Attachment* image : images) {
    related.children.push_back(attachment_part(*image, true));
  }
  return related;
}

// body_tree - the MIME tree of behaviour's table: plain, alternative,
// related and mixed as the parts and attachments call for.
Part body_tree(const std::string& text, const std::optional<std::string>& html,
               const std::vector<Attachment>& attachments) {
  std::vector<const Attachment*> images;
  std::vector<const Attachment*> files;
  for (const Attachment& a : attachments) {
    (a.content_id && html ? images : files).push_back(&a);
  }

  // Without HTML, inline images come first among the attachments.
  if (!html) {
    std::stable_partition(files.begin(), files.end(), [](const Attachment* a) {
      return a->content_id.has_value();
    });
  }

  Part body = mime::text_part("plain", text);
  if (html) {
    Part alternative = mime::multipart("alternative");
    alternative.children.push_back(std::move(body));
    alternative.children.push_back(html_with_images(*html, images));
    body = std::move(alternative);
  }
  if (files.empty()) return body;

  Part mixed = mime::multipart("mixed");
  mixed.children.push_back(std::move(body));
  for (const Attachment* file : files) {
    mixed.children.push_back(attachment_part(*file, false));
  }
  return mixed;
}

// check_address - an error naming header when address holds CR or LF, or
// anything but printable ASCII (no SMTPUTF8: the wire stays 7-bit).
Status check_address(std::string_view header, std::string_view address) {
  Status s = mime::check_header_value(header, address);
  if (!s.ok()) return s;
  for (char c : address) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e) {
      return Status::Error(
          fmt::format("Header '{}': address '{}' must be printable ASCII "
                      "(internationalized "
                      "addresses are not supported)",
                      header, address));
    }
  }
  return Status::Ok();
}

// check_addresses - check_address of every address.
Status check_addresses(std::string_view header,
                       const std::vector<std::string>& addresses) {
  for (const auto& address : addresses) {
    Status s = check_address(header, address);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

// check_parts - header injection and missing content.
Status check_parts(const EmailParts& parts, const EmailHeaders& headers) {
  Status s = mime::check_header_value("Subject", parts.subject);
  if (s.ok()) s = check_addresses("To", headers.to);
  if (s.ok()) s = check_addresses("envelope recipient", headers.envelope);
  if (!s.ok()) return s;
  if (headers.envelope.empty()) {
    return Status::Error("E-mail has no envelope recipient");
  }
  if (!parts.body_text && !parts.body_html) {
    return Status::Error("E-mail has neither a plain-text nor an HTML body");
  }
  return Status::Ok();
}

// add_message_headers - From, To, Date, Subject, Message-ID, X-Priority.
void add_message_headers(Part& top, const Mailbox& from,
                         const EmailHeaders& headers,
                         const std::string& subject,
                         const std::string& message_id,
                         std::optional<int> priority) {
  top.add_header(mime::fold_header(
      "From", mime::encode_mailbox(from.display_name, from.address)));
  const std::vector<std::string>& to =
      headers.to.empty() ? headers.envelope : headers.to;
  std::vector<std::string> to_tokens;
  for (const auto& address : to) {
    to_tokens.push_back(to_tokens.empty() ? address : ", " + address);
  }
  top.add_header(mime::fold_header("To", to_tokens));
  top.add_header(fmt::format("Date: {}\r\n", rfc5322_date()));
  top.add_header(
      mime::fold_header("Subject", mime::encode_unstructured_tokens(subject)));
  top.add_header(fmt::format("Message-ID: <{}>\r\n", message_id));
  if (priority) top.add_header(fmt::format("X-Priority: {}\r\n", *priority));
}

}  // namespace

// build_email - check, encode and assemble the whole e-mail.
Result<Message> build_email(const EmailParts& parts,
                            const EmailHeaders& headers,
                            const std::vector<Attachment>& attachments) {
  Status checked = check_parts(parts, headers);
  if (!checked.ok()) return Err{checked.message()};
  Result<Mailbox> from = parse_sender(headers.sender);
  if (!from.ok()) return Err{from.error()};
  Status ascii = check_address("From", from->address);
  if (!ascii.ok()) return Err{ascii.message()};
  std::optional<int> priority;
  if (parts.priority) {
    Result<int> p = parse_priority(*parts.priority);
    if (!p.ok()) return Err{p.error()};
    priority = *p;
  }

  // Auto-text stands in for a missing body.txt.
  std::string text = normalized_text(
      parts.body_text ? *parts.body_text : html_to_text(*parts.body_html));
  std::optional<std::string> html;
  if (parts.body_html) html = normalized_text(*parts.body_html);
  Part top = body_tree(text, html, attachments);

  // The MIME-Version goes first on a multipart, after the body's own
  // headers on a single part, as Python writes them.
  if (top.multipart_subtype.empty()) {
    top.add_header("MIME-Version: 1.0\r\n");
  } else {
    top.header_lines.insert(top.header_lines.begin(), "MIME-Version: 1.0\r\n");
  }
  std::string domain = from->address.substr(from->address.find('@') + 1);
  Message message;
  message.vector = "email";
  message.sender = from->address;
  message.recipients = headers.envelope;
  message.message_id = fmt::format("{}@{}", uuid4(), domain);
  add_message_headers(top, *from, headers, parts.subject, message.message_id,
                      priority);
  message.data = mime::serialize(top);

  spdlog::debug("{} email.composed message_id={} bytes={} attachments={}",
                headers.correlation_id, message.message_id, message.data.size(),
                attachments.size());
  return message;
}

}  // namespace tattler::compose
