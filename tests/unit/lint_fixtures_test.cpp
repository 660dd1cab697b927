// lint_fixtures_test.cpp -- runs `smcf lint` on every fixture under
// tests/lint/ and compares the findings with the fixture's clang -verify
// style markers:
//
//   `# expect: ID[@COL] ...`       after the text of a line: a finding on that
//                                  (logical) line
//   `# expect-next: ID[@COL] ...`  a comment line: a finding on the next
//                                  logical line that is not a comment
//   `# expect-file: ID ...`        a comment line: a finding without a line
//
// A finding matches an expectation with the same check id on any physical
// line of the expected logical line (and the same column, when given).
// Every finding must match one expectation and every expectation one
// finding: a missing or an unexpected diagnostic fails the test.
// docs/lint.md documents the convention.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "lint/linter.hpp"
#include "lint/source_text.hpp"
#include "test_support.hpp"

namespace lint = smcf::lint;
using smcf::lint::Finding;

namespace {

struct LintExpectation {
  int first = 0, last = 0;  // file lines of the expected logical line; 0: no line
  std::string check;
  int column = 0;           // 0: any
  int marker_line = 0;      // where the marker is (for messages)
};

inline std::vector<std::string> marker_words(std::string_view s) {
  std::vector<std::string> out;
  std::size_t p = 0;
  while (p < s.size()) {
    while (p < s.size() && (s[p] == ' ' || s[p] == '\t' || s[p] == ',')) ++p;
    std::size_t b = p;
    while (p < s.size() && s[p] != ' ' && s[p] != '\t' && s[p] != ',') ++p;
    if (p > b) out.emplace_back(s.substr(b, p - b));
  }
  return out;
}

inline std::vector<LintExpectation> parse_lint_expectations(std::string_view file_text) {
  lint::SourceText src(file_text);
  std::vector<LintExpectation> out;
  auto add = [&](std::string_view ids, int first, int last, int marker) {
    for (const auto& w : marker_words(ids)) {
      LintExpectation e{first, last, w, 0, marker};
      if (auto at = w.find('@'); at != std::string::npos) {
        e.check = w.substr(0, at);
        e.column = std::stoi(w.substr(at + 1));
      }
      out.push_back(e);
    }
  };
  const auto& logical = src.logical_lines();
  for (std::size_t li = 0; li < logical.size(); ++li) {
    const lint::LogicalLine& l = logical[li];
    for (int n = l.first; n <= l.last; ++n) {
      std::string_view t = src.line(n);
      int file_line = src.file_line(n);
      if (t.rfind("# expect-next:", 0) == 0) {
        std::size_t k = li + 1;
        while (k < logical.size() && src.line(logical[k].first).rfind("#", 0) == 0) ++k;
        if (k < logical.size())
          add(t.substr(14), src.file_line(logical[k].first), src.file_line(logical[k].last), file_line);
      } else if (t.rfind("# expect-file:", 0) == 0) {
        add(t.substr(14), 0, 0, file_line);
      } else if (auto p = t.find("# expect:"); p != std::string_view::npos) {
        add(t.substr(p + 9), src.file_line(l.first), src.file_line(l.last), file_line);
      }
    }
  }
  return out;
}

// Problems, one line each ("" when findings and expectations agree).
inline std::string match_lint_expectations(std::vector<LintExpectation> expected,
                                           const std::vector<lint::Finding>& findings) {
  std::string problems;
  std::vector<bool> used(expected.size(), false);
  for (const auto& f : findings) {
    int best = -1;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      const auto& e = expected[i];
      if (used[i] || e.check != f.check) continue;
      bool line_ok = e.first == 0 ? f.line == 0 : (f.line >= e.first && f.line <= e.last);
      if (!line_ok || (e.column != 0 && e.column != f.column)) continue;
      best = static_cast<int>(i);
      break;
    }
    if (best < 0) {
      problems += "unexpected: " + std::to_string(f.line) + ":" + std::to_string(f.column) + " [" + f.check +
                  "] " + f.message + "\n";
    } else {
      used[static_cast<std::size_t>(best)] = true;
    }
  }
  for (std::size_t i = 0; i < expected.size(); ++i)
    if (!used[i])
      problems += "missing: " + expected[i].check +
                  (expected[i].column ? "@" + std::to_string(expected[i].column) : std::string()) +
                  " expected on line " + std::to_string(expected[i].first) + " (marker on line " +
                  std::to_string(expected[i].marker_line) + ")\n";
  return problems;
}

std::string fixture_dir() { return std::string(SMCF_TEST_DATA_DIR) + "/lint"; }

std::vector<std::string> fixtures() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(fixture_dir()))
    if (e.path().extension() == ".cf") out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Finding> lint_fixture(const std::string& name, const std::string& text) {
  smcf::lint::LintOptions opts;
  opts.sys = smcf::testing::pinned_system("lint-fixture");
  opts.sys.no_dns = true;
  return smcf::lint::lint_text(name, text, opts);
}

}  // namespace

class LintFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(LintFixture, FindingsMatchMarkers) {
  std::string text = smcf::runner::read_file(fixture_dir() + "/" + GetParam());
  ASSERT_FALSE(text.empty());
  auto expected = parse_lint_expectations(text);
  auto findings = lint_fixture(GetParam(), text);
  EXPECT_EQ(match_lint_expectations(expected, findings), "") << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Fixtures, LintFixture, ::testing::ValuesIn(fixtures()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string n = info.param.substr(0, info.param.size() - 3);
                           std::replace_if(
                               n.begin(), n.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); },
                               '_');
                           return n;
                         });

// The harness itself: markers are read as documented, and both kinds of
// disagreement are reported.
TEST(LintMarkers, ParsesTheThreeForms) {
  std::string text =
      "V10\n"
      "DXa\t# expect: one@3 two\n"
      "# expect-next: three\n"
      "# a comment in between\n"
      "R$*\t$@ $1\n"
      "\tcontinued\n"
      "# expect-file: four\n";
  auto e = parse_lint_expectations(text);
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0].check, "one");
  EXPECT_EQ(e[0].column, 3);
  EXPECT_EQ(e[0].first, 2);
  EXPECT_EQ(e[1].check, "two");
  EXPECT_EQ(e[2].check, "three");
  EXPECT_EQ(e[2].first, 5);
  EXPECT_EQ(e[2].last, 6);
  EXPECT_EQ(e[3].check, "four");
  EXPECT_EQ(e[3].first, 0);
}

TEST(LintMarkers, ReportsMissingAndUnexpected) {
  std::vector<LintExpectation> e = {{5, 6, "rule-x", 0, 4}, {7, 7, "rule-y", 2, 6}};
  Finding on6;
  on6.line = 6;
  on6.column = 1;
  on6.check = "rule-x";
  Finding wrong_col;
  wrong_col.line = 7;
  wrong_col.column = 3;
  wrong_col.check = "rule-y";
  std::string p = match_lint_expectations(e, {on6, wrong_col});
  EXPECT_NE(p.find("unexpected: 7:3 [rule-y]"), std::string::npos) << p;
  EXPECT_NE(p.find("missing: rule-y@2 expected on line 7"), std::string::npos) << p;
  EXPECT_EQ(p.find("rule-x"), std::string::npos) << p;
}
