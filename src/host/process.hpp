// process.hpp -- running a program the way a mailer is run: argv, a
// message on its standard input, its standard output and error collected
// (bounded), an optional user, directory and nice value, and a hard time
// limit after which it is killed.
//
// This is the process boundary of delivery (as System is the file one and
// Effects the clock one): the only place smcf forks and execs, so tests
// can see and bound every child.  Writing the input and reading the
// output are interleaved with poll(), so a mailer that writes a lot
// before it reads cannot deadlock the two.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace smcf {

struct ProcessRequest {
  std::string path;                 // P=
  std::vector<std::string> argv;    // argv[0] included
  std::string input;                // written to standard input, then closed
  std::optional<long> uid, gid;     // set both (when running as root)
  std::optional<std::string> directory;  // chdir() first (D=)
  int nice = 0;                     // N=
  long timeout_seconds = 0;         // killed (SIGKILL) after this; 0: no limit
  std::size_t output_limit = 1 << 20;  // output kept beyond this is dropped (counted)
  std::vector<std::string> environment;  // the child's whole environment
};

struct ProcessResult {
  bool started = false;
  int spawn_errno = 0;          // why it could not be started (exec failure: EX_ value 127 style)
  bool exited = false;
  int exit_status = 0;          // WEXITSTATUS when exited
  int signal = 0;               // WTERMSIG when killed by a signal
  bool timed_out = false;       // smcf killed it at the time limit
  bool input_refused = false;   // it closed its input before reading all (EPIPE)
  std::string output;           // standard output and error, interleaved, up to output_limit
  std::size_t output_dropped = 0;
};

ProcessResult run_process(const ProcessRequest& req);

// A piece of smcf run in a child process under another user (sendmail's
// mailfile() forks to write a file as its owner): the child takes the
// ids (when set and smcf is root: setgroups, setgid, setuid), runs
// `body`, and exits with what it returns; `message` is what it left in
// its argument (a usrerr line), carried back through a pipe.  The child
// is killed after `timeout_seconds` (0: none).
// Runs `body` in a detached grandchild (its own session, standard
// descriptors on /dev/null) and returns at once: the background delivery
// of -odb.  False when it could not be started.
bool spawn_detached(const std::function<void()>& body);

struct ChildResult {
  bool started = false;
  bool exited = false;
  int exit_status = 0;
  bool timed_out = false;
  std::string message;
};
ChildResult run_in_child(std::optional<long> uid, std::optional<long> gid, long timeout_seconds,
                         const std::function<int(std::string& message)>& body);

}  // namespace smcf
