// job.cpp - names of job states and attempt kinds.
//
// Limits: names are the stored and the API spelling; they never change.
#include "outbox/job.hpp"

namespace tattler::outbox {

namespace {

constexpr std::string_view kStateNames[] = {"queued", "sending", "delivered",
                                            "failed", "dead",    "skipped"};

constexpr std::string_view kAttemptNames[] = {"delivered", "temporary",
                                              "permanent"};

}  // namespace

// StateName - the spelling of a state.
std::string_view StateName(State state) {
  return kStateNames[static_cast<int>(state)];
}

// ParseState - the state spelled name.
std::optional<State> ParseState(std::string_view name) {
  for (State s : kAllStates) {
    if (StateName(s) == name) return s;
  }
  return std::nullopt;
}

// AttemptKindName - the spelling of an attempt kind.
std::string_view AttemptKindName(AttemptKind kind) {
  return kAttemptNames[static_cast<int>(kind)];
}

// ParseAttemptKind - the attempt kind spelled name.
std::optional<AttemptKind> ParseAttemptKind(std::string_view name) {
  for (int i = 0; i < 3; ++i) {
    if (kAttemptNames[i] == name) return static_cast<AttemptKind>(i);
  }
  return std::nullopt;
}

}  // namespace tattler::outbox
