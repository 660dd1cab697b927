// tool_commands.hpp -- the admin's tools for ruleset changes: `smcf test`
// (expect files), `smcf coverage` (which rules an address corpus fires) and
// `smcf diff` (what a config change changes).  docs/testing.md.
#pragma once
#include <string>
#include <vector>

#include "cli/run_test_mode.hpp"

namespace smcf::cli {

struct RuleTestArgs {
  TestModeArgs common;             // -C, -O/-o, pinning
  std::vector<std::string> files;  // FILE.smcftest...
  bool update = false;             // --update: write the current results
  std::string format = "text";     // text | tap | junit
};
int rule_test_command(const RuleTestArgs& args);

struct CoverageArgs {
  TestModeArgs common;
  std::string rulesets = "3,0";
  std::string format = "text";     // text | json | annotate
  std::vector<std::string> inputs; // address files ('-' = stdin)
};
int coverage_command(const CoverageArgs& args);

struct DiffArgs {
  TestModeArgs common;             // -O/-o and pinning apply to both configs
  std::string old_config, new_config;
  std::string rulesets = "3,0";
  std::string format = "text";     // text | json
  std::vector<std::string> inputs;
};
int diff_command(const DiffArgs& args);

}  // namespace smcf::cli
