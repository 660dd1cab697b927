// file_mailer.cpp -- mailfile() (see file_mailer.hpp).
#include "deliver/file_mailer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "host/process.hpp"

namespace smcf::deliver {
namespace {

// sendmail's transienterror(): errors worth a retry.
bool transient(int err) {
  switch (err) {
    case EIO: case EAGAIN: case EINTR: case ENFILE: case EMFILE: case ENOSPC: case ETIMEDOUT:
    case ENOBUFS: case ENETDOWN: case ENETUNREACH: case ECONNRESET: case EHOSTDOWN: case EHOSTUNREACH:
    case ECONNREFUSED: case EDQUOT:
      return true;
    default:
      return false;
  }
}

// The child's part: check, open, append, fsync.
int append(const FileDelivery& d, const std::string& file, std::string& message) {
  struct stat st {};
  int oflags = O_WRONLY | O_APPEND | O_CLOEXEC;
  unsigned mode = d.file_mode;
  int err = d.allow_symlink ? ::stat(file.c_str(), &st) : ::lstat(file.c_str(), &st);
  if (err < 0) {
    oflags |= O_CREAT | O_EXCL;
  } else {
    mode = st.st_mode & ~(S_ISUID | S_ISGID) & 07777;
    if ((st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) || (!d.allow_hardlink && st.st_nlink != 1))
      return exitstat::kCantCreat;
  }
  if (!d.allow_symlink) oflags |= O_NOFOLLOW;
  int fd = ::open(file.c_str(), oflags, mode);
  if (fd < 0) {
    int e = errno;
    message = fmt::format("{} cannot open {}: {}", transient(e) ? "454 4.3.0" : "554 5.3.0", shorten(d.path, 203),
                          std::strerror(e));
    return transient(e) ? exitstat::kTempFail : exitstat::kCantCreat;
  }
  struct stat now {};
  if (::fstat(fd, &now) < 0 || !S_ISREG(now.st_mode)) {
    ::close(fd);
    message = "554 5.3.0 file changed after open";
    return exitstat::kCantCreat;
  }
  const off_t old_size = now.st_size;
  bool ok = true;
  std::size_t off = 0;
  while (ok && off < d.content.size()) {
    ssize_t w = ::write(fd, d.content.data() + off, d.content.size() - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) ok = false;
    else off += static_cast<std::size_t>(w);
  }
  if (ok && d.fsync && ::fsync(fd) != 0) ok = false;
  int code = exitstat::kOk;
  if (!ok) {
    if (::ftruncate(fd, old_size) != 0) { /* the error below stands */ }
    code = exitstat::kIoErr;
  }
  ::fchmod(fd, mode);
  if (::close(fd) != 0) code = exitstat::kIoErr;
  return code;
}

}  // namespace

FileResult deliver_to_file(const FileDelivery& d) {
  FileResult r;
  if (d.path == "/dev/null") return r;
  std::string root, file = d.real_path;
  if (d.safe_file_environment && !d.safe_file_environment->empty()) {
    root = *d.safe_file_environment;
    std::string_view rest = file;
    if (rest.substr(0, root.size()) == root) rest.remove_prefix(root.size());
    while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
    file = "/" + std::string(rest);
  }
  ChildResult c = run_in_child(d.uid, d.gid, d.timeout_seconds, [&](std::string& message) {
    if (!root.empty() && ::chroot(root.c_str()) != 0) {
      message = fmt::format("mailfile: Cannot chroot({})", root);
      return exitstat::kCantCreat;
    }
    return append(d, file, message);
  });
  r.message = c.message;
  if (!c.started) r.exit_status = exitstat::kOsErr;
  else if (c.timed_out) r.exit_status = exitstat::kTempFail;
  else if (!c.exited) r.exit_status = exitstat::kUnavailable;
  else r.exit_status = c.exit_status;
  return r;
}

}  // namespace smcf::deliver
