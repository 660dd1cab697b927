// mailer_test.cpp -- M, Q and X lines and the `=M` listing, against the
// `=M` blocks of the conformance goldens and against transcripts of the
// real sendmail 8.17.1.9 (`sendmail-bt CONFIG < script`, run with the
// config as /etc/mail/NAME.cf) for everything the goldens do not show.
//
// The lines are fed straight to the handlers (with the built-in mailers
// added first and the after-read step last, as sendmail does), so these
// tests do not depend on the other line types.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "base/diag.hpp"
#include "base/output.hpp"
#include "grammar/cf_lines.hpp"
#include "grammar/mailer_fields.hpp"
#include "host/system.hpp"
#include "ir/config.hpp"
#include "names/macro_id.hpp"
#include "read/cf_lines.hpp"
#include "read/context.hpp"
#include "read/line_handlers.hpp"
#include "read/munch.hpp"
#include "read/preprocess.hpp"
#include "runner_support.hpp"
#include "testmode/print_mailer.hpp"

namespace smcf {
namespace {

const std::string kCorpus = std::string(SMCF_TEST_DATA_DIR) + "/conformance/corpus";

SystemOptions pinned() {
  SystemOptions o;
  o.host_name = "mx.test.example";
  o.hosts_file = kCorpus + "/pinned/hosts";
  o.passwd_file = kCorpus + "/pinned/passwd";
  o.group_file = kCorpus + "/pinned/group";
  o.uid = 0;
  o.no_dns = true;
  return o;
}

// Whether the reader keeps a MailerReadState (ir/mailer.hpp) across lines;
// without it U= overflows are not reproduced.
template <class C>
constexpr bool kHasMailerState = requires(C& c) { c.mailer_state; };

// A D line's value goes through munchstring's buffer too.
template <class Ctx>
void note_define(Ctx& ctx, std::string_view rest) {
  if constexpr (kHasMailerState<Ctx>) {
    MacroIdResult id = parse_macro_id(rest, ctx.cf.macro_names, nullptr);
    if (id.id != 0) ctx.mailer_state.munch.store(munch_string(rest.substr(id.consumed), '\0').value);
  }
}

// Reads the M, Q, X, S and V lines of a cf, D lines only for their trace
// in munchstring's buffer, and the O line QueueDirectory (Q).
struct Harness {
  explicit Harness(std::string file = "/etc/mail/t.cf") : ctx(cf, rep, sys) {
    cf.file_name = file;
    init_builtin_macro_names(cf.macro_names);
    add_builtin_mailers(ctx);
  }

  std::string read(std::string_view text) {
    rep.set_file(cf.file_name);
    CfLineReader lines(text);
    while (auto ll = lines.next()) {
      rep.set_line(ll->line_number);
      if (ll->text.empty() || ll->text[0] == '#') continue;
      std::string bp = translate_dollars(ll->text, cf.config_level, cf.macro_names, &rep);
      if (bp.empty()) continue;
      std::string_view rest = std::string_view(bp).substr(1);
      switch (bp[0]) {
        case 'V': {
          grammar::VersionLine v;
          if (grammar::parse_version_line(rest, v)) cf.config_level = std::stoi(v.digits);
          break;
        }
        case 'D': note_define(ctx, rest); break;
        case 'S': read_ruleset_line(ctx, rest); break;
        case 'M': read_mailer_line(ctx, rest); break;
        case 'Q': read_queue_line(ctx, rest); break;
        case 'X': read_milter_line(ctx, rest); break;
        case 'O':
          if (rest.starts_with("Q")) cf.options.queue_directory = std::string(rest.substr(1));
          break;
        default: break;
      }
    }
    rep.set_file(std::nullopt);
    finish_mailers_after_read(ctx);
    return out.take();
  }

  // What `=M` prints.
  std::string listing() const {
    std::string s;
    for (const auto& m : cf.mailers)
      if (m) s += format_mailer_line(cf, *m) + "\n";
    return s;
  }

  Output out;
  Reporter rep{&out};
  System sys{pinned()};
  Config cf;
  ReadContext ctx;
};

const std::string kProg =
    "mailer 0 (prog): P=/bin/sh S=0/0 R=0/0 M=0 U=-1:-1 F=9Dloqsu L=0 E=\\n T=X-Unix/X-Unix/X-Unix r=100 A=sh -c $u\n";
const std::string kFile =
    "mailer 1 (*file*): P=[FILE] S=0/0 R=0/0 M=0 U=-1:-1 F=9DEFMPloqsu L=0 E=\\n T=X-Unix/X-Unix/X-Unix r=100 A=FILE "
    "$u\n";
const std::string kInclude =
    "mailer 2 (*include*): P=/dev/null S=0/0 R=0/0 M=0 U=-1:-1 F=su L=0 E=\\n "
    "T=<undefined>/<undefined>/<undefined> r=100 A=INCLUDE $u\n";
const std::string kUndef = "T=<undefined>/<undefined>/<undefined>";

// --- the goldens -----------------------------------------------------------

// The `=M` block of a golden transcript: the "mailer N (" lines, with the
// prompts of the commands before removed.
std::string golden_listing(const std::string& name) {
  std::istringstream in(runner::read_file(kCorpus + "/cases/" + name + ".out"));
  std::string line, block;
  static const std::regex mailer_line("^(> )*(mailer [0-9]+ \\(.*)$");
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_match(line, m, mailer_line)) block += m[2].str() + "\n";
    else if (!block.empty()) break;
  }
  return block;
}

