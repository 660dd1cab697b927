// effects.hpp -- the side effects delivery depends on, behind one pinnable
// boundary: the clock, the process id, random numbers, the load average,
// and named failpoints (crash points for the kill tests).
//
// Like System (host/system.hpp) for what smcf reads from the machine, this
// is what smcf takes from the running process.  Everything delivery does
// that could make a test non-deterministic comes from here, so a test pins
// the time and pid and gets the same queue ids, the same qf bytes and the
// same listing on every run.
//
// Failpoints: with SMCF_FAILPOINT=NAME in the environment (or a pinned
// name), the process kills itself with SIGKILL when it reaches the step
// called NAME; "NAME:N" kills on the N-th time.  That gives the kill -9
// matrix a deterministic crash at every step of the queue's commit.
#pragma once
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace smcf {

class CommitGroup;

struct EffectsOptions {
  std::optional<std::time_t> now;         // pin the clock (seconds since the epoch)
  std::optional<long> pid;                // pin the process id
  std::optional<unsigned> random;         // pin every random number to this value
  std::optional<int> load_average;        // pin getloadavg()'s 1-minute value (truncated)
  std::optional<int> processors;          // pin the number of online processors
  std::optional<std::string> failpoint;   // pin the failpoint (default: $SMCF_FAILPOINT)
};

class Effects {
 public:
  explicit Effects(EffectsOptions opts = {});

  std::time_t now() const;
  long pid() const;
  unsigned random() const;
  // sendmail's CurrentLA: the 1-minute load average, truncated (0 when unknown).
  int load_average() const;
  // Online processors (sendmail scales QueueLA and RefuseLA by them).
  int processors() const;

  // Kills the process (SIGKILL, no clean-up) when `name` is the armed
  // failpoint and its count is reached.  Names are listed in docs/delivery.md.
  void failpoint(std::string_view name) const;

  const EffectsOptions& options() const { return opts_; }

  // The daemon's group commit (host/commit_group.hpp), shared by the
  // processes it forks; nullptr (each commit flushes by itself) elsewhere.
  CommitGroup* commit_group() const { return commit_group_; }
  void set_commit_group(CommitGroup* g) { commit_group_ = g; }

 private:
  EffectsOptions opts_;
  std::string armed_;       // the failpoint name ("" when none)
  mutable long remaining_;  // hits left before the kill
  CommitGroup* commit_group_ = nullptr;
};

}  // namespace smcf
