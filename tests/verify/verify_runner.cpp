// verify_runner.cpp -- runs `smcf -bv` for one case of tests/verify/cases.txt
// on every corpus config and compares its output and exit status with the
// goldens the real sendmail made (tests/verify/README.md), byte for byte.
//
// usage: smcf_verify_compare SMCF VERIFY_DIR CORPUS_DIR CASE
//
// smcf is pinned like the goldens were made, through its own options: the
// corpus host name, hosts, passwd and group files, uid 0, and remapped
// paths standing for the pinned machine's files (/etc/mail = the corpus
// etc-mail with this directory's aliases and lists, the home directories,
// an empty /root, /etc/shells, the queue directory).  A mismatch listed in
// expected-failures.txt ("CASE CONFIG  # why") is reported but does not
// fail the test; a listed one that now matches does (the list only shrinks).
#include <dirent.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "runner_support.hpp"

namespace {

using smcf::runner::printable;
using smcf::runner::read_file;
namespace runner = smcf::runner;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

std::vector<std::string> words(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

std::vector<std::string> corpus_configs(const std::string& dir) {
  std::vector<std::string> out;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n.size() > 3 && n.compare(n.size() - 3, 3, ".cf") == 0) out.push_back(n.substr(0, n.size() - 3));
    }
    closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The first differing line of two outputs, for the report.
std::string first_difference(const std::string& want, const std::string& got) {
  auto a = lines_of(want), b = lines_of(got);
  for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    std::string x = i < a.size() ? a[i] : "<none>", y = i < b.size() ? b[i] : "<none>";
    if (x != y)
      return "  line " + std::to_string(i + 1) + "\n    sendmail: " + printable(x) + "\n    smcf:     " + printable(y);
  }
  return "  (outputs differ only in the final newline)";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: smcf_verify_compare SMCF VERIFY_DIR CORPUS_DIR CASE\n";
    return 2;
  }
  const std::string smcf = argv[1], vdir = argv[2], corpus = argv[3], name = argv[4];

  std::vector<std::string> spec;
  for (const auto& line : lines_of(read_file(vdir + "/cases.txt"))) {
    auto w = words(line);
    if (!w.empty() && w[0][0] != '#' && w[0] == name) spec = w;
  }
  if (spec.size() < 3) {
    std::cerr << "no case " << name << " in cases.txt\n";
    return 2;
  }
  const std::string aliases = spec[1], list = spec[2];
  const std::vector<std::string> opts(spec.begin() + 3, spec.end());
  std::vector<std::string> recipients;
  if (list != "-") recipients = lines_of(read_file(vdir + "/lists/" + list));

  std::set<std::string> xfail;
  for (const auto& line : lines_of(read_file(vdir + "/expected-failures.txt"))) {
    auto w = words(line);
    if (w.size() >= 2 && w[0][0] != '#' && w[0] == name) xfail.insert(w[1]);
  }
  std::set<std::string> want_status;
  for (const auto& line : lines_of(read_file(vdir + "/goldens/exit-status.txt"))) {
    auto w = words(line);
    if (w.size() == 3 && w[0] == name) want_status.insert(w[1] + " " + w[2]);
  }

  const std::string cfdir = corpus + "/configs", pinned = corpus + "/pinned";
  const std::string nohome = vdir + "/nohome";  // does not exist: no .forward files there
  int failures = 0, same = 0, total = 0;
  for (const auto& cfg : corpus_configs(cfdir)) {
    ++total;
    std::vector<std::string> cmd = {smcf, "-bv", "-ODontProbeInterfaces=true", "-C", "/etc/mail/" + cfg + ".cf"};
    const std::vector<std::string> pins = {
        "--hostname", "mx.test.example",
        "--hosts-file", pinned + "/hosts",
        "--passwd-file", pinned + "/passwd",
        "--group-file", pinned + "/group",
        "--uid", "0",
        "--no-dns",
        "--remap", "/etc/mail/" + cfg + ".cf=" + cfdir + "/" + cfg + ".cf",
        "--remap", "/etc/mail/service.switch=" + pinned + "/service.switch",
        "--remap", "/etc/mail/aliases=" + vdir + (aliases == "bad" ? "/maildir-bad/aliases" : "/maildir/aliases"),
        "--remap", "/etc/mail/aliases.db=" + (aliases == "db" ? vdir + "/maildir-db/aliases.db" : nohome),
        "--remap", "/etc/mail/lists=" + vdir + "/maildir/lists",
        "--remap", "/etc/mail=" + cfdir + "/etc-mail",
        "--remap", "/home=" + vdir + "/home",
        "--remap", "/root=" + nohome,
        "--remap", "/var/mail=" + nohome,
        "--remap", "/var/lib/sendmail=" + nohome,
        "--remap", "/var/www=" + nohome,
        "--remap", "/usr/sbin=" + nohome,
        "--remap", "/nonexistent=" + nohome,
        "--remap", "/var/spool=" + vdir + "/spool",
        "--remap", "/etc/shells=" + vdir + "/pinned/shells"};
    cmd.insert(cmd.end(), pins.begin(), pins.end());
    for (const auto& o : opts) cmd.push_back(o);  // after the pins: --uid=N overrides
    cmd.insert(cmd.end(), recipients.begin(), recipients.end());

    int status = -1;
    std::string got = runner::run_captured(cmd, "/dev/null", "/", true, &status);
    std::string want = read_file(vdir + "/goldens/" + name + "/" + cfg + ".out");
    bool ok = got == want && want_status.count(cfg + " " + std::to_string(status)) == 1;
    bool expected = xfail.count(cfg) == 1;
    if (ok) {
      ++same;
      if (expected) {
        std::cout << name << " " << cfg << ": matches now; remove it from expected-failures.txt\n";
        ++failures;
      }
      continue;
    }
    std::cout << name << " " << cfg << ": " << (expected ? "differs (expected)" : "DIFFERS") << ", exit status "
              << status << "\n";
    if (got != want) std::cout << first_difference(want, got) << "\n";
    if (!expected) ++failures;
  }
  std::cout << "verify " << name << ": " << same << "/" << total << " configs identical\n";
  return failures == 0 ? 0 : 1;
}
