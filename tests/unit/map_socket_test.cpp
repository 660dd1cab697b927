// map_socket_test.cpp -- socket maps against a socketmap server run by the
// test on a unix socket.  The expected transcript is what the real
// sendmail 8.17.1.9 printed talking to the same server (a Python twin of
// the one below, socket in a root-owned directory).
#include <gtest/gtest.h>
#include <stdlib.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>
#include <thread>

#include "base/diag.hpp"
#include "base/output.hpp"
#include "host/system.hpp"
#include "ir/config.hpp"
#include "macro/macro_source.hpp"
#include "maps/session.hpp"
#include "read/reader.hpp"

namespace smcf {
namespace {

const std::string kCorpus = std::string(SMCF_TEST_DATA_DIR) + "/conformance/corpus";

// A socketmap server: fixed answers by key, "NAME=KEY" otherwise, and a
// few broken replies.
class Server {
 public:
  explicit Server(const std::string& path) {
    fd_ = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un un{};
    un.sun_family = AF_UNIX;
    std::strncpy(un.sun_path, path.c_str(), sizeof un.sun_path - 1);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&un), sizeof un) != 0 || ::listen(fd_, 8) != 0) ADD_FAILURE();
    thread_ = std::thread([this] { accept_loop(); });
  }
  ~Server() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
    for (auto& t : clients_) t.join();
  }

 private:
  void accept_loop() {
    while (!stop_) {
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      clients_.emplace_back([c] { serve(c); });
    }
  }
  static void send_all(int c, const std::string& s) {
    if (::send(c, s.data(), s.size(), MSG_NOSIGNAL) < 0) return;
  }
  static void serve(int c) {
    static const std::map<std::string, std::string> kAnswers = {
        {"hit", "OK found it"}, {"miss", "NOTFOUND"}, {"temp", "TEMP busy"}, {"perm", "PERM no"},
        {"tmo", "TIMEOUT x"},   {"odd", "WHAT x"},    {"empty", "OK "},       {"pct", "OK %0-%1"}};
    std::string buf;
    char tmp[4096];
    for (;;) {
      ssize_t n = ::recv(c, tmp, sizeof tmp, 0);
      if (n <= 0) break;
      buf.append(tmp, static_cast<std::size_t>(n));
      std::size_t colon;
      while ((colon = buf.find(':')) != std::string::npos) {
        std::size_t len = std::stoul(buf.substr(0, colon));
        if (buf.size() < colon + 1 + len + 1) break;
        std::string req = buf.substr(colon + 1, len);
        buf.erase(0, colon + 1 + len + 1);
        std::string name = req.substr(0, req.find(' ')), key = req.substr(req.find(' ') + 1);
        if (key == "close") return (void)::close(c);
        if (key == "badlen") { send_all(c, "xx:"); continue; }
        if (key == "nocomma") { send_all(c, "2:OK;"); continue; }
        if (key == "short") { send_all(c, "10:OK"); return (void)::close(c); }
        auto it = kAnswers.find(key);
        std::string ans = it != kAnswers.end() ? it->second : "OK " + name + "=" + key;
        send_all(c, std::to_string(ans.size()) + ":" + ans + ",");
      }
    }
    ::close(c);
  }

  int fd_ = -1;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::vector<std::thread> clients_;
};

// A config read on a System, and a map session over it.
struct SocketMapEnv {
  SocketMapEnv(const std::string& text, SystemOptions o) : sys(std::move(o)), rep(&out) {
    ReadRequest req;
    req.file_name = "/etc/mail/t.cf";
    req.text = text;
    cf = read_config(req, sys, rep);
    out.take();
    base = std::make_unique<ConfigMacros>(cf);
    macros = std::make_unique<MacroOverlay>(*base);
    names = cf.macro_names;
    session = std::make_unique<maps::MapSession>(cf, sys, rep, *macros, names);
  }
  System sys;
  Output out;
  Reporter rep;
  Config cf;
  std::unique_ptr<ConfigMacros> base;
  std::unique_ptr<MacroOverlay> macros;
  MacroNames names;
  std::unique_ptr<maps::MapSession> session;
};

