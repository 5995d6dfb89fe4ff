// options.hpp - the settings of the outbox and of its delivery workers.
//
// OutboxOptions gathers the TATTLER_QUEUE_* / TATTLER_RETRY_* / TATTLER_LEASE
// / TATTLER_RETENTION / TATTLER_DELIVERY_WORKERS / TATTLER_ANSWER_TIMEOUT
// settings in one plain struct. The config layer reads the environment; the
// server copies the values here. Defaults are those of the settings.
//
// Limits: no validation here (the config layer validates); a clock can be
// injected for tests, nothing else is pluggable.
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace tattler::outbox {

using Clock = std::chrono::system_clock;
using TimePoint = Clock::time_point;
using Millis = std::chrono::milliseconds;

struct OutboxOptions {
  // TATTLER_QUEUE_DIR: folder of the SQLite file (outbox.sqlite3).
  std::string queue_dir = "var";

  // TATTLER_QUEUE_URL: "postgresql://…" selects PostgreSQL; empty selects
  // SQLite under queue_dir.
  std::string queue_url;

  // TATTLER_RETRY_FIRST_DELAY, TATTLER_RETRY_MAX_DELAY: the backoff ceiling
  // for attempt n is min(max_delay, first_delay * 2^(n-1)); the actual delay
  // is drawn uniformly below it (full jitter).
  Millis retry_first_delay{std::chrono::seconds(30)};
  Millis retry_max_delay{std::chrono::hours(1)};

  // TATTLER_RETRY_MAX_AGE: a job whose next retry would fall later than this
  // after its creation goes to `dead` instead.
  Millis retry_max_age{std::chrono::hours(24)};

  // TATTLER_RETENTION: delivered, failed and skipped jobs are purged this
  // long after their last change (dead jobs stay until retried).
  Millis retention{std::chrono::hours(24 * 7)};

  // How often the background purge runs at most; it runs every half
  // retention when that is shorter.
  Millis purge_interval{std::chrono::minutes(10)};

  // TATTLER_LEASE: how long a claim lasts; a worker that dies mid-send
  // leaves its jobs to others after this.
  Millis lease{std::chrono::seconds(60)};

  // Idempotency keys are remembered this long.
  Millis idempotency_window{std::chrono::hours(24)};

  // TATTLER_DELIVERY_WORKERS: delivery threads of this process.
  int delivery_workers = 8;

  // Jobs claimed by one worker at once.
  int claim_batch = 8;

  // TATTLER_ANSWER_TIMEOUT: how long Wait::kFirstAttempt waits at most.
  Millis answer_timeout{std::chrono::seconds(30)};

  // Longest sleep of an idle worker between looks at the store (wake-ups
  // normally come sooner: from submit() or from PostgreSQL NOTIFY).
  Millis idle_poll{std::chrono::seconds(1)};

  // The time source; empty means Clock::now. Tests inject a fake clock.
  std::function<TimePoint()> clock;
};

}  // namespace tattler::outbox
