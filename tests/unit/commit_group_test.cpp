// commit_group_test.cpp -- the daemon's group commit (host/commit_group):
// requests from many processes are all served, a round covers several of
// them, a request for another file system is refused, and a leader killed
// in the middle of its round does not leave the others waiting.
#include "host/commit_group.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

namespace smcf {
namespace {

struct ScratchFile {
  std::string dir;
  int fd = -1;
  ScratchFile() {
    char tmpl[] = "/var/tmp/commitgroup.XXXXXX";
    dir = ::mkdtemp(tmpl);
    fd = ::open((dir + "/f").c_str(), O_RDWR | O_CREAT, 0600);
  }
  ~ScratchFile() {
    ::close(fd);
    ::unlink((dir + "/f").c_str());
    ::rmdir(dir.c_str());
  }
  dev_t dev() const {
    struct stat st {};
    ::fstat(fd, &st);
    return st.st_dev;
  }
};

TEST(CommitGroup, ServesEveryRequestOfManyProcesses) {
  ScratchFile f;
  auto group = CommitGroup::create(f.dev());
  ASSERT_NE(group, nullptr);
  constexpr int kProcs = 8, kEach = 20;
  std::vector<pid_t> kids;
  for (int p = 0; p < kProcs; ++p) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int bad = 0;
      for (int i = 0; i < kEach; ++i) {
        if (::pwrite(f.fd, "x", 1, p * kEach + i) != 1 || group->sync(f.fd) != 0) ++bad;
      }
      ::_exit(bad);
    }
    kids.push_back(pid);
  }
  for (pid_t pid : kids) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  const CommitGroup::Stats st = group->stats();
  EXPECT_EQ(st.requests, static_cast<std::uint64_t>(kProcs * kEach));
  EXPECT_GE(st.rounds, 1u);
  EXPECT_LE(st.rounds, st.requests);
}

TEST(CommitGroup, RefusesAnotherFileSystem) {
  ScratchFile f;
  auto group = CommitGroup::create(f.dev() + 1);
  ASSERT_NE(group, nullptr);
  EXPECT_EQ(group->sync(f.fd), ENOTSUP);
  EXPECT_EQ(group->stats().requests, 0u);
}

// The leader's hook stops it (SIGSTOP) with its round taken, then the
// test kills it: the waiting process must take a round of its own.
void stop_self() { ::raise(SIGSTOP); }

TEST(CommitGroup, OutlivesALeaderKilledInItsRound) {
  ScratchFile f;
  auto group = CommitGroup::create(f.dev());
  ASSERT_NE(group, nullptr);
  pid_t leader = ::fork();
  ASSERT_GE(leader, 0);
  if (leader == 0) {
    CommitGroup::set_round_hook_for_tests(stop_self);
    ::_exit(group->sync(f.fd));
  }
  int status = 0;
  ASSERT_EQ(::waitpid(leader, &status, WUNTRACED), leader);
  ASSERT_TRUE(WIFSTOPPED(status));
  pid_t waiter = ::fork();
  ASSERT_GE(waiter, 0);
  if (waiter == 0) ::_exit(group->sync(f.fd) == 0 ? 0 : 1);
  // The waiter sleeps on the stopped leader's round; it must not return
  // before the leader is gone, and must return soon after.
  ::usleep(200 * 1000);
  EXPECT_EQ(::waitpid(waiter, &status, WNOHANG), 0);
  ::kill(leader, SIGKILL);
  ::waitpid(leader, &status, 0);
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(::waitpid(waiter, &status, 0), waiter);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(group->stats().requests, 2u);
}

}  // namespace
}  // namespace smcf
