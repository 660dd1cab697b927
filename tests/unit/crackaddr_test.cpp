// crackaddr_test.cpp -- crackaddr() against real sendmail 8.17.1.9.
//
// Every expectation here was printed by the real sendmail ("Cracked address
// = ..." from -bt /parse, run with conformance/sendmail-bt on a V10 config,
// where ColonOkInAddr is off, and on a config without V line, where it is
// on).  Test mode strips the blanks in front of a /parse argument, so the
// leading-whitespace cases were obtained by running the same sendmail binary
// under gdb and replacing crackaddr's argument at its entry.  The corpus test
// replays every /parse of the conformance scripts against its golden.
#include "address/crackaddr.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/bytes.hpp"
#include "names/printable.hpp"
#include "ir/macro_names.hpp"
#include "ir/options.hpp"
#include "runner_support.hpp"

namespace smcf {
namespace {

CrackOptions level10() {
  CrackOptions o;
  o.colon_ok_in_addr = false;
  return o;
}
CrackOptions level0() { return CrackOptions{}; }

// As test mode prints it (sendmail's xputs).
std::string shown(std::string_view addr, const CrackOptions& o) {
  static const MacroNames names;
  return printable(crackaddr(addr, o), names);
}

struct Case {
  const char* in;
  const char* out;
};

TEST(Crackaddr, ResultIsInInternalForm) {
  EXPECT_EQ(crackaddr("Real Name <user@host>", level10()), "Real Name <\x81g>");
  EXPECT_EQ(crackaddr("user@host", level10()), "\x81g");
}

TEST(Crackaddr, ReferenceExamples) {
  const Case cases[] = {
      {"user@host", "$g"},
      {"Real Name <user@host>", "Real Name <$g>"},
      {"user@host (Real Name)", "$g (Real Name)"},
      {"Real. Name <user@host>", "\"Real. Name\" <$g>"},
      {"group: a@b, c@d;", "group: $g;"},
      {"<user@host> trailing", "<$g> trailing"},
      {"a@b (c (nested)) d", "$g (c (nested))"},
      {"Name <a@b> <c@d>", "\"Name <a@b>\" <$g>"},
      {"(comment only)", "(comment only)"},
      {"a<b", "a<$g>"},
  };
  for (const auto& c : cases) EXPECT_EQ(shown(c.in, level10()), c.out) << c.in;
}

// Inputs whose result does not depend on ColonOkInAddr.
TEST(Crackaddr, CommentsQuotesAndBrackets) {
  const Case cases[] = {
      {"a (b) c (d)", "$g (b) (d)"},
      {"(a)(b) c", "(a) (b) $g"},
      {"(a", "(a)"},
      {"a (b", "$g (b)"},
      {"<a", "<$g>"},
      {"\"abc", "$g"},
      {"<a> (c", "<$g> (c)"},
      {"a ) b", "$g"},
      {"a)b <c>", "\"a)b\" <$g>"},
      {"a>b", "$g"},
      {"<a>>", "<$g>"},
      {"<a> ) x", "<$g>  x"},
      {"x <<a>>", "\"x <\"<$g>"},
      {"\"a\" \"b\" <c>", "\"a\" \"b\" <$g>"},
      {"Doe, John <a>", "\"Doe, John\" <$g>"},
      {"\"Doe, John\" <a>", "\"Doe, John\" <$g>"},
      {"[a:b]@c", "$g"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(shown(c.in, level10()), c.out) << c.in;
    EXPECT_EQ(shown(c.in, level0()), c.out) << c.in;
  }
}

TEST(Crackaddr, BackslashesMakeThePhraseQuoted) {
  const Case cases[] = {
      {"Say \"hi\" \\ <a>", "\"Say \\\"hi\\\" \\\" <$g>"},
      {"Say \"hi\" \\x <a>", "\"Say \\\"hi\\\" \\x\" <$g>"},
      {"a\\\"b <c>", "\"a\\\\\"b\" <$g>"},
      {"abc\\", "$g"},
  };
  for (const auto& c : cases) EXPECT_EQ(shown(c.in, level10()), c.out) << c.in;
}

// A double quote copied after "<...>" raises the buffer's soft limit past
// its end instead of lowering it; the next byte then punts to "<$g>".
TEST(Crackaddr, QuoteAfterAngleAddressPunts) {
  bool punted = false;
  EXPECT_EQ(printable(crackaddr("<a@b> \"x\"", level10(), &punted), MacroNames{}), "<$g>");
  EXPECT_TRUE(punted);
  EXPECT_EQ(shown("<a@b> \"", level10()), "<$g> \"\"");
}

TEST(Crackaddr, GroupsWithColonOkInAddrOff) {
  const Case cases[] = {
      {"g: a; b", "g: $g;"},
      {"undisclosed-recipients:;", "undisclosed-recipients:;$g"},
      {"a:b:c", "a:$g"},
      {"g: <a>", "g: <$g>"},
      {"a:b <c>", "a:b <$g>"},
      {"<a> g: <b>", "<a> g: \"\" <$g>"},
      {"<a> g: \"x\" <b>", "<a> g: \"\\\"x\\\"\" <$g>"},
      // DECnet: "::" and ":." are address bytes, and a copied ':' is
      // copied once more with its neighbour.
      {"decnet::user", "$g"},
      {"DEC:.tay.myhost::user", "$g"},
      {"<a> x::y", "<$g> x:::y"},
  };
  for (const auto& c : cases) EXPECT_EQ(shown(c.in, level10()), c.out) << c.in;
}

TEST(Crackaddr, NoGroupsWithColonOkInAddrOn) {
  const Case cases[] = {
      {"group: a@b, c@d;", "$g"},
      {"g: a; b", "$g"},
      {"undisclosed-recipients:;", "$g"},
      {"g: <a>", "\"g:\" <$g>"},
      {"<a> x::y", "<$g> x::y"},
  };
  for (const auto& c : cases) EXPECT_EQ(shown(c.in, level0()), c.out) << c.in;
}

TEST(Crackaddr, EightBitBytesAreCopied) {
  EXPECT_EQ(shown("Jos\xc3\xa9 <a>", level10()), "JosM-CM-) <$g>");
  EXPECT_EQ(shown("Jos\xe9 N\xfa\xf1" "ez <later@relay.test.example.>", level10()), "JosM-i NM-zM-qez <$g>");
}

TEST(Crackaddr, MustQuoteChars) {
  // O MustQuoteChars=x: sendmail's value is "@,;:\()[]" followed by "x".
  CrackOptions o = level10();
  o.must_quote_chars = "@,;:\\()[]x";
  EXPECT_EQ(shown("axb <c>", o), "\"axb\" <$g>");
  EXPECT_EQ(shown("a.b <c>", o), "a.b <$g>");
  EXPECT_EQ(shown("it's <c>", o), "it's <$g>");
  EXPECT_EQ(shown("a:b <c>", o), "a:b <$g>");

  OptionSettings settings;
  settings.colon_ok_in_addr = false;
  settings.must_quote_chars = "@,;:\\()[]x";
  CrackOptions from = crack_options(settings);
  EXPECT_FALSE(from.colon_ok_in_addr);
  EXPECT_EQ(from.must_quote_chars, "@,;:\\()[]x");
}

TEST(Crackaddr, LeadingWhitespaceIsKept) {
  const Case cases[] = {
      {"  a <b>", "  a <$g>"},
      {" \t a@b", " \\t $g"},
      {"   Real. Name <user@host>", "   \"Real. Name\" <$g>"},
      {"  (c) a", "  (c) $g"},
      {"\n\tg: a, b;", "\\n\\tg: $g;"},
      {" \r\n", " \\r\\n"},
      {"  Doe, John <a>", "  \"Doe, John\" <$g>"},
      {" a\n (b)", " $g (b)"},
  };
  for (const auto& c : cases) EXPECT_EQ(shown(c.in, level10()), c.out) << c.in;
}

// The template must fit sendmail's MAXNAME + 1 buffer with its NUL and the
// closers crackaddr reserves room for; otherwise it is "<$g>".
TEST(Crackaddr, TooLongBecomesAngleG) {
  auto z = [](std::size_t n) { return std::string(n, 'z'); };
  bool punted = true;
  EXPECT_EQ(shown("a (" + z(249) + ")", level10()), "$g (" + z(249) + ")");
  EXPECT_EQ(crackaddr("a (" + z(249) + ")", level10(), &punted).size(), 254u);
  EXPECT_FALSE(punted);
  EXPECT_EQ(shown("a (" + z(250) + ")", level10()), "<$g>");
  crackaddr("a (" + z(250) + ")", level10(), &punted);
  EXPECT_TRUE(punted);

  EXPECT_EQ(shown(z(250) + " <a>", level10()), z(250) + " <$g>");
  EXPECT_EQ(shown(z(251) + " <a>", level10()), "<$g>");
  EXPECT_EQ(shown("\"" + z(248) + "\" <a>", level10()), "\"" + z(248) + "\" <$g>");
  EXPECT_EQ(shown("\"" + z(249) + "\" <a>", level10()), "<$g>");
  EXPECT_EQ(shown(z(247) + ". <a>", level10()), "\"" + z(247) + ".\" <$g>");
  EXPECT_EQ(shown(z(248) + ". <a>", level10()), "<$g>");
  EXPECT_EQ(shown("<a> " + z(250), level10()), "<$g> " + z(250));
  EXPECT_EQ(shown("<a> " + z(251), level10()), "<$g>");
  EXPECT_EQ(shown("g" + z(249) + ": a;", level10()), "g" + z(249) + ": $g;");
  EXPECT_EQ(shown("g" + z(250) + ": a;", level10()), "<$g>");
  // Address bytes are never copied, so a long bare address is just $g.
  EXPECT_EQ(shown(z(4000) + "@example.com", level10()), "$g");
}

TEST(Crackaddr, StopsAtNul) {
  EXPECT_EQ(shown(std::string_view("a <b>\0(c)", 9), level10()), "a <$g>");
}

// --- the conformance corpus --------------------------------------------

// The /parse arguments of a -bt script, as sendmail's test mode sees them:
// lines read with fgets into a MAXLINE buffer (longer lines come in 2047-byte
// pieces), leading spaces skipped, trailing blanks removed, the argument
// after the first blank run.
std::vector<std::string> parse_arguments(const std::string& script) {
  std::vector<std::string> args;
  std::size_t pos = 0;
  while (pos < script.size()) {
    std::size_t nl = script.find('\n', pos);
    std::size_t end = nl == std::string::npos ? script.size() : nl + 1;
    end = std::min(end, pos + 2047);
    std::string line = script.substr(pos, end - pos);
    pos = end;
    if (auto p = line.find('\n'); p != std::string::npos) line.erase(p);
    line = std::string(c_str_view(line));
    std::size_t s = line.find_first_not_of(' ');
    if (s == std::string::npos || line[s] != '/') continue;
    line.erase(0, s);
    while (!line.empty() && is_space(static_cast<unsigned char>(line.back()))) line.pop_back();
    std::size_t blank = line.find_first_of(" \t");
    if (blank == std::string::npos || !equals_nocase(line.substr(0, blank), "/parse")) continue;
    while (blank < line.size() && is_space(static_cast<unsigned char>(line[blank]))) ++blank;
    if (blank < line.size()) args.push_back(line.substr(blank));
  }
  return args;
}

std::vector<std::string> cracked_lines(const std::string& golden) {
  static const std::string kTag = "Cracked address = ";
  std::vector<std::string> out;
  for (std::size_t p = golden.find(kTag); p != std::string::npos; p = golden.find(kTag, p)) {
    p += kTag.size();
    out.push_back(golden.substr(p, golden.find('\n', p) - p));
  }
  return out;
}

// The crackaddr options a corpus config ends up with.
CrackOptions config_options(const std::string& cf) {
  CrackOptions o;
  std::istringstream lines(cf);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.size() > 1 && line[0] == 'V' && is_digit(static_cast<unsigned char>(line[1])))
      o.colon_ok_in_addr = parse_atoi(line.substr(1)) < 6;
    if (line.rfind("O MustQuoteChars=", 0) == 0) o.must_quote_chars = "@,;:\\()[]" + line.substr(17);
    // Keep the test honest: no corpus config sets ColonOkInAddr itself.
    EXPECT_NE(line.rfind("O ColonOkInAddr", 0), 0u);
  }
  return o;
}

TEST(Crackaddr, ConformanceCorpus) {
  const std::string dir = std::string(SMCF_TEST_DATA_DIR) + "/conformance/corpus/";
  const char* names[] = {"adv-engine", "debian-mta", "generic-linux", "knecht",   "masquerade",
                         "nullclient", "relay-checks", "submit",      "sunos413", "virtual"};
  std::size_t total = 0;
  for (const char* name : names) {
    CrackOptions o = config_options(runner::read_file(dir + "configs/" + name + ".cf"));
    auto args = parse_arguments(runner::read_file(dir + "cases/" + name + ".in"));
    auto want = cracked_lines(runner::read_file(dir + "cases/" + name + ".out"));
    ASSERT_EQ(args.size(), want.size()) << name;
    ASSERT_FALSE(args.empty()) << name;
    for (std::size_t i = 0; i < args.size(); ++i) EXPECT_EQ(shown(args[i], o), want[i]) << name << ": " << args[i];
    total += args.size();
  }
  EXPECT_EQ(total, 178u);
  EXPECT_TRUE(config_options(runner::read_file(dir + "configs/sunos413.cf")).colon_ok_in_addr);
  EXPECT_FALSE(config_options(runner::read_file(dir + "configs/generic-linux.cf")).colon_ok_in_addr);
}

}  // namespace
}  // namespace smcf
