// wal_checkpointer_test.cpp - checkpoints in their own thread keep the
// write-ahead log bounded while the writer never checkpoints itself.
//
// A real SQLite file: a writer connection commits 100 KB rows; the log's
// length comes to the checkpointer through the writer's commit hook.
//
// Limits: real time, bounded waits of seconds; nothing asserts speed.
#include "outbox/wal_checkpointer.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

namespace tattler::outbox {
namespace {

class WalCheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/tattler-ckpt-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    path_ = dir_ + "/db.sqlite3";
    auto writer = SqliteConnection::Open(path_);
    ASSERT_TRUE(writer.ok()) << writer.error();
    writer_ = std::move(*writer);
    ASSERT_TRUE(writer_->exec_script("PRAGMA synchronous = NORMAL;"
                                     "CREATE TABLE t (b BLOB NOT NULL)")
                    .ok());
  }

  void TearDown() override {
    writer_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // write - n commits of one 100 KB row each (25 log pages), `pause`
  // apart.
  void write(int n, std::chrono::microseconds pause = {}) {
    const std::string row(100 * 1024, 'x');
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(writer_->exec("INSERT INTO t (b) VALUES (?)", {Blob{row}})
                      .ok());
      std::this_thread::sleep_for(pause);
    }
  }

  std::string dir_, path_;
  std::unique_ptr<SqliteConnection> writer_;
};

TEST_F(WalCheckpointerTest, WithoutItTheWriterNoLongerCheckpoints) {
  int longest = 0;
  writer_->on_commit([&](int pages) {
    longest = std::max(longest, pages);
    return false;
  });

  write(270);  // 27 MB, about 6,900 pages of 4 KB

  EXPECT_GT(longest, 6000);
}

TEST_F(WalCheckpointerTest, CheckpointsKeepTheLogShort) {
  auto cp = WalCheckpointer::Start(path_);
  ASSERT_TRUE(cp.ok()) << cp.error();
  auto checkpointer = *cp;
  int longest = 0, restarts = 0, last = 0;
  writer_->on_commit([&, checkpointer](int pages) {
    longest = std::max(longest, pages);
    if (pages < last) ++restarts;  // the log began again
    last = pages;
    return checkpointer->committed(pages);
  });

  // 100 MB/s, faster than a server writes: the thread's checkpoints may
  // fall behind, and then the writer's own ones keep the log short.
  write(270, std::chrono::milliseconds(1));

  EXPECT_LT(longest, 6000);  // 6,900 without checkpoints
  EXPECT_GE(restarts, 2);
  auto rows = writer_->exec("SELECT COUNT(*) FROM t", {});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->front()[0].value_or(""), "270");
}

}  // namespace
}  // namespace tattler::outbox
