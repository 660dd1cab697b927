// report.hpp -- printing lint findings: GNU/clang text, JSON and SARIF
// 2.1.0 (as GitHub code scanning reads it).
#pragma once
#include <string>
#include <vector>

#include "lint/diagnostic.hpp"

namespace smcf::lint {

struct LintedFile {
  std::string name;   // as given on the command line
  std::string text;   // its bytes (for the source lines under a finding)
  std::vector<Finding> findings;
};

// FILE:LINE:COL: warning: message [check]
//  <source line>
//  <caret and range>
//  <fix-it text>
// followed by the notes, the m4 origin, and a count of findings.
std::string format_text(const std::vector<LintedFile>& files);

// {"diagnostics":[{"file":..,"line":..,"column":..,"severity":..,"check":..,"message":..}, ...]}
// plus "fix", "notes", "origin" and "source" where they apply.
std::string format_json(const std::vector<LintedFile>& files);

// One SARIF 2.1.0 run: tool.driver.rules from the catalogue (and one rule
// per sendmail diagnostic id that occurs), results with physical
// locations, related locations for m4 origins, and fixes.
std::string format_sarif(const std::vector<LintedFile>& files);

}  // namespace smcf::lint
