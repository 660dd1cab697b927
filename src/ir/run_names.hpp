// run_names.hpp -- the name tables that run time may still extend.
//
// Reading a config binds most names, but not all: a {long} macro name is
// given its id on first use anywhere (a test-mode command, sendmail's own
// code defining ${addr_type}), and a ruleset name that was entered (a $>
// target, a mailer's S=) but never defined is given a number the first time
// it is looked up.  An engine session keeps its own copy of these tables,
// so the compiled config it runs on is never written (docs/internals.md).
#pragma once
#include <map>
#include <string>

#include "ir/macro_names.hpp"

namespace smcf {

// Ruleset names (case-sensitive) -> number (-1: entered but unbound), and
// the next automatic number (199 down), as sendmail's symbol table keeps them.
struct RulesetNames {
  std::map<std::string, int> by_name;
  int next_auto = 200;
};

// Everything a session may bind while it runs.
struct RunNames {
  MacroNames macros;
  RulesetNames rulesets;
};

}  // namespace smcf
