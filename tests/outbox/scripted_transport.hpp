// scripted_transport.hpp - a Transport for tests that answers by recipient
// and counts every send.
//
// "temp@…" recipients get a temporary failure, "perm@…" a permanent one,
// everyone else is delivered. Sends are counted per message id.
//
// Limits: in memory only; thread-safe.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "delivery/transport.hpp"

namespace tattler::outbox::testing {

class ScriptedTransport : public delivery::Transport {
 public:
  // Called at the start of every send(), when set (before any send).
  std::function<void(const compose::Message&)> on_send;

  delivery::Outcome send(const compose::Message& message) override {
    if (on_send) on_send(message);
    {
      std::lock_guard lock(mutex_);
      ++sends_[message.message_id];
      ++total_;
    }
    const std::string& to = message.recipients.front();
    if (to.rfind("temp@", 0) == 0) {
      return delivery::Outcome::Temporary("421 4.3.0 try again later");
    }
    if (to.rfind("perm@", 0) == 0) {
      return delivery::Outcome::Permanent("550 5.1.1 user unknown");
    }
    return delivery::Outcome::Delivered();
  }

  // total - every send() so far.
  int total() {
    std::lock_guard lock(mutex_);
    return total_;
  }

  // sends - send() calls per message id.
  std::map<std::string, int> sends() {
    std::lock_guard lock(mutex_);
    return sends_;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, int> sends_;
  int total_ = 0;
};

}  // namespace tattler::outbox::testing
