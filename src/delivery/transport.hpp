// transport.hpp - how one finished message leaves the server.
//
// A Transport sends a compose::Message to its peer (SMTP server, SMS
// gateway, chat API, or the capture folder) and says how it went. The
// outcome tells a temporary failure (worth retrying: 4xx replies, refused
// connections, timeouts) from a permanent one (5xx, malformed message), so
// the outbox can schedule retries for the first kind only.
//
// A worker with several messages to send hands them over as one Batch: a
// transport that can overlap them (SMTP writes one message together with
// the next one's envelope) does; the others send them one by one.
//
// Implementations are thread-safe: several delivery workers call send() at
// once.
#pragma once

#include <functional>
#include <string>
#include <vector>

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

// Batch - messages to send in order, and what the sender is told.
struct Batch {
  std::vector<const compose::Message*> messages;

  // ready(i) - whether message i may still be started (the worker's lease
  // on it has time left). Asked before each message's first byte leaves;
  // false ends the batch there.
  std::function<bool(size_t)> ready;

  // sent(i, outcome) - message i's outcome, in order, each one before the
  // content of message i + 1 leaves.
  std::function<void(size_t, Outcome)> sent;
};

class Transport {
 public:
  virtual ~Transport() = default;

  // send - deliver message to every one of message.recipients; blocks until
  // the peer answered or the transport's timeout passed.
  virtual Outcome send(const compose::Message& message) = 0;

  // send_batch - the batch's messages in order; returns how many were
  // started (and reported through batch.sent). This one sends them one
  // by one with send().
  virtual size_t send_batch(const Batch& batch) {
    for (size_t i = 0; i < batch.messages.size(); ++i) {
      if (!batch.ready(i)) return i;
      batch.sent(i, send(*batch.messages[i]));
    }
    return batch.messages.size();
  }
};

}  // namespace tattler::delivery