class MailerGolden : public testing::TestWithParam<const char*> {};

TEST_P(MailerGolden, ListingMatchesSendmail) {
  std::string name = GetParam();
  Harness h("/etc/mail/" + name + ".cf");
  h.read(runner::read_file(kCorpus + "/configs/" + name + ".cf"));
  std::string expected = golden_listing(name);
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(h.listing(), expected);
}

INSTANTIATE_TEST_SUITE_P(MailerCorpus, MailerGolden,
                         testing::Values("adv-engine", "debian-mta", "generic-linux", "knecht", "masquerade",
                                         "nullclient", "relay-checks", "submit", "sunos413", "virtual"));

TEST(MailerGoldenMessages, StartupMessagesOfTheCorpus) {
  // The M/Q lines' share of the start-up messages in the goldens.
  Harness a("/etc/mail/adv-engine.cf");
  EXPECT_EQ(a.read(runner::read_file(kCorpus + "/configs/adv-engine.cf")),
            "/etc/mail/adv-engine.cf: line 285: queue : `=' expected\n"
            "/etc/mail/adv-engine.cf: line 304: HdrTo=41: ruleset changed value (old 178, new 41)\n");
  Harness k("/etc/mail/knecht.cf");
  EXPECT_EQ(k.read(runner::read_file(kCorpus + "/configs/knecht.cf")),
            "/etc/mail/knecht.cf: line 2203: readcf: mailer U= flag: unknown user cyrus\n"
            "/etc/mail/knecht.cf: line 2207: readcf: mailer U= flag: unknown user cyrus\n");
  Harness s("/etc/mail/sunos413.cf");
  EXPECT_EQ(s.read(runner::read_file(kCorpus + "/configs/sunos413.cf")),
            "/etc/mail/sunos413.cf: line 208: Mddn: P=[TCP] must be replaced by P=[IPC]\n");
}

// --- M lines -------------------------------------------------------------

TEST(MailerLine, BuiltinsAndASimpleLocal) {
  Harness h;
  EXPECT_EQ(h.read("V10\nSparse=0\nMlocal, P=/bin/true, F=lsDFM, A=local $u\n"), "");
  EXPECT_EQ(h.listing(),
            "mailer 0 (prog): P=/bin/sh S=parse/parse R=parse/parse M=0 U=-1:-1 F=9Dloqsu L=0 E=\\n "
            "T=X-Unix/X-Unix/X-Unix r=100 A=sh -c $u\n"
            "mailer 1 (*file*): P=[FILE] S=parse/parse R=parse/parse M=0 U=-1:-1 F=9DEFMPloqsu L=0 E=\\n "
            "T=X-Unix/X-Unix/X-Unix r=100 A=FILE $u\n"
            "mailer 2 (*include*): P=/dev/null S=parse/parse R=parse/parse M=0 U=-1:-1 F=su L=0 E=\\n " +
                kUndef + " r=100 A=INCLUDE $u\n"
            "mailer 3 (local): P=/bin/true S=parse/parse R=parse/parse M=0 U=-1:-1 F=DFMls L=0 E=\\n " + kUndef +
                " r=100 A=local $u\n");
}

