// transport.hpp - how one finished message leaves the server.
//
// A Transport sends a compose::Message to its peer (SMTP server, SMS
// gateway, chat API, or the capture folder) and says how it went. The
// outcome tells a temporary failure (worth retrying: 4xx replies, refused
// connections, timeouts) from a permanent one (5xx, malformed message), so
// the outbox can schedule retries for the first kind only.
//
// Implementations are thread-safe: several delivery workers call send() at
// once.
#pragma once

#include <string>

#include "compose/message.hpp"

namespace tattler::delivery {

struct Outcome {
  enum class Kind { kDelivered, kTemporaryFailure, kPermanentFailure };

  Kind kind = Kind::kDelivered;

  // "OK" when delivered, else what went wrong in words, with the peer's
  // reply when there was one ("550 5.1.1 user unknown").
  std::string detail = "OK";

  bool delivered() const { return kind == Kind::kDelivered; }
  bool temporary() const { return kind == Kind::kTemporaryFailure; }

  static Outcome Delivered() { return {}; }
  static Outcome Temporary(std::string why) {
    return {Kind::kTemporaryFailure, std::move(why)};
  }
  static Outcome Permanent(std::string why) {
    return {Kind::kPermanentFailure, std::move(why)};
  }
};

class Transport {
 public:
  virtual ~Transport() = default;

  // send - deliver message to every one of message.recipients; blocks until
  // the peer answered or the transport's timeout passed.
  virtual Outcome send(const compose::Message& message) = 0;
};

}  // namespace tattler::delivery
