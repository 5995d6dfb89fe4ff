// email.hpp - builds the finished e-mail of one notification.
//
// Offers build_email(), which turns the rendered parts of an event (subject,
// plain text, HTML, priority) and its attachments into RFC 5322 bytes with
// CRLF line ends and a 7-bit payload, in the MIME shapes tattler produces:
// text/plain alone, multipart/alternative with the HTML last,
// multipart/related for inline images, multipart/mixed for attachments.
// Header order is tattler's: MIME headers, From, To, Date, Subject,
// Message-ID, X-Priority.
//
// Limits: no S/MIME signing; no Cc, Bcc or Reply-To; recipients are taken as
// given (their syntax is checked by the recipients layer), only CR and LF are
// refused here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "compose/attachment.hpp"
#include "compose/message.hpp"

namespace tattler::compose {

struct EmailParts {
  // Rendered subject.txt, already stripped.
  std::string subject;

  // Rendered body.txt; absent means "make it from body_html" (auto-text).
  std::optional<std::string> body_text;

  // Rendered body.html (or compiled body.mjml); absent for a plain e-mail.
  std::optional<std::string> body_html;

  // Raw priority.txt content or the request's priority; absent means no
  // X-Priority header.
  std::optional<std::string> priority;
};

struct EmailHeaders {
  // TATTLER_EMAIL_SENDER: "noreply@acme.com" or "Acme <noreply@acme.com>".
  // The display name is kept in From:, the address is the envelope sender.
  std::string sender;

  // The real recipients, shown in To: whatever the mode.
  std::vector<std::string> to;

  // Where the message is delivered (RCPT TO), after mode and blacklist.
  std::vector<std::string> envelope;

  // For log lines only.
  std::string correlation_id;
};

// build_email - the finished message. Fails on CR or LF in any header value
// (the message names the header), a sender without a domain, an invalid
// priority, or neither a plain nor an HTML body.
Result<Message> build_email(const EmailParts& parts,
                            const EmailHeaders& headers,
                            const std::vector<Attachment>& attachments);

}  // namespace tattler::compose