TEST(MailerLine, ErrorsAndWhatSurvives) {
  Harness h("/etc/mail/e1.cf");
  std::string printed = h.read(
      "V10\n"
      "Sparse=0\n"
      "Mlocal, P=/bin/true, F=lsDFM, A=local $u\n"
      "M\n"
      "M ,P=/x\n"
      "Mfoo\n"
      "Mfoo, P=/x A=x\n"
      "Mfoo2, P=/x, Xyz=1, A=x y\n"
      "Mfoo3, P=/x, Q=nosuch, A=x\n"
      "Mfoo4, P=/x, Q=, A=x\n"
      "Mfoo5, P=/x, E=, A=x\n"
      "Mfoo6, P=/x, D=, C=, /=, A=x $u\n"
      "Mfoo7, P=/x\n"
      "Mfoo8, A=x\n"
      "Mfoo9, P=[TCP], A=x\n"
      "Mfoo10, P=[IPC], A=x\n"
      "Mfoo11, P=[IPC], A=FOO h\n"
      "Mfoo12, P=[FILE], A=FILE\n"
      "Mfoo13, P=[FILE], A=FILE a b\n"
      "Mfoo14, P=[FILE], A=XILE a\n"
      "Mfoo15, P=[IPC], A=FILE /tmp/sock\n"
      "Mfoo16, P=/x, U=nosuchuser, A=x\n"
      "Mfoo18, P=/x, U=, A=x\n"
      "Mfoo22, P=/x, W=5x, A=x\n");
  EXPECT_EQ(printed,
            "/etc/mail/e1.cf: line 4: name required for mailer\n"
            "/etc/mail/e1.cf: line 5: name required for mailer\n"
            "/etc/mail/e1.cf: line 6: Mfoo: A= argument required\n"
            "/etc/mail/e1.cf: line 7: Mfoo: A= argument required\n"
            "/etc/mail/e1.cf: line 8: Mfoo2: unknown mailer equate X=\n"
            "/etc/mail/e1.cf: line 9: mailer foo3: unknown queue nosuch\n"
            "/etc/mail/e1.cf: line 10: mailer foo4: null queue\n"
            "/etc/mail/e1.cf: line 11: mailer foo5: null end-of-line string\n"
            "/etc/mail/e1.cf: line 12: mailer foo6: null working directory\n"
            "/etc/mail/e1.cf: line 12: mailer foo6: null charset\n"
            "/etc/mail/e1.cf: line 12: mailer foo6: null root directory\n"
            "/etc/mail/e1.cf: line 13: Mfoo7: A= argument required\n"
            "/etc/mail/e1.cf: line 14: Mfoo8: P= argument required\n"
            "/etc/mail/e1.cf: line 15: Mfoo9: P=[TCP] must be replaced by P=[IPC]\n"
            "/etc/mail/e1.cf: line 16: Mfoo10: too few parameters for [IPC] mailer\n"
            "Mfoo11: Warning: first argument in [IPC] mailer must be TCP or FILE\n"
            "/etc/mail/e1.cf: line 18: Mfoo12: too few parameters for [FILE] mailer\n"
            "/etc/mail/e1.cf: line 19: Mfoo13: too many parameters for [FILE] mailer\n"
            "/etc/mail/e1.cf: line 20: Mfoo14: first argument in [FILE] mailer must be FILE\n"
            "/etc/mail/e1.cf: line 22: readcf: mailer U= flag: unknown user nosuchuser\n"
            "/etc/mail/e1.cf: line 23: mailer foo18: null user name\n"
            "/etc/mail/e1.cf: line 24: Invalid time unit `x'\n");
  EXPECT_EQ(h.rep.exit_status(), 70);
  EXPECT_EQ(h.listing(),
            "mailer 0 (prog): P=/bin/sh S=parse/parse R=parse/parse M=0 U=-1:-1 F=9Dloqsu L=0 E=\\n T=X-Unix/X-Unix/X-Unix r=100 A=sh -c $u\n"
            "mailer 1 (*file*): P=[FILE] S=parse/parse R=parse/parse M=0 U=-1:-1 F=9DEFMPloqsu L=0 E=\\n T=X-Unix/X-Unix/X-Unix r=100 A=FILE $u\n"
            "mailer 2 (*include*): P=/dev/null S=parse/parse R=parse/parse M=0 U=-1:-1 F=su L=0 E=\\n T=<undefined>/<undefined>/<undefined> r=100 A=INCLUDE $u\n"
            "mailer 3 (local): P=/bin/true S=parse/parse R=parse/parse M=0 U=-1:-1 F=DFMls L=0 E=\\n T=<undefined>/<undefined>/<undefined> r=100 A=local $u\n"
            "mailer 4 (foo2): P=/x S=parse/parse R=parse/parse M=0 U=-1:-1 F= L=0 E=\\r\\n T=<undefined>/<undefined>/<undefined> r=100 A=x y\n"
            "mailer 5 (foo3): P=/x S=parse/parse R=parse/parse M=0 U=-1:-1 F= L=0 E=\\r\\n T=<undefined>/<undefined>/<undefined> r=100 A=x\n"
            "mailer 6 (foo4): P=/x S=parse/parse R=parse/parse M=0 U=-1:-1 F= L=0 E=\\r\\n T=<undefined>/<undefined>/<undefined> r=100 A=x\n"
            "mailer 7 (foo5): P=/x S=parse/parse R=parse/parse M=0 U=-1:-1 F= L=0 E=\\r\\n T=<undefined>/<undefined>/<undefined> r=100 A=x\n"
            "mailer 8 (foo6): P=/x S=parse/parse R=parse/parse M=0 U=-1:-1 F= L=0 E=\\n T=<undefined>/<undefined>/<undefined> r=100 A=x $u\n"
            "mailer 9 (foo11): P=[IPC] S=parse/parse R=parse/parse M=0 U=-1:-1 F= L=0 E=\\r\\n T=dns/rfc822/smtp r=100 A=FOO h\n"
            "mailer 10 (foo15): P=[IPC] S=parse/parse R=parse/parse M=0 U=-1:-1 F= L=0 E=\\r\\n T=dns/rfc822/x-unix r=100 A=FILE /tmp/sock\n"
            "mailer 11 (foo16): P=/x S=parse/parse R=parse/parse M=0 U=-1:-1 F= L=0 E=\\r\\n T=<undefined>/<undefined>/<undefined> r=100 A=x\n"
            "mailer 12 (foo18): P=/x S=parse/parse R=parse/parse M=0 U=-1:-1 F= L=0 E=\\r\\n T=<undefined>/<undefined>/<undefined> r=100 A=x\n"
            "mailer 13 (foo22): P=/x S=parse/parse R=parse/parse M=0 U=-1:-1 F= L=0 E=\\r\\n T=<undefined>/<undefined>/<undefined> r=100 A=x\n");
}

