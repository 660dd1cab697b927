// header_line_test.cpp -- H lines against real sendmail 8.17.1.9.
//
// Messages and ruleset numbers come from `sendmail-bt CONFIG` runs of the
// configs below (the numbers sendmail gave the header-check rulesets show in
// its "ruleset changed value (old N, new M)" messages for later S lines).
// Comment stripping of checks was seen with test mode's /header.  Default
// headers never show in test mode; they were read from the queue file the
// same sendmail wrote (`sendmail -C CONFIG -odq` in the pinned environment,
// whose qf file lists them as "H?flags?Name:value").
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "base/diag.hpp"
#include "base/output.hpp"
#include "grammar/header_line.hpp"
#include "host/system.hpp"
#include "ir/config.hpp"
#include "ir/header.hpp"
#include "read/reader.hpp"

namespace smcf {
namespace {

const std::string kCorpus = std::string(SMCF_TEST_DATA_DIR) + "/conformance/corpus";

struct Read {
  Config cf;
  std::vector<std::string> messages;  // printed lines about the cf itself
};

// Reads text as /etc/mail/NAME (the name sendmail-bt gives the config) and
// keeps the printed lines that carry the file's name.
Read read(const std::string& name, const std::string& text) {
  SystemOptions so;
  so.host_name = "mx.test.example";
  so.hosts_file = kCorpus + "/pinned/hosts";
  so.passwd_file = kCorpus + "/pinned/passwd";
  so.group_file = kCorpus + "/pinned/group";
  so.uid = 0;
  so.no_dns = true;
  System sys(so);
  ReadRequest req;
  req.file_name = "/etc/mail/" + name;
  req.text = text;
  req.options.push_back({' ', "DontProbeInterfaces=true"});
  Output out;
  Reporter rep(&out);
  Read r{read_config(req, sys, rep), {}};
  std::istringstream printed(out.take());
  std::string line;
  const std::string prefix = req.file_name + ": line ";
  // Messages may hold a LF (a folded H line): keep the continuation.
  while (std::getline(printed, line)) {
    if (line.rfind(prefix, 0) == 0)
      r.messages.push_back(line);
    else if (!r.messages.empty() && line.rfind("/etc/mail/", 0) != 0 && line.rfind(" ", 0) == 0)
      r.messages.back() += "\n" + line;
  }
  return r;
}

const HeaderDecl* find_header(const Config& cf, std::string_view name) {
  for (const auto& h : cf.headers)
    if (h.name == name) return &h;
  return nullptr;
}

using Lines = std::vector<std::string>;

TEST(HeaderLine, GrammarSplitsConditionNameAndValue) {
  grammar::HeaderLine l;
  ASSERT_EQ(grammar::parse_header_line("?PA?Subject :  x y", l), grammar::HeaderLineParse::Ok);
  EXPECT_TRUE(l.has_condition);
  EXPECT_EQ(l.condition, "PA");
  EXPECT_EQ(l.field.name, "Subject");
  EXPECT_EQ(l.field.value, "  x y");
  ASSERT_EQ(grammar::parse_header_line("X:", l), grammar::HeaderLineParse::Ok);
  EXPECT_FALSE(l.has_condition);
  EXPECT_EQ(l.field.value, "");
  EXPECT_EQ(grammar::parse_header_line("?P", l), grammar::HeaderLineParse::UnclosedCondition);
  EXPECT_EQ(grammar::parse_header_line("?P?: x", l), grammar::HeaderLineParse::BadField);
  EXPECT_EQ(grammar::parse_header_line("Foo x", l), grammar::HeaderLineParse::BadField);
  EXPECT_EQ(grammar::parse_header_line("Fo\xe9o: x", l), grammar::HeaderLineParse::BadField);
}

TEST(HeaderLine, SyntaxErrors) {
  const std::string cf =
      "V10\n"
      "H?P?: foo\n"
      "H?P\n"
      "H?$?Foo: x\n"
      "H?$ab?Foo: x\n"
      "H?\xe9?Foo: x\n"
      "HFoo x\n"
      "H: x\n"
      "HFoo : x\n"
      "H?$$x?Foo: y\n"
      "H?$${abc}?Foo: y\n"
      "H?$${x}?Foo: y\n"
      "H?$${a-b}?Foo: y\n"
      "H?${x}?Bar: y\n"
      "H?${abc}?Bar: y\n"
      "H?${a-b}?Bar: y\n"
      "HFoo\n"
      " H\n"
      "?\n"
      "S0\n"
      "R$*\t$#prog $: $1\n";
  Read r = read("h1.cf", cf);
  EXPECT_EQ(r.messages, (Lines{
                            "/etc/mail/h1.cf: line 2: header syntax error, line \"?P\"",
                            "/etc/mail/h1.cf: line 3: header syntax error, line \"?P\"",
                            "/etc/mail/h1.cf: line 4: header syntax error, line \"?\x01?Foo: x\"",
                            "/etc/mail/h1.cf: line 5: header syntax error, line \"?\x01" "ab?Foo: x\"",
                            "/etc/mail/h1.cf: line 6: header syntax error, line \"?i?Foo: x\"",
                            "/etc/mail/h1.cf: line 7: header syntax error, line \"Foo x\"",
                            "/etc/mail/h1.cf: line 8: header syntax error, line \": x\"",
                            "/etc/mail/h1.cf: line 12: header syntax error, line \"?${x}?Foo: y\"",
                            "/etc/mail/h1.cf: line 13: Invalid macro/class character -",
                            "/etc/mail/h1.cf: line 13: header syntax error, line \"?${a-b}?Foo: y\"",
                            "/etc/mail/h1.cf: line 16: Invalid macro/class character -",
                            "/etc/mail/h1.cf: line 18: header syntax error, line \"Foo\n H\"",
                            "/etc/mail/h1.cf: line 19: unknown configuration line \"?\"",
                        }));
  EXPECT_EQ(r.cf.exit_status, exitstat::kSoftware);
  // The good lines: "HFoo : x", three macro conditions, two replacing Foo
  // and Bar in turn.
  ASSERT_EQ(r.cf.headers.size(), 2u);
  EXPECT_EQ(r.cf.headers[0].name, "Foo");
  EXPECT_EQ(r.cf.headers[0].value, " y");
  EXPECT_EQ(r.cf.headers[0].macro_condition.size(), 2u);  // ${abc}
  EXPECT_EQ(r.cf.headers[1].name, "Bar");
}

TEST(HeaderLine, EmptyAndBareLines) {
  const std::string cf =
      "V10\n"
      "H\n"
      "H \n"
      "H?\n"
      "H??\n"
      "H??:x\n"
      "H?a b?X-Sp: y\n"
      "HX-Empty:\n"
      "H*: $>\n"
      "HX-Zero: $>0\n"
      "HX-Plus: $>+\n";
  Read r = read("h4.cf", cf);
  EXPECT_EQ(r.messages, (Lines{
                            "/etc/mail/h4.cf: line 2: header syntax error, line \"\"",
                            "/etc/mail/h4.cf: line 3: header syntax error, line \"\"",
                            "/etc/mail/h4.cf: line 4: header syntax error, line \"?\"",
                            "/etc/mail/h4.cf: line 5: header syntax error, line \"?\"",
                            "/etc/mail/h4.cf: line 6: header syntax error, line \"?\"",
                            "/etc/mail/h4.cf: line 9: invalid ruleset name: \"\"",
                            "/etc/mail/h4.cf: line 11: invalid ruleset name: \"\"",
                        }));
  EXPECT_TRUE(r.cf.header_checks.empty());
  ASSERT_EQ(r.cf.headers.size(), 2u);
  // The queue file showed "H? ab?X-Sp: y": flags are a set, in byte order.
  EXPECT_EQ(r.cf.headers[0].flags, " ab");
  EXPECT_EQ(r.cf.headers[1].name, "X-Empty");
  EXPECT_EQ(r.cf.headers[1].value, "");
}

TEST(HeaderLine, HeaderChecksEnterTheirRulesets) {
  const std::string n60(60, 'N'), n47(47, 'N');
  const std::string cf =
      "V10\n"
      "DZ$>MacChk\n"
      "H*: $>Chk\n"
      "HFrom: $>+FromChk\n"
      "HTo: $>5\n"
      "HX-Zero: $>0\n"
      "H" + std::string(101, 'L') + ": $>LongName\n"
      "H" + std::string(100, 'M') + ": $>Name100\n"
      "HX-Trunc: $>" + n60 + "\n"
      "HX-Bad: $>150\n"
      "HX-Bad2: $>@foo\n"
      "HX-Sp:  \t $>Spaced\n"
      "HX-Mac: $Z\n"
      "H?P?X-Flag: $>+Flagged\n"
      "HX-Eq: $>EqName=42\n"
      "HX-Eq2: $>EqName=43\n"
      "SChk=1\n"
      "SFromChk=2\n"
      "SLongName=3\n"
      "SName100=4\n"
      "S" + n60 + "=6\n"
      "S" + n47 + "=7\n"
      "SSpaced=8\n"
      "SMacChk=9\n"
      "SFlagged=10\n"
      "S0\n"
      "R$*\t$#prog $: $1\n";
  Read r = read("h2.cf", cf);
  EXPECT_EQ(r.messages,
            (Lines{
                "/etc/mail/h2.cf: line 10: bad ruleset 150 (100 max)",
                "/etc/mail/h2.cf: line 11: invalid ruleset name: \"@foo\"",
                "/etc/mail/h2.cf: line 16: EqName=43: ruleset changed value (old 42, new 43)",
                "/etc/mail/h2.cf: line 17: Chk=1: ruleset changed value (old 199, new 1)",
                "/etc/mail/h2.cf: line 18: FromChk=2: ruleset changed value (old 198, new 2)",
                "/etc/mail/h2.cf: line 20: Name100=4: ruleset changed value (old 197, new 4)",
                "/etc/mail/h2.cf: line 22: " + n47 + "=7: ruleset changed value (old 196, new 7)",
                "/etc/mail/h2.cf: line 23: Spaced=8: ruleset changed value (old 195, new 8)",
                "/etc/mail/h2.cf: line 24: MacChk=9: ruleset changed value (old 194, new 9)",
                "/etc/mail/h2.cf: line 25: Flagged=10: ruleset changed value (old 193, new 10)",
            }));
  // A check never adds a default header.
  EXPECT_TRUE(r.cf.headers.empty());

  struct Want {
    std::string header;
    int ruleset;
    bool keep_comments;
  };
  const Want want[] = {
      {"*", 199, false},           {"From", 198, true},     {"To", 5, false},
      {std::string(100, 'M'), 197, false}, {"X-Trunc", 196, false}, {"X-Sp", 195, false},
      {"X-Mac", 194, false},       {"X-Flag", 193, true},   {"X-Eq", 42, false},
      {"X-Eq2", 42, false},
  };
  ASSERT_EQ(r.cf.header_checks.size(), std::size(want));
  for (std::size_t i = 0; i < std::size(want); ++i) {
    EXPECT_EQ(r.cf.header_checks[i].header, want[i].header) << i;
    EXPECT_EQ(r.cf.header_checks[i].ruleset, want[i].ruleset) << i;
    EXPECT_EQ(r.cf.header_checks[i].keep_comments, want[i].keep_comments) << i;
  }
  EXPECT_EQ(r.cf.header_checks[0].pos.line, 3);
  EXPECT_EQ(r.cf.rulesets[196].name, n47);
  // The 101-byte header name made sendmail ignore its line, so LongName
  // was first seen on its S line.
  EXPECT_EQ(r.cf.ruleset_names.by_name.at("LongName"), 3);
}

// Only the first 49 bytes of the expanded template are looked at.
TEST(HeaderLine, CheckMustStartWithinFortyNineBytes) {
  const std::string cf =
      "V10\n"
      "HX-Far:" + std::string(47, ' ') + "$>Far\n"
      "HX-Farther:" + std::string(48, ' ') + "$>Farther\n"
      "HX-Lit: $$>Lit\n"
      "HX-Mid: a $>Mid\n"
      "SFar=52\n"
      "SFarther=53\n";
  Read r = read("h4.cf", cf);
  EXPECT_EQ(r.messages, (Lines{"/etc/mail/h4.cf: line 3: invalid ruleset name: \"\""}));
  ASSERT_EQ(r.cf.header_checks.size(), 1u);
  EXPECT_EQ(r.cf.header_checks[0].header, "X-Far");
  EXPECT_EQ(r.cf.header_checks[0].ruleset, 199);
  EXPECT_EQ(r.cf.rulesets[199].name, "F");
  // "$$>" is a literal "$>": a default header ("H??X-Lit: $>Lit" in the qf).
  ASSERT_EQ(r.cf.headers.size(), 2u);
  EXPECT_EQ(r.cf.headers[0].value, " $>Lit");
  EXPECT_EQ(r.cf.headers[1].name, "X-Mid");
}

// /header showed: Subject checked by B with comments stripped (the first
// definition asked for stripping), X-Keep by B with comments, X-Strip by A
// without, other names by Def without.
TEST(HeaderLine, CommentStrippingStaysOn) {
  const std::string cf =
      "V10\n"
      "H*: $>Def\n"
      "HSubject: $>A\n"
      "Hsubject: $>+B\n"
      "HX-Keep: $>+B\n"
      "HX-Strip: $>A\n"
      "SDef\nSA\nSB\n";
  Read r = read("h3.cf", cf);
  EXPECT_TRUE(r.messages.empty());
  ASSERT_EQ(r.cf.header_checks.size(), 4u);
  const HeaderCheck* subject = find_header_check(r.cf, "SUBJECT");
  ASSERT_NE(subject, nullptr);
  EXPECT_EQ(subject->header, "Subject");
  EXPECT_EQ(subject->ruleset, 197);
  EXPECT_FALSE(subject->keep_comments);
  EXPECT_EQ(subject->pos.line, 4);
  EXPECT_TRUE(find_header_check(r.cf, "x-keep")->keep_comments);
  EXPECT_FALSE(find_header_check(r.cf, "X-Strip")->keep_comments);
  EXPECT_FALSE(find_header_check(r.cf, "*")->keep_comments);
  EXPECT_EQ(find_header_check(r.cf, "X-Other"), nullptr);
}

// The queue file of this config listed, in order:
//   H?P?Return-Path: <$g>   H??Received: first   H??Received: second
//   H??X-A: two   H??X-B: b2   H?$Z?X-C: c2   H?y?Full-Name: f2
//   H??X-D: d1   H?ab?X-F: flags   H?$Z?X-G: g   H??X-H:   lead
TEST(HeaderLine, DefaultHeaders) {
  const std::string cf =
      "V10\n"
      "DZzval\n"
      "H?P?Return-Path: <$g>\n"
      "HReceived: first\n"
      "HReceived: second\n"
      "HX-A: one\n"
      "HX-A: two\n"
      "H?x?X-B: b1\n"
      "HX-B: b2\n"
      "H?x?X-C: c1\n"
      "H?$Z?X-C: c2\n"
      "H?y?Full-Name: f1\n"
      "HFull-Name: f2\n"
      "HX-D: d1\n"
      "HX-D:\n"
      "HX-E:\n"
      "HMessage: m\n"
      "HText: t\n"
      "H?ba?X-F: flags\n"
      "H?$Z?X-G: g\n"
      "HX-H:   lead\n"
      "H" + std::string(101, 'L') + ": long\n"
      "H" + std::string(100, 'M') + ": hundred\n";
  Read r = read("d1.cf", cf);
  EXPECT_TRUE(r.messages.empty());
  const char* order[] = {"Return-Path", "Received", "Received", "X-A", "X-B", "X-C", "Full-Name",
                         "X-D",         "X-E",      "X-F",      "X-G", "X-H"};
  ASSERT_EQ(r.cf.headers.size(), std::size(order) + 1);
  for (std::size_t i = 0; i < std::size(order); ++i) EXPECT_EQ(r.cf.headers[i].name, order[i]) << i;
  EXPECT_EQ(r.cf.headers.back().name, std::string(100, 'M'));

  const auto& h = r.cf.headers;
  EXPECT_EQ(h[0].flags, "P");
  EXPECT_EQ(h[0].value, " <\x81g>");
  EXPECT_EQ(h[1].value, " first");
  EXPECT_EQ(h[2].value, " second");
  EXPECT_EQ(h[3].value, " two");
  EXPECT_EQ(h[4].value, " b2");
  EXPECT_EQ(h[4].flags, "");  // the old "x" no longer matters
  EXPECT_FALSE(header_is_conditional(h[4]));
  EXPECT_EQ(h[5].macro_condition, "\x81Z");
  EXPECT_EQ(h[5].flags, "x");  // taken over: checked with the macro
  EXPECT_EQ(h[6].flags, "y");  // taken over: Full-Name is always checked
  EXPECT_EQ(h[6].value, " f2");
  EXPECT_EQ(h[7].value, " d1");  // an empty value does not replace
  EXPECT_EQ(h[8].value, "");
  EXPECT_EQ(h[9].flags, "ab");
  EXPECT_TRUE(header_is_conditional(h[9]));
  EXPECT_EQ(h[10].macro_condition, "\x81Z");
  EXPECT_EQ(h[11].value, "   lead");
  EXPECT_EQ(h[3].pos.line, 7);
  EXPECT_EQ(find_header(r.cf, "Message"), nullptr);
  EXPECT_EQ(find_header(r.cf, "Text"), nullptr);
}

// "H??X-I: i" has no flags; "H?$${Long}?" is the literal-$ form of a macro
// condition ("H?${Long}?X-K: k" in the queue file).
TEST(HeaderLine, MacroConditionForms) {
  const std::string cf =
      "V10\n"
      "DZzval\n"
      "D{Long}lval\n"
      "H??X-I: i\n"
      "HX-J : spaced\n"
      "H?$${Long}?X-K: k\n"
      "H?$$Z?X-L: l\n"
      "H?${Long}?X-M: m\n"
      "HX-Fold: e\n\tf\n";
  Read r = read("d2.cf", cf);
  EXPECT_TRUE(r.messages.empty());
  ASSERT_EQ(r.cf.headers.size(), 6u);
  const auto& h = r.cf.headers;
  EXPECT_TRUE(h[0].flags.empty());
  EXPECT_TRUE(h[0].macro_condition.empty());
  EXPECT_EQ(h[1].name, "X-J");
  EXPECT_EQ(h[1].value, " spaced");
  ASSERT_EQ(h[2].macro_condition.size(), 2u);
  EXPECT_EQ(h[2].macro_condition, h[4].macro_condition);
  EXPECT_EQ(r.cf.macro_names.name(static_cast<unsigned char>(h[2].macro_condition[1])), "Long");
  EXPECT_EQ(h[3].macro_condition, "\x81Z");
  EXPECT_EQ(h[5].value, " e\n\tf");
}

TEST(HeaderLine, BuiltinHeaderFlags) {
  // As /header printed them, without the H_USER bit (0x40000) it adds.
  EXPECT_EQ(builtin_header_flags("Subject"), 0x8000u);
  EXPECT_EQ(builtin_header_flags("From"), 0x100u);
  EXPECT_EQ(builtin_header_flags("to"), 0x2u);
  EXPECT_EQ(builtin_header_flags("Received"), 0xc0u);
  EXPECT_EQ(builtin_header_flags("Full-Name"), 0x20u);
  EXPECT_EQ(builtin_header_flags("Message"), 0x1u);
  EXPECT_EQ(builtin_header_flags("TEXT"), 0x1u);
  EXPECT_EQ(builtin_header_flags("X-Other"), 0u);
}

}  // namespace
}  // namespace smcf
