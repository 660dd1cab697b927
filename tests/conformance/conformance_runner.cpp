// conformance_runner.cpp -- runs `smcf -bt` on a corpus config and compares
// its transcript with sendmail's golden, block by block.
//
// usage: smcf_conformance SMCF CORPUS_DIR NAME EXPECTED_FAILURES_FILE
//        smcf_conformance --image DIR SMCF CORPUS_DIR NAME EXPECTED_FAILURES_FILE
//        smcf_conformance --compare-transcript TRANSCRIPT CORPUS_DIR NAME
//
// With --image, the config is first compiled (`smcf compile`, with the same
// pinning and -O options) into DIR/NAME.cfc and -bt runs on that image; the
// goldens, start-up block included, are the same.
//
// The last form compares a transcript made elsewhere (the real sendmail
// running a config printed by `smcf print`) with the golden, every block
// but the start-up block; it fails on any difference.
//
// The run is pinned like the goldens were made (host name mx.test.example,
// the corpus hosts/passwd/group files, /etc/mail remapped onto the corpus
// directory, uid 0, no DNS) through smcf's own pinning options, so neither root
// nor sendmail is needed.  A block is the output for one prompt (the rules
// are those of the corpus's compare.py).  The test fails on any mismatch
// not listed in the expected-failures file and on any listed block that
// now matches (the list may only shrink), and on a wrong exit status.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "runner_support.hpp"

namespace {

using smcf::runner::printable;
using smcf::runner::read_file;

std::string run(const std::vector<std::string>& argv, const std::string& stdin_path, const std::string& cwd,
                int* exit_status) {
  return smcf::runner::run_captured(argv, stdin_path, cwd, false, exit_status);
}

// sendmail reads its input with fgets(buf, 2048): a piece per LF, at most
// 2047 bytes each.
std::vector<std::string> reads(const std::string& inp) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < inp.size()) {
    std::size_t nl = inp.find('\n', i);
    std::string line = inp.substr(i, nl == std::string::npos ? std::string::npos : nl + 1 - i);
    i = nl == std::string::npos ? inp.size() : nl + 1;
    for (std::size_t k = 0; k < line.size(); k += 2047) out.push_back(line.substr(k, 2047));
  }
  return out;
}

std::string command_of(const std::string& piece) {
  return !piece.empty() && piece.back() == '\n' ? piece.substr(0, piece.size() - 1) : piece;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

// The word after '/' and its argument, for a slash command.
bool slash_word(const std::string& piece, std::string* word, std::string* arg) {
  std::string c = command_of(piece);
  std::size_t s = c.find_first_not_of(' ');
  if (s == std::string::npos || c[s] != '/') return false;
  c = c.substr(s);
  while (!c.empty() && is_space(c.back())) c.pop_back();
  std::size_t i = 0;
  while (i < c.size() && c[i] != ' ' && c[i] != '\t') ++i;
  *word = c.substr(1, i - 1);
  std::size_t a = i;
  while (a < c.size() && is_space(c[a])) ++a;
  *arg = c.substr(a);
  for (auto& ch : *word) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return true;
}

bool no_newline(const std::string& piece) {
  std::string w, a;
  return slash_word(piece, &w, &a) && w == "expand" && !a.empty();
}

long next_prompt(const std::string& data, std::size_t start, bool anywhere) {
  if (anywhere) {
    auto p = data.find("> ", start);
    return p == std::string::npos ? -1 : static_cast<long>(p);
  }
  if (data.compare(start, 2, "> ") == 0 && (start == 0 || data[start - 1] == '\n' || data[start - 1] == ' '))
    return static_cast<long>(start);
  auto j = data.find("\n> ", start);
  return j == std::string::npos ? -1 : static_cast<long>(j + 1);
}

struct Block {
  std::string label;
  std::string text;
};

std::vector<Block> split_blocks(const std::string& data, const std::string& inp) {
  auto rd = reads(inp);
  std::vector<Block> blocks;
  long first = next_prompt(data, 0, false);
  if (first < 0) return {{"(start-up)", data}};
  blocks.push_back({"(start-up)", data.substr(0, static_cast<std::size_t>(first))});
  long pos = first;
  std::size_t k = 0;
  while (pos >= 0 && static_cast<std::size_t>(pos) < data.size()) {
    std::string label = "(end of input)";
    bool anywhere = false;
    if (k < rd.size()) {
      label = "line " + std::to_string(k + 1) + ": " + command_of(rd[k]).substr(0, 90);
      anywhere = no_newline(rd[k]);
    }
    long nxt = next_prompt(data, static_cast<std::size_t>(pos) + 2, anywhere);
    if (nxt < 0) {
      blocks.push_back({label, data.substr(static_cast<std::size_t>(pos))});
      break;
    }
    blocks.push_back({label, data.substr(static_cast<std::size_t>(pos), static_cast<std::size_t>(nxt - pos))});
    pos = nxt;
    ++k;
  }
  return blocks;
}

}  // namespace

