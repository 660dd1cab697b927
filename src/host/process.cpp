// process.cpp -- running a mailer program (see process.hpp).
#include "host/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <grp.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace smcf {
namespace {

long now_ms() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<long>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

// What the child needs, built before vfork(): the child may only make
// system calls (it shares the parent's memory until it execs).
struct ExecImage {
  std::vector<char*> argv, envp;
  explicit ExecImage(const ProcessRequest& req) {
    for (const auto& a : req.argv) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    for (const auto& e : req.environment) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
  }
};

// Every descriptor from `from` up, except `keep`.
void close_from(int from, int keep) {
  if (::syscall(SYS_close_range, from, keep - 1, 0) == 0 && ::syscall(SYS_close_range, keep + 1, ~0U, 0) == 0)
    return;
  for (int fd = from; fd < 1024; ++fd)
    if (fd != keep) ::close(fd);
}

// In the child: set up and exec; on failure write errno to `report` and
// _exit (the parent reads it: exec failures are not mailer statuses).
[[noreturn]] void exec_child(const ProcessRequest& req, const ExecImage& image, int in_fd, int out_fd, int report) {
  ::dup2(in_fd, 0);
  ::dup2(out_fd, 1);
  ::dup2(out_fd, 2);
  close_from(3, report);
  ::signal(SIGPIPE, SIG_DFL);
  // Its own process group, so a timeout kills whatever it started too.
  ::setpgid(0, 0);
  int err = 0;
  if (req.nice != 0 && ::setpriority(PRIO_PROCESS, 0, req.nice) != 0) err = errno;
  if (!err && req.directory && ::chdir(req.directory->c_str()) != 0) err = errno;
  if (!err && req.gid && ::setgid(static_cast<gid_t>(*req.gid)) != 0) err = errno;
  if (!err && req.uid && ::setuid(static_cast<uid_t>(*req.uid)) != 0) err = errno;
  if (!err) {
    ::execve(req.path.c_str(), image.argv.data(), image.envp.data());
    err = errno;
  }
  ssize_t w = ::write(report, &err, sizeof err);
  (void)w;
  ::_exit(127);
}

}  // namespace

ProcessResult run_process(const ProcessRequest& req) {
  ProcessResult r;
  int in[2], out[2], rep[2];
  if (::pipe2(in, O_CLOEXEC) != 0) {
    r.spawn_errno = errno;
    return r;
  }
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(rep, O_CLOEXEC) != 0) {
    r.spawn_errno = errno;
    ::close(in[0]);
    ::close(in[1]);
    return r;
  }
  const ExecImage image(req);
  // vfork(): a fork() would copy smcf's page tables for every mailer run.
  pid_t pid = ::vfork();
  if (pid < 0) {
    r.spawn_errno = errno;
    for (int fd : {in[0], in[1], out[0], out[1], rep[0], rep[1]}) ::close(fd);
    return r;
  }
  if (pid == 0) exec_child(req, image, in[0], out[1], rep[1]);
  ::setpgid(pid, pid);  // also here: a kill before the child's own call must reach the group
  ::close(in[0]);
  ::close(out[1]);
  ::close(rep[1]);
  int child_errno = 0;
  if (::read(rep[0], &child_errno, sizeof child_errno) == static_cast<ssize_t>(sizeof child_errno)) {
    r.spawn_errno = child_errno;
  } else {
    r.started = true;
  }
  ::close(rep[0]);
  ::fcntl(in[1], F_SETFL, O_NONBLOCK);
  ::fcntl(out[0], F_SETFL, O_NONBLOCK);
  // SIGPIPE would kill smcf when the mailer stops reading.
  struct sigaction ignore {}, old {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &old);

  std::size_t written = 0;
  int in_fd = r.started ? in[1] : -1;
  if (!r.started) ::close(in[1]);
  if (in_fd >= 0 && req.input.empty()) {
    ::close(in_fd);
    in_fd = -1;
  }
  int out_fd = out[0];
  const long deadline = req.timeout_seconds > 0 ? now_ms() + req.timeout_seconds * 1000 : 0;
  char buf[65536];
  while (out_fd >= 0) {
    pollfd fds[2];
    int n = 0;
    fds[n++] = {out_fd, POLLIN, 0};
    if (in_fd >= 0) fds[n++] = {in_fd, POLLOUT, 0};
    int wait = -1;
    if (deadline) {
      long left = deadline - now_ms();
      if (left <= 0) {
        r.timed_out = true;
        ::kill(-pid, SIGKILL);
        break;
      }
      wait = static_cast<int>(left);
    }
    int rc = ::poll(fds, static_cast<nfds_t>(n), wait);
    if (rc < 0 && errno == EINTR) continue;
    if (rc < 0) break;
    if (n == 2 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t w = ::write(in_fd, req.input.data() + written, req.input.size() - written);
      if (w > 0) written += static_cast<std::size_t>(w);
      if (w < 0 && errno != EAGAIN && errno != EINTR) {
        r.input_refused = written < req.input.size();
        ::close(in_fd);
        in_fd = -1;
      } else if (written == req.input.size()) {
        ::close(in_fd);
        in_fd = -1;
      }
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t got = ::read(out_fd, buf, sizeof buf);
      if (got > 0) {
        std::size_t keep = std::min(static_cast<std::size_t>(got), req.output_limit - std::min(req.output_limit, r.output.size()));
        r.output.append(buf, keep);
        r.output_dropped += static_cast<std::size_t>(got) - keep;
      } else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
        ::close(out_fd);
        out_fd = -1;
      }
    }
  }
  if (in_fd >= 0) ::close(in_fd);
  if (out_fd >= 0) ::close(out_fd);
  int st = 0;
  for (;;) {
    pid_t w = ::waitpid(pid, &st, deadline ? WNOHANG : 0);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) break;
    if (w == 0) {
      if (now_ms() >= deadline) {
        r.timed_out = true;
        ::kill(-pid, SIGKILL);
        ::waitpid(pid, &st, 0);
        break;
      }
      ::usleep(2000);
    }
  }
  ::sigaction(SIGPIPE, &old, nullptr);
  if (r.started) {
    if (WIFEXITED(st)) {
      r.exited = true;
      r.exit_status = WEXITSTATUS(st);
    } else if (WIFSIGNALED(st)) {
      r.signal = WTERMSIG(st);
    }
  }
  return r;
}

