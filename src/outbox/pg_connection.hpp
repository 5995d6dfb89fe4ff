// pg_connection.hpp - SqlConnection over one libpq connection.
//
// Statements are rewritten from `?` to `$n` placeholders and prepared once
// per connection. Parameters go as text, Blob parameters in binary; BYTEA
// result columns come back as raw bytes. A broken connection is reset before
// the next statement (prepared statements are then prepared again).
//
// The connection can also LISTEN on a channel and wait for notifications.
//
// Limits: one thread at a time per connection. A statement that fails
// because the connection broke is repeated once on a new connection only
// outside a transaction; inside one the error is reported (the caller
// rolls back and may try again).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "outbox/sql_connection.hpp"

struct pg_conn;

namespace tattler::outbox {

class PgConnection : public SqlConnection {
 public:
  // Open - connect to url ("postgresql://user@host:port/db?...").
  static Result<std::unique_ptr<PgConnection>> Open(const std::string& url);

  ~PgConnection() override;

  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Result<SqlRows> exec(std::string_view sql,
                       const std::vector<SqlValue>& params) override;
  Status exec_script(std::string_view sql) override;

  // listen - LISTEN on channel (re-issued after a reset).
  Status listen(const std::string& channel);

  // wait_notification - block up to timeout for a notification on the
  // listened channel; true when one (or more) arrived.
  Result<bool> wait_notification(std::chrono::milliseconds timeout);

 private:
  explicit PgConnection(pg_conn* conn) : conn_(conn) {}

  Result<SqlRows> exec_once(std::string_view sql,
                            const std::vector<SqlValue>& params);
  Status script_once(std::string_view sql);
  Status ensure_connected();
  Result<std::string> prepared(std::string_view sql);

  pg_conn* conn_;
  std::string channel_;
  std::map<std::string, std::string, std::less<>> statements_;
};

// ToDollarPlaceholders - "a=? and b=?" → "a=$1 and b=$2".
std::string ToDollarPlaceholders(std::string_view sql);

}  // namespace tattler::outbox
