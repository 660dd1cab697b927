// dns_client_test.cpp -- the DNS client against local servers on loopback:
// one that answers (A, CNAME, MX, NXDOMAIN, no data) and one that never
// answers, which must give a temporary failure within the configured
// resolver timeout.  Then the same through a host map and test mode's
// /canon and /mx.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "dns/dns_client.hpp"
#include "test_support.hpp"

using smcf::dns::DnsClient;
using smcf::dns::MxRecord;
using smcf::dns::Outcome;
using smcf::dns::Settings;

namespace {

// A UDP socket on 127.0.0.1 with a kernel-chosen port.
struct UdpSocket {
  int fd = -1;
  int port = 0;
  UdpSocket() {
    fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
  }
  ~UdpSocket() { ::close(fd); }
  std::string address() const { return "127.0.0.1:" + std::to_string(port); }
};

void put16(std::string& s, int v) {
  s += static_cast<char>((v >> 8) & 0xff);
  s += static_cast<char>(v & 0xff);
}

std::string encode_name(const std::string& name) {
  std::string out;
  std::size_t i = 0;
  while (i < name.size()) {
    std::size_t dot = name.find('.', i);
    if (dot == std::string::npos) dot = name.size();
    out += static_cast<char>(dot - i);
    out += name.substr(i, dot - i);
    i = dot + 1;
  }
  return out + '\0';
}

// The question name of a query ("a.b.c"), and the offset after QTYPE/QCLASS.
std::string question_name(const std::string& q, std::size_t& end, int& qtype) {
  std::string name;
  std::size_t i = 12;
  while (i < q.size() && q[i] != 0) {
    std::size_t len = static_cast<unsigned char>(q[i]);
    if (!name.empty()) name += '.';
    name += q.substr(i + 1, len);
    i += len + 1;
  }
  qtype = (static_cast<unsigned char>(q[i + 1]) << 8) | static_cast<unsigned char>(q[i + 2]);
  end = i + 5;
  return name;
}

// An answer record whose owner is the question name (pointer 0xC00C).
std::string record(int type, const std::string& rdata) {
  std::string r;
  put16(r, 0xC00C);
  put16(r, type);
  put16(r, 1);  // IN
  r += std::string("\0\0\x0e\x10", 4);  // TTL 3600
  put16(r, static_cast<int>(rdata.size()));
  return r + rdata;
}

// A record owned by an explicit name.
std::string named_record(const std::string& owner, int type, const std::string& rdata) {
  std::string r = encode_name(owner);
  put16(r, type);
  put16(r, 1);
  r += std::string("\0\0\x0e\x10", 4);
  put16(r, static_cast<int>(rdata.size()));
  return r + rdata;
}

// Answers the zone dns.test until stopped:
//   real.dns.test   A 192.0.2.7
//   alias.dns.test  CNAME real.dns.test
//   dns.test        MX 20 b.dns.test, MX 10 a.dns.test
//   nomx.dns.test   A only (no MX: no data)
//   anything else   NXDOMAIN
class ZoneServer {
 public:
  ZoneServer() : thread_([this] { serve(); }) {}
  ~ZoneServer() {
    stop_ = true;
    thread_.join();
  }
  std::string address() const { return sock_.address(); }
  int queries() const { return queries_; }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{sock_.fd, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      char buf[512];
      sockaddr_in from{};
      socklen_t flen = sizeof from;
      ssize_t n = ::recvfrom(sock_.fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &flen);
      if (n < 17) continue;
      ++queries_;
      std::string q(buf, static_cast<std::size_t>(n));
      std::size_t qend = 0;
      int qtype = 0;
      std::string name = question_name(q, qend, qtype);
      std::vector<std::string> answers;
      bool exists = true;
      std::string a_rdata("\xc0\x00\x02\x07", 4);
      if (name == "real.dns.test" || name == "nomx.dns.test") {
        if (qtype == 1) answers.push_back(record(1, a_rdata));
      } else if (name == "alias.dns.test") {
        answers.push_back(record(5, encode_name("real.dns.test")));
        if (qtype == 1) answers.push_back(named_record("real.dns.test", 1, a_rdata));
      } else if (name == "dns.test") {
        if (qtype == 15) {
          std::string mx20, mx10;
          put16(mx20, 20);
          put16(mx10, 10);
          answers.push_back(record(15, mx20 + encode_name("b.dns.test")));
          answers.push_back(record(15, mx10 + encode_name("a.dns.test")));
        }
      } else {
        exists = false;
      }
      std::string r = q.substr(0, 2);
      put16(r, exists ? 0x8180 : 0x8183);
      put16(r, 1);
      put16(r, static_cast<int>(answers.size()));
      put16(r, 0);
      put16(r, 0);
      r += q.substr(12, qend - 12);
      for (const auto& a : answers) r += a;
      ::sendto(sock_.fd, r.data(), r.size(), 0, reinterpret_cast<sockaddr*>(&from), flen);
    }
  }
  UdpSocket sock_;
  std::atomic<bool> stop_{false};
  std::atomic<int> queries_{0};
  std::thread thread_;
};

