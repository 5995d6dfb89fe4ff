// crash_test.cpp - an accepted job survives kill -9 of its process.
//
// A child process opens the SQLite outbox, enqueues jobs (and has some
// claimed and completed, which commit without a flush), tells the parent
// through a pipe, and is killed with SIGKILL. The parent reopens the file:
// every job whose enqueue returned is there, in the state last committed.
//
// Limits: a process crash only; power loss is the file system's and
// fsync's business and is not simulated.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "outbox/store.hpp"

namespace tattler::outbox {
namespace {

// Child - enqueue n jobs, deliver the first; report; wait to be killed.
[[noreturn]] void Child(const std::string& dir, int n, int report_fd) {
  OutboxOptions options;
  options.queue_dir = dir;
  auto store = OpenStore(options);
  if (!store) _exit(2);
  for (int i = 0; i < n; ++i) {
    Job job;
    job.id = "email:" + std::to_string(i);
    job.message.recipients = {"a@example.com"};
    job.message.data = "x";
    if (!(*store)->enqueue({job}).ok()) _exit(3);
  }
  auto claimed = (*store)->claim("child", 1, std::chrono::minutes(1));
  if (!claimed || claimed->size() != 1) _exit(4);
  auto done = (*store)->complete(claimed->front().id, "child",
                                 AttemptKind::kDelivered, "OK");
  if (!done) _exit(5);
  (void)!write(report_fd, "k", 1);
  for (;;) pause();
}

TEST(CrashTest, JobsAcceptedBeforeKillNineAreStillThere) {
  char tmpl[] = "/tmp/tattler-crash-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  constexpr int kJobs = 20;

  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) Child(dir, kJobs, fds[1]);
  close(fds[1]);
  char c = 0;
  const bool reported = read(fds[0], &c, 1) == 1;
  close(fds[0]);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(reported) << "child exit status " << WEXITSTATUS(status);

  OutboxOptions options;
  options.queue_dir = dir;
  auto store = OpenStore(options);
  ASSERT_TRUE(store.ok()) << store.error();
  auto stats = (*store)->stats();

  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->jobs_by_state[State::kQueued], kJobs - 1);
  EXPECT_EQ(stats->jobs_by_state[State::kDelivered], 1);
  store->reset();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace tattler::outbox