TEST(MailerLine, FieldSyntaxRulesetsAndValues) {
  Harness h("/etc/mail/e3.cf");
  std::string printed = h.read(
      "V10\n"
      "Mlocal, P=/bin/true, F=lsDFM, A=local $u\n"
      "Mf1 P=/x A=x\n"
      "Mf2,P=/x,,A=x,\n"
      "Mf3, Path=/x, Argv=\"a, b\" c, Flags=a b\\,c\n"
      "Mf4, P=/x, S=Foo/Bar, R=9999, A=x\n"
      "Mf5, P=/x, S=Foo=5, A=x\n"
      "Mf6, P=/x, S= 12 / 13 , R=Baz /Qux, A=x\n"
      "Mf7, P=/x, S=1x/3, R=-1, A=x\n"
      "Mf8, P=/x, S=$bad, A=x\n"
      "Mf9, P=/x, M=123456789012, L=-5, m=3, r=0, N=4, A=x\n"
      "Mf10, P=/x, F=L, A=x\n"
      "Mf11, P=/x, F=L, L=77, E=\"\\r\\n\\t\", A=x\\ty $u\n"
      "Mf12, P=/x, E=a$ub, A=$u\n"
      "Mf13, P=/x, C=utf-8, A=\"x\\n\"\n"
      "Mf14, =5, P=/x, A=x\n"
      "Mf15, P=/x, A=x, Z\n"
      "Mf16, P=/x, A=\" lead  trail \"\n");
  EXPECT_EQ(printed,
            "/etc/mail/e3.cf: line 3: Mf1: A= argument required\n"
            "/etc/mail/e3.cf: line 4: mailer f2: `=' expected\n"
            "/etc/mail/e3.cf: line 6: bad ruleset 9999 (100 max)\n"
            "/etc/mail/e3.cf: line 7: Foo=5: ruleset changed value (old 199, new 5)\n"
            "/etc/mail/e3.cf: line 9: invalid ruleset name: \"-1\"\n"
            "/etc/mail/e3.cf: line 10: invalid ruleset name: \"\001bad\"\n"
            "/etc/mail/e3.cf: line 16: Mf14: unknown mailer equate ==\n"
            "/etc/mail/e3.cf: line 17: mailer f15: `=' expected\n");
  const std::string z = "S=0/0 R=0/0 M=0 U=-1:-1";
  EXPECT_EQ(h.listing(),
            kProg + kFile + kInclude +
                "mailer 3 (local): P=/bin/true " + z + " F=DFMls L=0 E=\\n " + kUndef + " r=100 A=local $u\n"
                "mailer 4 (f3): P=/x " + z + " F=,abc L=0 E=\\r\\n " + kUndef + " r=100 A=a, b c\n"
                "mailer 5 (f5): P=/x S=Foo/Foo R=0/0 M=0 U=-1:-1 F= L=0 E=\\r\\n " + kUndef + " r=100 A=x\n"
                "mailer 6 (f6): P=/x S=12/12 R=Baz/Qux M=0 U=-1:-1 F= L=0 E=\\r\\n " + kUndef + " r=100 A=x\n"
                "mailer 7 (f9): P=/x S=0/0 R=0/0 M=123456789012 U=-1:-1 F= L=0 E=\\r\\n " + kUndef +
                " r=100 A=x\n"
                "mailer 8 (f10): P=/x " + z + " F=L L=990 E=\\r\\n " + kUndef + " r=100 A=x\n"
                "mailer 9 (f11): P=/x " + z + " F=L L=77 E=\\r\\nt " + kUndef + " r=100 A=xty $u\n"
                "mailer 10 (f12): P=/x " + z + " F= L=0 E=a$ub " + kUndef + " r=100 A=$u\n"
                "mailer 11 (f13): P=/x " + z + " F= L=0 E=\\r\\n C=utf-8 " + kUndef + " r=100 A=x\n"
                "mailer 12 (f14): P=/x " + z + " F= L=0 E=\\r\\n " + kUndef + " r=100 A=x\n"
                "mailer 13 (f16): P=/x " + z + " F= L=0 E=\\r\\n " + kUndef + " r=100 A= lead trail\n");
}