TEST(MapSocket, ProtocolRepliesAndErrors) {
  char tmpl[] = "/tmp/smcf-sockmap-XXXXXX";
  std::string dir = ::mkdtemp(tmpl);
  std::string sock = dir + "/sm.sock";
  {
    Server server(sock);
    SystemOptions o;
    o.host_name = "mx.test.example";
    o.hosts_file = kCorpus + "/pinned/hosts";
    o.remap = {{"/etc/mail", kCorpus + "/configs/etc-mail"},
               {"/etc/mail/service.switch", kCorpus + "/pinned/service.switch"},
               {"/etc/mail/sm.sock", sock}};
    SocketMapEnv env(
        "V10\n"
        "Ksm socket unix:/etc/mail/sm.sock\n"
        "Ksm2 socket -f -a! /etc/mail/sm.sock\n"
        "Ksm3 socket -m local:/etc/mail/sm.sock\n",
        o);
    maps::MapSession& s = *env.session;
    Output& out = env.out;
    std::string all;
    for (const char* arg : {"sm hit", "sm Miss", "sm temp", "sm perm", "sm tmo", "sm odd", "sm empty", "sm pct",
                            "sm Other", "sm2 Other", "sm3 Hit", "sm close", "sm hit", "sm badlen", "sm hit",
                            "sm nocomma", "sm hit", "sm short", "sm hit"}) {
      s.map_command(arg, out);
      all += "> " + out.take();
    }
    EXPECT_EQ(all,
              "> map_lookup: sm (hit) returns found it (0)\n"
              "> map_lookup: sm (Miss) no match (68)\n"
              "> map_lookup: sm (temp) no match (75)\n"
              "> map_lookup: sm (perm) no match (69)\n"
              "> map_lookup: sm (tmo) no match (75)\n"
              "> map_lookup: sm (odd) no match (76)\n"
              "> map_lookup: sm (empty) returns  (0)\n"
              "> map_lookup: sm (pct) returns pct- (0)\n"
              "> map_lookup: sm (Other) returns sm=other (0)\n"
              "> map_lookup: sm2 (Other) returns sm2=Other! (0)\n"
              "> map_lookup: sm3 (Hit) returns hit (0)\n"
              "> map_lookup: sm (close) no match (75)\n"
              "> map_lookup: sm (hit) returns found it (0)\n"
              "> map_lookup: sm (badlen) socket_map_lookup(sm): failed to read length parameter of reply 0\n"
              "no match (75)\n"
              "> map_lookup: sm (hit) returns found it (0)\n"
              "> map_lookup: sm (nocomma) socket_map_lookup(sm): missing ',' in reply\n"
              "no match (75)\n"
              "> map_lookup: sm (hit) returns found it (0)\n"
              "> map_lookup: sm (short) socket_map_lookup(sm): received only 2 of 10 reply characters\n"
              "no match (75)\n"
              "> map_lookup: sm (hit) returns found it (0)\n");
    // The engine's lookup passes %1; a temporary failure sets status 75.
    std::string key = "pct";
    int status = 0;
    EXPECT_EQ(s.lookup("sm", key, {"A1"}, &status), std::optional<std::string>("pct-A1"));
    key = "temp";
    EXPECT_EQ(s.lookup("sm", key, {"A1"}, &status), std::nullopt);
    EXPECT_EQ(status, 75);
  }
  ::unlink(sock.c_str());
  ::rmdir(dir.c_str());
}

TEST(MapSocket, UnsafeOrMissingSockets) {
  // /tmp is world writable: sendmail refuses sockets below it.
  SocketMapEnv env("V10\nKsm socket unix:/tmp/nosuch.sock\nKsm2 socket /nonexistent\nKsm4 socket foo:x\n",
                   SystemOptions{});
  maps::MapSession& s = *env.session;
  Output& out = env.out;
  s.map_command("sm x", out);
  s.map_command("sm2 x", out);
  s.map_command("sm4 x", out);
  EXPECT_EQ(out.take(),
            "socket map \"sm\": local socket name /tmp/nosuch.sock unsafe: World writable directory\n"
            "map_lookup: sm (x) no match (75)\n"
            "socket map \"sm2\": local socket name /nonexistent unsafe: No such file or directory\n"
            "map_lookup: sm2 (x) no match (75)\n"
            "socket map \"sm4\": unknown socket type foo: Protocol not supported\n"
            "map_lookup: sm4 (x) no match (75)\n");
}

TEST(MapSocket, ASilentPeerIsATemporaryFailureWithinTheTimeout) {
  // A TCP peer that listens and never accepts or answers: the kernel
  // completes the connection, the request is sent, the reply never comes.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(fd, 8), 0);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  int port = ntohs(a.sin_port);
  SocketMapEnv env("V10\nKdead socket -d1 inet:" + std::to_string(port) + "@127.0.0.1\n", SystemOptions{});
  maps::MapSession& s = *env.session;
  Output& out = env.out;
  auto t0 = std::chrono::steady_clock::now();
  std::string key = "anything";
  int status = 0;
  EXPECT_EQ(s.lookup("dead", key, {}, &status), std::nullopt);
  EXPECT_EQ(status, 75);
  auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_GE(secs, 0.9);  // it waited for the peer ...
  EXPECT_LT(secs, 3.0);  // ... no longer than -d1 (one read timeout) allows
  EXPECT_NE(out.take().find("read timeout"), std::string::npos);
  ::close(fd);
}

}  // namespace
}  // namespace smcf
