// wal_checkpointer.cpp - one thread, one connection, PASSIVE checkpoints.
//
// Limits: see wal_checkpointer.hpp.
#include "outbox/wal_checkpointer.hpp"

#include <spdlog/spdlog.h>

#include "common/thread_name.hpp"

namespace tattler::outbox {

// Start - open the checkpoint connection and start the thread.
Result<std::shared_ptr<WalCheckpointer>> WalCheckpointer::Start(
    const std::string& db_path) {
  auto db = SqliteConnection::Open(db_path);
  if (!db) return Err{db.error()};
  return std::shared_ptr<WalCheckpointer>(
      new WalCheckpointer(std::move(*db)));
}

WalCheckpointer::WalCheckpointer(std::unique_ptr<SqliteConnection> db)
    : db_(std::move(db)) {
  thread_ = std::thread([this] {
    NameThisThread("outbox-checkpoint");
    loop();
  });
}

// ~WalCheckpointer - ask the thread to end and wait for it.
WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

// committed - note that a checkpoint is due and wake the thread once;
// past kWriterPages, the writer's turn.
bool WalCheckpointer::committed(int wal_pages) {
  if (wal_pages < kPages) return false;
  std::unique_lock lock(mutex_);
  if (wal_pages >= kWriterPages) {
    // The thread starts no new checkpoint, so that the writer's finds
    // the checkpoint lock free.
    due_ = false;
    return true;
  }
  if (due_) return false;
  due_ = true;
  lock.unlock();
  cv_.notify_one();
  return false;
}

// checkpoints - how many ran.
int WalCheckpointer::checkpoints() const {
  std::lock_guard lock(mutex_);
  return checkpoints_;
}

// loop - a checkpoint each time one is due, until stopped.
void WalCheckpointer::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    cv_.wait(lock, [&] { return stopping_ || due_; });
    if (stopping_) return;
    due_ = false;
    lock.unlock();

    // A failure (the disk) is logged; the next commit asks again.
    Status s = db_->exec_script("PRAGMA wal_checkpoint(PASSIVE)");
    if (!s) spdlog::warn("- outbox.checkpoint error=\"{}\"", s.message());

    lock.lock();
    ++checkpoints_;
  }
}

}  // namespace tattler::outbox