TEST(MailerLine, TypesAndIds) {
  Harness h("/etc/mail/u.cf");
  std::string printed = h.read(
      "V10\n"
      "DXabcdefghijklm nop\n"
      "Mlocal, P=/bin/true, F=lsDFM, A=local $u\n"
      "Mfoo, P=/x, U=alice:mail, A=x\n"
      "Mt1, P=/x, T=a//c, A=x\n"
      "Mt2, P=/x, T=/b, A=x\n"
      "Mt3, P=/x, T=, A=x\n"
      "Mu1, P=/x, U=dave.jones, A=x\n"
      "Mu2, P=/x, U=alice  :  8 , A=x\n"
      "Mu3, P=/x, U=0x10:010, A=x\n"
      "Mu4, P=/x, U=bob:root, A=x\n"
      "Mu5, P=/x, U=5::, A=x\n"
      "Mu6, P=/x, U=+5, A=x\n"
      "Mu7, P=/x, U=ALICE, A=x\n");
  // The older values in munchstring's buffer (the D line's blank) stop
  // the group-name scans here (compare MailerOverflow).
  EXPECT_EQ(printed,
            "/etc/mail/u.cf: line 8: readcf: mailer U= flag: unknown user dave\n"
            "/etc/mail/u.cf: line 12: mailer u5: null group name\n"
            "/etc/mail/u.cf: line 13: mailer u6: null user name\n"
            "/etc/mail/u.cf: line 14: readcf: mailer U= flag: unknown user ALICE\n");
  EXPECT_EQ(h.listing(),
            "mailer 0 (prog): P=/bin/sh S=0/0 R=0/0 M=0 U=-1:-1 F=9Dloqsu L=0 E=\\n T=X-Unix/X-Unix/X-Unix r=100 A=sh -c $u\n"
            "mailer 1 (*file*): P=[FILE] S=0/0 R=0/0 M=0 U=-1:-1 F=9DEFMPloqsu L=0 E=\\n T=X-Unix/X-Unix/X-Unix r=100 A=FILE $u\n"
            "mailer 2 (*include*): P=/dev/null S=0/0 R=0/0 M=0 U=-1:-1 F=su L=0 E=\\n T=<undefined>/<undefined>/<undefined> r=100 A=INCLUDE $u\n"
            "mailer 3 (local): P=/bin/true S=0/0 R=0/0 M=0 U=-1:-1 F=DFMls L=0 E=\\n T=<undefined>/<undefined>/<undefined> r=100 A=local $u\n"
            "mailer 4 (foo): P=/x S=0/0 R=0/0 M=0 U=1001:8 F= L=0 E=\\r\\n T=<undefined>/<undefined>/<undefined> r=100 A=x\n"
            "mailer 5 (t1): P=/x S=0/0 R=0/0 M=0 U=-1:-1 F= L=0 E=\\r\\n T=a/rfc822/c r=100 A=x\n"
            "mailer 6 (t2): P=/x S=0/0 R=0/0 M=0 U=-1:-1 F= L=0 E=\\r\\n T=dns/b/smtp r=100 A=x\n"
            "mailer 7 (t3): P=/x S=0/0 R=0/0 M=0 U=-1:-1 F= L=0 E=\\r\\n T=dns/rfc822/smtp r=100 A=x\n"
            "mailer 8 (u1): P=/x S=0/0 R=0/0 M=0 U=-1:-1 F= L=0 E=\\r\\n T=<undefined>/<undefined>/<undefined> r=100 A=x\n"
            "mailer 9 (u2): P=/x S=0/0 R=0/0 M=0 U=1001:8 F= L=0 E=\\r\\n T=<undefined>/<undefined>/<undefined> r=100 A=x\n"
            "mailer 10 (u3): P=/x S=0/0 R=0/0 M=0 U=16:8 F= L=0 E=\\r\\n T=<undefined>/<undefined>/<undefined> r=100 A=x\n"
            "mailer 11 (u4): P=/x S=0/0 R=0/0 M=0 U=1002:0 F= L=0 E=\\r\\n T=<undefined>/<undefined>/<undefined> r=100 A=x\n"
            "mailer 12 (u5): P=/x S=0/0 R=0/0 M=0 U=5:-1 F= L=0 E=\\r\\n T=<undefined>/<undefined>/<undefined> r=100 A=x\n"
            "mailer 13 (u6): P=/x S=0/0 R=0/0 M=0 U=-1:-1 F= L=0 E=\\r\\n T=<undefined>/<undefined>/<undefined> r=100 A=x\n"
            "mailer 14 (u7): P=/x S=0/0 R=0/0 M=0 U=-1:-1 F= L=0 E=\\r\\n T=<undefined>/<undefined>/<undefined> r=100 A=x\n");
}

