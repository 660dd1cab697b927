// output.hpp -- the single output stream of a test-mode session.
//
// sendmail -bt writes its trace, its messages and its prompts to one stream
// (stdout).  smcf collects everything in one large buffer and writes it in
// big blocks; the owner flushes before it blocks on interactive input, so
// prompts still appear in time on a terminal and the byte order on a pipe
// is exactly the order of the calls.
#pragma once
#include <string>
#include <string_view>

namespace smcf {

class Output {
 public:
  // fd < 0: keep everything in memory (take() returns it).  A pipe gets a
  // larger kernel buffer when the system allows (see widen_pipe()).
  explicit Output(int fd = -1, std::size_t block = 1 << 18) : fd_(fd), block_(block) { widen_pipe(); }
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  ~Output() { flush(); }

  void write(std::string_view s) {
    buf_.append(s);
    if (fd_ >= 0 && buf_.size() >= block_) flush();
  }
  void put(char c) {
    buf_.push_back(c);
    if (fd_ >= 0 && buf_.size() >= block_) flush();
  }
  // Writes the buffer to the descriptor (no-op for an in-memory output).
  void flush();
  // In-memory outputs: returns and clears what was written.
  std::string take() { std::string s; s.swap(buf_); return s; }
  std::string& buffer() { return buf_; }

 private:
  // On Linux a pipe holds 64 KB: a trace of many megabytes would stop the
  // writer at every block until the reader catches up.  Ask for 1 MB (the
  // default limit for unprivileged processes); nothing changes when the
  // descriptor is not a pipe or the request is refused.
  void widen_pipe();

  int fd_;
  std::size_t block_;
  std::string buf_;
};

}  // namespace smcf