Settings settings_for(const std::string& server, int retrans, int retry) {
  Settings s;
  s.nameservers = {server};
  s.retrans_seconds = retrans;
  s.retry = retry;
  return s;
}

}  // namespace

TEST(DnsClient, AnswersFromAServer) {
  ZoneServer zone;
  DnsClient c(settings_for(zone.address(), 2, 2));
  std::string canon;
  EXPECT_EQ(c.canonical_name("real.dns.test.", false, canon), Outcome::Found);
  EXPECT_EQ(canon, "real.dns.test");
  EXPECT_EQ(c.canonical_name("alias.dns.test.", false, canon), Outcome::Found);
  EXPECT_EQ(canon, "real.dns.test");
  EXPECT_EQ(c.canonical_name("missing.dns.test.", false, canon), Outcome::NotFound);
  // dns.test has only MX records: found with try_mx, no data without.
  EXPECT_EQ(c.canonical_name("dns.test.", false, canon), Outcome::NoData);
  EXPECT_EQ(c.canonical_name("dns.test.", true, canon), Outcome::Found);
  EXPECT_EQ(canon, "dns.test");
  std::vector<MxRecord> mx;
  ASSERT_EQ(c.mx_records("dns.test.", mx), Outcome::Found);
  ASSERT_EQ(mx.size(), 2u);
  EXPECT_EQ(mx[0].host, "a.dns.test");
  EXPECT_EQ(mx[0].preference, 10);
  EXPECT_EQ(mx[1].host, "b.dns.test");
  EXPECT_EQ(c.mx_records("nomx.dns.test.", mx), Outcome::NoData);
  EXPECT_EQ(c.mx_records("gone.dns.test.", mx), Outcome::NotFound);
}

TEST(DnsClient, ADeadServerIsATemporaryFailureWithinTheTimeout) {
  UdpSocket silent;  // bound, never read: every query times out
  DnsClient c(settings_for(silent.address(), 1, 2));
  EXPECT_EQ(c.worst_case_seconds(), 3);  // 1 s, then 2 s
  auto t0 = std::chrono::steady_clock::now();
  std::string canon;
  // An unqualified name with search domains and three record types would be
  // many queries; the first temporary failure ends the lookup.
  EXPECT_EQ(c.canonical_name("somehost", true, canon), Outcome::TryAgain);
  std::vector<MxRecord> mx;
  EXPECT_EQ(c.mx_records("somehost.example.", mx), Outcome::TryAgain);
  auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(secs, 2 * c.worst_case_seconds() + 1.0);
  EXPECT_GE(secs, 1.5);  // it did wait for the server, it did not give up early
}

TEST(DnsClient, NoServerAtAllIsATemporaryFailure) {
  // Nothing listens on the port: refused at once.
  int port;
  {
    UdpSocket gone;
    port = gone.port;
  }
  DnsClient c(settings_for("127.0.0.1:" + std::to_string(port), 1, 1));
  std::string canon;
  EXPECT_EQ(c.canonical_name("x.example.", false, canon), Outcome::TryAgain);
  DnsClient bad(settings_for("not-an-address", 1, 1));
  EXPECT_EQ(bad.canonical_name("x.example.", false, canon), Outcome::TryAgain);
}