TEST(MailerLine, TableLimitAndRedefinition) {
  std::string cf = "V5\n";
  for (int i = 1; i <= 21; ++i) cf += "Mm" + std::to_string(i) + ", P=/x, A=x\n";
  cf += "Mm1, P=/y, A=y\nMprog, P=/y, A=y\nMlocal, P=/z, F=L, A=z\nMLOCAL, P=/z2, F=L, A=z\n";
  Harness h;
  EXPECT_EQ(h.read(cf), "/etc/mail/t.cf: line 26: too many mailers defined (25 max)\n");
  std::string l = h.listing();
  EXPECT_EQ(l.substr(0, l.find('\n') + 1),
            "mailer 0 (prog): P=/y S=0/0 R=0/0 M=0 U=-1:-1 F=oq L=0 E=\\r\\n " + kUndef + " r=100 A=y\n");
  EXPECT_NE(l.find("mailer 3 (m1): P=/y "), std::string::npos);
  EXPECT_NE(l.find("mailer 24 (local): P=/z S=0/0 R=0/0 M=0 U=-1:-1 F=/5:@ALqw| L=990 E=\\r\\n " + kUndef +
                   " r=100 A=z\n"),
            std::string::npos)
      << l;
}

TEST(MailerLine, OldConfigLevels) {
  Harness h;
  EXPECT_EQ(h.read("V1\nMlocal, P=/z, F=L, A=z\nMx, P=/z, F=L, A=z\n"), "");
  EXPECT_EQ(h.listing(), kProg + kFile + kInclude +
                             "mailer 3 (local): P=/z S=0/0 R=0/0 M=0 U=-1:-1 F=/57:@ALqw| L=990 E=\\r\\n " + kUndef +
                             " r=100 A=z\n"
                             "mailer 4 (x): P=/z S=0/0 R=0/0 M=0 U=-1:-1 F=7L L=990 E=\\r\\n " + kUndef +
                             " r=100 A=z\n");
}

TEST(MailerLine, NoLocalMailer) {
  Harness h;
  EXPECT_EQ(h.read("V10\nMx, P=/z, A=z\n"), "No local mailer defined\n");
  EXPECT_EQ(h.rep.exit_status(), 70);
}

// A U= group name is scanned past its end through older contents of
// munchstring's buffer; when nothing there stops the scan, it reaches the
// mailer counter and resets it, so later mailers overwrite slots 0, 1, ...
TEST(MailerOverflow, GroupNameResetsTheMailerCounter) {
  if constexpr (!kHasMailerState<ReadContext>) {
    GTEST_SKIP() << "needs ReadContext::mailer_state";
  } else {
    Harness h("/etc/mail/ov.cf");
    EXPECT_EQ(h.read("V10\nMlocal, P=/bin/true, F=lsDFM, A=local $u\nMfoo, P=/x, U=alice:nosuchgroup, A=x\n"
                     "Mbar, P=/y, A=y\nMlocal, P=/z, A=z $u\n"),
              "/etc/mail/ov.cf: line 3: readcf: mailer U= flag: unknown group nosuchgroup\n");
    EXPECT_EQ(h.listing(),
              "mailer 0 (foo): P=/x S=0/0 R=0/0 M=0 U=1001:1001 F= L=0 E=\\r\\n " + kUndef + " r=100 A=x\n"
              "mailer 1 (bar): P=/y S=0/0 R=0/0 M=0 U=-1:-1 F= L=0 E=\\r\\n " + kUndef + " r=100 A=y\n" +
                  kInclude + "mailer 3 (local): P=/z S=0/0 R=0/0 M=0 U=-1:-1 F= L=0 E=\\n " + kUndef +
                  " r=100 A=z $u\n");
  }
}

// --- Q lines -------------------------------------------------------------

