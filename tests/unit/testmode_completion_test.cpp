// testmode_completion_test.cpp -- what Tab completes in -bt: the rules
// (complete_line) on fixed words, and a session's words from a config.
#include <gtest/gtest.h>

#include <algorithm>

#include "base/diag.hpp"
#include "base/output.hpp"
#include "engine/compiled.hpp"
#include "host/system.hpp"
#include "read/reader.hpp"
#include "testmode/completion.hpp"
#include "testmode/session.hpp"

namespace smcf {
namespace {

using Words = std::vector<std::string>;

CompletionWords words() {
  CompletionWords w;
  w.rulesets = {"canonify", "check_rcpt", "check_relay", "Parse0", "Parse1", "3", "0", "96"};
  w.commands = {"/map", "/mx", "/quit", "/try", "/tryflags", ".D", ".C", "=S", "=M"};
  w.maps = {"resolve", "arith", "dequote"};
  return w;
}

TEST(CompletionRules, RulesetNameAtLineStart) {
  Completion c = complete_line(words(), "check_rc");
  EXPECT_EQ(c.word_start, 0u);
  EXPECT_EQ(c.candidates, Words{"check_rcpt"});
  EXPECT_TRUE(c.space_after);
  EXPECT_EQ(complete_line(words(), "check_").candidates, (Words{"check_rcpt", "check_relay"}));
  // Ruleset names are case-sensitive, as sendmail looks them up.
  EXPECT_TRUE(complete_line(words(), "parse").candidates.empty());
}

TEST(CompletionRules, LeadingBlanksAreSkipped) {
  Completion c = complete_line(words(), "  Par");
  EXPECT_EQ(c.word_start, 2u);
  EXPECT_EQ(c.candidates, (Words{"Parse0", "Parse1"}));
}

TEST(CompletionRules, ElementOfARulesetList) {
  Completion c = complete_line(words(), "3,Par");
  EXPECT_EQ(c.word_start, 2u);
  EXPECT_EQ(c.candidates, (Words{"Parse0", "Parse1"}));
  c = complete_line(words(), "3,0,9");
  EXPECT_EQ(c.word_start, 4u);
  EXPECT_EQ(c.candidates, Words{"96"});
}

TEST(CompletionRules, Commands) {
  Completion c = complete_line(words(), "/tr");
  EXPECT_EQ(c.candidates, (Words{"/try", "/tryflags"}));
  EXPECT_TRUE(c.space_after);
  // "/" commands are matched in any case, as the session dispatches them.
  EXPECT_EQ(complete_line(words(), "/QU").candidates, Words{"/quit"});
  c = complete_line(words(), ".");
  EXPECT_EQ(c.candidates, (Words{".C", ".D"}));
  EXPECT_FALSE(c.space_after);  // .Dx value: no blank after the D
  EXPECT_EQ(complete_line(words(), "=").candidates, (Words{"=M", "=S"}));
}

TEST(CompletionRules, RulesetAfterEqualsS) {
  Completion c = complete_line(words(), "=Scheck_rc");
  EXPECT_EQ(c.word_start, 2u);
  EXPECT_EQ(c.candidates, Words{"check_rcpt"});
  EXPECT_FALSE(c.space_after);  // a blank would be part of the name
}

TEST(CompletionRules, MapNameAfterSlashMap) {
  Completion c = complete_line(words(), "/map re");
  EXPECT_EQ(c.word_start, 5u);
  EXPECT_EQ(c.candidates, Words{"resolve"});
  EXPECT_EQ(complete_line(words(), "/map   ").candidates, (Words{"arith", "dequote", "resolve"}));
  // The key is not completed, nor is an address.
  EXPECT_TRUE(complete_line(words(), "/map resolve a").candidates.empty());
  EXPECT_TRUE(complete_line(words(), "3,0 che").candidates.empty());
  EXPECT_TRUE(complete_line(words(), "/mx re").candidates.empty());
}

TEST(CompletionRules, CommonPrefix) {
  EXPECT_EQ(common_prefix({"Parse0", "Parse1", "ParseLocal"}), "Parse");
  EXPECT_EQ(common_prefix({"one"}), "one");
  EXPECT_EQ(common_prefix({}), "");
}

// A session's words: the config's rulesets (names, and numbers below 100),
// its maps, and every command the session dispatches.
TEST(CompletionSession, WordsComeFromTheConfigAndTheDispatchTables) {
  ReadRequest req;
  req.file_name = "completion.cf";
  req.text =
      "V10\n"
      "Kresolve host -a<OKR> -T<TEMP>\n"
      "Kdequote dequote\n"
      "Scanonify=3\nR$*\t$@ $1\n"
      "Scheck_rcpt\nR$*\t$@ $1\n"
      "SParse0\nR$*\t$@ $1\n"
      "S42\nR$*\t$@ $1\n";
  req.options.push_back({' ', "DontProbeInterfaces=true"});
  System sys;
  Output out;
  Reporter rep(&out);
  auto cc = std::make_shared<const CompiledConfig>(read_config(req, sys, rep));
  TestSession session(cc, sys, out, rep);

  EXPECT_EQ(session.complete("check_r").candidates, Words{"check_rcpt"});
  EXPECT_EQ(session.complete("4").candidates, Words{"42"});
  EXPECT_EQ(session.complete("3,P").candidates, Words{"Parse0"});
  EXPECT_EQ(session.complete("/map res").candidates, Words{"resolve"});
  EXPECT_EQ(session.complete("/map deq").candidates, Words{"dequote"});
  Words commands;
  for (const char* lead : {"/", ".", "="})
    for (auto& w : session.complete(lead).candidates) commands.push_back(w);
  for (const char* cmd : {"/try", "/tryflags", "/parse", "/map", "/mx", "/canon", "/quit", "/sender", "/header",
                          "/expand", "/gethostbyname", ".D", ".C", "=S", "=M"})
    EXPECT_NE(std::find(commands.begin(), commands.end(), cmd), commands.end()) << cmd;
  EXPECT_EQ(commands.size(), 15u);
  // A name the session cannot run is not offered.
  EXPECT_TRUE(session.complete("/nosuch").candidates.empty());
}

}  // namespace
}  // namespace smcf
