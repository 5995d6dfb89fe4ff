// open_store.cpp - open the SQLite or the PostgreSQL outbox.
//
// SQLite: the folder is created when missing, the file is
// <queue_dir>/outbox.sqlite3. PostgreSQL: two connections (writer, reader)
// plus a listener thread that turns NOTIFY from other processes into
// wake-ups; the schema is created under an advisory lock so that servers
// starting together do not race.
//
// Limits: the listener reconnects after a lost connection every second; a
// wake-up lost meanwhile is covered by the workers' idle poll.
#include <spdlog/spdlog.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "outbox/pg_connection.hpp"
#include "outbox/sql_store.hpp"
#include "outbox/sqlite_connection.hpp"

namespace tattler::outbox {

namespace {

constexpr const char* kChannel = "tattler_outbox";

// An arbitrary constant naming the schema-creation advisory lock.
constexpr const char* kSchemaLock = "SELECT pg_advisory_xact_lock(48151623)";

// PgStore - SqlStore plus the LISTEN thread.
class PgStore : public SqlStore {
 public:
  PgStore(std::unique_ptr<SqlConnection> writer,
          std::unique_ptr<SqlConnection> reader,
          std::unique_ptr<PgConnection> listener, OutboxOptions options)
      : SqlStore(
            SqlDialect{"postgresql",
                       CommitSql{"BEGIN", "SET synchronous_commit = on",
                                 "SET synchronous_commit = off"},
                       " FOR UPDATE SKIP LOCKED",
                       std::string("SELECT pg_notify('") + kChannel + "', '')",
                       true},
            std::move(writer), std::move(reader), std::move(options)),
        listener_(std::move(listener)) {}

  ~PgStore() override {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
  }

  // set_wakeup - keep the callback and listen; LISTEN is issued before
  // returning, so no NOTIFY sent after this call is missed.
  void set_wakeup(std::function<void()> wakeup) override {
    SqlStore::set_wakeup(std::move(wakeup));
    if (thread_.joinable()) return;
    Status first = listener_->listen(kChannel);
    thread_ = std::thread([this, first] { listen(first); });
  }

 private:
  // listen - wait for notifications until the store closes.
  void listen(Status s) {
    while (!stopping_) {
      if (!s) {
        spdlog::warn("- outbox.listen error=\"{}\"", s.message());
        std::this_thread::sleep_for(std::chrono::seconds(1));
        s = listener_->listen(kChannel);
        continue;
      }
      auto got = listener_->wait_notification(std::chrono::milliseconds(200));
      if (!got) {
        s = got.status();
      } else if (*got && wakeup_) {
        wakeup_();
      }
    }
  }

  std::unique_ptr<PgConnection> listener_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

// OpenSqlite - the SQLite store under options.queue_dir.
Result<std::unique_ptr<Store>> OpenSqlite(const OutboxOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(options.queue_dir, ec);
  if (ec) {
    return Err{"cannot create TATTLER_QUEUE_DIR " + options.queue_dir + ": " +
               ec.message()};
  }
  const std::string path =
      (std::filesystem::path(options.queue_dir) / "outbox.sqlite3").string();

  auto writer = SqliteConnection::Open(path);
  if (!writer) return Err{writer.error()};
  if (Status s = (*writer)->exec_script(SqliteSchema()); !s) {
    return Err{"outbox " + path + ": " + s.message()};
  }
  auto reader = SqliteConnection::Open(path);
  if (!reader) return Err{reader.error()};

  return std::unique_ptr<Store>(new SqlStore(
      SqlDialect{"sqlite",
                 CommitSql{"BEGIN IMMEDIATE", "PRAGMA synchronous = FULL",
                           "PRAGMA synchronous = NORMAL"},
                 "", ""},
      std::move(*writer), std::move(*reader), options));
}

// OpenPg - the PostgreSQL store at options.queue_url.
Result<std::unique_ptr<Store>> OpenPg(const OutboxOptions& options) {
  auto writer = PgConnection::Open(options.queue_url);
  if (!writer) return Err{writer.error()};
  Status s = (*writer)->exec_script(std::string("BEGIN;") + kSchemaLock + ";" +
                                    PgSchema() + "COMMIT;");
  if (!s) {
    (void)(*writer)->exec_script("ROLLBACK");
    return Err{"PostgreSQL outbox schema: " + s.message()};
  }
  auto reader = PgConnection::Open(options.queue_url);
  if (!reader) return Err{reader.error()};
  auto listener = PgConnection::Open(options.queue_url);
  if (!listener) return Err{listener.error()};

  return std::unique_ptr<Store>(new PgStore(
      std::move(*writer), std::move(*reader), std::move(*listener), options));
}

}  // namespace

// OpenStore - PostgreSQL when a URL is set, else SQLite.
Result<std::unique_ptr<Store>> OpenStore(const OutboxOptions& options) {
  if (!options.queue_url.empty()) return OpenPg(options);
  return OpenSqlite(options);
}

}  // namespace tattler::outbox