TEST(MailerQueueLine, Messages) {
  Harness h("/etc/mail/q.cf");
  std::string printed = h.read(
      "V10\n"
      "Mlocal, P=/bin/true, F=lsDFM, A=local $u\n"
      "Q\n"
      "Q ,P=/x\n"
      "Qfoo\n"
      "Qfoo2, Z=1\n"
      "Qfoo3, P=\n"
      "Qfoo4, R=3\n"
      "OQueueDirectory=/var/spool/mqueue\n"
      "Qfoo5, R=3\n"
      "Qfoo6, R=3, F=f, I=5x, N=2, J=4, r=5, S=h\n"
      "Qmqueue, P=/a\n"
      "MMQ, P=/x, Q=foo6, A=x\n"
      "MMQ2, P=/x, Q=FOO6, A=x\n");
  EXPECT_EQ(printed,
            "/etc/mail/q.cf: line 3: name required for queue\n"
            "/etc/mail/q.cf: line 5: QueueDir must be defined before queue groups\n"
            "/etc/mail/q.cf: line 6: Qfoo2: unknown queue equate Z=\n"
            "/etc/mail/q.cf: line 6: QueueDir must be defined before queue groups\n"
            "/etc/mail/q.cf: line 7: queue foo3: empty path name\n"
            "/etc/mail/q.cf: line 7: QueueDir must be defined before queue groups\n"
            "/etc/mail/q.cf: line 8: QueueDir must be defined before queue groups\n"
            "Warning: Q=foo5: R=3: multiple queue runners specified\n"
            "\tbut flag 'f' is not set\n"
            "/etc/mail/q.cf: line 11: Invalid time unit `x'\n"
            "/etc/mail/q.cf: line 11: Qfoo6: unknown queue equate S=\n");
  ASSERT_EQ(h.cf.queue_groups.size(), 4u);  // mqueue, "", foo5, foo6
  EXPECT_EQ(h.cf.queue_groups[0].name, "mqueue");
  EXPECT_EQ(h.cf.queue_groups[0].fields.front().second, "/a");
  EXPECT_EQ(h.cf.mailers[4]->queue_group, 3);
  EXPECT_EQ(h.cf.mailers[5]->queue_group, 3);
}

TEST(MailerQueueLine, RunnersCappedByMaxQueueChildren) {
  Harness h("/etc/mail/mqc.cf");
  OptionSetting mqc;
  mqc.name = "MaxQueueChildren";
  mqc.value = "2";
  h.cf.options.settings.push_back(mqc);
  // As sendmail printed them after "O MaxQueueChildren=2".
  EXPECT_EQ(h.read("V10\nOQ/var/spool/mqueue\nMlocal, P=/bin/true, F=lsDFM, A=local $u\n"
                   "Qb, R=5\nQc, R=5, F=f\nQd, R=2\n"),
            "Q=b: R=5 exceeds MaxQueueChildren=2, set to MaxQueueChildren\n"
            "Warning: Q=b: R=2: multiple queue runners specified\n"
            "\tbut flag 'f' is not set\n"
            "Q=c: R=5 exceeds MaxQueueChildren=2, set to MaxQueueChildren\n"
            "Warning: Q=d: R=2: multiple queue runners specified\n"
            "\tbut flag 'f' is not set\n");
}

TEST(MailerQueueLine, TooManyGroups) {
  std::string cf = "V10\nMlocal, P=/z, A=z\n";
  for (int i = 1; i <= 50; ++i) cf += "Qq" + std::to_string(i) + ", P=/x\n";
  cf += "Qmqueue, P=/y\nMm, P=/x, Q=q49, A=x\nMm2, P=/x, Q=q50, A=x\n";
  Harness h("/etc/mail/tq.cf");
  EXPECT_EQ(h.read(cf),
            "/etc/mail/tq.cf: line 52: too many queue groups defined (50 max)\n"
            "/etc/mail/tq.cf: line 53: too many queue groups defined (50 max)\n"
            "/etc/mail/tq.cf: line 55: mailer m2: unknown queue q50\n");
}

// --- X lines -------------------------------------------------------------

TEST(MailerMilterLine, SocketChecksAndTimeouts) {
  Harness h("/etc/mail/q.cf");
  std::string printed = h.read(
      "V10\n"
      "Mlocal, P=/bin/true, F=lsDFM, A=local $u\n"
      "X\n"
      "X ,S=x\n"
      "Xf1\n"
      "Xf2, S=\n"
      "Xf3, S=unix:/tmp/x, Z=3\n"
      "Xf4, S=bogus:/tmp/x\n"
      "Xf5, S=inet:1234\n"
      "Xf6, S=inet:1234@nosuchhost.invalid\n"
      "Xf7, S=inet:1234@localhost\n"
      "Xf8, S=inet:nosuchport@localhost\n"
      "Xf10, S=inet:25@[1.2.3]\n"
      "Xf11, S=inet6:25@[::1]\n"
      "Xf12, S=inet6:25@localhost\n"
      "Xf13, S=inet:25@[1.2.3.4\n"
      "Xf14, S=/tmp/" + std::string(103, 'a') + "\n"
      "Xf15, S=:/tmp/x, T=C:5m;S:1x;Q:3;R\n"
      "Xf7, S=inet:1234@localhost\n"
      "Xf16, S=local:/tmp/x, T=C:1m;R:2m, F=R\n");
  EXPECT_EQ(printed,
            "/etc/mail/q.cf: line 3: name required for mail filter\n"
            "/etc/mail/q.cf: line 4: name required for mail filter\n"
            "/etc/mail/q.cf: line 5: Xf1: empty or missing socket information\n"
            "/etc/mail/q.cf: line 6: Xf2: empty or missing socket information\n"
            "/etc/mail/q.cf: line 7: Xf3: unknown filter equate Z=\n"
            "/etc/mail/q.cf: line 8: Xf4: unknown socket type bogus: Protocol not supported\n"
            "/etc/mail/q.cf: line 9: Xf5: bad address 1234 (expected port@host)\n"
            "/etc/mail/q.cf: line 10: Xf6: Unknown host name nosuchhost.invalid\n"
            "/etc/mail/q.cf: line 12: Xf8: unknown port name nosuchport\n"
            "/etc/mail/q.cf: line 16: Xf13: Invalid numeric domain spec \"[1.2.3.4\"\n"
            "/etc/mail/q.cf: line 17: Xf14: local socket name /tmp/" + std::string(103, 'a') +
                " too long: Invalid argument\n"
            "/etc/mail/q.cf: line 18: Invalid time unit `x'\n"
            "/etc/mail/q.cf: line 18: Xf15: unknown filter timeout Q\n"
            "/etc/mail/q.cf: line 18: Xf15, T=: `:' expected\n"
            "/etc/mail/q.cf: line 19: Xf7: duplicate filter definition\n");
  EXPECT_EQ(h.rep.exit_status(), 70);
}

