// open_store.cpp - open the SQLite or the PostgreSQL outbox.
//
// SQLite: the folder is created when missing, the file is
// <queue_dir>/outbox.sqlite3. One server owns it: it holds an exclusive
// flock() on <queue_dir>/outbox.lock (which the kernel drops when the
// process dies, even by kill -9), and a second server on the same folder
// is refused with a message that says so. Owning the file, the server
// knows that jobs left in state 'sending' belong to a server that is gone:
// it makes them due at once instead of waiting for their lease to end.
//
// PostgreSQL: three connections (writer, reader, and the mover for the
// workers' claims and outcomes) plus a listener thread that turns NOTIFY
// from other processes into wake-ups; the schema is created under an
// advisory lock so that servers starting together do not race.
//
// Limits: the listener reconnects after a lost connection every second; a
// wake-up lost meanwhile is covered by the workers' idle poll.
#include <fcntl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>

#include "outbox/job.hpp"
#include "common/thread_name.hpp"
#include "outbox/pg_connection.hpp"
#include "outbox/sql_store.hpp"
#include "outbox/sqlite_connection.hpp"
#include "outbox/wal_checkpointer.hpp"

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
          std::unique_ptr<SqlConnection> mover,
          std::unique_ptr<PgConnection> listener, OutboxOptions options)
      : SqlStore(
            SqlDialect{"postgresql",
                       CommitSql{"BEGIN", "SET synchronous_commit = on",
                                 "SET synchronous_commit = off"},
                       " FOR UPDATE SKIP LOCKED",
                       std::string("SELECT pg_notify('") + kChannel + "', '')",
                       true, true},
            std::move(writer), std::move(reader), std::move(options),
            std::move(mover)),
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
    thread_ = std::thread([this, first] {
      NameThisThread("outbox-listen");
      listen(first);
    });
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

// SqliteStore - SqlStore plus the owner lock, held while the store lives.
//
// The writer connection commits with synchronous = NORMAL: in WAL mode a
// commit then writes the log without flushing it (checkpoints still
// flush). Accepted jobs are made durable by the syncer thread instead,
// with fdatasync on the log (WalSync), once for all the commits made
// while the last flush ran. Checkpoints run in a thread of their own
// (WalCheckpointer), not inside the writer's commits.
class SqliteStore : public SqlStore {
 public:
  SqliteStore(std::unique_ptr<SqlConnection> writer,
              std::unique_ptr<SqlConnection> reader, OutboxOptions options,
              int lock_fd, GroupCommit::Sync sync)
      : SqlStore(SqlDialect{"sqlite", CommitSql{"BEGIN IMMEDIATE", "", ""},
                            "", ""},
                 std::move(writer), std::move(reader), std::move(options),
                 nullptr, std::move(sync)),
        lock_fd_(lock_fd) {}

  ~SqliteStore() override { ::close(lock_fd_); }

 private:
  int lock_fd_;
};

// LockOwner - take <dir>/outbox.lock for this process; the descriptor, or
// why not (another server holds it).
Result<int> LockOwner(const std::filesystem::path& dir) {
  const std::string path = (dir / "outbox.lock").string();
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Err{fmt::format("cannot open {}: {}", path, std::strerror(errno))};
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    char pid[32] = {};
    ssize_t n = ::pread(fd, pid, sizeof pid - 1, 0);
    ::close(fd);
    if (err != EWOULDBLOCK) {
      return Err{fmt::format("cannot lock {}: {}", path, std::strerror(err))};
    }
    std::string owner = n > 0 ? std::string(pid, static_cast<size_t>(n)) : "?";
    while (!owner.empty() && std::isspace(static_cast<unsigned char>(owner.back()))) {
      owner.pop_back();
    }
    return Err{fmt::format(
        "the SQLite outbox in {} is in use by another tattler_server (pid "
        "{}); give each server its own TATTLER_QUEUE_DIR, or let them share "
        "a PostgreSQL outbox (TATTLER_QUEUE_URL)",
        dir.string(), owner)};
  }
  std::string me = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 ||
      ::pwrite(fd, me.data(), me.size(), 0) < 0) {
    spdlog::warn("- outbox.lock_pid path={} error=\"{}\"", path,
                 std::strerror(errno));
  }
  return fd;
}

