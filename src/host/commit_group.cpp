// commit_group.cpp -- the shared page and the leader/waiter protocol of a
// group commit (see commit_group.hpp).
//
// Rounds are numbered.  A request taken while `next_round` is R can only
// be covered by round R or later: R has not started yet, so it starts
// after the request's writes.  Only one round runs at a time, so rounds
// finish in order and `done_round >= R` means the request is durable.
#include "host/commit_group.hpp"

#include <pthread.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <csignal>
#include <ctime>

namespace smcf {

struct CommitGroup::Shared {
  pthread_mutex_t mutex;
  pthread_cond_t done;
  dev_t dev;
  std::uint64_t next_round;     // the round the next leader runs
  std::uint64_t done_round;     // the last round finished
  std::uint64_t failed_round;   // the last round that failed (0: none)
  int failed_errno;
  bool busy;                    // a round is running
  pid_t leader;                 // ... run by this process
  std::uint64_t requests;
};

namespace {

// How long a waiter sleeps before it looks whether the leader still lives.
constexpr long kLeaderCheckNs = 50L * 1000 * 1000;

// A robust mutex: a process killed while holding it (kill -9 in the
// few instructions it is held) leaves it to the next owner.
void lock(pthread_mutex_t* m) {
  if (::pthread_mutex_lock(m) == EOWNERDEAD) ::pthread_mutex_consistent(m);
}

timespec deadline_after(long ns) {
  timespec t{};
  ::clock_gettime(CLOCK_MONOTONIC, &t);
  t.tv_nsec += ns;
  t.tv_sec += t.tv_nsec / 1000000000L;
  t.tv_nsec %= 1000000000L;
  return t;
}

void (*g_round_hook)() = nullptr;

bool alive(pid_t pid) { return ::kill(pid, 0) == 0 || errno != ESRCH; }

}  // namespace

std::unique_ptr<CommitGroup> CommitGroup::create(dev_t dev) {
  void* page = ::mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED) return nullptr;
  auto* s = static_cast<Shared*>(page);
  pthread_mutexattr_t ma;
  ::pthread_mutexattr_init(&ma);
  ::pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
  ::pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST);
  pthread_condattr_t ca;
  ::pthread_condattr_init(&ca);
  ::pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
  ::pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  const bool ok = ::pthread_mutex_init(&s->mutex, &ma) == 0 && ::pthread_cond_init(&s->done, &ca) == 0;
  ::pthread_mutexattr_destroy(&ma);
  ::pthread_condattr_destroy(&ca);
  if (!ok) {
    ::munmap(page, sizeof(Shared));
    return nullptr;
  }
  s->dev = dev;
  s->next_round = 1;
  s->done_round = 0;
  s->failed_round = 0;
  s->failed_errno = 0;
  s->busy = false;
  s->leader = 0;
  s->requests = 0;
  return std::unique_ptr<CommitGroup>(new CommitGroup(s));
}

// Each process unmaps its own view; the page goes with the last one.
CommitGroup::~CommitGroup() { ::munmap(shared_, sizeof(Shared)); }

bool CommitGroup::covers(dev_t dev) const { return dev == shared_->dev; }

int CommitGroup::sync(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return errno;
  if (!covers(st.st_dev)) return ENOTSUP;
  Shared& s = *shared_;
  lock(&s.mutex);
  const std::uint64_t need = s.next_round;
  ++s.requests;
  while (s.done_round < need) {
    if (!s.busy) {
      const std::uint64_t round = s.next_round++;
      assert(round >= need);
      s.busy = true;
      s.leader = ::getpid();
      ::pthread_mutex_unlock(&s.mutex);
      if (g_round_hook) g_round_hook();
      const int rc = ::syncfs(fd) == 0 ? 0 : errno;
      lock(&s.mutex);
      if (rc != 0) {
        s.failed_round = round;
        s.failed_errno = rc;
      }
      s.done_round = round;
      s.busy = false;
      ::pthread_cond_broadcast(&s.done);
      continue;
    }
    const timespec until = deadline_after(kLeaderCheckNs);
    const int w = ::pthread_cond_timedwait(&s.done, &s.mutex, &until);
    if (w == EOWNERDEAD) ::pthread_mutex_consistent(&s.mutex);
    // A leader that died mid-round never finishes it; the round that the
    // next leader starts begins after this request, so it covers it.
    if (w == ETIMEDOUT && s.busy && !alive(s.leader)) s.busy = false;
  }
  const int result = s.failed_round >= need ? s.failed_errno : 0;
  ::pthread_mutex_unlock(&s.mutex);
  return result;
}

void CommitGroup::set_round_hook_for_tests(void (*hook)()) { g_round_hook = hook; }

CommitGroup::Stats CommitGroup::stats() const {
  Shared& s = *shared_;
  lock(&s.mutex);
  Stats out{s.done_round, s.requests};
  ::pthread_mutex_unlock(&s.mutex);
  return out;
}

}  // namespace smcf
