// reply_reader.cpp -- one SMTP client connection (see reply_reader.hpp).
#include "smtp_client/reply_reader.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace smcf::smtp_client {
namespace {

// The longest reply line kept (sendmail's MAXLINE buffer without its
// NUL); the rest of a longer line is read and dropped (sendmail would read
// it as the next line).
constexpr std::size_t kMaxReplyLine = 2047;
// The most bytes one reply may take, continuation and garbage lines
// included; past it the reply is a protocol failure (IoError::TooLong).
constexpr std::size_t kMaxReplyBytes = 64 * 1024;
// One read()'s worth of input.
constexpr std::size_t kReadChunk = 4096;

long long now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

long long deadline_after(long timeout_s) {
  // A timeout of 0 or less means "no timeout" in sendmail; smcf caps it
  // at an hour so that nothing waits for ever.
  const long s = timeout_s > 0 ? timeout_s : 3600;
  return now_ms() + static_cast<long long>(s) * 1000;
}

// poll() for `events` until the deadline: 1 ready, 0 timed out, -1 error.
int wait_for(int fd, short events, long long deadline_ms) {
  for (;;) {
    long long left = deadline_ms - now_ms();
    if (left <= 0) return 0;
    pollfd p{fd, events, 0};
    int r = ::poll(&p, 1, static_cast<int>(left > 1000000 ? 1000000 : left));
    if (r > 0) return 1;
    if (r < 0 && errno != EINTR) return -1;
  }
}

bool is_reply_line(const std::string& l) {
  return l.size() >= 3 && l[0] >= '0' && l[0] <= '9' && l[1] >= '0' && l[1] <= '9' && l[2] >= '0' &&
         l[2] <= '9' && (l.size() == 3 || l[3] == ' ' || l[3] == '-');
}

}  // namespace

const std::string& Reply::first() const {
  static const std::string none;
  return lines.empty() ? none : lines.front();
}

Connection::~Connection() { close(); }

Connection::Connection(Connection&& o) noexcept : fd_(o.fd_), buf_(std::move(o.buf_)), pos_(o.pos_) { o.fd_ = -1; }

Connection& Connection::operator=(Connection&& o) noexcept {
  if (this != &o) {
    close();
    fd_ = o.fd_;
    buf_ = std::move(o.buf_);
    pos_ = o.pos_;
    o.fd_ = -1;
  }
  return *this;
}

void Connection::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  buf_.clear();
  pos_ = 0;
}

bool Connection::open(const std::string& address, int port, long timeout_s, IoError& error, int& err_no) {
  close();
  sockaddr_storage ss{};
  socklen_t len = 0;
  int family = AF_INET;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
  if (::inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<uint16_t>(port));
    len = sizeof(*v4);
  } else if (::inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
    family = AF_INET6;
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<uint16_t>(port));
    len = sizeof(*v6);
  } else {
    error = IoError::System;
    err_no = EINVAL;
    return false;
  }
  int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) {
    error = IoError::System;
    err_no = errno;
    return false;
  }
  const long long deadline = deadline_after(timeout_s);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
    if (errno != EINPROGRESS) {
      error = IoError::System;
      err_no = errno;
      ::close(fd);
      return false;
    }
    int w = wait_for(fd, POLLOUT, deadline);
    int soerr = 0;
    socklen_t sl = sizeof(soerr);
    if (w == 0) {
      error = IoError::Timeout;
      err_no = ETIMEDOUT;
      ::close(fd);
      return false;
    }
    if (w < 0 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0 || soerr != 0) {
      error = IoError::System;
      err_no = w < 0 ? errno : (soerr ? soerr : errno);
      ::close(fd);
      return false;
    }
  }
  // Commands and the message go out in several small writes; without
  // this each one after the first waits for the server's delayed ACK.
  int on = 1;
  (void)::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  fd_ = fd;
  error = IoError::None;
  err_no = 0;
  return true;
}

bool Connection::send(std::string_view bytes, long timeout_s, IoError& error, int& err_no) {
  const long long deadline = deadline_after(timeout_s);
  while (!bytes.empty()) {
    if (fd_ < 0) {
      error = IoError::Closed;
      return false;
    }
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
      int w = wait_for(fd_, POLLOUT, deadline);
      if (w == 0) {
        error = IoError::Timeout;
        err_no = ETIMEDOUT;
        return false;
      }
      if (w > 0) continue;
    }
    error = (errno == EPIPE || errno == ECONNRESET) ? IoError::Closed : IoError::System;
    err_no = errno;
    return false;
  }
  return true;
}

IoError Connection::fill(long long deadline_ms, int& err_no) {
  if (pos_ >= buf_.size()) {
    buf_.clear();
    pos_ = 0;
  }
  for (;;) {
    int w = wait_for(fd_, POLLIN, deadline_ms);
    if (w == 0) {
      err_no = ETIMEDOUT;
      return IoError::Timeout;
    }
    if (w < 0) {
      err_no = errno;
      return IoError::System;
    }
    char chunk[kReadChunk];
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n > 0) {
      buf_.append(chunk, static_cast<std::size_t>(n));
      return IoError::None;
    }
    if (n == 0) return IoError::Closed;
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) continue;
    err_no = errno;
    return errno == ECONNRESET ? IoError::Closed : IoError::System;
  }
}

IoError Connection::read_line(std::string& line, long long deadline_ms, std::size_t& consumed, int& err_no) {
  line.clear();
  for (;;) {
    while (pos_ < buf_.size()) {
      char c = buf_[pos_++];
      ++consumed;
      if (c == '\n') {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return IoError::None;
      }
      if (line.size() < kMaxReplyLine) line.push_back(c);
      if (consumed > kMaxReplyBytes) return IoError::TooLong;
    }
    IoError e = fill(deadline_ms, err_no);
    if (e != IoError::None) return e;
  }
}

Reply Connection::read_reply(long timeout_s) {
  Reply r;
  if (fd_ < 0) {
    r.error = IoError::Closed;
    return r;
  }
  const long long deadline = deadline_after(timeout_s);
  std::size_t consumed = 0;
  std::string line;
  for (;;) {
    IoError e = read_line(line, deadline, consumed, r.err_no);
    if (e != IoError::None) {
      r.error = e;
      r.code = -1;
      return r;
    }
    if (!is_reply_line(line)) continue;  // improperly formatted input
    const int code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    if (code < 100) continue;  // 0xx: informational, not the reply
    r.lines.push_back(line);
    if (line.size() > 3 && line[3] == '-') continue;
    // The code of the first line is the reply's (reply() keeps that one).
    const std::string& f = r.lines.front();
    r.code = (f[0] - '0') * 100 + (f[1] - '0') * 10 + (f[2] - '0');
    return r;
  }
}

}  // namespace smcf::smtp_client
