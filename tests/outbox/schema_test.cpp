// schema_test.cpp - the outbox layout: the indexes of the first layout are
// replaced by partial ones, and the queries that need them still work.
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
        "CREATE INDEX outbox_jobs_lease ON outbox_jobs (state, lease_until);"));
  }

  auto store = OpenStore(options);

  ASSERT_TRUE(store.ok()) << store.error();
  EXPECT_EQ(index_names(path),
            "outbox_jobs_queued outbox_jobs_sending outbox_jobs_updated ");
}

}  // namespace
}  // namespace tattler::outbox::testing
