// program_map.cpp -- the program class (map.c prog_map_lookup, util.c
// prog_open): runs "FILE EXTRA-ARGS... KEY" with stdin closed, stdout on a
// pipe and stderr inherited, in /tmp; the first line of what one read()
// returns (at most 2047 bytes) is the value; a non-zero exit status makes
// the lookup fail with that status.
//
// Unlike sendmail, smcf never waits forever: after the map's -d timeout,
// else SessionOptions::program_timeout, the child is killed and the lookup
// is a temporary failure (75).
#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "maps/map_impl.hpp"
#include "maps/map_value.hpp"

extern char** environ;

namespace smcf::maps {
namespace {

constexpr int kMaxArgv = 256;  // MAXPV

using Clock = std::chrono::steady_clock;

// Waits until fd is readable or the deadline passes; false on timeout.
bool wait_readable(int fd, Clock::time_point deadline) {
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1 << 30)));
    if (r > 0) return true;
    if (r < 0 && errno != EINTR) return true;  // let read() report it
  }
}

bool transient_error(int err) {
  switch (err) {
    case EAGAIN: case EBUSY: case EINTR: case EIO: case ENFILE: case EMFILE: case ENOMEM:
    case ETIMEDOUT: case ECONNREFUSED: case ECONNRESET: case ENETDOWN: case ENETUNREACH:
    case EHOSTDOWN: case EHOSTUNREACH: case ENOBUFS: case ENOSPC: case ETXTBSY:
      return true;
    default: return false;
  }
}

class ProgramMap final : public MapImpl {
 public:
  using MapImpl::MapImpl;

  std::optional<std::string> lookup(MapSession& s, std::string& name, const MapArgs* args, int& status) override {
    Reporter& rep = s.reporter();
    std::vector<std::string> argv;
    argv.emplace_back(c_str_view(decl_.file.value_or("")));
    if (decl_.extra_args) {
      std::string extra(c_str_view(*decl_.extra_args).substr(0, limits::kMaxLine - 1));
      std::size_t i = 0;
      while (i < extra.size()) {
        while (i < extra.size() && (extra[i] == ' ' || extra[i] == '\t')) ++i;
        std::size_t b = i;
        while (i < extra.size() && extra[i] != ' ' && extra[i] != '\t') ++i;
        if (i > b) {
          if (static_cast<int>(argv.size()) >= kMaxArgv - 1) break;
          argv.push_back(extra.substr(b, i - b));
        }
      }
    }
    argv.emplace_back(c_str_view(name));

    int fds[2];
    if (::pipe(fds) < 0) {
      rep.syserr("program-map-pipe", fmt::format("{}: cannot create pipe for stdout", argv[0]), errno);
      return open_failed(rep, status);
    }
    // The child may write on our stderr: what we printed before must be out
    // first, as sendmail's flushed output is.
    rep.flush_output();
    pid_t pid = ::fork();
    if (pid < 0) {
      int e = errno;
      rep.syserr("program-map-fork", fmt::format("{}: cannot fork", argv[0]), e);
      ::close(fds[0]);
      ::close(fds[1]);
      return open_failed(rep, status);
    }
    if (pid == 0) run_child(argv, fds);
    ::close(fds[1]);

    const auto seconds = decl_.timeout > 0 ? std::chrono::seconds(decl_.timeout) : s.options().program_timeout;
    const auto deadline = Clock::now() + seconds;
    std::optional<std::string> rval;
    bool timed_out = false;
    char buf[limits::kMaxLine];
    if (!wait_readable(fds[0], deadline)) {
      timed_out = true;
    } else {
      ssize_t n;
      do n = ::read(fds[0], buf, sizeof buf - 1);
      while (n < 0 && errno == EINTR);
      if (n < 0) {
        rep.syserr("program-map-read", fmt::format("prog_map_lookup({}): read error {}", decl_.name, std::strerror(errno)));
      } else if (n > 0) {
        std::string_view out(buf, static_cast<std::size_t>(n));
        out = c_str_view(out);
        if (auto nl = out.find('\n'); nl != std::string_view::npos) out = out.substr(0, nl);
        rval = decl_.flags.match_only ? map_rewrite(decl_, name, name, nullptr) : map_rewrite(decl_, out, name, args);
        // Drain the rest of the output.
        for (;;) {
          if (!wait_readable(fds[0], deadline)) {
            timed_out = true;
            break;
          }
          do n = ::read(fds[0], buf, sizeof buf);
          while (n < 0 && errno == EINTR);
          if (n <= 0) break;
        }
      }
    }
    ::close(fds[0]);
    if (timed_out) ::kill(pid, SIGKILL);
    int wstatus = 0;
    pid_t w;
    do w = ::waitpid(pid, &wstatus, 0);
    while (w < 0 && errno == EINTR);
    if (timed_out) {
      status = kStatTempFail;
      return std::nullopt;
    }
    if (w < 0) {
      rep.syserr("program-map-wait", fmt::format("prog_map_lookup({}): wait error {}", decl_.name, std::strerror(errno)));
      status = kStatSoftware;
      return std::nullopt;
    }
    if (WIFEXITED(wstatus)) {
      status = WEXITSTATUS(wstatus);
      if (status != kStatOk) rval.reset();
      return rval;
    }
    rep.syserr("program-map-signal", fmt::format("prog_map_lookup({}): child died on signal {}", decl_.name, wstatus));
    status = kStatUnavailable;
    return std::nullopt;
  }

 private:
  std::optional<std::string> open_failed(Reporter& rep, int& status) {
    if (!decl_.flags.optional)
      rep.syserr("program-map-failed",
                 fmt::format("prog_map_lookup({}) failed ({}) -- closing", decl_.name, std::strerror(errno)));
    disable_ = Disable::Invalid;
    status = kStatOsFile;
    return std::nullopt;
  }

  [[noreturn]] static void run_child(const std::vector<std::string>& argv, const int fds[2]) {
    ::close(0);
    ::close(fds[0]);
    if (::dup2(fds[1], 1) < 0) ::_exit(kStatOsErr);
    ::close(fds[1]);
    if (::chdir("/tmp") < 0 && ::chdir("/") < 0) {
      // stay where we are
    }
    for (int fd = 3; fd < 1024; ++fd) ::close(fd);
    std::vector<char*> av;
    for (const auto& a : argv) av.push_back(const_cast<char*>(a.c_str()));
    av.push_back(nullptr);
    ::execve(av[0], av.data(), environ);
    ::_exit(transient_error(errno) ? kStatOsErr : kStatConfig);
  }
};

}  // namespace

std::unique_ptr<MapImpl> make_program_map(const MapDecl& d) { return std::make_unique<ProgramMap>(d); }

}  // namespace smcf::maps
