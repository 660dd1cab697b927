// coverage.hpp -- smcf coverage: which rules of a config an address corpus
// fires (a rule fires when its LHS matches), per ruleset, and which it
// never does; rendered as text, JSON, or the cf annotated like gcov's
// .gcov files (each R line prefixed with its hit count, ##### for none).
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "smcf/smcf.hpp"
#include "tools/cf_source.hpp"

namespace smcf {
struct Config;
}

namespace smcf::tools {

// Counts RuleMatched events; give it to Resolver::set_trace.
class RuleHits {
 public:
  void record(const TraceEvent& ev);
  long hits(int ruleset, int rule) const;

 private:
  std::map<std::pair<int, int>, long> hits_;  // (ruleset, 1-based rule) -> matches
};

struct RuleCoverage {
  int rule = 0;   // 1-based within its ruleset
  int line = 0;   // the R line
  long hits = 0;
};

struct RulesetCoverage {
  int number = 0;
  std::string name;  // display name ("canonify", or the number)
  std::vector<RuleCoverage> rules;
  int fired() const;
};

struct CoverageReport {
  std::string config;
  std::size_t addresses = 0;
  std::vector<RulesetCoverage> rulesets;  // every ruleset that has rules, by number
  int rules_total() const;
  int rules_fired() const;
};

CoverageReport build_coverage(const Config& cf, const RuleHits& hits, std::size_t addresses);

std::string render_coverage_text(const CoverageReport& r, const CfSource& src);
std::string render_coverage_json(const CoverageReport& r, const CfSource& src);
// The cf's every line, gcov-style: "%9s:%5d:%s".
std::string render_coverage_annotated(const CoverageReport& r, const CfSource& src);

}  // namespace smcf::tools
