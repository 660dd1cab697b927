// rule_test.hpp -- smcf test: expect files of ruleset results
// (docs/testing.md).
//
//   # a comment
//   3,0 user@example.com => $# esmtp $@ example . com . $: user < @ example . com . >
//   check_rcpt <a@b> => $# error $@ 5.7.1 $: "550 5.7.1 <a@b>... Relaying denied"
//
// A test line is RULESETS (a test-mode list: numbers or names, comma
// separated), the input address, " => ", and the workspace test mode would
// print after the last ruleset, with " (status N)" appended when a ruleset
// failed with status N.  Expected results are compared token by token, so
// `$@ example.com` and `$@ example . com` are the same.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smcf/smcf.hpp"

namespace smcf::tools {

struct ExpectCase {
  int line = 0;                         // 1-based line in the file
  std::string rulesets;                 // "3,0", "check_rcpt"
  std::string input;                    // the address as written
  std::optional<std::string> expected;  // after "=>" (nullopt: none written yet)
};

struct ExpectFile {
  std::string name;
  std::vector<std::string> lines;  // the file's lines, for --update
  std::vector<ExpectCase> cases;
};

// Parses an expect file; returns "FILE:N: message" for a malformed line.
std::optional<std::string> parse_expect_file(std::string name, const std::string& text, ExpectFile& out);

struct CaseResult {
  const ExpectCase* test = nullptr;
  std::string actual;    // the result as an expect file writes it
  bool passed = false;
};

// Runs every case of `file` with `resolver`.
std::vector<CaseResult> run_expect_file(const ExpectFile& file, Resolver& resolver);

// The file with each test's expected result replaced by the actual one
// (comments, blank lines and the inputs as written are kept).
std::string updated_text(const ExpectFile& file, const std::vector<CaseResult>& results);

struct FileResults {
  const ExpectFile* file = nullptr;
  std::vector<CaseResult> results;
};

std::string render_text(const std::vector<FileResults>& all);
std::string render_tap(const std::vector<FileResults>& all);
std::string render_junit(const std::vector<FileResults>& all);

// The result text of one rewrite, as an expect file writes it.
std::string result_text(const RewriteResult& r);

}  // namespace smcf::tools
