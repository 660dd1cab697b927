// map_lookup_test.cpp -- lookups through a MapSession: the /map and
// /canon commands for every class with a local answer, and the rewriting
// engine's lookup (quote stripping, -T, -t, bogus and optional maps, %n
// arguments, arith, macro, regex field arguments, sequences).  The
// expected texts are what the real sendmail 8.17.1.9 printed for the same
// config and commands (sendmail-bt, pinned environment).
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "base/bytes.hpp"
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

// A config read on the pinned machine, with extra files in /etc/mail.
struct MapEnv {
  std::string dir;
  std::unique_ptr<System> sys;
  Output out;
  Reporter rep{&out};
  Config cf;
  std::unique_ptr<ConfigMacros> base;
  std::unique_ptr<MacroOverlay> macros;
  MacroNames names;
  std::unique_ptr<maps::MapSession> session;
  std::string startup;

  MapEnv(std::string text, const std::vector<std::pair<std::string, std::string>>& files = {}) {
    char tmpl[] = "/tmp/smcf-maptest-XXXXXX";
    dir = ::mkdtemp(tmpl);
    SystemOptions o;
    o.host_name = "mx.test.example";
    o.hosts_file = kCorpus + "/pinned/hosts";
    o.passwd_file = kCorpus + "/pinned/passwd";
    o.group_file = kCorpus + "/pinned/group";
    o.uid = 0;
    o.no_dns = true;  // "no network": DNS answers TRY_AGAIN
    // The test's files first: they replace the corpus ones (first match wins).
    for (const auto& [name, data] : files) {
      std::ofstream(dir + "/" + name, std::ios::binary) << data;
      o.remap.emplace_back("/etc/mail/" + name, dir + "/" + name);
    }
    o.remap.emplace_back("/etc/mail", kCorpus + "/configs/etc-mail");
    o.remap.emplace_back("/etc/mail/service.switch", kCorpus + "/pinned/service.switch");
    sys = std::make_unique<System>(o);
    ReadRequest req;
    req.file_name = "/etc/mail/t.cf";
    req.text = std::move(text);
    cf = read_config(req, *sys, rep);
    startup = out.take();
    rep.set_verbose(2);
    base = std::make_unique<ConfigMacros>(cf);
    macros = std::make_unique<MacroOverlay>(*base);
    names = cf.macro_names;
    session = std::make_unique<maps::MapSession>(cf, *sys, rep, *macros, names);
  }
  ~MapEnv() {
    session.reset();
    std::string cmd = "rm -rf '" + dir + "'";
    if (std::system(cmd.c_str()) != 0) ADD_FAILURE() << "cannot remove " << dir;
  }

  // The /map and /canon lines of a -bt script, with the prompts.
  std::string run(std::string_view script) {
    std::istringstream in{std::string(script)};
    std::string all;
    for (std::string l; std::getline(in, l);) {
      all += "> ";
      while (!l.empty() && is_space(static_cast<unsigned char>(l.back()))) l.pop_back();
      auto b = l.find_first_of(" \t");
      std::string cmd = l.substr(0, b), arg;
      if (b != std::string::npos) {
        auto a = b;
        while (a < l.size() && is_space(static_cast<unsigned char>(l[a]))) ++a;
        arg = l.substr(a);
      }
      if (cmd == "/map") session->map_command(arg, out);
      if (cmd == "/canon") out.write("getcanonname(" + arg + ") returns " + session->canonical_name(arg) + "\n");
      all += out.take();
    }
    return all + "> ";
  }

  // The engine's lookup: value (or "<none>"), *status and the messages.
  std::string lookup(std::string_view map, std::string key, std::vector<std::string> args = {}) {
    int status = 0;
    auto v = session->lookup(map, key, args, &status);
    std::string r = v ? *v : "<none>";
    if (status) r += " [" + std::to_string(status) + "]";
    std::string msgs = out.take();
    return msgs.empty() ? r : msgs + r;
  }
};

