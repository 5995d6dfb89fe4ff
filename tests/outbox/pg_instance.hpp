// pg_instance.hpp - a throw-away PostgreSQL server for tests.
//
// PgInstance::Start() runs initdb into a fresh temporary folder and starts
// the server with pg_ctl on 127.0.0.1 and a free port (as the `postgres`
// user when the test runs as root, since PostgreSQL refuses root), with
// fsync off. The destructor stops it (immediate mode) and removes the
// folder. create_database() gives each test a clean database.
//
// Limits: needs the PostgreSQL 15 server binaries under
// /usr/lib/postgresql/15/bin (or TATTLER_PG_BIN); a port taken between the
// check and the server's bind fails the start, which is retried once.
#pragma once

#include <memory>
#include <string>

namespace tattler::testing {

class PgInstance {
 public:
  // Start - a running server, or nullptr with *error saying why.
  static std::unique_ptr<PgInstance> Start(std::string* error);

  ~PgInstance();

  PgInstance(const PgInstance&) = delete;
  PgInstance& operator=(const PgInstance&) = delete;

  // url - connection URL of database `name` on this server.
  std::string url(const std::string& name = "postgres") const;

  // create_database - a new empty database; its URL (empty on failure).
  std::string create_database(const std::string& name);

  // restart - stop (fast) and start again on the same port; true on
  // success. Connections of clients break.
  bool restart();

  int port() const { return port_; }

 private:
  PgInstance() = default;
  bool launch(std::string* error);

  std::string dir_;
  std::string bin_;
  bool as_postgres_ = false;
  int port_ = 0;
  bool running_ = false;
};

// SharedPg - one server for the whole test program, started on first use
// and stopped at exit; nullptr (with *error) when it cannot start.
PgInstance* SharedPg(std::string* error);

}  // namespace tattler::testing
