// resolve_command.hpp -- `smcf resolve`: the batch front end of the
// resolver.  One address per input line, one result line per address, in
// input order, no trace:
//   mailer TAB host TAB user        a deliverable triple ($#error included:
//                                   "*error*" TAB dsn TAB message)
//   error TAB status TAB message    the address could not be resolved
// With --rulesets LIST the address goes through those rulesets (test-mode
// list syntax, e.g. 3,0) instead of sendmail's parseaddr(), and the line is
// the triple read off the resulting workspace, or "workspace" TAB the
// tokens joined when it holds no $# triple.
#pragma once
#include <string>

#include "cli/run_test_mode.hpp"

namespace smcf::cli {

struct ResolveArgs {
  TestModeArgs common;    // -C, -O, pinning options
  std::string rulesets;   // --rulesets ("" = parseaddr)
  int threads = 1;        // --threads
};

int resolve_command(const ResolveArgs& args);

}  // namespace smcf::cli