const char kTextMap1[] =
    "alpha:first-value\nBeta:b %0 %1 %% %x %\n#comment:x\n  spaced : y\nmulti word:mw\nempty:\n:emptykey\n"
    "last:val:extra\n";
const char kTextMap2[] = "a\tA1\tA2\nb  B1   B2\n";

TEST(MapLookup, MapAndCanonCommandsForLocalClasses) {
  MapEnv env(
      "V10\n"
      "Kt1 text -z: -v1 /etc/mail/t1.txt\n"
      "Kt1f text -f -z: -v1 /etc/mail/t1.txt\n"
      "Kt1m text -m -a.OK -z: /etc/mail/t1.txt\n"
      "Kt1k text -z: -k1 -v2 /etc/mail/t1.txt\n"
      "Kt2 text /etc/mail/t2.txt\n"
      "Kt2v text -v2 /etc/mail/t2.txt\n"
      "Kt2z text -z\\t -v1 /etc/mail/t2.txt\n"
      "Kh1 hash -f /etc/mail/access\n"
      "Kh2 hash -m /etc/mail/virtusertable\n"
      "Kh3 hash -a! -T<T> /etc/mail/mailertable\n"
      "Kd1 dequote\n"
      "Kd2 dequote -s_\n"
      "Kd3 dequote -a.X\n"
      "Kar arpa\n"
      "Karm arpa -m -a.Y\n"
      "Ku1 user -vgecos\n"
      "Ku2 user -vuid -a:x\n"
      "Ku3 user -vdir\n"
      "Ku4 user -vshell\n"
      "Ku5 user -vpasswd\n"
      "Ku6 user -vgid\n"
      "Ku7 user -m\n"
      "Kr1 regex -s1 ^(.*)@(.*)$\n"
      "Kr2 regex -s2,1 -d. ^(.*)@(.*)$\n"
      "Kr3 regex -s -m ^(a)(b)?\n"
      "Kr4 regex -s2 ^(a)(b)?\n"
      "Kr5 regex ^a b$\n"
      "Kr6 regex -b ^a\\(b\\)$\n"
      "Kr7 regex -s1 ^(.*)$\n"
      "Ks sequence t1 h1 r1\n"
      "Knull null\n"
      "Kmac macro\n"
      "Khm host -m -a.Z\n"
      "Kbad1 hash -o /etc/mail/nosuch\n"
      "Kbad2 text -o /etc/mail/nosuch\n"
      "Kbad3 hash -t -T<T> /etc/mail/nosuch\n", {{"t1.txt", kTextMap1}, {"t2.txt", kTextMap2}});
  EXPECT_EQ(env.run(
      "/map t1 alpha\n"
      "/map t1 ALPHA\n"
      "/map t1 beta\n"
      "/map t1 #comment\n"
      "/map t1 spaced\n"
      "/map t1   spaced \n"
      "/map t1 multi word\n"
      "/map t1 empty\n"
      "/map t1 last\n"
      "/map t1f ALPHA\n"
      "/map t1f Alpha\n"
      "/map t1m ALPHA\n"
      "/map t1k first-value\n"
      "/map t1k val\n"
      "/map t2 a\n"
      "/map t2 b\n"
      "/map t2v a\n"
      "/map t2v b\n"
      "/map t2z a\n"
      "/map h1 connect:192.0.2\n"
      "/map h1 Connect:192.0.2\n"
      "/map h2 Alice@Example.COM\n"
      "/map h2 nosuch\n"
      "/map h3 .partner.example\n"
      "/map d1 \"a\"\n"
      "/map d1 \"a b\"\n"
      "/map d1 \"a\"b<c\n"
      "/map d1 a(b\"c\")\n"
      "/map d1 \"a\\\n"
      "/map d1 a\n"
      "/map d2 \"a b\"\n"
      "/map d2 \"a\tb\"\n"
      "/map d3 \"x\"\n"
      "/map ar 192.0.2.1\n"
      "/map ar IPv6:2001:db8::1\n"
      "/map ar ipv6:::1\n"
      "/map ar foo\n"
      "/map ar 1.2.3\n"
      "/map arm 10.1.2.3\n"
      "/map u1 alice\n"
      "/map u1 carol\n"
      "/map u2 bob\n"
      "/map u3 ALICE\n"
      "/map u4 alice\n"
      "/map u5 alice\n"
      "/map u6 postmaster\n"
      "/map u7 Alice\n"
      "/map r1 a@b\n"
      "/map r1 (a@b\n"
      "/map r1 \"a@b\n"
      "/map r1 a\\@b\n"
      "/map r2 user@host\n"
      "/map r3 abc\n"
      "/map r4 ac\n"
      "/map r4 abc\n"
      "/map r5 a b\n"
      "/map r6 ab\n"
      "/map r7 a b\n"
      "/map s alpha\n"
      "/map s nosuch\n"
      "/map s x@y\n"
      "/map null x\n"
      "/map mac x\n"
      "/map mac {longname}\n"
      "/map hm relay\n"
      "/map hm nosuch\n"
      "/map bad1 x\n"
      "/map bad2 x\n"
      "/map bad3 x\n"
      "/map host [foo]\n"
      "/map host [192.0.2.10\n"
      "/map host relay.\n"
      "/map host RELAY\n"
      "/map host mailhub.test.example.\n"
      "/map host mixed\n"
      "/map host [IPv6:2001:db8::25]\n"
      "/map host localhost\n"
      "/canon relay.\n"
      "/canon RELAY\n"
      "/canon mixed\n"
      "/canon mx\n"
      "/canon v6\n"
      "/canon localhost\n"
      "/canon [IPv6:2001:db8::25]\n"
      "/canon a.b.c.d.e.example.net\n"
      "/canon a.b.c.d.e\n"),
      "> map_lookup: t1 (alpha) returns first-value (0)\n"
      "> map_lookup: t1 (ALPHA) returns first-value (0)\n"
      "> map_lookup: t1 (beta) returns b beta  % %x % (0)\n"
      "> map_lookup: t1 (#comment) no match (68)\n"
      "> map_lookup: t1 (spaced) no match (68)\n"
      "> map_lookup: t1 (  spaced) no match (68)\n"
      "> map_lookup: t1 (multi word) returns mw (0)\n"
      "> map_lookup: t1 (empty) returns  (0)\n"
      "> map_lookup: t1 (last) returns val (0)\n"
      "> map_lookup: t1f (ALPHA) returns first-value (0)\n"
      "> map_lookup: t1f (Alpha) returns first-value (0)\n"
      "> map_lookup: t1m (ALPHA) returns ALPHA.OK (0)\n"
      "> map_lookup: t1k (first-value) no match (68)\n"
      "> map_lookup: t1k (val) returns extra (0)\n"
      "> map_lookup: t2 (a) returns a (0)\n"
      "> map_lookup: t2 (b) returns b (0)\n"
      "> map_lookup: t2v (a) returns A2 (0)\n"
      "> map_lookup: t2v (b) returns B2 (0)\n"
      "> map_lookup: t2z (a) returns A1 (0)\n"
      "> map_lookup: h1 (connect:192.0.2) returns RELAY (0)\n"
      "> map_lookup: h1 (Connect:192.0.2) no match (0)\n"
      "> map_lookup: h2 (Alice@Example.COM) no match (0)\n"
      "> map_lookup: h2 (nosuch) no match (0)\n"
      "> map_lookup: h3 (.partner.example) returns smtp:[relay.test.example]! (0)\n"
      "> map_lookup: d1 (\"a\") returns a (0)\n"
      "> map_lookup: d1 (\"a b\") no match (0)\n"
      "> map_lookup: d1 (\"a\"b<c) no match (0)\n"
      "> map_lookup: d1 (a(b\"c\")) no match (0)\n"
      "> map_lookup: d1 (\"a\\) no match (0)\n"
      "> map_lookup: d1 (a) no match (0)\n"
      "> map_lookup: d2 (\"a b\") returns a_b (0)\n"
      "> map_lookup: d2 (\"a\tb\") no match (0)\n"
      "> map_lookup: d3 (\"x\") returns x.X (0)\n"
      "> map_lookup: ar (192.0.2.1) returns 1.2.0.192 (0)\n"
      "> map_lookup: ar (IPv6:2001:db8::1) returns 1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2 (0)\n"
      "> map_lookup: ar (ipv6:::1) returns 1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0 (0)\n"
      "> map_lookup: ar (foo) no match (65)\n"
      "> map_lookup: ar (1.2.3) no match (65)\n"
      "> map_lookup: arm (10.1.2.3) returns 3.2.1.10 (0)\n"
      "> map_lookup: u1 (alice) returns Alice Example (0)\n"
      "> map_lookup: u1 (carol) returns Carol Smith (0)\n"
      "> map_lookup: u2 (bob) returns 1002:x (0)\n"
      "> map_lookup: u3 (ALICE) returns /home/alice (0)\n"
      "> map_lookup: u4 (alice) returns /bin/sh (0)\n"
      "> map_lookup: u5 (alice) returns x (0)\n"
      "> map_lookup: u6 (postmaster) returns 8 (0)\n"
      "> map_lookup: u7 (Alice) returns alice (0)\n"
      "> map_lookup: r1 (a@b) returns a (0)\n"
      "> map_lookup: r1 ((a@b) no match (0)\n"
      "> map_lookup: r1 (\"a@b) no match (0)\n"
      "> map_lookup: r1 (a\\@b) no match (0)\n"
      "> map_lookup: r2 (user@host) returns host.user (0)\n"
      "> map_lookup: r3 (abc) returns abc (0)\n"
      "> map_lookup: r4 (ac) returns  (0)\n"
      "> map_lookup: r4 (abc) returns b (0)\n"
      "> map_lookup: r5 (a b) returns  (0)\n"
      "> map_lookup: r6 (ab) returns  (0)\n"
      "> map_lookup: r7 (a b) no match (0)\n"
      "> map_lookup: s (alpha) returns first-value (0)\n"
      "> map_lookup: s (nosuch) no match (68)\n"
      "> map_lookup: s (x@y) returns x (0)\n"
      "> map_lookup: null (x) no match (68)\n"
      "> map_lookup: mac (x) returns  (0)\n"
      "> map_lookup: mac ({longname}) returns  (0)\n"
      "> map_lookup: hm (relay) returns relay.Z (0)\n"
      "> map_lookup: hm (nosuch) no match (68)\n"
      "> Map named \"bad1\" not open\n"
      "> Map named \"bad2\" not open\n"
      "> hash map \"bad3\": missing map file /etc/mail/nosuch.db: No such file or directory\n"
      "map_lookup: bad3 (x) no match (75)\n"
      "> map_lookup: host ([foo]) no match (68)\n"
      "> map_lookup: host ([192.0.2.10) no match (0)\n"
      "> map_lookup: host (relay.) returns relay.test.example. (0)\n"
      "> map_lookup: host (RELAY) returns relay.test.example. (0)\n"
      "> map_lookup: host (mailhub.test.example.) returns mailhub.test.example. (0)\n"
      "> map_lookup: host (mixed) returns Mixed.Case.Test.Example. (0)\n"
      "> map_lookup: host ([IPv6:2001:db8::25]) returns v6.test.example. (0)\n"
      "> map_lookup: host (localhost) returns localhost.localdomain. (0)\n"
      "> getcanonname(relay.) returns relay.test.example\n"
      "> getcanonname(RELAY) returns relay.test.example\n"
      "> getcanonname(mixed) returns Mixed.Case.Test.Example\n"
      "> getcanonname(mx) returns mx.test.example\n"
      "> getcanonname(v6) returns v6.test.example\n"
      "> getcanonname(localhost) returns localhost.localdomain\n"
      "> getcanonname([IPv6:2001:db8::25]) returns [IPv6:2001:db8::25]\n"
      "> getcanonname(a.b.c.d.e.example.net) returns a.b.c.d.e.example.net\n"
      "> getcanonname(a.b.c.d.e) returns a.b.c.d.e\n"
      "> ");
}

