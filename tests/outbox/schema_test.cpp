// schema_test.cpp - the outbox layout: the full indexes of earlier layouts
// are replaced by partial ones, and the queries that need them use them.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "outbox/sql_store.hpp"
#include "outbox/sqlite_connection.hpp"
#include "outbox/store.hpp"
#include "store_fixture.hpp"

namespace tattler::outbox::testing {
namespace {

// index_names - the indexes of outbox_jobs in the file at path, sorted.
std::string index_names(const std::string& path) {
  auto db = SqliteConnection::Open(path);
  EXPECT_TRUE(db.ok());
  auto rows = (*db)->exec(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND "
      "tbl_name = 'outbox_jobs' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      {});
  EXPECT_TRUE(rows.ok());
  std::string names;
  for (const auto& row : *rows) names += row[0].value_or("?") + " ";
  return names;
}

TEST(OutboxSchema, TheFirstLayoutsIndexesAreReplacedByPartialOnes) {
  SqliteBackend backend;
  OutboxOptions options;
  std::string why;
  ASSERT_TRUE(backend.configure(options, &why)) << why;
  const std::string path = options.queue_dir + "/outbox.sqlite3";
  {
    auto db = SqliteConnection::Open(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->exec_script(SqliteSchema()));
    ASSERT_TRUE((*db)->exec_script(
        "CREATE INDEX outbox_jobs_due ON outbox_jobs (state, next_attempt_at);"
        "CREATE INDEX outbox_jobs_lease ON outbox_jobs (state, lease_until);"
        "CREATE INDEX outbox_jobs_updated ON outbox_jobs (state, updated_at);"));
  }

  auto store = OpenStore(options);

  ASSERT_TRUE(store.ok()) << store.error();
  EXPECT_EQ(index_names(path),
            "outbox_jobs_dead outbox_jobs_finished outbox_jobs_queued "
            "outbox_jobs_sending ");
}

// plan - SQLite's plan for sql, its lines joined by " | ".
std::string plan(SqlConnection& db, const std::string& sql) {
  auto rows = db.exec("EXPLAIN QUERY PLAN " + sql, {});
  EXPECT_TRUE(rows.ok()) << sql;
  std::string out;
  for (const auto& row : *rows) out += row.back().value_or("?") + " | ";
  return out;
}

TEST(OutboxSchema, PurgeAndCountsReadThePartialIndexesNotTheTable) {
  auto db = SqliteConnection::Open(":memory:");
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->exec_script(SqliteSchema()));
  const std::string finished = kFinishedStates;

  std::string purge = plan(**db,
                           "DELETE FROM outbox_jobs WHERE state IN " +
                               finished + " AND updated_at < 5");
  std::string counts = plan(
      **db, "SELECT state, COUNT(*) FROM outbox_jobs WHERE state IN " +
                finished + " GROUP BY state");
  std::string dead =
      plan(**db, "SELECT COUNT(*) FROM outbox_jobs WHERE state = 'dead'");

  EXPECT_NE(purge.find("outbox_jobs_finished"), std::string::npos) << purge;
  EXPECT_NE(counts.find("COVERING INDEX outbox_jobs_finished"),
            std::string::npos)
      << counts;
  EXPECT_NE(dead.find("COVERING INDEX outbox_jobs_dead"), std::string::npos)
      << dead;
}

}  // namespace
}  // namespace tattler::outbox::testing
