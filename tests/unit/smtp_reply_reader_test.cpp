// smtp_reply_reader_test.cpp -- smtp_client::Connection against a TCP
// server on 127.0.0.1 run by the test: each connection is sent a fixed
// byte string (then held open, or closed), and the reply the client
// reads is checked -- multi-line replies, lines that are not replies,
// informational 0xx lines, a line longer than the buffer, a reply that
// never ends, silence and a closed connection.
#include <gtest/gtest.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "smtp_client/reply_reader.hpp"

namespace smcf::smtp_client {
namespace {

// Accepts one connection, writes `bytes`, then closes it (or, with
// `hold`, waits until the client goes away).
class OneShotServer {
 public:
  OneShotServer(std::string bytes, bool hold) : bytes_(std::move(bytes)), hold_(hold) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in in{};
    in.sin_family = AF_INET;
    in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof in;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&in), sizeof in) != 0 || ::listen(fd_, 1) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&in), &len) != 0)
      ADD_FAILURE() << "cannot listen";
    port_ = ntohs(in.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~OneShotServer() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  int port() const { return port_; }

 private:
  void serve() {
    int c = ::accept(fd_, nullptr, nullptr);
    if (c < 0) return;
    std::string_view left = bytes_;
    while (!left.empty()) {
      ssize_t n = ::send(c, left.data(), left.size(), MSG_NOSIGNAL);
      if (n <= 0) break;
      left.remove_prefix(static_cast<std::size_t>(n));
    }
    if (hold_) {
      char buf[256];
      while (::recv(c, buf, sizeof buf, 0) > 0) {
      }
    }
    ::close(c);
  }

  std::string bytes_;
  bool hold_;
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

Reply read_from(const std::string& bytes, bool hold, long timeout_s = 5) {
  OneShotServer server(bytes, hold);
  Connection c;
  IoError e = IoError::None;
  int err = 0;
  EXPECT_TRUE(c.open("127.0.0.1", server.port(), 5, e, err));
  Reply r = c.read_reply(timeout_s);
  c.close();
  return r;
}

TEST(SmtpReplyReader, OneLine) {
  Reply r = read_from("220 peer ESMTP\r\n", true);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.code, 220);
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.first(), "220 peer ESMTP");
}

TEST(SmtpReplyReader, MultiLineEndsAtTheLineWithASpace) {
  Reply r = read_from("250-peer\r\n250-SIZE 100\r\n250 HELP\r\n250 not read\r\n", true);
  EXPECT_EQ(r.code, 250);
  EXPECT_EQ(r.lines, (std::vector<std::string>{"250-peer", "250-SIZE 100", "250 HELP"}));
}

TEST(SmtpReplyReader, BareLfAndJunkLinesAndInformationalLines) {
  Reply r = read_from("hello there\n050 just saying\r\n550 5.1.1 no\n", true);
  EXPECT_EQ(r.code, 550);
  EXPECT_EQ(r.lines, (std::vector<std::string>{"550 5.1.1 no"}));
}

TEST(SmtpReplyReader, ALongLineIsCut) {
  Reply r = read_from("550 " + std::string(10000, 'x') + "\r\n", true);
  EXPECT_EQ(r.code, 550);
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.first().size(), 2047u);
}

TEST(SmtpReplyReader, AReplyThatNeverEndsIsGivenUp) {
  std::string many;
  for (int i = 0; i < 5000; ++i) many += "250-" + std::string(60, 'y') + "\r\n";
  Reply r = read_from(many + "250 end\r\n", true);
  EXPECT_EQ(r.error, IoError::TooLong);
  EXPECT_FALSE(r.ok());
}

TEST(SmtpReplyReader, GarbageWithoutNewlinesIsGivenUp) {
  auto start = std::chrono::steady_clock::now();
  Reply r = read_from(std::string(1 << 20, 'g'), true);
  EXPECT_EQ(r.error, IoError::TooLong);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(SmtpReplyReader, SilenceTimesOut) {
  auto start = std::chrono::steady_clock::now();
  Reply r = read_from("", true, 1);
  EXPECT_EQ(r.error, IoError::Timeout);
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, std::chrono::milliseconds(900));
  EXPECT_LT(took, std::chrono::seconds(4));
}

TEST(SmtpReplyReader, APartialReplyThenCloseIsClosed) {
  Reply r = read_from("250-first\r\n250", false);
  EXPECT_EQ(r.error, IoError::Closed);
  EXPECT_EQ(r.code, -1);
}

TEST(SmtpReplyReader, ARefusedConnection) {
  // A port nobody listens on: bind one, close it, connect there.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in in{};
  in.sin_family = AF_INET;
  in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof in;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&in), sizeof in), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&in), &len), 0);
  ::close(fd);
  Connection c;
  IoError e = IoError::None;
  int err = 0;
  EXPECT_FALSE(c.open("127.0.0.1", ntohs(in.sin_port), 2, e, err));
  EXPECT_EQ(e, IoError::System);
  EXPECT_EQ(err, ECONNREFUSED);
}

}  // namespace
}  // namespace smcf::smtp_client
