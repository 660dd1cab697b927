// options_test.cpp -- O lines and -O/-o against real sendmail 8.17.1.9.
//
// Every expected message below was printed by the real sendmail for the
// config shown inline, run as
//   /work/shared/conformance/sendmail-bt /tmp/x.cf [-- CMDLINE-OPTIONS] < /dev/null
// (the pinned environment; the config appears as /etc/mail/x.cf).  Only
// the lines sendmail prints while reading options are compared: the test
// checks that the output starts with them and that no other cf message
// follows.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/diag.hpp"
#include "base/output.hpp"
#include "host/system.hpp"
#include "ir/config.hpp"
#include "names/macro_id.hpp"
#include "read/context.hpp"
#include "read/line_handlers.hpp"
#include "read/option_table.hpp"
#include "read/options.hpp"
#include "read/reader.hpp"

namespace smcf {
namespace {

SystemOptions pinned() {
  std::string dir = std::string(SMCF_TEST_DATA_DIR) + "/conformance/corpus/pinned/";
  SystemOptions o;
  o.host_name = "mx.test.example";
  o.hosts_file = dir + "hosts";
  o.passwd_file = dir + "passwd";
  o.group_file = dir + "group";
  o.uid = 0;
  o.no_dns = true;
  return o;
}

struct CfRun {
  std::string out;
  Config cf;
  int exit_status = 0;
};

// Reads `text` as /etc/mail/x.cf with the given command-line options.
CfRun read_cf(std::string text, std::vector<CommandLineOption> opts = {}) {
  System sys(pinned());
  Output out;
  Reporter rep(&out);
  ReadRequest req;
  req.file_name = "/etc/mail/x.cf";
  req.text = std::move(text);
  req.options = std::move(opts);
  CfRun r;
  r.cf = read_config(req, sys, rep);
  r.out = out.take();
  r.exit_status = rep.exit_status();
  return r;
}

// The output starts with `expected` and no further cf message follows.
void expect_messages(const CfRun& r, std::string_view expected) {
  ASSERT_GE(r.out.size(), expected.size()) << r.out;
  EXPECT_EQ(r.out.substr(0, expected.size()), expected) << r.out;
  EXPECT_EQ(r.out.find("x.cf: line", expected.size()), std::string::npos) << r.out;
}

TEST(OptionLines, NamesAbbreviationsAndLegacyLetters) {
  // "O   " and "O " lose their trailing blanks when the line is read, so
  // sendmail sees a bare "O" (option byte NUL).
  CfRun r = read_cf(
      "V10\n"
      "O   \n"
      "O\n"
      "O =x\n"
      "O  Name=v\n"
      "O Blank\n"
      "O BlankSub.foo = x  \n"
      "O Ti.x=1\n"
      "ONfoo\n"
      "O\tx\n"
      "O Deliv=x\n"
      "O Foo.bar=1\n");
  expect_messages(r,
                  "/etc/mail/x.cf: line 2: readcf: unknown option name 0x0\n"
                  "/etc/mail/x.cf: line 3: readcf: unknown option name 0x0\n"
                  "/etc/mail/x.cf: line 4: readcf: null option name\n"
                  "/etc/mail/x.cf: line 5: readcf: unknown option name  Name\n"
                  "/etc/mail/x.cf: line 6: Option Blank used as abbreviation for BlankSub\n"
                  "/etc/mail/x.cf: line 8: readcf: ambiguous option name Ti (matches Timeout and TimeZoneSpec)\n"
                  "/etc/mail/x.cf: line 9: readcf: unknown option name 0x4e\n"
                  "/etc/mail/x.cf: line 10: readcf: unknown option name 0x9\n"
                  "/etc/mail/x.cf: line 11: readcf: ambiguous option name Deliv (matches DeliveryMode and "
                  "DeliverByMin)\n"
                  "/etc/mail/x.cf: line 12: readcf: unknown option name Foo\n");
  // "O Blank" (no value) then BlankSub.foo (sub-option ignored) = "x".
  EXPECT_EQ(r.cf.options.blank_sub, 'x');
  EXPECT_EQ(r.exit_status, exitstat::kSoftware);
}

TEST(OptionLines, AllSpacesNameIsAmbiguous) {
  // From the command line (a cf line would lose its trailing spaces): an
  // empty name is a prefix of every option.
  CfRun r = read_cf("V10\n", {{' ', "   "}});
  expect_messages(r, "readcf: ambiguous option name  (matches SevenBitInput and EightBitMode)\n");
}

TEST(OptionLines, LongFormSplitting) {
  // Spaces end the name only before the '='; the first '.' starts the
  // sub-option, which only Timeout and Milter keep.
  CfRun r = read_cf(
      "V10\n"
      "O .x=1\n"
      "O Timeout.=5\n"
      "O Milter.=x\n"
      "O Timeout .queuewarn=1\n"
      "O Timeout. queuewarn =1\n"
      "O BlankSub .=x\n");
  expect_messages(r,
                  "/etc/mail/x.cf: line 2: readcf: ambiguous option name  (matches SevenBitInput and EightBitMode)\n"
                  "/etc/mail/x.cf: line 3: settimeout: invalid timeout \n"
                  "/etc/mail/x.cf: line 4: milter_set_option: invalid Milter option \n"
                  "/etc/mail/x.cf: line 5: readcf: unknown option name Timeout \n"
                  "/etc/mail/x.cf: line 6: settimeout: invalid timeout  queuewarn\n"
                  "/etc/mail/x.cf: line 7: readcf: unknown option name BlankSub \n");
}

TEST(OptionLines, TableOrderMatchesSendmail) {
  // sendmail -bO lists the table: 148 names, including the two empty ones.
  auto table = option_table();
  ASSERT_EQ(table.size(), 148u);
  EXPECT_EQ(table.front().name, "SevenBitInput");
  EXPECT_EQ(table[14].name, "");
  EXPECT_EQ(table[14].code, 'g');
  EXPECT_EQ(table.back().name, "CipherSuites");
  EXPECT_EQ(find_option("ssLEngine").kind, OptionNameMatch::Kind::Exact);
  EXPECT_EQ(find_option("BadRcptShutdown").option->name, "BadRcptShutdown");
}

TEST(OptionLines, TimeoutsAndTimeValues) {
  CfRun r = read_cf(
      "V10\n"
      "O Timeout.bogus=1\n"
      "O Timeout.queuewarn.normal=4x\n"
      "O Timeout=5,queuewarn=4x,bogus=1,noeq,initial:3s\n"
      "O QueueTimeout=5x/3y\n"
      "O AliasWait=5q\n");
  expect_messages(r,
                  "/etc/mail/x.cf: line 2: settimeout: invalid timeout bogus\n"
                  "/etc/mail/x.cf: line 3: Invalid time unit `x'\n"
                  "/etc/mail/x.cf: line 3: Invalid time unit `x'\n"
                  "/etc/mail/x.cf: line 4: Invalid time unit `x'\n"
                  "/etc/mail/x.cf: line 4: Invalid time unit `x'\n"
                  "/etc/mail/x.cf: line 4: settimeout: invalid timeout bogus\n"
                  "/etc/mail/x.cf: line 5: Invalid time unit `y'\n"
                  "/etc/mail/x.cf: line 5: Invalid time unit `y'\n"
                  "/etc/mail/x.cf: line 5: Invalid time unit `x'\n"
                  "/etc/mail/x.cf: line 5: Invalid time unit `x'\n"
                  "/etc/mail/x.cf: line 6: Invalid time unit `q'\n");
  EXPECT_EQ(r.cf.options.timeouts.at("mail"), 300);
  EXPECT_EQ(r.cf.options.timeouts.at("initial"), 3);
  // QueueTimeout=5x/3y came last: 3 with the default unit of queuewarn (hours).
  EXPECT_EQ(r.cf.options.timeouts.at("queuewarn.dsn"), 3 * 3600);
}

TEST(OptionLines, StickyTimeoutsAndNameNotTrimmed) {
  CfRun r = read_cf(
      "V10\n"
      "O Timeout.queuewarn=1x\n"
      "O Timeout=5,,queuewarn :4h, mail=3q\n",
      {{' ', "Timeout.queuewarn=1h"}});
  expect_messages(r,
                  "/etc/mail/x.cf: line 3: settimeout: invalid timeout queuewarn \n"
                  "/etc/mail/x.cf: line 3: Invalid time unit `q'\n");
  EXPECT_EQ(r.cf.options.timeouts.at("queuewarn.normal"), 3600);
}

TEST(OptionLines, ValueErrors) {
  CfRun r = read_cf(
      "V10\n"
      "O QueueSortOrder=zzz\n"
      "O NoRecipientAction=foo\n"
      "O PrivacyOptions=goaway, bogus ,noexpn;x\n"
      "O DontBlameSendmail=safe,foo\n"
      "O ResolverOptions=+debug -bogus HasWildcardMX use_inet6 use_edns0 use_dnssec trustad true\n"
      "O ConnectOnlyTo=99999@1.2.3.4\n"
      "O ConnectOnlyTo=1.2.3.x\n"
      "O ConnectOnlyTo=::1\n"
      "O TrustedUser=nosuchuser\n"
      "O TrustedUser=alice\n"
      "O DefaultUser=nosuch\n"
      "O DefaultUser=alice:nosuchgroup\n"
      "O DefaultUser=99.nogroup\n"
      "Og nogroup2\n"
      "O RunAsUser=nosuch\n"
      "O RunAsUser=alice:nogroup\n"
      "O MaxMimeHeaderLength=100/20\n"
      "O MaxHeadersLength=100\n"
      "O AuthOptions=A,x,p Z\n"
      "O TLSSrvOptions=V,Q\n"
      "O SmtpUTF8=true\n"
      "O SmtpUTF8=false\n"
      "O Milter.bogus=1\n"
      "O Milter=1\n"
      "O Milter.macros.connect=j, _, {daemon_name}\n"
      "O MustQuoteChars=0123456789012345678901234567890123456789\n"
      "O ServerSSLOptions=+SSL_OP_NO_SSLv2 -FOO 0x10\n"
      "O AuthOptions=m,A a\tc\n");
  expect_messages(r,
                  "/etc/mail/x.cf: line 2: Invalid queue sort order \"zzz\"\n"
                  "/etc/mail/x.cf: line 3: Invalid NoRecipientAction: foo\n"
                  "/etc/mail/x.cf: line 4: readcf: Op line: bogus unrecognized\n"
                  "/etc/mail/x.cf: line 4: readcf: Op line: x unrecognized\n"
                  "/etc/mail/x.cf: line 5: readcf: DontBlameSendmail option: foo unrecognized\n"
                  "/etc/mail/x.cf: line 6: readcf: I option value bogus unrecognized\n"
                  "/etc/mail/x.cf: line 6: readcf: I option value use_inet6 unrecognized\n"
                  "/etc/mail/x.cf: line 7: readcf: option ConnectOnlyTo: invalid port 99999\n"
                  "/etc/mail/x.cf: line 8: readcf: option ConnectOnlyTo: invalid IP address 1.2.3.x\n"
                  "/etc/mail/x.cf: line 10: readcf: option TrustedUser: unknown user nosuchuser\n"
                  "/etc/mail/x.cf: line 12: readcf: option u: unknown user nosuch\n"
                  "/etc/mail/x.cf: line 13: readcf: option u: unknown group nosuchgroup\n"
                  "/etc/mail/x.cf: line 15: readcf: option g: unknown group  nogroup2\n"
                  "/etc/mail/x.cf: line 16: readcf: option RunAsUser: unknown user nosuch\n"
                  "Warning: MaxMimeHeaderLength: header length limit set lower than 128\n"
                  "Warning: MaxMimeHeaderLength: field length limit set lower than 40\n"
                  "Warning: MaxHeadersLength: headers length limit set lower than 16384\n"
                  "Warning: Option: AuthOptions unknown parameter 'x'\n"
                  "Warning: Option: AuthOptions unknown parameter 'Z'\n"
                  "Warning: Option: TLSSrvOptions unknown parameter 'Q'\n"
                  "/etc/mail/x.cf: line 22: readcf: option: SmtpUTF8 set but no USE_EAI support\n"
                  "Warning: Option: SmtpUTF8 requires USE_EAI support\n"
                  "/etc/mail/x.cf: line 24: milter_set_option: invalid Milter option bogus\n"
                  "/etc/mail/x.cf: line 25: milter_set_option: invalid Milter option, must specify suboption\n"
                  "Warning: MustQuoteChars too long, ignored.\n"
                  "/etc/mail/x.cf: line 28: readcf: ServerSSLOptions option value FOO unrecognized\n");
  const OptionSettings& o = r.cf.options;
  EXPECT_EQ(o.trusted_uid, 1001);
  EXPECT_EQ(o.run_as_uid, 1001);
  EXPECT_EQ(o.run_as_gid, 65534);
  EXPECT_EQ(o.default_uid, 99);
  EXPECT_EQ(o.default_gid, -1);  // the last g setting named an unknown group
  EXPECT_TRUE(o.has_wildcard_mx);
  EXPECT_EQ(o.must_quote_chars, "@,;:\\()[]");
  EXPECT_EQ(o.max_mime_header_length, 101);
  EXPECT_EQ(o.max_mime_field_length, 21);
}

TEST(OptionLines, OddValues) {
  // The second RunAsUser cannot change the uid any more (sendmail runs as
  // root here, egid 0); bytes 0x81 are meta-quoted by the reader and count
  // as two bytes; a NUL-free empty word is still looked up.
  std::string macros;
  for (int i = 0; i < 52; ++i) macros += (i ? ",m" : "m") + std::to_string(i);
  CfRun r = read_cf(
      "V10\n"
      "O UseMSP=true\n"
      "O RunAsUser=alice\n"
      "O RunAsUser=bob\n"
      "O RunAsUser=bob:carol\n"
      "O RunAsUser=7:nogroup\n"
      "O Milter.macros.eom=" + macros + "\n"
      "O Milter.macros.helo=a\x81" "b,,c\n"
      "O ResolverOptions=+debug\t\tigntc\n"
      "O ConnectOnlyTo=IPv6:::1\n"
      "O ConnectOnlyTo=0x10@1\n"
      "O DaemonPortOptions=Family=inet6, Addr=v6.test.example\n"
      "O DaemonPortOptions=Family=inet, Addr=v6.test.example\n"
      "O DaemonPortOptions=Family=inet6, Addr=localhost\n"
      "O DaemonPortOptions=Family=inet6, Addr=relay\n"
      "O DaemonPortOptions=Addr=relay\n"
      "O DaemonPortOptions=Addr=255.255.255.255\n"
      "O PrivacyOptions=goaway\x81noexpn\n"
      "O ServerSSLOptions=a,,b\n"
      "OM\n"
      "OM{}x\n"
      "O AliasWait=5\x81\n"
      "O Timeout=queuewarn=4x,noeq,resolver.retry=5x\n"
      "O MaxMimeHeaderLength=-5/\n"
      "O SmtpGreetingMessage=\"a b\"\n");
  expect_messages(r,
                  "WARNING: RunAsUser for MSP ignored, check group ids (egid=0, want=1002)\n"
                  "WARNING: RunAsUser for MSP ignored, check group ids (egid=0, want=1003)\n"
                  "WARNING: RunAsUser for MSP ignored, check group ids (egid=0, want=65534)\n"
                  "/etc/mail/x.cf: line 7: milter_set_option: too many macros in Milter.macros.eom (max 50)\n"
                  "/etc/mail/x.cf: line 9: readcf: I option value  unrecognized\n"
                  "/etc/mail/x.cf: line 13: host \"v6.test.example\" unknown\n"
                  "/etc/mail/x.cf: line 15: host \"relay\" unknown\n"
                  "/etc/mail/x.cf: line 18: readcf: Op line:  unrecognized\n"
                  "/etc/mail/x.cf: line 19: readcf: ServerSSLOptions option value a unrecognized\n"
                  "/etc/mail/x.cf: line 19: readcf: ServerSSLOptions option value  unrecognized\n"
                  "/etc/mail/x.cf: line 19: readcf: ServerSSLOptions option value b unrecognized\n"
                  "/etc/mail/x.cf: line 20: Name required for macro/class\n"
                  "/etc/mail/x.cf: line 21: Name required for macro/class\n"
                  "/etc/mail/x.cf: line 22: Invalid time unit `\x7f'\n"
                  "/etc/mail/x.cf: line 22: Invalid time unit `\x01'\n"
                  "/etc/mail/x.cf: line 23: Invalid time unit `x'\n"
                  "/etc/mail/x.cf: line 23: Invalid time unit `x'\n"
                  "/etc/mail/x.cf: line 23: Invalid time unit `x'\n");
  EXPECT_EQ(r.cf.options.run_as_uid, 1001);
  EXPECT_EQ(r.cf.options.run_as_user_name, "alice");
  EXPECT_EQ(r.cf.options.smtp_greeting, "a b");
  EXPECT_EQ(r.cf.options.max_mime_header_length, 0);
}

TEST(OptionLines, StickySubOptions) {
  // Command-line sub-options stick one by one (even the Milter one that
  // failed); QueueTimeout sticks queuereturn and its classes, not .dsn.
  std::string macros;
  for (int i = 0; i < 52; ++i) macros += (i ? ",m" : "m") + std::to_string(i);
  CfRun r = read_cf(
      "V10\n"
      "O Timeout=5\n"
      "O Timeout.mail=3x\n"
      "O Milter.macros.eom=a\n"
      "O Milter.macros.helo=x\n"
      "OMxfoo\n"
      "O DontBlameSendmail=bogus\n"
      "O PrivacyOptions=bogus2\n"
      "O QueueTimeout=1x\n"
      "O Timeout.queuereturn.normal=1q\n"
      "O Timeout.queuewarn.dsn=1z\n",
      {{' ', "Timeout.mail=1h"}, {' ', "Milter.macros.helo=y"}, {' ', "Milter.macros.eom=" + macros},
       {'M', "xbar"}, {' ', "DontBlameSendmail=safe"}, {' ', "Privacy=goaway"},
       {' ', "QueueTimeout=4d/1h"}, {' ', "RunAsUser=nosuch"}});
  expect_messages(r,
                  "milter_set_option: too many macros in Milter.macros.eom (max 50)\n"
                  "Option Privacy used as abbreviation for PrivacyOptions\n"
                  "readcf: option RunAsUser: unknown user nosuch\n"
                  "/etc/mail/x.cf: line 7: readcf: DontBlameSendmail option: bogus unrecognized\n"
                  "/etc/mail/x.cf: line 8: readcf: Op line: bogus2 unrecognized\n"
                  "/etc/mail/x.cf: line 11: Invalid time unit `z'\n"
                  "/etc/mail/x.cf: line 11: Invalid time unit `z'\n");
  // The old Timeout syntax ignores stickiness; Timeout.mail=3x does not.
  EXPECT_EQ(r.cf.options.timeouts.at("mail"), 300);
  EXPECT_EQ(r.cf.options.timeouts.at("queuereturn.normal"), 4 * 86400);
}

TEST(OptionLines, DaemonAndClientPortOptions) {
  // A 112-byte socket path: "/" + "0123456789" x 11 + "0".
  std::string path = "/";
  for (int i = 0; i < 11; ++i) path += "0123456789";
  path += "0";
  CfRun r = read_cf(
      "V10\n"
      "O DaemonPortOptions=Port=smtp, Name=MTA\n"
      "O DaemonPortOptions=Port=587, Name=MSA, M=E\n"
      "O DaemonPortOptions=Family=bogus, X=1, D=z, Addr=nosuch.host, Port=nosuchsvc\n"
      "O DaemonPortOptions=Family=inet6, Addr=nosuch6, Port=nosuchsvc\n"
      "O DaemonPortOptions=Family=local, Addr=" + path + "\n"
      "O DaemonPortOptions=Family=99, Addr=x, Port=1\n"
      "O DaemonPortOptions=Addr=mx.test.example, noequals, Port=0x\n"
      "O ClientPortOptions=Family=inet, Addr=bogus.host\n");
  expect_messages(r,
                  "/etc/mail/x.cf: line 4: Unknown address family bogus in Family=option\n"
                  "/etc/mail/x.cf: line 4: PortOptions parameter \"X=1\" unknown\n"
                  "/etc/mail/x.cf: line 4: Unknown delivery mode z\n"
                  "/etc/mail/x.cf: line 4: host \"nosuch.host\" unknown\n"
                  "/etc/mail/x.cf: line 4: service \"nosuchsvc\" unknown\n"
                  "/etc/mail/x.cf: line 5: host \"nosuch6\" unknown\n"
                  "/etc/mail/x.cf: line 5: service \"nosuchsvc\" unknown\n"
                  "/etc/mail/x.cf: line 6: setsockaddroptions: domain socket name too long: " + path +
                  " > 108: File name too long\n"
                  "/etc/mail/x.cf: line 7: address= option unsupported for family 99\n"
                  "/etc/mail/x.cf: line 7: Port= option unsupported for family 99\n"
                  "/etc/mail/x.cf: line 9: host \"bogus.host\" unknown\n");
  EXPECT_EQ(r.cf.options.daemon_count, 7);
}

TEST(OptionLines, AliasFileClasses) {
  CfRun r = read_cf(
      "V10\n"
      "O AliasFile=bogus:x, user:y,cdb:z, dbm:q, regex:r, host:h, nsd:n, hesiod:h,netinfo:n,"
      "dns:-R A x,text:/tmp/x\n"
      "O AliasFile\n");
  expect_messages(r,
                  "/etc/mail/x.cf: line 2: setalias: unknown alias class bogus\n"
                  "/etc/mail/x.cf: line 2: setalias: map class user can't handle aliases\n"
                  "/etc/mail/x.cf: line 2: setalias: unknown alias class cdb\n"
                  "/etc/mail/x.cf: line 2: setalias: unknown alias class dbm\n"
                  "/etc/mail/x.cf: line 2: setalias: map class regex can't handle aliases\n"
                  "/etc/mail/x.cf: line 2: setalias: map class host can't handle aliases\n"
                  "/etc/mail/x.cf: line 2: setalias: unknown alias class nsd\n"
                  "/etc/mail/x.cf: line 2: setalias: unknown alias class hesiod\n"
                  "/etc/mail/x.cf: line 2: setalias: unknown alias class netinfo\n"
                  "/etc/mail/x.cf: line 2: setalias: map class dns can't handle aliases\n");
  const auto& maps = r.cf.options.alias_maps;
  ASSERT_EQ(maps.size(), 2u);
  EXPECT_EQ(maps[0].map_name, "Alias0");
  EXPECT_EQ(maps[0].map_class, "text");
  EXPECT_EQ(maps[0].spec, "/tmp/x");
  EXPECT_EQ(maps[1].map_name, "Alias1");
  EXPECT_EQ(maps[1].map_class, "implicit");
  EXPECT_EQ(maps[1].spec, "aliases");
}

TEST(OptionLines, TooManyAliasDatabases) {
  // 300 entries: sendmail (MAXMAPSTACK 128 in this build) stops at the 129th.
  std::string cf = "V10\nO AliasFile=";
  for (int i = 0; i < 300; ++i) cf += (i ? ",/x" : "/x") + std::to_string(i);
  CfRun r = read_cf(cf + "\n");
  expect_messages(r, "/etc/mail/x.cf: line 2: Too many alias databases defined, 128 max\n");
  EXPECT_EQ(r.cf.options.alias_maps.size(), 128u);
}

TEST(OptionLines, FatalDeliveryModeStopsReading) {
  CfRun r = read_cf("V10\nO AuthOptions=m,A a\tc\nO DeliveryMode=p\nO BlankSub=x\nO Bogus\n");
  EXPECT_EQ(r.out, "/etc/mail/x.cf: line 3: Unknown delivery mode p\n");
  EXPECT_TRUE(r.cf.fatal);
  EXPECT_EQ(r.exit_status, exitstat::kUsage);
  EXPECT_EQ(r.cf.options.blank_sub, ' ');
}

TEST(OptionLines, FatalEightBitModeWithEmptyValue) {
  CfRun r = read_cf("V10\nO EightBitMode=\n");
  EXPECT_EQ(r.out, "/etc/mail/x.cf: line 2: Unknown 8-bit mode \n");
  EXPECT_EQ(r.exit_status, exitstat::kUsage);
}

TEST(OptionLines, FatalOnTheCommandLine) {
  CfRun r = read_cf("V10\nO Bogus\n", {{'d', "x"}});
  EXPECT_EQ(r.out, "Unknown delivery mode x\n");
  EXPECT_TRUE(r.cf.fatal);
  EXPECT_EQ(r.exit_status, exitstat::kUsage);
}

TEST(OptionLines, CommandLineOptionsAreStickyAndUnprefixed) {
  CfRun r = read_cf(
      "V10\n"
      "O BlankSub=.\n"
      "O Verbose=false\n"
      "O HelpF=/nonexist\n"
      "O MustQ=*\n",
      {{' ', "Timeout.queuewarn=1h"}, {' ', "Blank=_"}, {'V', "erbose"}, {' ', "Verb=true"},
       {' ', "bogusOpt=1"}, {'Q', ""}});
  expect_messages(r,
                  "Option Blank used as abbreviation for BlankSub\n"
                  "Option Verb used as abbreviation for Verbose\n"
                  "readcf: unknown option name bogusOpt\n"
                  "/etc/mail/x.cf: line 4: Option HelpF used as abbreviation for HelpFile\n"
                  "/etc/mail/x.cf: line 5: Option MustQ used as abbreviation for MustQuoteChars\n");
  const OptionSettings& o = r.cf.options;
  EXPECT_EQ(o.blank_sub, '_');
  EXPECT_EQ(o.verbose, 1);
  EXPECT_EQ(o.help_file, "/nonexist");
  EXPECT_EQ(o.must_quote_chars, "@,;:\\()[]*");
  EXPECT_EQ(o.queue_directory, "mqueue");
  EXPECT_EQ(o.fallback_mx_host, "erbose");
  // Every identified setting is recorded, the stuck cf ones marked.
  ASSERT_GE(o.settings.size(), 8u);
  EXPECT_EQ(o.settings[1].name, "BlankSub");
  EXPECT_TRUE(o.settings[1].from_command_line);
  const OptionSetting& cf_blank = o.settings[5];
  EXPECT_EQ(cf_blank.name, "BlankSub");
  EXPECT_EQ(cf_blank.value, ".");
  EXPECT_EQ(cf_blank.pos.line, 2);
  EXPECT_TRUE(cf_blank.ignored);
  EXPECT_FALSE(o.settings[7].ignored);  // HelpFile
}

TEST(OptionLines, OperatorCharsRedefinition) {
  CfRun r = read_cf("V10\nO OperatorChars=.:%@\nS0\nR$*\t$@ $1\nO OperatorChars=.:!@\n");
  expect_messages(r,
                  "Warning: OperatorChars is being redefined.\n"
                  "         It should only be set before ruleset definitions.\n");
  // The rules were tokenized with the first setting.
  EXPECT_EQ(r.cf.frozen_operator_chars, ".:%@");

  r = read_cf("V10\nS0\nR$*\t$@ $1\nO OperatorChars=.:!@\n");
  expect_messages(r,
                  "Warning: OperatorChars is being redefined.\n"
                  "         It should only be set before ruleset definitions.\n");
  EXPECT_EQ(r.cf.frozen_operator_chars, ".:@[]");

  r = read_cf("V10\nO OperatorChars=.:@\nO OperatorChars=.:%@\n");
  expect_messages(r,
                  "Warning: OperatorChars is being redefined.\n"
                  "         It should only be set before ruleset definitions.\n");
  EXPECT_EQ(r.cf.options.operator_chars, ".:%@");
}

// Options set directly on a read context (as the start-up code does).
struct Session {
  Session() : sys(pinned()), rep(&out), ctx(cf, rep, sys) { init_builtin_macro_names(cf.macro_names); }
  std::string macro(std::string_view name) {
    auto it = cf.macro_names.id_of_name.find(std::string(name));
    if (it == cf.macro_names.id_of_name.end()) return "<no id>";
    const std::string* v = ctx.macro(it->second);
    return v ? *v : "<undefined>";
  }
  System sys;
  Output out;
  Reporter rep;
  Config cf;
  ReadContext ctx;
};

TEST(OptionLines, DeliveryModeMacroAndStickiness) {
  // O DeliveryMode=q; sendmail -bt (which then sets the mode to
  // interactive itself) prints "i" for ${deliveryMode}.
  {
    Session s;
    read_option_line(s.ctx, ' ', "DeliveryMode=q");
    EXPECT_EQ(s.macro("deliveryMode"), "q");
    set_option(s.ctx, 'd', "", OptionOrigin::Internal);
    EXPECT_EQ(s.macro("deliveryMode"), "i");
    EXPECT_EQ(s.cf.options.delivery_mode, 'i');
  }
  // -odq with O DeliveryMode=b: sendmail -bt prints "q" (the option is stuck,
  // for the cf line and for test mode's own setting).
  {
    Session s;
    set_command_line_option(s.ctx, 'd', "q");
    read_option_line(s.ctx, ' ', "DeliveryMode=b");
    set_option(s.ctx, 'd', "", OptionOrigin::Internal);
    EXPECT_EQ(s.macro("deliveryMode"), "q");
    EXPECT_TRUE(option_is_sticky(s.ctx, 'd'));
    EXPECT_EQ(s.ctx.sticky_options, (std::vector<std::string>{"DeliveryMode"}));
  }
  // O Verbose (an empty value is true): -bt then echoes its input (Verbose 1).
  {
    Session s;
    read_option_line(s.ctx, ' ', "Verbose");
    EXPECT_EQ(s.cf.options.verbose, 1);
    EXPECT_EQ(s.rep.verbose(), 1);
  }
}

TEST(OptionLines, MacroOptions) {
  // OMx hello world / OM{MyMac}foo / O DirectSubmissionModifiers=Ea b:
  // -bt prints " hello world", "foo" and "EE a b".
  Session s;
  read_option_line(s.ctx, 'M', "x hello world");
  read_option_line(s.ctx, 'M', "{MyMac}foo");
  read_option_line(s.ctx, ' ', "DirectSubmissionModifiers=Ea b");
  EXPECT_EQ(s.macro("MyMac"), "foo");
  EXPECT_EQ(*s.ctx.macro('x'), " hello world");
  EXPECT_EQ(s.macro("daemon_flags"), "EE a b");
  EXPECT_EQ(s.out.take(), "");
}

TEST(OptionLines, TypedValues) {
  Session s;
  for (std::string_view line :
       {"BlankSub=", "ColonOkInAddr=false", "HelpFile=", "ServiceSwitchFile=/etc/mail/ss",
        "HostsFile=/etc/hosts2", "DontProbeInterfaces=loopback", "QueueDirectory=/var/q",
        "AliasFile=/etc/mail/aliases, hash:/etc/mail/more"})
    read_option_line(s.ctx, ' ', line);
  const OptionSettings& o = s.cf.options;
  EXPECT_EQ(o.blank_sub, ' ');
  EXPECT_FALSE(o.colon_ok_in_addr);
  EXPECT_EQ(o.help_file, "helpfile");
  EXPECT_EQ(o.service_switch_file, "/etc/mail/ss");
  EXPECT_EQ(o.hosts_file, "/etc/hosts2");
  EXPECT_EQ(o.interface_probe, InterfaceProbe::SkipLoopback);
  EXPECT_TRUE(o.dont_probe_interfaces);
  EXPECT_EQ(o.queue_directory, "/var/q");
  EXPECT_EQ(o.alias_files, (std::vector<std::string>{"/etc/mail/aliases", "hash:/etc/mail/more"}));
  EXPECT_EQ(convert_time("1w2d3h4m5s", 'm', s.rep), ((9 * 24 + 3) * 60 + 4) * 60 + 5);
  EXPECT_EQ(convert_time("now", 'm', s.rep), -1);
  EXPECT_EQ(convert_time("-2", 'h', s.rep), -7200);
}

}  // namespace
}  // namespace smcf