TEST(MailerMilterLine, HostLookups) {
  Harness h("/etc/mail/x2.cf");
  EXPECT_EQ(h.read("V10\n"
                   "Mlocal, P=/bin/true, F=lsDFM, A=local $u\n"
                   "Xa, S=inet6:25@mx.test.example\n"
                   "Xb, S=inet:25@ipv6only.example.org\n"
                   "Xc, S=inet6:25@ipv6only.example.org\n"
                   "Xd, S=inet:25@MX\n"
                   "Xe, S=inet:25@[::1]\n"
                   "Xf, S=inet6:25@[1.2.3.4]\n"
                   "Xh, S=inet:0x19@localhost\n"
                   "Xi, S=inet:25@localhost.\n"
                   "Xj, S=\"inet:25@localhost\", F=x y\n"
                   "Xk, S=unix:\n"
                   "Xl, S=inet:\n"
                   "Xm, S=inet:@\n"
                   "Xn, S=inet:25@\n"),
            "/etc/mail/x2.cf: line 3: Xa: Unknown host name mx.test.example\n"
            "/etc/mail/x2.cf: line 4: Xb: Unknown host name ipv6only.example.org\n"
            "/etc/mail/x2.cf: line 7: Xe: Invalid numeric domain spec \"[::1]\"\n"
            "/etc/mail/x2.cf: line 8: Xf: Invalid numeric domain spec \"[1.2.3.4]\"\n"
            "/etc/mail/x2.cf: line 13: Xl: bad address  (expected port@host)\n"
            "/etc/mail/x2.cf: line 14: Xm: unknown port name \n"
            "/etc/mail/x2.cf: line 15: Xn: Unknown host name \n");
  EXPECT_EQ(h.cf.milters.size(), 13u);
}

TEST(MailerMilterLine, TimeoutListSyntax) {
  Harness h("/etc/mail/x3.cf");
  EXPECT_EQ(h.read("V10\n"
                   "Mlocal, P=/bin/true, F=lsDFM, A=local $u\n"
                   "Xa, S=bogus:/x\n"
                   "Xb, S=/tmp/s, T=C:1m;\n"
                   "Xc, S=/tmp/s, T=C : 1m ; ;S:2m\n"
                   "Xd, S=/tmp/s, T=;C;x:1m:2\n"
                   "Xe, S=/tmp/s, T=\n"
                   "Xf, S=/tmp/s,\n"
                   "Xg, S=\"/tmp/s,x\", T=\"C:1m;R:now\"\n"),
            "/etc/mail/x3.cf: line 3: Xa: unknown socket type bogus: Protocol not supported\n"
            "/etc/mail/x3.cf: line 4: Xb, T=: `:' expected\n"
            "/etc/mail/x3.cf: line 5: Invalid time unit ` '\n"
            "/etc/mail/x3.cf: line 6: Invalid time unit `:'\n"
            "/etc/mail/x3.cf: line 8: Xf: `=' expected\n");
  EXPECT_EQ(h.rep.exit_status(), 71);  // the first syserr carried an errno
}

// --- the grammars ----------------------------------------------------------

TEST(MailerGrammar, FieldExtents) {
  grammar::EquateField f;
  grammar::parse_equate_field(" ,Path = \"a,b\"\\,c, F=x", grammar::EquateList::Fields, f);
  EXPECT_EQ(f.code, 'P');
  EXPECT_TRUE(f.assigned);
  EXPECT_EQ(f.value, 9u);
  EXPECT_EQ(f.value_end, 17u);
  grammar::parse_equate_field(" , ", grammar::EquateList::Fields, f);
  EXPECT_EQ(f.code, 0);
  EXPECT_FALSE(f.assigned);
  grammar::parse_equate_field(";C;x:1m:2", grammar::EquateList::Timeouts, f);
  EXPECT_EQ(f.code, 'C');
  EXPECT_EQ(f.value, 5u);
}

}  // namespace
}  // namespace smcf