TEST(MapLookup, EngineLookupSemantics) {
  MapEnv env(
      "V10\n"
      "O DeliveryMode=d\n"
      "Kt text -z: -v1 /etc/mail/t1.txt\n"
      "Kq text -q -z: -v1 /etc/mail/t1.txt\n"
      "Kbogus hash -T<T> /etc/mail/nosuch\n"
      "Kbogust hash -t /etc/mail/nosuch\n"
      "Kopt hash -o -T<T> /etc/mail/nosuch\n"
      "Kar arith\n"
      "Kmac macro\n"
      "Kre regex -s1,2 ^(.*)@(.*)$\n"
      "Kdq dequote\n"
      "Kseq sequence bogus t\n"
      "Khd host -D -a.\n"
      "Ktd text -D -z: -v1 /etc/mail/t1.txt\n"
      "Karpa arpa\n"
      "Kprog program /bin/echo pre\n"
      "Kprogf program /bin/sh -c exit\n",
      {{"t1.txt", kTextMap1}});
  // %0 is the key, %1 %2 the arguments; quotes and backslashes go unless -q.
  EXPECT_EQ(env.lookup("t", "beta", {"A1", "A2"}), "b beta A1 % %x %");
  EXPECT_EQ(env.lookup("t", "\"alpha\""), "first-value");
  EXPECT_EQ(env.lookup("t", "alp\\ha"), "first-value");
  EXPECT_EQ(env.lookup("t", "multi word"), "mw");
  EXPECT_EQ(env.lookup("t", "nosuch"), "<none>");
  EXPECT_EQ(env.lookup("q", "\"alpha\""), "<none>");
  EXPECT_EQ(env.lookup("q", "alpha"), "first-value");
  // A map that failed to open is bogus: temporary failure, -T text.
  EXPECT_EQ(env.lookup("bogus", "x"),
            "hash map \"bogus\": missing map file /etc/mail/nosuch.db: No such file or directory\nx<T> [75]");
  EXPECT_EQ(env.lookup("bogus", "x y"), "x y<T> [75]");
  EXPECT_EQ(env.lookup("bogust", "x"),
            "hash map \"bogust\": missing map file /etc/mail/nosuch.db: No such file or directory\n<none>");
  EXPECT_EQ(env.lookup("opt", "x"), "<none>");
  // arith: operator key, strtol(base 0) operands.
  EXPECT_EQ(env.lookup("ar", "+", {"3", "4"}), "7");
  EXPECT_EQ(env.lookup("ar", "-", {"3", "10"}), "-7");
  EXPECT_EQ(env.lookup("ar", "*", {"0x10", "010"}), "128");
  EXPECT_EQ(env.lookup("ar", "/", {"7", "0"}), "<none>");
  EXPECT_EQ(env.lookup("ar", "/", {"7", "2"}), "3");
  EXPECT_EQ(env.lookup("ar", "%", {"7", "0"}), "<none>");
  EXPECT_EQ(env.lookup("ar", "l", {"3", "4"}), "TRUE");
  EXPECT_EQ(env.lookup("ar", "=", {"4", "4"}), "TRUE");
  EXPECT_EQ(env.lookup("ar", "?", {"1", "2"}), "<none>");
  EXPECT_EQ(env.lookup("ar", "+", {"99999999999", "99999999"}), "100099999998");
  // macro: defines in the session, an empty argument list undefines.
  EXPECT_EQ(env.lookup("mac", "X", {"val"}), "");
  ASSERT_NE(env.macros->macro_value('X'), nullptr);
  EXPECT_EQ(*env.macros->macro_value('X'), "val");
  EXPECT_EQ(env.lookup("mac", "X"), "");
  EXPECT_EQ(env.macros->macro_value('X'), nullptr);
  // regex -s: the first argument replaces the field list.
  EXPECT_EQ(env.lookup("re", "user@host"), "user\233host");
  EXPECT_EQ(env.lookup("re", "user@host", {"2"}), "host");
  EXPECT_EQ(env.lookup("re", "user@host", {"5"}), "field (5) out of range, only 3 substrings in pattern\n<none>");
  EXPECT_EQ(env.lookup("re", "\"a b\"@c"), "<none>");
  EXPECT_EQ(env.lookup("re", "\"a b\"@c", {"2"}), "c");
  EXPECT_EQ(env.lookup("dq", "\"a\""), "a");
  EXPECT_EQ(env.lookup("dq", "\"a b\""), "<none>");
  EXPECT_EQ(env.lookup("seq", "alpha"), "first-value");
  // -D maps are looked up in test mode even with DeliveryMode=d.
  EXPECT_EQ(env.lookup("host", "relay"), "relay.test.example.");
  EXPECT_EQ(env.lookup("hd", "relay"), "relay.test.example.");
  EXPECT_EQ(env.lookup("td", "alpha"), "first-value");
  EXPECT_EQ(env.lookup("host", "nosuch"), "<none>");
  EXPECT_EQ(env.lookup("host", "[192.0.2.10]"), "relay.test.example.");
  EXPECT_EQ(env.lookup("arpa", "192.0.2.1"), "1.2.0.192");
  EXPECT_EQ(env.lookup("prog", "192.0.2.1"), "pre 192.0.2.1");
  EXPECT_EQ(env.lookup("progf", "192.0.2.1"), "<none>");
  EXPECT_EQ(env.lookup("nosuch", "x"), "<none>");
  EXPECT_EQ(env.session->key_space_sub("t"), ' ');
  EXPECT_EQ(env.session->key_space_sub("re"), 0);
  EXPECT_FALSE(env.session->has_map("nosuch"));
  EXPECT_TRUE(env.session->has_map("T"));
}

