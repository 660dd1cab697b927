// output.cpp -- block writes of the session output.
#include "base/output.hpp"

#include <unistd.h>

#include <cerrno>

namespace smcf {

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
