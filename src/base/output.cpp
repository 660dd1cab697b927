// output.cpp -- block writes of the session output.
#include "base/output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace smcf {

void Output::widen_pipe() {
#ifdef F_SETPIPE_SZ
  struct stat st {};
  if (fd_ < 0 || ::fstat(fd_, &st) != 0 || !S_ISFIFO(st.st_mode)) return;
  if (::fcntl(fd_, F_GETPIPE_SZ) < (1 << 20)) (void)::fcntl(fd_, F_SETPIPE_SZ, 1 << 20);
#endif
}

void Output::flush() {
  if (fd_ < 0 || buf_.empty()) return;
  const char* p = buf_.data();
  std::size_t left = buf_.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;  // the reader went away: drop the output, as stdio would
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  buf_.clear();
}

}  // namespace smcf