TEST(MapLookup, DeferredDeliverySessionsDeferDashDMaps) {
  // Outside test mode (a resolver with DeliveryMode=d) -D maps answer
  // "temporary failure" without looking; -T applies.
  MapEnv env("V10\nKtd text -D -T<D> -z: -v1 /etc/mail/t1.txt\n", {{"t1.txt", kTextMap1}});
  maps::SessionOptions opts;
  opts.deferred_delivery = true;
  maps::MapSession s(env.cf, *env.sys, env.rep, *env.macros, env.names, opts);
  std::string key = "alpha";
  int status = 0;
  EXPECT_EQ(s.lookup("td", key, {}, &status), std::nullopt);
  EXPECT_EQ(status, 75);
}

TEST(MapLookup, ProgramMapsAreKilledAfterTheirTimeout) {
  // smcf's own limit (sendmail waits forever): -d, else the session's
  // program_timeout; the lookup is then a temporary failure.
  MapEnv env("V10\nKslow program -d1 /bin/sleep\nKfast program /bin/echo\n");
  std::string key = "5";
  int status = 0;
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(env.session->lookup("slow", key, {}, &status), std::nullopt);
  EXPECT_EQ(status, 75);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(4));
  key = "hello";
  status = 0;
  EXPECT_EQ(env.session->lookup("fast", key, {}, &status), std::optional<std::string>("hello"));
  EXPECT_EQ(status, 0);
}

