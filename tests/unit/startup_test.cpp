// startup_test.cpp -- what sendmail defines around reading the cf (host
// names, $=w, $_, ${addr_type}, $=m, start-up warnings, long macro ids),
// against the conformance goldens and against transcripts of the real
// sendmail 8.17.1.9 (`sendmail-bt CONFIG HOSTS < script`, host name
// mx.test.example) for cases the goldens do not show.
#include <gtest/gtest.h>

#include "base/output.hpp"
#include "engine/compiled.hpp"
#include "testmode/session.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/diag.hpp"
#include "base/output.hpp"
#include "names/printable.hpp"
#include "host/system.hpp"
#include "ir/config.hpp"
#include "read/defaults.hpp"
#include "read/reader.hpp"
#include "runner_support.hpp"

namespace smcf {
namespace {

namespace fs = std::filesystem;

const std::string kCorpus = std::string(SMCF_TEST_DATA_DIR) + "/conformance/corpus";

// A scratch file for a test (hosts files).
std::string scratch_file(const std::string& name, const std::string& text) {
  fs::path p = fs::path(testing::TempDir()) / ("smcf-startup-" + name);
  std::ofstream(p, std::ios::binary) << text;
  return p.string();
}

SystemOptions pinned(std::optional<std::string> hosts = std::nullopt) {
  SystemOptions o;
  o.host_name = "mx.test.example";
  o.hosts_file = hosts ? *hosts : kCorpus + "/pinned/hosts";
  o.passwd_file = kCorpus + "/pinned/passwd";
  o.group_file = kCorpus + "/pinned/group";
  o.uid = 0;
  o.no_dns = true;
  o.remap = {{"/etc/mail", kCorpus + "/configs/etc-mail"}};
  return o;
}

struct Read {
  Config cf;
  std::string printed;  // what reading printed (the start-up block)
};

Read read(const std::string& file_name, const std::string& text, const System& sys,
          std::vector<CommandLineOption> extra = {}) {
  ReadRequest req;
  req.file_name = file_name;
  req.text = text;
  req.test_mode = true;
  req.options.push_back({' ', "DontProbeInterfaces=true"});
  for (auto& o : extra) req.options.push_back(std::move(o));
  Output out;
  Reporter rep(&out);
  Read r{read_config(req, sys, rep), {}};
  r.printed = out.take();
  return r;
}

// What test mode prints for one `$x` / `${x}` / `$=X` command, through a
// real test-mode session (the main envelope's own macros included).
std::string answer(const Config& cf, std::string_view cmd) {
  auto cc = std::make_shared<const CompiledConfig>(cf);
  System sys;
  Output out;
  Reporter rep(&out);
  TestSession session(cc, sys, out, rep);
  session.command(cmd);
  return out.take();
}

// The transcript after the banner for a script of such commands.
std::string transcript(const Config& cf, const std::vector<std::string>& cmds) {
  std::string out;
  for (const auto& c : cmds) out += "> " + answer(cf, c);
  return out + "> ";
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

// ---------------------------------------------------------------------------
// The conformance goldens: every case script starts with $j $w $m $k $=w $v
// $n $_ ${addr_type} $=m $=k.

struct Golden {
  std::string startup;                                       // before the banner
  std::vector<std::pair<std::string, std::string>> answers;  // leading $ commands
};

Golden load_golden(const std::string& name) {
  Golden g;
  std::string out = runner::read_file(kCorpus + "/cases/" + name + ".out");
  auto banner = out.find("ADDRESS TEST MODE");
  g.startup = out.substr(0, banner);
  const std::string enter = "Enter <ruleset> <address>\n";
  std::size_t p = out.find(enter, banner) + enter.size();
  for (const auto& line : lines_of(runner::read_file(kCorpus + "/cases/" + name + ".in"))) {
    if (!line.empty() && line[0] != '#' && line[0] != '$') break;
    if (out.compare(p, 2, "> ") != 0) break;
    p += 2;
    std::size_t q = p;
    while ((q = out.find("> ", q)) != std::string::npos && q != p && out[q - 1] != '\n') ++q;
    if (q == std::string::npos) q = out.size();
    if (!line.empty() && line[0] == '$') g.answers.emplace_back(line, out.substr(p, q - p));
    p = q;
  }
  return g;
}

// The start-up lines this module prints.
std::vector<std::string> own_startup_lines(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& l : lines_of(text))
    if (l.rfind("Warning: .cf file is out of date", 0) == 0 || l.rfind("Warning: .cf version level", 0) == 0 ||
        l.rfind("WARNING: local host name", 0) == 0)
      out.push_back(l);
  return out;
}

class StartupGolden : public testing::TestWithParam<std::string> {};

TEST_P(StartupGolden, HostMacrosAndClassesMatchSendmail) {
  const std::string name = GetParam();
  System sys(pinned());
  Read r = read("/etc/mail/" + name + ".cf", runner::read_file(kCorpus + "/configs/" + name + ".cf"), sys);
  Golden g = load_golden(name);
  ASSERT_GE(g.answers.size(), 11u) << name;
  for (const auto& [cmd, want] : g.answers) EXPECT_EQ(answer(r.cf, cmd), want) << name << ": " << cmd;
  EXPECT_EQ(own_startup_lines(r.printed), own_startup_lines(g.startup)) << name;
}

INSTANTIATE_TEST_SUITE_P(StartupCorpus, StartupGolden,
                         testing::Values("adv-engine", "debian-mta", "generic-linux", "knecht", "masquerade",
                                         "nullclient", "relay-checks", "submit", "sunos413", "virtual"),
                         [](const testing::TestParamInfo<std::string>& i) {
                           std::string n = i.param;
                           for (auto& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

// ---------------------------------------------------------------------------
// Host names from other hosts files (real sendmail, config "V10\nSfoo\n").

const std::vector<std::string> kHostScript = {"$j", "$w", "$m", "$k", "$=w", "$=k", "$=m"};

struct HostCase {
  const char* name;
  const char* hosts;
  const char* host_name;  // nullptr: mx.test.example
  const char* expected;
};

const HostCase kHostCases[] = {
    // glibc merges every line naming the host: aliases and addresses.
    {"merged", "127.0.0.1 localhost\n127.0.1.1 mx.test.example mx\n10.0.0.5 mx.test.example other.alias\n", nullptr,
     "> mx.test.example\n> mx\n> test.example\n> mx.test.example\n> mx\nother.alias\nmx.test.example\n"
     "[127.0.1.1]\n[10.0.0.5]\n> mx.test.example\n> test.example\n> "},
    // IPv6 is asked first; addresses in sendmail's full form.
    {"v6only", "127.0.0.1 localhost\n2001:db8::25 mx.test.example v6alias\n", nullptr,
     "> mx.test.example\n> mx\n> test.example\n> mx.test.example\n> v6alias\nmx.test.example\n"
     "[IPv6:2001:db8:0:0:0:0:0:25]\n> mx.test.example\n> test.example\n> "},
    {"v6first", "127.0.0.1 localhost\n2001:db8::25 mx.test.example v6alias\n127.0.1.1 mx.test.example v4alias\n",
     nullptr,
     "> mx.test.example\n> mx\n> test.example\n> mx.test.example\n> v6alias\nmx.test.example\n"
     "[IPv6:2001:db8:0:0:0:0:0:25]\n> mx.test.example\n> test.example\n> "},
    {"absent", "127.0.0.1 localhost\n", nullptr,
     "> mx.test.example\n> mx\n> test.example\n> mx.test.example\n> mx.test.example\n> mx.test.example\n"
     "> test.example\n> "},
    // An unqualified entry name does not replace a qualified host name.
    {"unqualified-entry", "127.0.0.1 localhost\n127.0.1.1 mx mx.test.example\n", nullptr,
     "> mx.test.example\n> mx\n> test.example\n> mx.test.example\n> mx.test.example\n[127.0.1.1]\n"
     "> mx.test.example\n> test.example\n> "},
    {"entry-spelling", "127.0.0.1 localhost\n127.0.1.1 MX.Test.Example Mx\n", nullptr,
     "> MX.Test.Example\n> MX\n> Test.Example\n> mx.test.example\n> Mx\nMX.Test.Example\n[127.0.1.1]\n"
     "> MX.Test.Example\n> Test.Example\n> "},
    {"merge-order",
     "127.0.1.1 mx.test.example a1 a2\n10.0.0.5 zother.name mx.test.example a3 a1\n127.0.1.1 mx.test.example a4\n",
     nullptr,
     "> mx.test.example\n> mx\n> test.example\n> mx.test.example\n> a4\na2\na3\na1\nzother.name\n"
     "mx.test.example\n[127.0.1.1]\n[10.0.0.5]\n> mx.test.example\n> test.example\n> "},
    {"merge-case", "127.0.1.1 MX.TEST.EXAMPLE b1\n10.0.0.6 mx.test.example b2\n", nullptr,
     "> MX.TEST.EXAMPLE\n> MX\n> TEST.EXAMPLE\n> mx.test.example\n> b1\nb2\nMX.TEST.EXAMPLE\n[127.0.1.1]\n"
     "[10.0.0.6]\n> MX.TEST.EXAMPLE\n> TEST.EXAMPLE\n> "},
    {"v4mapped", "127.0.1.1 mx.test.example\n::ffff:10.1.2.3 mx.test.example v6m\n", nullptr,
     "> mx.test.example\n> mx\n> test.example\n> mx.test.example\n> v6m\nmx.test.example\n[10.1.2.3]\n"
     "> mx.test.example\n> test.example\n> "},
    {"repeated-alias", "127.0.1.1 mx.test.example mx.test.example q\n", nullptr,
     "> mx.test.example\n> mx\n> test.example\n> mx.test.example\n> q\nmx.test.example\n[127.0.1.1]\n"
     "> mx.test.example\n> test.example\n> "},
    // Unqualified host names (hostname set inside sendmail-bt --exec).
    {"short-host", "127.0.1.1 mx mx.test.example other\n", "mx",
     "> mx.test.example\n> mx\n> test.example\n> mx\n> mx\nother\nmx.test.example\n[127.0.1.1]\n> mx\n"
     "> test.example\n> "},
    {"short-host-case", "127.0.1.1 mx.test.example mx\n", "MX",
     "> mx.test.example\n> mx\n> test.example\n> MX\n> MX\nmx.test.example\n[127.0.1.1]\n> MX\n"
     "> test.example\n> "},
    {"unknown-host", "", "nothere.example",
     "> nothere.example\n> nothere\n> example\n> nothere.example\n> nothere.example\n> nothere.example\n"
     "> example\n> "},
};

TEST(StartupHosts, HostNamesFromTheHostsFile) {
  for (const auto& c : kHostCases) {
    SystemOptions o = pinned(scratch_file(c.name, c.hosts));
    if (c.host_name) o.host_name = c.host_name;
    System sys(o);
    Read r = read("/etc/mail/a.cf", "V10\nSfoo\n", sys);
    EXPECT_EQ(transcript(r.cf, kHostScript), c.expected) << c.name;
  }
}

TEST(StartupHosts, LookupFollowsGlibcFiles) {
  System sys(pinned(scratch_file("lookup", "::ffff:10.1.2.3 foo\n127.1 bar\n010.0.0.1 baz\n1.2.3.4 Qux\n"
                                           "1.2.3.5 qux. quy\n")));
  using startup::Family;
  // A mapped address answers both families; IPv4 text is read strictly.
  ASSERT_TRUE(startup::hosts_lookup(sys, "foo", Family::Inet4));
  EXPECT_EQ(startup::hosts_lookup(sys, "foo", Family::Inet4)->addresses, std::vector<std::string>{"[10.1.2.3]"});
  EXPECT_TRUE(startup::hosts_lookup(sys, "foo", Family::Inet6));
  EXPECT_FALSE(startup::hosts_lookup(sys, "bar", Family::Inet4));
  EXPECT_FALSE(startup::hosts_lookup(sys, "baz", Family::Inet4));
  // Names compare without case but exactly otherwise (no final-dot folding).
  auto q = startup::hosts_lookup(sys, "qux", Family::Inet4);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->name, "Qux");
  EXPECT_EQ(q->addresses, std::vector<std::string>{"[1.2.3.4]"});
  EXPECT_EQ(startup::hosts_lookup(sys, "QUX.", Family::Inet4)->name, "qux.");
}

// ---------------------------------------------------------------------------
// Configs the goldens do not show (real sendmail, pinned hosts).

TEST(StartupConfig, NoVersionLineKeepsTheFullHostNameAndWarns) {
  System sys(pinned());
  Read r = read("/etc/mail/nov.cf", "Sfoo\n", sys);
  EXPECT_EQ(transcript(r.cf, kHostScript),
            "> mx.test.example\n> mx.test.example\n> test.example\n> mx.test.example\n> mx\nloghost\n"
            "mx.test.example\n[127.0.1.1]\nmail.test.example\n> mx.test.example\n> test.example\n> ");
  EXPECT_EQ(own_startup_lines(r.printed),
            std::vector<std::string>{
                "Warning: .cf file is out of date: sendmail 8.17.1.9 supports version 10, .cf file is version 0"});
}

TEST(StartupConfig, VersionFiveShortensW) {
  System sys(pinned());
  Read v5 = read("/etc/mail/v5.cf", "V5\nSfoo\n", sys);
  EXPECT_EQ(answer(v5.cf, "$w"), "mx\n");
  EXPECT_EQ(own_startup_lines(v5.printed),
            std::vector<std::string>{
                "Warning: .cf file is out of date: sendmail 8.17.1.9 supports version 10, .cf file is version 5"});
  Read v4 = read("/etc/mail/v4.cf", "V4\nSfoo\n", sys);
  EXPECT_EQ(answer(v4.cf, "$w"), "mx.test.example\n");
}

TEST(StartupConfig, LevelAboveTenIsASyserr) {
  System sys(pinned());
  Read r = read("/etc/mail/e.cf", "V11\nSfoo\n", sys);
  EXPECT_EQ(own_startup_lines(r.printed),
            std::vector<std::string>{
                "Warning: .cf version level (11) exceeds sendmail version 8.17.1.9 functionality (10)"});
  EXPECT_EQ(r.cf.exit_status, 70);
}

TEST(StartupConfig, UnqualifiedJIsWarnedAboutAndJoinsW) {
  System sys(pinned());
  Read r = read("/etc/mail/f.cf", "V10\nDjfoo\nSfoo\n", sys);
  EXPECT_EQ(own_startup_lines(r.printed),
            std::vector<std::string>{"WARNING: local host name (foo) is not qualified; see cf/README: WHO AM I?"});
  EXPECT_EQ(transcript(r.cf, {"$w", "$=w", "$j"}),
            "> mx\n> mx\nfoo\nloghost\nmx.test.example\n[127.0.1.1]\nmail.test.example\n> foo\n> ");

  // $j is expanded first: Dj$w with V10 is "mx".
  Read jw = read("/etc/mail/jw.cf", "V10\nDj$w\nSfoo\n", sys);
  EXPECT_EQ(own_startup_lines(jw.printed),
            std::vector<std::string>{"WARNING: local host name (mx) is not qualified; see cf/README: WHO AM I?"});
  EXPECT_EQ(answer(jw.cf, "$j"), "$w\n");
}

TEST(StartupConfig, EmptyJMeansLocalhost) {
  System sys(pinned());
  Read r = read("/etc/mail/je.cf", "V10\nDj\nDm\nSfoo\n", sys);
  EXPECT_EQ(own_startup_lines(r.printed),
            std::vector<std::string>{
                "WARNING: local host name (localhost) is not qualified; see cf/README: WHO AM I?"});
  EXPECT_EQ(transcript(r.cf, {"$j", "$=w", "$=m"}),
            "> \n> mx\nloghost\nlocalhost\nmx.test.example\n[127.0.1.1]\nmail.test.example\n> > ");
}

TEST(StartupConfig, ClassMComesFromTheFinalM) {
  System sys(pinned());
  std::string longj = "aaaaaaaaaa.bbbbbbbbbb.cccccccccc.dddddddddd.eeeeeeeeee.ffffffffff.gggggggggg";
  Read r = read("/etc/mail/jl.cf", "V10\nDj" + longj + "\nDmother.example\nSfoo\n", sys);
  EXPECT_EQ(transcript(r.cf, kHostScript),
            "> " + longj + "\n> mx\n> other.example\n> mx.test.example\n> mx\nloghost\nmx.test.example\n"
            "[127.0.1.1]\nmail.test.example\n" + longj + "\n> mx.test.example\n> other.example\n> ");
}

TEST(StartupConfig, BuiltinMacrosAndClasses) {
  System sys(pinned());
  Read r = read("/etc/mail/a.cf", "V10\nSfoo\n", sys);
  // Real sendmail on "V10\nSfoo\n" (${load_avg} and $b are not pinned).
  EXPECT_EQ(transcript(r.cf, {"$_", "${opMode}", "${deliveryMode}", "${addr_type}", "$=n", "$=s", "$=e", "$=b",
                              "$={checkMIMEHeaders}", "$={persistentMacros}", "$={checkMIMEFieldHeaders}",
                              "$={checkMIMETextHeaders}", "$e", "$l", "$o", "$q", "$v", "$n", "$Z", "$=t",
                              "${quarantine}"}),
            "> root@localhost\n> t\n> i\n> e r\n> multipart/signed\n> rfc822\n> 7bit\n8bit\nbinary\n> "
            "> content-type\ncontent-disposition\ncontent-transfer-encoding\ncontent-id\nmime-version\n"
            "> _\nr\ns\n{daemon_flags}\n{if_addr}\n> content-type\ncontent-disposition\n"
            "> content-description\n> Undefined\n> Undefined\n> Undefined\n> Undefined\n> 8.17.1.9\n"
            "> MAILER-DAEMON\n> Undefined\n> > \n> ");
  // Test mode runs with Verbose 2.
  EXPECT_EQ(r.cf.options.verbose, 2);
}

TEST(StartupConfig, EightLongNamesAreTakenBeforeTestMode) {
  // sendmail allocates {deliveryMode} {load_avg} before the cf, then four
  // class names, {quarantine} and {addr_type}: a script can define 88 more
  // long names before "too many long names".
  System sys(pinned());
  Read r = read("/etc/mail/a.cf", "V10\nSfoo\n", sys);
  EXPECT_EQ(r.cf.macro_names.next_id, 0240 + 8);
  EXPECT_EQ(r.cf.macro_names.name(0240), "deliveryMode");
  EXPECT_EQ(r.cf.macro_names.name(0241), "load_avg");
  EXPECT_EQ(r.cf.macro_names.name(0242), "checkMIMEFieldHeaders");
  EXPECT_EQ(r.cf.macro_names.name(0245), "persistentMacros");
  EXPECT_EQ(r.cf.macro_names.name(0246), "quarantine");
  EXPECT_EQ(r.cf.macro_names.name(0247), "addr_type");
}

TEST(StartupConfig, UserWithoutPasswdEntry) {
  SystemOptions o = pinned();
  o.uid = 4242;
  System sys(o);
  Read r = read("/etc/mail/a.cf", "V10\nSfoo\n", sys);
  EXPECT_EQ(answer(r.cf, "$_"), "Unknown UID 4242@localhost\n");
}

// ---------------------------------------------------------------------------
// The checks main() makes on options after the cf (real sendmail's
// transcripts for these cfs).

TEST(StartupOptions, HostStatusAndSuperSafeWarnings) {
  System sys(pinned());
  Read r = read("/etc/mail/c.cf",
                "V10\nO SuperSafe=interactive\nO HostStatusDirectory=/tmp\nO ConnectionCacheSize=0\n"
                "O SingleThreadDelivery=true\nMlocal, P=/bin/true, A=x\n",
                sys);
  EXPECT_EQ(r.printed,
            "WARNING: SuperSafe=interactive should only be used with\n"
            "         DeliveryMode=interactive\n"
            "Warning: HostStatusDirectory disabled with ConnectionCacheSize = 0\n"
            "Warning: HostStatusDirectory required for SingleThreadDelivery\n");
  EXPECT_EQ(answer(r.cf, "${deliveryMode}"), "i\n");
  EXPECT_EQ(r.cf.exit_status, 0);
}

TEST(StartupOptions, UnknownMailboxDatabase) {
  System sys(pinned());
  Read r = read("/etc/mail/c2.cf",
                "V10\nO HostStatusDirectory=/nonexist\nO SingleThreadDelivery=true\nO MailboxDatabase=foo\n"
                "Mlocal, P=/bin/true, A=x\n",
                sys);
  EXPECT_EQ(r.printed, "Can't initialize mailbox database \"foo\": Service unavailable\n");
  EXPECT_EQ(r.cf.exit_status, 69);
  // Known types, with or without an argument; names are case sensitive.
  for (std::string db : {"ldap", "pw.foo", "PW", ""}) {
    Read m = read("/etc/mail/mb.cf", "V10\nO MailboxDatabase=" + db + "\nMlocal, P=/bin/true, A=x\n", sys);
    bool known = db == "ldap" || db == "pw.foo";
    EXPECT_EQ(m.printed, known ? "" : "Can't initialize mailbox database \"" + db + "\": Service unavailable\n")
        << db;
  }
}

TEST(StartupOptions, TestModeAsksForInteractiveDeliveryUnlessTheCommandLineSetsIt) {
  System sys(pinned());
  const std::string cf = "V10\nO DeliveryMode=q\nMlocal, P=/bin/true, A=x\n";
  EXPECT_EQ(answer(read("/etc/mail/g.cf", cf, sys).cf, "${deliveryMode}"), "i\n");
  EXPECT_EQ(answer(read("/etc/mail/g.cf", cf, sys, {{' ', "DeliveryMode=d"}}).cf, "${deliveryMode}"), "d\n");
  EXPECT_EQ(answer(read("/etc/mail/g.cf", cf, sys, {{'d', "d"}}).cf, "${deliveryMode}"), "d\n");
}

TEST(StartupOptions, VerboseFromTheCfStays) {
  // With Ov sendmail -bt prints no prompts but echoes each line: Verbose 1.
  System sys(pinned());
  Read r = read("/etc/mail/b.cf", "V10\nOv\nMlocal, P=/bin/true, A=x\n", sys);
  EXPECT_EQ(r.cf.options.verbose, 1);
  EXPECT_EQ(answer(r.cf, "${deliveryMode}"), "i\n");
}

}  // namespace
}  // namespace smcf
