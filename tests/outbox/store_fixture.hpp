// store_fixture.hpp - one test fixture, two stores: SQLite and PostgreSQL.
//
// StoreTest<Backend> opens a fresh store per test (a new SQLite file in a
// temporary folder, or a new database on the shared test PostgreSQL) with
// a fake clock the test moves by hand, so leases, backoff, maximum age and
// retention are tested without waiting.
//
// Limits: PostgreSQL tests are skipped (not failed) when no server can be
// started on this machine; the reason is printed.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include "outbox/store.hpp"
#include "pg_instance.hpp"

namespace tattler::outbox::testing {

// SqliteBackend - a store in a fresh temporary folder.
class SqliteBackend {
 public:
  static constexpr const char* kName = "sqlite";

  ~SqliteBackend() {
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  // configure - point options at this backend; false (with why) if it
  // cannot be used here.
  bool configure(OutboxOptions& options, std::string* why) {
    if (dir_.empty()) {
      char tmpl[] = "/tmp/tattler-outbox-XXXXXX";
      if (mkdtemp(tmpl) == nullptr) {
        *why = "mkdtemp failed";
        return false;
      }
      dir_ = tmpl;
    }
    options.queue_dir = dir_;
    options.queue_url.clear();
    return true;
  }

 private:
  std::string dir_;
};

// PgBackend - a store in a fresh database of the shared test server.
class PgBackend {
 public:
  static constexpr const char* kName = "postgresql";

  bool configure(OutboxOptions& options, std::string* why) {
    if (url_.empty()) {
      auto* pg = tattler::testing::SharedPg(why);
      if (pg == nullptr) return false;
      static std::atomic<int> counter{0};
      url_ = pg->create_database("outbox_test_" + std::to_string(++counter));
      if (url_.empty()) {
        *why = "CREATE DATABASE failed";
        return false;
      }
    }
    options.queue_url = url_;
    return true;
  }

 private:
  std::string url_;
};

template <typename Backend>
class StoreTest : public ::testing::Test {
 protected:
  static constexpr std::int64_t kStart = 1'700'000'000'000;

  void SetUp() override {
    options_.clock = [this] { return FromMillis(now_.load()); };
    store_ = open();
  }

  // open - another store on the same backend (same file or database).
  std::unique_ptr<Store> open() {
    std::string why;
    if (!backend_.configure(options_, &why)) {
      note_unavailable(why);
      return nullptr;
    }
    auto store = OpenStore(options_);
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error());
    return store.ok() ? std::move(*store) : nullptr;
  }

  // note_unavailable - SQLite must always work; PostgreSQL may be
  // missing on a developer machine.
  void note_unavailable(const std::string& why) {
    if (std::string(Backend::kName) == "sqlite") {
      ADD_FAILURE() << why;
    } else {
      skipped_ = "no PostgreSQL: " + why;
    }
  }

  // now - the fake clock.
  TimePoint now() const { return FromMillis(now_.load()); }

  // advance - move the fake clock forward.
  void advance(Millis d) { now_ += d.count(); }

  // MakeJob - a queued email job with a payload that is not UTF-8.
  static Job MakeJob(const std::string& id) {
    Job job;
    job.id = id;
    job.correlation_id = "tattler:" + id;
    job.scope = "billing";
    job.event = "invoice";
    job.message.vector = "email";
    job.message.sender = "noreply@example.com";
    job.message.recipients = {"a@example.com", "b@example.com"};
    job.message.message_id = id + "@example.com";
    job.message.data = std::string("Subject: hi\r\n\r\nbody \xff\x00 end", 26);
    return job;
  }

  Backend backend_;
  std::atomic<std::int64_t> now_{kStart};
  OutboxOptions options_;
  std::unique_ptr<Store> store_;
  std::string skipped_;
};

// STORE_OR_SKIP - skip a test whose backend could not be opened.
#define STORE_OR_SKIP()                                          \
  do {                                                           \
    if (!this->skipped_.empty()) GTEST_SKIP() << this->skipped_; \
    ASSERT_NE(this->store_, nullptr);                            \
  } while (0)

}  // namespace tattler::outbox::testing