TEST(DnsClient, LimitsClampTheConfiguredTimeouts) {
  UdpSocket s;
  DnsClient c(settings_for(s.address(), 1000, 50));
  EXPECT_EQ(c.worst_case_seconds(), smcf::dns::kMaxRetransSeconds * ((1 << smcf::dns::kMaxRetry) - 1));
}

// ---- through smcf -bt: a host map, /canon, /mx and $[ $] ------------------

namespace {

std::string run_bt(const std::string& dir, const std::string& cf, const std::vector<std::string>& extra,
                   const std::string& input) {
  std::string cf_path = dir + "/t.cf", in_path = dir + "/in.txt";
  std::FILE* f = std::fopen(cf_path.c_str(), "w");
  std::fputs(cf.c_str(), f);
  std::fclose(f);
  f = std::fopen(in_path.c_str(), "w");
  std::fputs(input.c_str(), f);
  std::fclose(f);
  std::string cmd = std::string(SMCF_BINARY) + " -bt --hostname=mx.test.example --uid=0 -C " + cf_path;
  for (const auto& e : extra) cmd += " " + e;
  cmd += " < " + in_path + " 2>&1";
  return smcf::testing::run_command(cmd);
}

std::string temp_dir() {
  char tmpl[] = "/tmp/smcf-dns-XXXXXX";
  return ::mkdtemp(tmpl);
}

}  // namespace

TEST(DnsTestMode, HostLookupsAskTheNameServer) {
  ZoneServer zone;
  std::string dir = temp_dir();
  std::FILE* f = std::fopen((dir + "/service.switch").c_str(), "w");
  std::fputs("hosts dns\n", f);
  std::fclose(f);
  std::string cf =
      "V10\nO ServiceSwitchFile=" + dir + "/service.switch\nDmtest.example\nKhost host -a.OK\n"
      "SCanon\nR$*\t$: $[ $1 $]\n";
  std::string out = run_bt(dir, cf, {"--nameserver=" + zone.address()},
                           "/canon alias.dns.test.\n/mx dns.test\n/map host real.dns.test.\n/map host gone.dns.test.\n"
                           "Canon alias.dns.test.\n");
  EXPECT_NE(out.find("getcanonname(alias.dns.test.) returns real.dns.test\n"), std::string::npos) << out;
  EXPECT_NE(out.find("getmxrr(dns.test) returns 2 value(s):\n\ta.dns.test\n\tb.dns.test\n"), std::string::npos)
      << out;
  EXPECT_NE(out.find("map_lookup: host (real.dns.test.) returns real.dns.test.OK (0)"), std::string::npos) << out;
  EXPECT_NE(out.find("map_lookup: host (gone.dns.test.) no match (68)"), std::string::npos) << out;
  // $[ $] goes through the map named "host", so its -a applies.
  EXPECT_NE(out.find("Canon            returns: real . dns . test . OK\n"), std::string::npos) << out;
  std::filesystem::remove_all(dir);
}

TEST(DnsTestMode, ADeadNameServerGivesStatus75WithinTimeoutResolver) {
  UdpSocket silent;
  std::string dir = temp_dir();
  std::FILE* f = std::fopen((dir + "/service.switch").c_str(), "w");
  std::fputs("hosts dns\n", f);
  std::fclose(f);
  std::string cf = "V10\nO ServiceSwitchFile=" + dir +
                   "/service.switch\nO Timeout.resolver.retrans=1s\nO Timeout.resolver.retry=1\nKhost host\n";
  auto t0 = std::chrono::steady_clock::now();
  std::string out = run_bt(dir, cf, {"--nameserver=" + silent.address()}, "/map host somewhere.example.\n");
  auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_NE(out.find("map_lookup: host (somewhere.example.) somewhere.example.: Name server timeout\nno match (75)"),
            std::string::npos)
      << out;
  EXPECT_LT(secs, 5.0);  // one try of 1 s, plus start-up
  std::filesystem::remove_all(dir);
}
