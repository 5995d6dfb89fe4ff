// wal_checkpointer.hpp - SQLite checkpoints off the writer thread.
//
// By default SQLite checkpoints inside the commit that takes the
// write-ahead log past 1,000 pages: it copies the log into the database
// file and flushes both, and every request waiting on the writer thread
// waits those milliseconds with it (p99 at half the peak rate 5.5 ms with
// it, 1.9 ms without). Instead the writer connection reports the log's
// length after each commit (SqliteConnection::on_commit, which also turns
// SQLite's own checkpoints off) to a WalCheckpointer, whose thread runs a
// PASSIVE checkpoint on a connection of its own once the log passes
// kPages. PASSIVE never waits for the writer nor holds it up.
//
// The writer starts the log again from its beginning only when a
// checkpoint has copied all of it, which one running beside the writer
// seldom does under load: the log would grow without end. So when it
// passes kWriterPages, committed() asks the writer to checkpoint once
// itself, in its commit: by then the thread has copied and flushed
// nearly all of the log, and what is left is short.
//
// Limits: while a reader holds an old snapshot a checkpoint stops short
// of it, and the log grows until the next one gets further.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/result.hpp"
#include "outbox/sqlite_connection.hpp"

namespace tattler::outbox {

class WalCheckpointer {
 public:
  // Log pages that start a checkpoint (SQLite's own default).
  static constexpr int kPages = 1000;

  // Log pages past which the writer checkpoints itself.
  static constexpr int kWriterPages = 2 * kPages;

  // Start - a connection to db_path and the "outbox-checkpoint" thread.
  static Result<std::shared_ptr<WalCheckpointer>> Start(
      const std::string& db_path);

  // ~WalCheckpointer - stops the thread (after the checkpoint under way).
  ~WalCheckpointer();

  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // committed - the log holds wal_pages pages after a commit; wakes the
  // thread when that is kPages or more. True when the writer should
  // checkpoint now (kWriterPages or more). Cheap: call after every commit.
  bool committed(int wal_pages);

  // checkpoints - checkpoints run so far (tests).
  int checkpoints() const;

 private:
  explicit WalCheckpointer(std::unique_ptr<SqliteConnection> db);

  void loop();

  std::unique_ptr<SqliteConnection> db_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool due_ = false;
  bool stopping_ = false;
  int checkpoints_ = 0;
  std::thread thread_;
};

}  // namespace tattler::outbox
