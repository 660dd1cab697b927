// map_corpus_test.cpp -- the /map and /canon commands of the conformance
// scripts, answered by a MapSession over the corpus configs, must print
// exactly what the real sendmail printed (the goldens in cases/*.out).
//
// The pinned machine of the corpus is rebuilt with a System: host name
// mx.test.example, pinned hosts/passwd/group files, /etc/mail = the corpus
// etc-mail directory plus the pinned service.switch.
#include <gtest/gtest.h>

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
#include "runner_support.hpp"

namespace smcf {
namespace {

const std::string kCorpus = std::string(SMCF_TEST_DATA_DIR) + "/conformance/corpus";

SystemOptions pinned_system() {
  SystemOptions o;
  o.host_name = "mx.test.example";
  o.hosts_file = kCorpus + "/pinned/hosts";
  o.passwd_file = kCorpus + "/pinned/passwd";
  o.group_file = kCorpus + "/pinned/group";
  o.uid = 0;
  o.no_dns = true;
  o.remap = {{"/etc/mail", kCorpus + "/configs/etc-mail"},
             {"/etc/mail/service.switch", kCorpus + "/pinned/service.switch"}};
  return o;
}

// The output block of each script line (the text after its "> " prompt),
// cut the way the conformance scorer (compare.py) cuts transcripts: a
// prompt is "> " right after the previous prompt or at a line start, or
// anywhere after /expand, whose output has no newline.
std::size_t next_prompt(const std::string& g, std::size_t start, bool anywhere) {
  if (anywhere) return g.find("> ", start);
  if (g.compare(start, 2, "> ") == 0 && (start == 0 || g[start - 1] == '\n' || g[start - 1] == ' ')) return start;
  std::size_t j = g.find("\n> ", start);
  return j == std::string::npos ? j : j + 1;
}

std::vector<std::string> golden_blocks(const std::string& golden, const std::vector<std::string>& lines) {
  std::vector<std::string> blocks;
  std::size_t pos = next_prompt(golden, 0, false);
  for (const auto& l : lines) {
    // fgets() reads lines of 2047 bytes or more in several pieces.
    std::size_t pieces = l.size() / 2047 + 1;
    bool expand = l.size() > 8 && equals_nocase(l.substr(0, 8), "/expand ");
    std::string last;
    for (std::size_t k = 0; k < pieces && pos != std::string::npos; ++k) {
      std::size_t nxt = next_prompt(golden, pos + 2, expand && k + 1 == pieces);
      last = golden.substr(pos + 2, nxt == std::string::npos ? std::string::npos : nxt - pos - 2);
      pos = nxt;
    }
    blocks.push_back(last);
  }
  return blocks;
}

struct Mismatch {
  std::string line, want, got;
};

std::vector<Mismatch> run_case(const std::string& name, int* checked) {
  System sys(pinned_system());
  Output out;
  Reporter rep(&out);
  ReadRequest req;
  req.file_name = "/etc/mail/" + name + ".cf";
  req.text = runner::read_file(kCorpus + "/configs/" + name + ".cf");
  req.options.push_back(CommandLineOption{' ', "DontProbeInterfaces=true"});
  Config cf = read_config(req, sys, rep);
  out.take();
  rep.set_verbose(2);

  ConfigMacros base(cf);
  MacroOverlay macros(base);
  MacroNames names = cf.macro_names;
  maps::MapSession session(cf, sys, rep, macros, names);

  std::vector<std::string> lines;
  std::istringstream in(runner::read_file(kCorpus + "/cases/" + name + ".in"));
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  auto blocks = golden_blocks(runner::read_file(kCorpus + "/cases/" + name + ".out"), lines);

  std::vector<Mismatch> bad;
  for (std::size_t i = 0; i < lines.size() && i < blocks.size(); ++i) {
    std::string l = lines[i];
    while (!l.empty() && is_space(static_cast<unsigned char>(l.back()))) l.pop_back();
    auto b = l.find_first_of(" \t");
    std::string cmd = l.substr(0, b);
    std::string arg;
    if (b != std::string::npos) {
      std::size_t a = b;
      while (a < l.size() && is_space(static_cast<unsigned char>(l[a]))) ++a;
      arg = l.substr(a);
    }
    std::string got;
    if (equals_nocase(cmd, "/map") && !arg.empty()) {
      session.map_command(arg, out);
      got = out.take();
    } else if (equals_nocase(cmd, "/canon") && !arg.empty() && arg.size() < 256) {
      got = "getcanonname(" + arg + ") returns " + session.canonical_name(arg) + "\n";
    } else {
      continue;
    }
    ++*checked;
    if (got != blocks[i]) bad.push_back({lines[i], blocks[i], got});
  }
  return bad;
}

class MapCorpus : public ::testing::TestWithParam<std::string> {};

TEST_P(MapCorpus, MapAndCanonCommandsMatchGoldens) {
  int checked = 0;
  auto bad = run_case(GetParam(), &checked);
  for (const auto& m : bad)
    ADD_FAILURE() << "line: " << m.line << "\n want: " << m.want << " got:  " << m.got;
  EXPECT_GT(checked, 0);
}

INSTANTIATE_TEST_SUITE_P(Goldens, MapCorpus,
                         ::testing::Values("adv-engine", "debian-mta", "generic-linux", "knecht", "masquerade",
                                           "nullclient", "relay-checks", "submit", "virtual"));

}  // namespace
}  // namespace smcf
