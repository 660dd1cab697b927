// lint_corpus_test.cpp -- the stock (m4-generated) configs of the
// conformance corpus lint with no error, and with exactly the findings
// listed, each with its justification, in tests/lint/corpus-warnings.txt.
// The machine is pinned as the conformance goldens were made.
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <sstream>
#include <tuple>
#include <string>
#include <vector>

#include "lint/linter.hpp"
#include "test_support.hpp"

namespace {

// The m4-generated configs (adv-engine and sunos413 are hand-written and
// full of deliberate errors).
const std::vector<std::string> kStock = {"debian-mta", "generic-linux", "knecht",      "masquerade",
                                         "nullclient", "relay-checks",  "submit",      "virtual"};

struct Entry {
  std::string config;
  int line = 0;
  std::string check;
  bool operator<(const Entry& o) const {
    return std::tie(config, line, check) < std::tie(o.config, o.line, o.check);
  }
  bool operator==(const Entry& o) const { return config == o.config && line == o.line && check == o.check; }
};

std::string show(const Entry& e) { return e.config + ":" + std::to_string(e.line) + " " + e.check; }

// "CONFIG:LINE CHECK -- why"; '#' lines and blank lines are comments.
std::vector<Entry> listed() {
  std::istringstream in(smcf::runner::read_file(std::string(SMCF_TEST_DATA_DIR) + "/lint/corpus-warnings.txt"));
  std::vector<Entry> out;
  std::string l;
  while (std::getline(in, l)) {
    if (l.empty() || l[0] == '#') continue;
    std::istringstream w(l);
    std::string where, check, dash;
    w >> where >> check >> dash;
    auto colon = where.find(':');
    EXPECT_NE(colon, std::string::npos) << l;
    EXPECT_EQ(dash, "--") << "every entry needs a justification: " << l;
    std::string why;
    std::getline(w, why);
    EXPECT_GT(why.size(), 10u) << "every entry needs a justification: " << l;
    if (colon == std::string::npos) continue;
    out.push_back(Entry{where.substr(0, colon), std::stoi(where.substr(colon + 1)), check});
  }
  return out;
}

}  // namespace

TEST(LintCorpus, StockConfigsGiveExactlyTheListedFindings) {
  std::vector<Entry> want = listed();
  std::vector<Entry> got;
  for (const auto& name : kStock) {
    std::string path = smcf::testing::corpus_dir() + "/configs/" + name + ".cf";
    std::string text = smcf::runner::read_file(path);
    ASSERT_FALSE(text.empty()) << path;
    smcf::lint::LintOptions o;
    o.sys = smcf::testing::pinned_system(name);
    o.sys.no_dns = true;
    for (const auto& f : smcf::lint::lint_text(name + ".cf", text, o)) {
      EXPECT_NE(f.severity, smcf::Severity::Error)
          << name << ":" << f.line << ": " << f.message << " [" << f.check << "]";
      got.push_back(Entry{name, f.line, f.check});
    }
  }
  std::sort(want.begin(), want.end());
  std::sort(got.begin(), got.end());
  std::vector<Entry> missing, unexpected;
  std::set_difference(want.begin(), want.end(), got.begin(), got.end(), std::back_inserter(missing));
  std::set_difference(got.begin(), got.end(), want.begin(), want.end(), std::back_inserter(unexpected));
  for (const auto& e : missing) ADD_FAILURE() << "listed but not reported: " << show(e);
  for (const auto& e : unexpected) ADD_FAILURE() << "reported but not listed (justify it or fix it): " << show(e);
}
