// idempotency.hpp - answers of requests that carry an Idempotency-Key.
//
// Offers Idempotency, which keeps the first answer of a key and answers
// repeats of it. The POST pipeline submits the jobs of a keyed request
// together with the key's record (one transaction, see
// OutboxDispatcher::submit_once); then either
// - the key was new: finish() stores the answer with the key, then sends
//   it, so a repeat that follows the answer always finds it; or
// - the key was seen (inside the store's 24-hour window): replay() answers
//   without storing anything:
//   * another request (fingerprint differs): 422;
//   * the first request still waits for its answer: 409 "request with this
//     Idempotency-Key is still in progress" with Retry-After: 1. We answer
//     at once rather than wait, so a repeat never holds a connection for up
//     to TATTLER_ANSWER_TIMEOUT, and the client's own retry finds the
//     answer;
//   * else the first answer, status and body byte for byte, with
//     "Idempotent-Replayed: true".
// The answer is kept in the outbox store (SQLite or PostgreSQL), so it
// survives a restart and is seen by every server of a shared queue.
//
// Limits: a first request whose answer was never stored (the process died
// between storing its jobs and answering) leaves a record without answer;
// once it is older than TATTLER_ANSWER_TIMEOUT plus kOrphanGrace, a repeat
// gets an answer rebuilt from the stored jobs (their current state; vectors
// that failed before anything was stored are not in it). Requests refused
// before their jobs are stored (unknown user, bad template) leave no record:
// the key stays free, and a repeat goes through the checks again.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "http/message.hpp"
#include "outbox/store.hpp"

namespace tattler::api {

class Metrics;

class Idempotency {
 public:
  // How long past the answer timeout an unanswered record is taken for
  // the record of a request that died.
  static constexpr std::chrono::seconds kOrphanGrace{10};

  // store must outlive this object; metrics may be null. clock is the
  // time source for records' ages (the store's clock; tests inject one).
  Idempotency(outbox::Store& store, std::chrono::milliseconds answer_timeout,
              Metrics* metrics,
              std::function<outbox::TimePoint()> clock = nullptr);

  // finish - keep response as the first answer of key, then respond with
  // it (from the store's writer thread; a store error is logged and the
  // answer still sent).
  void finish(const std::string& key, http::Response response,
              http::Responder respond) const;

  // replay - the answer to a repeat of a key whose first record is
  // `first`; cid is the repeat's correlation id (for the log).
  http::Response replay(const outbox::IdempotencyRecord& first,
                        const std::string& fingerprint,
                        const std::string& cid) const;

 private:
  http::Response answer_from_jobs(const outbox::IdempotencyRecord& first,
                                  const std::string& cid) const;

  outbox::Store& store_;
  std::chrono::milliseconds answer_timeout_;
  Metrics* metrics_;
  std::function<outbox::TimePoint()> clock_;
};

}  // namespace tattler::api
