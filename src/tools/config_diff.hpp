// config_diff.hpp -- smcf diff: run one address corpus through two configs
// and report the addresses whose result differs, with both results and the
// first step where the two rewriting traces part (the rule that matched in
// one and not the other, or the first workspace that differs).
//
// Rules are compared by their text, not their number, so a rule inserted
// early in a ruleset does not make every later step "differ".
#pragma once
#include <string>
#include <vector>

#include "smcf/smcf.hpp"
#include "tools/cf_source.hpp"

namespace smcf::tools {

// One step of a trace, kept for comparison.
struct TraceStep {
  TraceEvent::Kind kind = TraceEvent::Kind::Enter;
  std::string ruleset;    // display name
  int rule = 0;           // RuleMatched: 1-based rule number
  int line = 0;           // RuleMatched: the R line
  std::string workspace;  // Enter/Return: the tokens, space-separated
};

// Records a resolver's trace; give record() to Resolver::set_trace.
class TraceRecorder {
 public:
  void record(const TraceEvent& ev);
  std::vector<TraceStep> take();

 private:
  std::vector<TraceStep> steps_;
};

struct DiffSide {
  std::string result;            // as an expect file writes it (rule_test.hpp)
  std::vector<TraceStep> trace;
};

struct AddressDiff {
  std::string file;
  int line = 0;
  std::string address;
  DiffSide old_side, new_side;
  std::size_t parted_at = 0;  // index of the first differing step
};

// The index of the first step where the traces differ (rules compared by
// their R-line text in each config); the shorter length if one trace is a
// prefix of the other.
std::size_t first_difference(const std::vector<TraceStep>& a, const CfSource& a_src,
                             const std::vector<TraceStep>& b, const CfSource& b_src);

struct DiffReport {
  std::string old_config, new_config, rulesets;
  std::size_t addresses = 0;
  std::vector<AddressDiff> diffs;
};

std::string render_diff_text(const DiffReport& r, const CfSource& old_src, const CfSource& new_src);
std::string render_diff_json(const DiffReport& r, const CfSource& old_src, const CfSource& new_src);

}  // namespace smcf::tools
