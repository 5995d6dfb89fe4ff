// pg_instance.cpp - initdb, pg_ctl start/stop, CREATE DATABASE.
//
// Limits: see pg_instance.hpp.
#include "pg_instance.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>

namespace tattler::testing {

namespace {

// FreePort - a port free on 127.0.0.1 at this instant.
int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

// Run - run a shell command; true on exit status 0.
bool Run(const std::string& command) {
  return std::system(command.c_str()) == 0;
}

}  // namespace

// Start - initdb and launch.
std::unique_ptr<PgInstance> PgInstance::Start(std::string* error) {
  std::unique_ptr<PgInstance> pg(new PgInstance());
  const char* bin = std::getenv("TATTLER_PG_BIN");
  pg->bin_ = bin ? bin : "/usr/lib/postgresql/15/bin";
  pg->as_postgres_ = geteuid() == 0;

  char tmpl[] = "/tmp/tattler-pg-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    *error = "mkdtemp failed";
    return nullptr;
  }
  pg->dir_ = tmpl;
  const std::string as = pg->as_postgres_ ? "runuser -u postgres -- " : "";
  if (pg->as_postgres_ && !Run("chown postgres " + pg->dir_)) {
    *error = "cannot chown the data folder to postgres";
    return nullptr;
  }
  const std::string initdb = fmt::format(
      "{}{}/initdb -D {}/data -A trust -U postgres -E UTF8 --locale=C "
      "--no-sync >{}/initdb.log 2>&1",
      as, pg->bin_, pg->dir_, pg->dir_);
  if (!Run(initdb)) {
    *error = "initdb failed, see " + pg->dir_ + "/initdb.log";
    return nullptr;
  }
  if (!pg->launch(error) && !pg->launch(error)) return nullptr;
  return pg;
}

// launch - pg_ctl start on a free port, waiting until it accepts.
bool PgInstance::launch(std::string* error) {
  port_ = FreePort();
  const std::string as = as_postgres_ ? "runuser -u postgres -- " : "";
  const std::string start = fmt::format(
      "{}{}/pg_ctl -D {}/data -l {}/server.log -w -t 60 -o \"-p {} -k {} "
      "-c listen_addresses=127.0.0.1 -F -c max_connections=200\" start "
      ">/dev/null 2>&1",
      as, bin_, dir_, dir_, port_, dir_);
  running_ = Run(start);
  if (!running_) *error = "pg_ctl start failed, see " + dir_ + "/server.log";
  return running_;
}

// restart - pg_ctl restart keeps the options of the first start.
bool PgInstance::restart() {
  const std::string as = as_postgres_ ? "runuser -u postgres -- " : "";
  return Run(
      fmt::format("{}{}/pg_ctl -D {}/data -l {}/server.log -m fast "
                  "-w -t 60 restart >/dev/null 2>&1",
                  as, bin_, dir_, dir_));
}

// ~PgInstance - stop the server at once and remove its folder.
PgInstance::~PgInstance() {
  const std::string as = as_postgres_ ? "runuser -u postgres -- " : "";
  if (running_) {
    Run(
        fmt::format("{}{}/pg_ctl -D {}/data -m immediate -w stop "
                    ">/dev/null 2>&1",
                    as, bin_, dir_));
  }
  std::error_code ec;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

// url - postgresql://postgres@127.0.0.1:port/name.
std::string PgInstance::url(const std::string& name) const {
  return fmt::format("postgresql://postgres@127.0.0.1:{}/{}", port_, name);
}

// create_database - CREATE DATABASE name on the maintenance database.
std::string PgInstance::create_database(const std::string& name) {
  PGconn* conn = PQconnectdb(url().c_str());
  std::string result;
  if (PQstatus(conn) == CONNECTION_OK) {
    PGresult* res = PQexec(conn, ("CREATE DATABASE \"" + name + "\"").c_str());
    if (PQresultStatus(res) == PGRES_COMMAND_OK) result = url(name);
    PQclear(res);
  }
  PQfinish(conn);
  return result;
}

// SharedPg - the program-wide instance.
PgInstance* SharedPg(std::string* error) {
  static std::mutex mutex;
  static std::unique_ptr<PgInstance> instance;
  static std::string failure;
  static bool tried = false;
  std::lock_guard lock(mutex);
  if (!tried) {
    tried = true;
    instance = PgInstance::Start(&failure);
  }
  if (!instance) *error = failure;
  return instance.get();
}

}  // namespace tattler::testing