TEST(MapLookup, ServiceSwitchWithDnsFirst) {
  // hosts: dns files, no network: DNS answers "try again", files answer.
  MapEnv env(
      "V10\nKhp host\nKsw switch hosts\nKsw.dns host -a.dns\nKsw.files host -a.files\nKbm bestmx\n",
      {{"service.switch", "hosts dns files\naliases files\n"}});
  EXPECT_EQ(env.run("/map host relay\n/map host nosuch\n/map hp relay.test.example\n/canon relay\n/canon nosuch\n"
                    "/map bm relay\n/map bm [1.2.3.4]\n/map sw relay\n/map sw nosuch\n/map host [192.0.2.99]\n"),
            "> map_lookup: host (relay) returns relay.test.example. (0)\n"
            "> map_lookup: host (nosuch) nosuch: Name server timeout\n"
            "no match (75)\n"
            "> map_lookup: hp (relay.test.example) returns relay.test.example (0)\n"
            "> getcanonname(relay) returns relay.test.example\n"
            "> getcanonname(nosuch) returns nosuch\n"
            "> map_lookup: bm (relay) no match (75)\n"
            "> map_lookup: bm ([1.2.3.4]) returns [1.2.3.4] (0)\n"
            "> map_lookup: sw (relay) returns relay.test.example.dns (0)\n"
            "> map_lookup: sw (nosuch) nosuch: Name server timeout\n"
            "nosuch: Name server timeout\n"
            "no match (75)\n"
            "> map_lookup: host ([192.0.2.99]) no match (68)\n"
            "> ");
}

