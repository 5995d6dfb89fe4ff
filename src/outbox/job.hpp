// job.hpp - one stored delivery job and its state machine vocabulary.
//
// A job is one compose::Message for one vector of one request. It is in
// exactly one State at a time; the store moves it from state to state in one
// transaction each:
//
//   queued ──claim──► sending ──► delivered
//     ▲                  │  └───► failed      (permanent failure)
//     └──temporary───────┘  └───► dead        (temporary, too old)
//   skipped               (stored as such: blacklist, debug w/o recipient)
//   failed | dead ──retry──► queued
//
// Limits: history entries are kept as long as the job (purged with it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compose/message.hpp"
#include "outbox/options.hpp"

namespace tattler::outbox {

enum class State { kQueued, kSending, kDelivered, kFailed, kDead, kSkipped };

// StateName - "queued", "sending", "delivered", "failed", "dead", "skipped".
std::string_view StateName(State state);

// ParseState - the State named by name, or nullopt.
std::optional<State> ParseState(std::string_view name);

// All states, in the order above (for metrics).
inline constexpr State kAllStates[] = {State::kQueued,    State::kSending,
                                       State::kDelivered, State::kFailed,
                                       State::kDead,      State::kSkipped};

// How one delivery attempt went, as the transport said.
enum class AttemptKind { kDelivered, kTemporaryFailure, kPermanentFailure };

// AttemptKindName - "delivered", "temporary", "permanent".
std::string_view AttemptKindName(AttemptKind kind);

// ParseAttemptKind - the AttemptKind named by name, or nullopt.
std::optional<AttemptKind> ParseAttemptKind(std::string_view name);

struct Attempt {
  TimePoint at;
  AttemptKind kind = AttemptKind::kDelivered;
  std::string detail;
};

struct Job {
  // "<vector>:<uuid4>"; unique in the store.
  std::string id;
  std::string correlation_id;
  std::string scope;
  std::string event;

  // The finished message (message.vector is the job's vector).
  compose::Message message;

  State state = State::kQueued;
  int attempts = 0;
  TimePoint created_at{};
  TimePoint next_attempt_at{};
  TimePoint updated_at{};

  // Set while state is kSending: who holds the claim and until when.
  std::string lease_owner;
  TimePoint lease_until{};

  // The last attempt's detail, or the reason of a skipped job.
  std::string last_detail;

  // Filled by Store::get() only: every attempt, oldest first.
  std::vector<Attempt> history;
};

// ToMillis - milliseconds since the epoch (the stores keep times so).
inline std::int64_t ToMillis(TimePoint t) {
  return std::chrono::duration_cast<Millis>(t.time_since_epoch()).count();
}

// FromMillis - the TimePoint of milliseconds since the epoch.
inline TimePoint FromMillis(std::int64_t ms) {
  return TimePoint(std::chrono::duration_cast<Clock::duration>(Millis(ms)));
}

}  // namespace tattler::outbox