int compare_transcript(const std::string& transcript, const std::string& corpus, const std::string& name) {
  std::string inp = read_file(corpus + "/cases/" + name + ".in");
  auto gb = split_blocks(read_file(corpus + "/cases/" + name + ".out"), inp);
  auto cb = split_blocks(read_file(transcript), inp);
  std::size_t matched = 0, shown = 0;
  for (std::size_t i = 1; i < gb.size(); ++i) {
    if (i < cb.size() && cb[i].text == gb[i].text) {
      ++matched;
      continue;
    }
    if (shown++ < 5)
      std::cout << "---- " << name << " block " << i << ", " << printable(gb[i].label) << "\n-- golden:\n"
                << printable(gb[i].text) << "\n-- transcript:\n"
                << (i < cb.size() ? printable(cb[i].text) : std::string("<no such block>")) << "\n";
  }
  std::cout << name << ": " << matched << "/" << gb.size() - 1 << " blocks after start-up\n";
  return matched == gb.size() - 1 ? 0 : 1;
}

int main(int argc, char** argv) {
  if (argc == 5 && std::string(argv[1]) == "--compare-transcript") return compare_transcript(argv[2], argv[3], argv[4]);
  std::string image_dir;
  if (argc == 7 && std::string(argv[1]) == "--image") {
    image_dir = argv[2];
    argv += 2;
    argc -= 2;
  }
  if (argc != 5) {
    std::cerr << "usage: smcf_conformance [--image DIR] SMCF CORPUS_DIR NAME EXPECTED_FAILURES\n";
    return 2;
  }
  const std::string smcf = argv[1], corpus = argv[2], name = argv[3], xfail_path = argv[4];
  const std::string cfdir = corpus + "/configs";
  const std::string pinned = corpus + "/pinned";
  const std::vector<std::string> pinning = {
      "-ODontProbeInterfaces=true",
      "--hostname", "mx.test.example",
      "--hosts-file", pinned + "/hosts",
      "--passwd-file", pinned + "/passwd",
      "--group-file", pinned + "/group",
      "--uid", "0",
      "--no-dns",
      "--remap", "/etc/mail/" + name + ".cf=" + cfdir + "/" + name + ".cf",
      "--remap", "/etc/mail/service.switch=" + pinned + "/service.switch",
      "--remap", "/etc/mail=" + cfdir + "/etc-mail"};
  std::string config = "/etc/mail/" + name + ".cf";
  if (!image_dir.empty()) {
    // smcf compile, pinned the same way; what it prints is not compared.
    const std::string image = image_dir + "/" + name + ".cfc";
    std::vector<std::string> compile = {smcf, "compile"};
    compile.insert(compile.end(), pinning.begin(), pinning.end());
    compile.insert(compile.end(), {config, "-o", image});
    int st = -1;
    std::string said = run(compile, "/dev/null", cfdir, &st);
    if (st != 0) {
      std::cout << name << ": smcf compile failed (exit status " << st << "):\n" << printable(said) << "\n";
      return 1;
    }
    config = image;
  }
  std::vector<std::string> cmd = {smcf, "-bt"};
  cmd.insert(cmd.end(), pinning.begin(), pinning.end());
  cmd.insert(cmd.end(), {"-C", config});
  const std::string in_path = corpus + "/cases/" + name + ".in";
  int status = -1;
  std::string out = run(cmd, in_path, cfdir, &status);
  std::string inp = read_file(in_path);
  std::string gold = read_file(corpus + "/cases/" + name + ".out");

  // Expected failures: lines "NAME BLOCK  # why".
  std::set<std::size_t> xfail;
  {
    std::istringstream in(read_file(xfail_path));
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::istringstream ls(line);
      std::string n;
      std::size_t b;
      if (ls >> n >> b && n == name) xfail.insert(b);
    }
  }
  std::map<std::string, int> codes;
  {
    std::istringstream in(read_file(corpus + "/cases/exit-status.txt"));
    std::string n;
    int c;
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::istringstream ls(line);
      if (ls >> n >> c) codes[n] = c;
    }
  }

  auto gb = split_blocks(gold, inp);
  auto cb = split_blocks(out, inp);
  std::size_t matched = 0, shown = 0;
  const char* show_env = std::getenv("SMCF_SHOW");
  const std::size_t max_show = show_env ? std::strtoul(show_env, nullptr, 10) : 5;
  bool failed = false;
  for (std::size_t i = 0; i < gb.size(); ++i) {
    bool same = i < cb.size() && cb[i].text == gb[i].text;
    if (same) {
      ++matched;
      if (xfail.count(i)) {
        std::cout << name << ": block " << i << " (" << gb[i].label
                  << ") now matches: remove it from the expected failures\n";
        failed = true;
      }
      continue;
    }
    if (xfail.count(i)) continue;
    failed = true;
    if (shown++ < max_show) {
      std::cout << "---- " << name << " block " << i << ", " << printable(gb[i].label) << "\n-- golden:\n"
                << printable(gb[i].text) << "\n-- smcf:\n"
                << (i < cb.size() ? printable(cb[i].text) : std::string("<no such block>")) << "\n";
    }
  }
  std::cout << name << ": " << matched << "/" << gb.size() << " blocks";
  if (cb.size() != gb.size()) std::cout << " (smcf printed " << cb.size() << " blocks)";
  std::cout << ", exit status " << status;
  if (codes.count(name)) {
    std::cout << " (sendmail " << codes[name] << ")";
    if (codes[name] != status) failed = true;
  }
  std::cout << "\n";
  return failed ? 1 : 0;
}
