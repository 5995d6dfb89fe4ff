// smtp_payload.cpp - dot-stuffing and the end of the DATA payload.
//
// Limits: see smtp_payload.hpp.
#include "delivery/smtp_payload.hpp"

namespace tattler::delivery {

namespace {

// needs_stuffing - whether some line of message starts with '.'.
bool needs_stuffing(std::string_view message) {
  if (!message.empty() && message.front() == '.') return true;
  return message.find("\n.") != std::string_view::npos;
}

// stuff - message with every '.' at the start of a line doubled.
void stuff(std::string_view message, std::string* out) {
  out->clear();
  out->reserve(message.size() + message.size() / 64 + 2);
  bool line_start = true;
  for (char c : message) {
    if (line_start && c == '.') out->push_back('.');
    out->push_back(c);
    line_start = c == '\n';
  }
}

}  // namespace

DataPayload data_payload(std::string_view message, std::string* scratch) {
  DataPayload payload;
  payload.body = message;
  if (needs_stuffing(message)) {
    stuff(message, scratch);
    payload.body = *scratch;
  }

  // The dot must start a line of its own: end the last line first. An
  // empty message is an empty line-less body followed by the dot.
  bool ends_line = payload.body.empty() || payload.body.ends_with("\r\n");
  payload.tail =
      ends_line ? std::string_view(".\r\n") : std::string_view("\r\n.\r\n");
  return payload;
}

}  // namespace tattler::delivery