// WalSync - fdatasync on the write-ahead log at db_path + "-wal", through
// a descriptor of its own that lives as long as the function. The log
// exists once the writer connection has written (the schema), and stays
// (the same file) while that connection is open.
Result<GroupCommit::Sync> WalSync(const std::string& db_path) {
  const std::string path = db_path + "-wal";
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Err{fmt::format("cannot open {}: {}", path, std::strerror(errno))};
  }
  std::shared_ptr<int> owned(new int(fd), [](int* p) {
    ::close(*p);
    delete p;
  });
  return GroupCommit::Sync([owned, path]() -> Status {
    if (::fdatasync(*owned) == 0) return Status::Ok();
    return Status::Error(
        fmt::format("fdatasync {}: {}", path, std::strerror(errno)));
  });
}

// RecoverLeases - the jobs the previous owner left mid-send, due now.
Status RecoverLeases(SqlConnection& db, const OutboxOptions& options) {
  std::int64_t now = ToMillis(options.clock ? options.clock() : Clock::now());
  auto rows = db.exec(
      "UPDATE outbox_jobs SET state = 'queued', lease_owner = NULL, "
      "lease_until = NULL, next_attempt_at = ?, updated_at = ? "
      "WHERE state = 'sending' RETURNING id",
      {now, now});
  if (!rows) return rows.status();
  if (!rows->empty()) {
    spdlog::info("- outbox.recovered jobs={} (left mid-send by a server "
                 "that ended; sent again now)",
                 rows->size());
  }
  return Status::Ok();
}

// OpenSqlite - the SQLite store under options.queue_dir.
Result<std::unique_ptr<Store>> OpenSqlite(const OutboxOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(options.queue_dir, ec);
  if (ec) {
    return Err{"cannot create TATTLER_QUEUE_DIR " + options.queue_dir + ": " +
               ec.message()};
  }
  const std::filesystem::path dir(options.queue_dir);
  const std::string path = (dir / "outbox.sqlite3").string();
  Result<int> lock = LockOwner(dir);
  if (!lock) return Err{lock.error()};
  auto fail = [fd = *lock](std::string why) -> Result<std::unique_ptr<Store>> {
    ::close(fd);
    return Err{std::move(why)};
  };

  auto writer = SqliteConnection::Open(path);
  if (!writer) return fail(writer.error());
  if (Status s = (*writer)->exec_script(SqliteSchema()); !s) {
    return fail("outbox " + path + ": " + s.message());
  }
  if (Status s = RecoverLeases(**writer, options); !s) {
    return fail("outbox " + path + ": " + s.message());
  }
  if (Status s = (*writer)->exec_script("PRAGMA synchronous = NORMAL"); !s) {
    return fail("outbox " + path + ": " + s.message());
  }
  auto checkpointer = WalCheckpointer::Start(path);
  if (!checkpointer) return fail(checkpointer.error());
  (*writer)->on_commit(
      [cp = *checkpointer](int wal_pages) { return cp->committed(wal_pages); });
  auto sync = WalSync(path);
  if (!sync) return fail(sync.error());
  auto reader = SqliteConnection::Open(path);
  if (!reader) return fail(reader.error());

  return std::unique_ptr<Store>(new SqliteStore(std::move(*writer),
                                                std::move(*reader), options,
                                                *lock, std::move(*sync)));
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
  auto mover = PgConnection::Open(options.queue_url);
  if (!mover) return Err{mover.error()};
  auto listener = PgConnection::Open(options.queue_url);
  if (!listener) return Err{listener.error()};

  return std::unique_ptr<Store>(
      new PgStore(std::move(*writer), std::move(*reader), std::move(*mover),
                  std::move(*listener), options));
}

}  // namespace

// OpenStore - PostgreSQL when a URL is set, else SQLite.
Result<std::unique_ptr<Store>> OpenStore(const OutboxOptions& options) {
  if (!options.queue_url.empty()) return OpenPg(options);
  return OpenSqlite(options);
}

}  // namespace tattler::outbox