ChildResult run_in_child(std::optional<long> uid, std::optional<long> gid, long timeout_seconds,
                         const std::function<int(std::string& message)>& body) {
  ChildResult r;
  int msg[2];
  if (::pipe2(msg, O_CLOEXEC) != 0) return r;
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(msg[0]);
    ::close(msg[1]);
    return r;
  }
  if (pid == 0) {
    ::close(msg[0]);
    std::string text;
    int code = 75;  // EX_TEMPFAIL: the ids could not be taken
    bool ids_ok = true;
    if (::geteuid() == 0 && uid && gid) {
      gid_t g = static_cast<gid_t>(*gid);
      ids_ok = ::setgroups(1, &g) == 0 && ::setgid(g) == 0 && ::setuid(static_cast<uid_t>(*uid)) == 0;
    }
    if (ids_ok) code = body(text);
    else text = "451 4.0.0 cannot take the delivery user's ids";
    std::size_t off = 0;
    while (off < text.size()) {
      ssize_t w = ::write(msg[1], text.data() + off, text.size() - off);
      if (w <= 0) break;
      off += static_cast<std::size_t>(w);
    }
    ::_exit(code);
  }
  r.started = true;
  ::close(msg[1]);
  const long deadline = timeout_seconds > 0 ? now_ms() + timeout_seconds * 1000 : 0;
  char buf[4096];
  for (;;) {
    pollfd p{msg[0], POLLIN, 0};
    int wait = deadline ? static_cast<int>(std::max(0L, deadline - now_ms())) : -1;
    int rc = ::poll(&p, 1, wait);
    if (rc < 0 && errno == EINTR) continue;
    if (rc == 0) {
      r.timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    ssize_t got = ::read(msg[0], buf, sizeof buf);
    if (got > 0 && r.message.size() < 65536) r.message.append(buf, static_cast<std::size_t>(got));
    if (got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN)) break;
  }
  ::close(msg[0]);
  int st = 0;
  while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(st)) {
    r.exited = true;
    r.exit_status = WEXITSTATUS(st);
  }
  return r;
}

bool spawn_detached(const std::function<void()>& body) {
  pid_t pid = ::fork();
  if (pid < 0) return false;
  if (pid == 0) {
    ::setsid();
    pid_t grandchild = ::fork();
    if (grandchild != 0) ::_exit(grandchild < 0 ? 1 : 0);
    int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null >= 0)
      for (int fd = 0; fd < 3; ++fd) ::dup2(null, fd);
    body();
    ::_exit(0);
  }
  int st = 0;
  while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

}  // namespace smcf
