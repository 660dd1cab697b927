// smtp_channel.cpp -- bounded reads of one SMTP connection (see
// smtp_channel.hpp).
#include "smtp_server/smtp_channel.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

#include "base/output.hpp"

namespace smcf::smtp_server {
namespace {

constexpr std::size_t kReadChunk = 65536;

// Milliseconds left until `deadline` (0 when past it).
int remaining_ms(std::chrono::steady_clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

}  // namespace

bool SmtpChannel::fill(int timeout_seconds, ReadStatus& status) {
  out_.flush();
  if (pos_ > 0 && pos_ == buf_.size()) {
    buf_.clear();
    pos_ = 0;
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  for (;;) {
    pollfd p{fd_, POLLIN, 0};
    int r = ::poll(&p, 1, timeout_seconds > 0 ? remaining_ms(deadline) : -1);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      status = ReadStatus::Error;
      return false;
    }
    if (r == 0) {
      status = ReadStatus::Timeout;
      return false;
    }
    char chunk[kReadChunk];
    ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0) {
      status = ReadStatus::Error;
      return false;
    }
    if (n == 0) {
      status = ReadStatus::Eof;
      return false;
    }
    buf_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }
}

ReadStatus SmtpChannel::read_line(int timeout_seconds, std::size_t max_len, std::string& line, bool* too_long,
                                  LineEnd* ending) {
  line.clear();
  if (too_long) *too_long = false;
  if (ending) *ending = LineEnd::None;
  char last = '\0';  // the byte before the LF, even when the line was cut
  for (;;) {
    std::size_t nl = buf_.find('\n', pos_);
    std::size_t end = nl == std::string::npos ? buf_.size() : nl;
    std::size_t take = end - pos_;
    if (take > 0) last = buf_[end - 1];
    if (line.size() < max_len) line.append(buf_, pos_, std::min(take, max_len - line.size()));
    if (take > 0 && line.size() >= max_len && too_long) *too_long = true;
    if (nl != std::string::npos) {
      pos_ = nl + 1;
      const bool cr = last == '\r';
      if (ending) *ending = cr ? LineEnd::CrLf : LineEnd::Lf;
      if (cr && !line.empty() && line.back() == '\r') line.pop_back();
      return ReadStatus::Line;
    }
    pos_ = buf_.size();
    ReadStatus st = ReadStatus::Line;
    if (!fill(timeout_seconds, st)) {
      // sendmail's sfgets() hands back a last line without its newline.
      if (st == ReadStatus::Eof && !line.empty()) {
        if (line.back() == '\r') line.pop_back();
        return ReadStatus::Line;
      }
      return st;
    }
  }
}

bool SmtpChannel::input_pending(int wait_ms) {
  if (pos_ < buf_.size()) return true;
  // Only a real wait sends what is buffered first: a pipelining client's
  // replies then leave in one write.
  if (wait_ms > 0) out_.flush();
  pollfd p{fd_, POLLIN, 0};
  int r;
  do r = ::poll(&p, 1, wait_ms);
  while (r < 0 && errno == EINTR);
  return r > 0;
}

ReadStatus SmtpChannel::read_data(int timeout_seconds, std::size_t max_bytes, std::string& text, bool* too_big) {
  text.clear();
  if (too_big) *too_big = false;
  std::string line;
  for (;;) {
    bool long_line = false;
    LineEnd ending = LineEnd::None;
    ReadStatus st = read_line(timeout_seconds, max_bytes + 1, line, &long_line, &ending);
    if (st != ReadStatus::Line) return st;
    if (ending == LineEnd::None) return ReadStatus::Eof;  // cut off before its "."
    if (ending == LineEnd::Lf) return ReadStatus::BareLf;
    if (line.find('\r') != std::string::npos) return ReadStatus::BareCr;
    if (line == ".") return ReadStatus::Line;
    std::string_view l = line;
    if (!l.empty() && l[0] == '.') l.remove_prefix(1);
    if (text.size() + l.size() + 1 > max_bytes || long_line) {
      if (too_big) *too_big = true;
      continue;
    }
    text.append(l);
    text.push_back('\n');
  }
}

}  // namespace smcf::smtp_server
