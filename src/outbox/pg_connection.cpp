// pg_connection.cpp - SqlConnection over libpq.
//
// Limits: see pg_connection.hpp.
#include "outbox/pg_connection.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <poll.h>

namespace tattler::outbox {

namespace {

constexpr Oid kByteaOid = 17;

// Trimmed - libpq's message without its trailing newline.
std::string Trimmed(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// ResultError - the error of res, or empty when res succeeded.
std::string ResultError(PGresult* res, pg_conn* conn) {
  if (res == nullptr) return Trimmed(PQerrorMessage(conn));
  const auto st = PQresultStatus(res);
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return "";
  return Trimmed(PQresultErrorMessage(res));
}

// Cell - one result value as bytes (BYTEA unescaped).
std::optional<std::string> Cell(PGresult* res, int row, int col) {
  if (PQgetisnull(res, row, col)) return std::nullopt;
  const char* text = PQgetvalue(res, row, col);
  if (PQftype(res, col) != kByteaOid) {
    return std::string(text, PQgetlength(res, row, col));
  }
  size_t n = 0;
  unsigned char* raw =
      PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &n);
  std::string bytes(reinterpret_cast<char*>(raw), n);
  PQfreemem(raw);
  return bytes;
}

}  // namespace

// ToDollarPlaceholders - number the `?` placeholders.
std::string ToDollarPlaceholders(std::string_view sql) {
  std::string out;
  int n = 0;
  for (char c : sql) {
    if (c == '?') {
      out += fmt::format("${}", ++n);
    } else {
      out += c;
    }
  }
  return out;
}

// Open - connect and check the connection.
Result<std::unique_ptr<PgConnection>> PgConnection::Open(
    const std::string& url) {
  pg_conn* conn = PQconnectdb(url.c_str());
  if (conn == nullptr) return Err{"postgresql: out of memory"};
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string why = Trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    return Err{"cannot connect to the PostgreSQL outbox: " + why};
  }
  std::unique_ptr<PgConnection> pg(new PgConnection(conn));
  if (Status s = pg->exec_script("SET client_min_messages = warning"); !s) {
    return Err{s.message()};
  }
  return pg;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

// ensure_connected - reset a broken connection, forgetting statements.
Status PgConnection::ensure_connected() {
  if (PQstatus(conn_) == CONNECTION_OK) return Status::Ok();

  PQreset(conn_);
  statements_.clear();
  if (PQstatus(conn_) != CONNECTION_OK) {
    return Status::Error("PostgreSQL outbox unreachable: " +
                         Trimmed(PQerrorMessage(conn_)));
  }
  if (!channel_.empty()) {
    std::string channel = channel_;
    return listen(channel);
  }
  return Status::Ok();
}

// prepared - the name of the prepared statement for sql.
Result<std::string> PgConnection::prepared(std::string_view sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return it->second;

  std::string name = fmt::format("s{}", statements_.size() + 1);
  std::string text = ToDollarPlaceholders(sql);
  PGresult* res = PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr);
  std::string why = ResultError(res, conn_);
  PQclear(res);
  if (!why.empty()) return Err{"postgresql prepare: " + why};
  statements_.emplace(std::string(sql), name);
  return name;
}

// exec - exec_once(), again on a new connection when the old one broke
// outside a transaction.
Result<SqlRows> PgConnection::exec(std::string_view sql,
                                   const std::vector<SqlValue>& params) {
  const bool idle = PQtransactionStatus(conn_) == PQTRANS_IDLE;
  auto rows = exec_once(sql, params);
  if (rows || !idle || PQstatus(conn_) == CONNECTION_OK) return rows;

  // Why again: outside a transaction only BEGIN, SET and reads are sent,
  // so the failed statement changed nothing.
  return exec_once(sql, params);
}

// exec_once - run a prepared statement with text and binary parameters.
Result<SqlRows> PgConnection::exec_once(std::string_view sql,
                                        const std::vector<SqlValue>& params) {
  if (Status s = ensure_connected(); !s) return Err{s.message()};
  auto name = prepared(sql);
  if (!name) return Err{name.error()};

  const int n = static_cast<int>(params.size());
  std::vector<std::string> text(n);
  std::vector<const char*> values(n, nullptr);
  std::vector<int> lengths(n, 0);
  std::vector<int> formats(n, 0);
  for (int i = 0; i < n; ++i) {
    const SqlValue& v = params[i];
    if (auto* num = std::get_if<std::int64_t>(&v)) {
      text[i] = std::to_string(*num);
    } else if (auto* s = std::get_if<std::string>(&v)) {
      text[i] = *s;
    } else if (auto* b = std::get_if<Blob>(&v)) {
      text[i] = b->bytes;
      formats[i] = 1;
    } else {
      continue;  // NULL
    }
    values[i] = text[i].data();
    lengths[i] = static_cast<int>(text[i].size());
  }

  PGresult* res = PQexecPrepared(conn_, name->c_str(), n, values.data(),
                                 lengths.data(), formats.data(), 0);
  if (std::string why = ResultError(res, conn_); !why.empty()) {
    PQclear(res);
    return Err{"postgresql: " + why};
  }
  SqlRows rows(PQntuples(res));
  const int columns = PQnfields(res);
  for (size_t r = 0; r < rows.size(); ++r) {
    for (int c = 0; c < columns; ++c) {
      rows[r].push_back(Cell(res, static_cast<int>(r), c));
    }
  }
  PQclear(res);
  return rows;
}

// exec_script - script_once(), again after a broken idle connection.
Status PgConnection::exec_script(std::string_view sql) {
  const bool idle = PQtransactionStatus(conn_) == PQTRANS_IDLE;
  Status s = script_once(sql);
  if (s || !idle || PQstatus(conn_) == CONNECTION_OK) return s;
  return script_once(sql);
}

// script_once - run statements without parameters.
Status PgConnection::script_once(std::string_view sql) {
  if (Status s = ensure_connected(); !s) return s;
  std::string text(sql);
  PGresult* res = PQexec(conn_, text.c_str());
  std::string why = ResultError(res, conn_);
  PQclear(res);
  if (!why.empty()) return Status::Error("postgresql: " + why);
  return Status::Ok();
}

// listen - subscribe to channel.
Status PgConnection::listen(const std::string& channel) {
  channel_ = channel;
  return exec_script("LISTEN " + channel);
}

// wait_notification - poll the socket, then drain pending notifications.
Result<bool> PgConnection::wait_notification(
    std::chrono::milliseconds timeout) {
  if (Status s = ensure_connected(); !s) return Err{s.message()};

  bool got = false;
  auto drain = [&] {
    PQconsumeInput(conn_);
    while (PGnotify* note = PQnotifies(conn_)) {
      got = true;
      PQfreemem(note);
    }
  };
  drain();
  if (got) return true;

  pollfd fd{PQsocket(conn_), POLLIN, 0};
  const int rc = poll(&fd, 1, static_cast<int>(timeout.count()));
  if (rc < 0) return Err{"postgresql: poll failed"};
  if (rc > 0) drain();
  if (PQstatus(conn_) != CONNECTION_OK) {
    return Err{"PostgreSQL outbox connection lost"};
  }
  return got;
}

}  // namespace tattler::outbox
