// runner_support.hpp -- what the golden-comparing runners (conformance,
// -bv) share: reading a file whole, showing bytes printably, and running
// a program with its output captured.
#pragma once
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace smcf::runner {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Bytes outside printable ASCII (but LF and TAB) as \xNN.
inline std::string printable(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '\n' || c == '\t' || (c >= 32 && c < 127)) {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

// Runs argv in `cwd` with stdin from `stdin_path`, TZ=UTC and LC_ALL=C (as
// the goldens were made); with `empty_environment` nothing else of the
// environment is passed on.  Returns stdout and stderr together, and the
// exit status (128 + signal when killed).
inline std::string run_captured(const std::vector<std::string>& argv, const std::string& stdin_path,
                                const std::string& cwd, bool empty_environment, int* exit_status) {
  int fds[2];
  if (pipe(fds) != 0) return "";
  pid_t pid = fork();
  if (pid == 0) {
    if (FILE* in = std::fopen(stdin_path.c_str(), "rb")) dup2(fileno(in), 0);
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    close(fds[0]);
    close(fds[1]);
    if (chdir(cwd.c_str()) != 0) _exit(127);
    std::vector<char*> av;
    for (const auto& a : argv) av.push_back(const_cast<char*>(a.c_str()));
    av.push_back(nullptr);
    if (empty_environment) {
      char tz[] = "TZ=UTC", lc[] = "LC_ALL=C";
      char* envp[] = {tz, lc, nullptr};
      execve(av[0], av.data(), envp);
    } else {
      setenv("TZ", "UTC", 1);
      setenv("LC_ALL", "C", 1);
      execv(av[0], av.data());
    }
    _exit(127);
  }
  close(fds[1]);
  std::string out;
  char buf[65536];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  close(fds[0]);
  int st = 0;
  waitpid(pid, &st, 0);
  *exit_status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  return out;
}

}  // namespace smcf::runner
