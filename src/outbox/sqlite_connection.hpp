// sqlite_connection.hpp - SqlConnection over one SQLite database file.
//
// Opens the file in WAL mode with synchronous=FULL, so a COMMIT that
// returned is on disk; busy_timeout covers a second connection of the same
// process (the reader) and short checkpoints.
//
// Limits: one thread at a time per connection (the store serialises).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "outbox/sql_connection.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace tattler::outbox {

class SqliteConnection : public SqlConnection {
 public:
  // Open - open or create the database at path.
  static Result<std::unique_ptr<SqliteConnection>> Open(
      const std::string& path);

  ~SqliteConnection() override;

  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Result<SqlRows> exec(std::string_view sql,
                       const std::vector<SqlValue>& params) override;
  Status exec_script(std::string_view sql) override;

  // on_commit - call committed(pages in the write-ahead log) after every
  // commit of this connection, on its thread. This turns SQLite's own
  // checkpoints off for the connection: the caller checkpoints instead
  // (see wal_checkpointer.hpp), or returns true to have this connection
  // run a PASSIVE checkpoint right then.
  void on_commit(std::function<bool(int wal_pages)> committed);

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}

  Result<sqlite3_stmt*> prepared(std::string_view sql);
  Status bind(sqlite3_stmt* stmt, const std::vector<SqlValue>& params);

  sqlite3* db_;
  std::map<std::string, sqlite3_stmt*, std::less<>> statements_;
  std::function<bool(int)> committed_;
};

}  // namespace tattler::outbox
