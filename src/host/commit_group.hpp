// commit_group.hpp -- group commit across the daemon's processes: one
// syncfs() makes the queue writes of every session that asked before it
// began durable, so that N messages arriving together cost one disk
// flush instead of 3N fsync()s.
//
// Why: each message the SMTP server accepts must be on disk before its
// 250 (SuperSafe=True).  Done alone, that is three flushes per message
// (df, tf, the directory), and concurrent fsync()s from different
// processes hardly share the journal commit on ext4 (measured: 16
// processes get 1.8x one process).  A syncfs() writes back every dirty
// file of the file system and commits the journal once; whoever asked
// before it started is covered by it.
//
// The daemon creates the group before it forks the connection processes;
// the state lives in a MAP_SHARED anonymous page they all inherit.  One
// of the waiting processes runs the round (the "leader"); the others
// sleep on a process-shared condition variable.  A leader killed in the
// middle of its round is noticed by the waiters (they poll its pid) and
// the next round covers them.  A failed round fails every request it was
// to cover, and -- to stay on the safe side -- any request that waits
// while a later failure is known; a failed request is never reported
// durable.
//
// The group serves one file system: a request for a file on another one
// is refused (ENOTSUP) and the caller syncs its files itself.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <memory>

namespace smcf {

class CommitGroup {
 public:
  // The group for the file system `dev` (st_dev of the queue directory);
  // nullptr when the shared page cannot be made (the caller then commits
  // each message by itself).
  static std::unique_ptr<CommitGroup> create(dev_t dev);
  ~CommitGroup();
  CommitGroup(const CommitGroup&) = delete;
  CommitGroup& operator=(const CommitGroup&) = delete;

  // Whether the file system `dev` is the group's.
  bool covers(dev_t dev) const;

  // Returns once every write this process completed before the call, on
  // the file system of `fd`, is durable: 0, or the errno of the failed
  // round (ENOTSUP when `fd` is on another file system).
  int sync(int fd);

  struct Stats {
    std::uint64_t rounds = 0;    // syncfs() calls made
    std::uint64_t requests = 0;  // sync() calls served
  };
  Stats stats() const;

  // Tests only: called by a leader after it has taken a round and before
  // its syncfs(), so that a test can kill a leader in the middle.
  static void set_round_hook_for_tests(void (*hook)());

 private:
  struct Shared;
  explicit CommitGroup(Shared* s) : shared_(s) {}
  Shared* shared_;
};

}  // namespace smcf