TEST(MapLookup, SwitchWithoutMembersAndFilesOnlyBestMx) {
  MapEnv env("V10\nKsw switch hosts\nKbm bestmx\n");
  EXPECT_EQ(env.run("/map sw relay\n/map bm [1.2.3.4]\n/map bm [foo]\n/map bm relay\n"),
            "> Switch map sw: unknown member map sw.files\n"
            "map_lookup: sw (relay) no match (68)\n"
            "> map_lookup: bm ([1.2.3.4]) returns [1.2.3.4] (0)\n"
            "> map_lookup: bm ([foo]) no match (0)\n"
            "> map_lookup: bm (relay) no match (0)\n"
            "> ");
}

TEST(MapLookup, DatabaseFileProblems) {
  MapEnv env(
      "V10\nKh1 hash /etc/mail/nosuch\nKh3 btree /etc/mail/access\nKh7 hash -N /etc/mail/access\n"
      "Kh8 hash -O /etc/mail/access\nKh9 hash -m -a.X /etc/mail/access\nKt3 text etc/mail/ww.txt\n"
      "Kt4 text -kx /etc/mail/access.txt\n");
  env.rep.set_exit_status(0);  // forget the start-up messages
  EXPECT_EQ(env.run("/map h1 x\n/map h1 x\n/map h3 x\n/map h7 Connect:192.0.2\n/map h8 Connect:192.0.2\n"
                    "/map h9 CONNECT:192.0.2\n/map t3 x\n/map t4 x\n"),
            "> hash map \"h1\": missing map file /etc/mail/nosuch.db: No such file or directory\n"
            "map_lookup: h1 (x) no match (75)\n"
            "> map_lookup: h1 (x) no match (75)\n"
            "> BDB0641 __db_meta_setup: /etc/mail/access.db: unexpected file type or format\n"
            "Cannot open btree database /etc/mail/access.db: Invalid argument\n"
            "map_lookup: h3 (x) no match (75)\n"
            "> map_lookup: h7 (Connect:192.0.2) no match (0)\n"
            "> map_lookup: h8 (Connect:192.0.2) returns RELAY (0)\n"
            "> map_lookup: h9 (CONNECT:192.0.2) returns CONNECT:192.0.2.X (0)\n"
            "> text map \"t3\": file name must be fully qualified\n"
            "map_lookup: t3 (x) no match (75)\n"
            "> text map \"t4\", file /etc/mail/access.txt: -k should specify a number, not x\n"
            "map_lookup: t4 (x) no match (75)\n"
            "> ");
  EXPECT_EQ(env.rep.exit_status(), 71);  // the first syserr came with errno set
}

}  // namespace
}  // namespace smcf
