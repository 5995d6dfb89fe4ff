// sqlite_connection.cpp - SqlConnection over SQLite.
//
// Limits: see sqlite_connection.hpp.
#include "outbox/sqlite_connection.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

namespace tattler::outbox {

namespace {

constexpr int kBusyTimeoutMs = 10000;

// Describe - "what: sqlite message".
std::string Describe(sqlite3* db, std::string_view what) {
  return fmt::format("{}: {}", what, sqlite3_errmsg(db));
}

}  // namespace

// Open - open the file, switch to WAL and full synchronous commits.
Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(
    const std::string& path) {
  sqlite3* db = nullptr;
  const int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string why = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Err{fmt::format("cannot open outbox {}: {}", path, why)};
  }
  std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db));

  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  Status s = conn->exec_script(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
      "PRAGMA foreign_keys=ON;");
  if (!s) return Err{fmt::format("outbox {}: {}", path, s.message())};
  return conn;
}

// on_commit - a WAL hook; it replaces the automatic checkpoint's.
void SqliteConnection::on_commit(std::function<bool(int)> committed) {
  committed_ = std::move(committed);
  sqlite3_wal_hook(
      db_,
      [](void* self, sqlite3* db, const char* name, int pages) {
        if (static_cast<SqliteConnection*>(self)->committed_(pages)) {
          // As SQLite's own hook does; SQLITE_BUSY (another checkpoint
          // under way) is no error here.
          sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE,
                                    nullptr, nullptr);
        }
        return SQLITE_OK;
      },
      this);
}

// ~SqliteConnection - finalize cached statements, close the file.
SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

// prepared - the cached statement for sql, prepared on first use.
Result<sqlite3_stmt*> SqliteConnection::prepared(std::string_view sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return it->second;

  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                         SQLITE_PREPARE_PERSISTENT, &stmt,
                         nullptr) != SQLITE_OK) {
    return Err{Describe(db_, "sqlite prepare")};
  }
  statements_.emplace(std::string(sql), stmt);
  return stmt;
}

// bind - bind params to the statement's placeholders, in order.
Status SqliteConnection::bind(sqlite3_stmt* stmt,
                              const std::vector<SqlValue>& params) {
  for (size_t i = 0; i < params.size(); ++i) {
    const int at = static_cast<int>(i) + 1;
    const SqlValue& v = params[i];
    int rc = SQLITE_OK;
    if (std::holds_alternative<std::nullptr_t>(v)) {
      rc = sqlite3_bind_null(stmt, at);
    } else if (auto* n = std::get_if<std::int64_t>(&v)) {
      rc = sqlite3_bind_int64(stmt, at, *n);
    } else if (auto* s = std::get_if<std::string>(&v)) {
      rc = sqlite3_bind_text64(stmt, at, s->data(), s->size(), SQLITE_TRANSIENT,
                               SQLITE_UTF8);
    } else {
      const Blob& b = std::get<Blob>(v);
      rc = sqlite3_bind_blob64(stmt, at, b.bytes.data(), b.bytes.size(),
                               SQLITE_TRANSIENT);
    }
    if (rc != SQLITE_OK) return Status::Error(Describe(db_, "sqlite bind"));
  }
  return Status::Ok();
}

// exec - step the statement to its end, collecting rows as text.
Result<SqlRows> SqliteConnection::exec(std::string_view sql,
                                       const std::vector<SqlValue>& params) {
  auto stmt = prepared(sql);
  if (!stmt) return Err{stmt.error()};
  sqlite3_stmt* st = *stmt;
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  if (Status s = bind(st, params); !s) return Err{s.message()};

  SqlRows rows;
  const int columns = sqlite3_column_count(st);
  for (;;) {
    const int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) {
      std::string why = Describe(db_, "sqlite step");
      sqlite3_reset(st);
      return Err{why};
    }
    SqlRow& row = rows.emplace_back();
    for (int c = 0; c < columns; ++c) {
      if (sqlite3_column_type(st, c) == SQLITE_NULL) {
        row.emplace_back(std::nullopt);
        continue;
      }
      const void* p = sqlite3_column_blob(st, c);
      const int n = sqlite3_column_bytes(st, c);
      row.emplace_back(std::string(static_cast<const char*>(p), n));
    }
  }
  sqlite3_reset(st);
  return rows;
}

// exec_script - run statements separated by semicolons.
Status SqliteConnection::exec_script(std::string_view sql) {
  char* error = nullptr;
  std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string why = error ? error : "unknown error";
    sqlite3_free(error);
    return Status::Error("sqlite: " + why);
  }
  return Status::Ok();
}

}  // namespace tattler::outbox
