// correlation_id_test.cpp - shape and uniqueness of correlation ids.
//
// Limits: uniqueness is checked within one process and across one fork.
#include "tattler/correlation_id.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <set>
#include <vector>

namespace {

bool all_alnum(const std::string& s) {
  return std::all_of(s.begin(), s.end(),
                     [](unsigned char c) { return std::isalnum(c); });
}

TEST(CorrelationId, WithoutPrefixIsAtLeastSixteenLettersAndDigits) {
  std::string id = tattler::mk_correlation_id();

  EXPECT_GE(id.size(), 16u);
  EXPECT_TRUE(all_alnum(id)) << id;
  EXPECT_GE(std::set<char>(id.begin(), id.end()).size(), 6u);
}

TEST(CorrelationId, PrefixIsFollowedByColonAndRandomPart) {
  std::string id = tattler::mk_correlation_id("billing");

  ASSERT_EQ(id.rfind("billing:", 0), 0u) << id;
  std::string rest = id.substr(8);
  EXPECT_GE(rest.size(), 16u);
  EXPECT_TRUE(all_alnum(rest)) << id;
}

TEST(CorrelationId, TwoMillionCallsGiveNoDuplicate) {
  constexpr std::size_t kCount = 2000000;
  std::vector<std::array<char, 22>> ids(kCount);

  for (auto& slot : ids) {
    std::string id = tattler::mk_correlation_id();
    ASSERT_EQ(id.size(), slot.size());
    std::memcpy(slot.data(), id.data(), slot.size());
  }
  std::sort(ids.begin(), ids.end());

  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
}

TEST(CorrelationId, ForkedChildDoesNotRepeatItsParent) {
  tattler::mk_correlation_id();  // the parent's generator is seeded
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);

  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::string id = tattler::mk_correlation_id();
    ssize_t n = write(pipe_fds[1], id.data(), id.size());
    _exit(n == static_cast<ssize_t>(id.size()) ? 0 : 1);
  }
  std::string parent_id = tattler::mk_correlation_id();
  char buf[64] = {};
  ssize_t n = read(pipe_fds[0], buf, sizeof buf - 1);
  int status = 0;
  waitpid(child, &status, 0);
  close(pipe_fds[0]);
  close(pipe_fds[1]);

  ASSERT_GT(n, 0);
  EXPECT_NE(std::string(buf, n), parent_id);
}

}  // namespace
