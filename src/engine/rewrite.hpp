// rewrite.hpp -- running rulesets over a workspace (sendmail's rewrite()
// and callsubr()): rule order, the $: and $@ prefixes, the loop limit,
// $n substitution, $&x, map and host lookups, $> calls right to left,
// recursion and size limits, statuses and their messages, and the
// test-mode trace lines.
#pragma once
#include <string>
#include <vector>

#include "engine/match.hpp"
#include "token/symbols.hpp"

namespace smcf {

class CompiledConfig;
class ClassTable;
class MacroSource;
class MapPort;
class Output;
class Reporter;
struct Config;

using Workspace = std::vector<Sym>;

// sendmail's EX_* statuses as rewrite() returns them.
namespace rwstat {
inline constexpr int kOk = 0;
inline constexpr int kDataErr = 65;
inline constexpr int kTempFail = 75;
inline constexpr int kConfig = 78;
}  // namespace rwstat

struct RewriteEnv {
  const CompiledConfig* cc = nullptr;
  Config* names = nullptr;            // ruleset names (a find may bind one)
  Symbols* syms = nullptr;
  const ClassTable* classes = nullptr;
  const MacroSource* macros = nullptr;
  MapPort* maps = nullptr;            // null: every map is missing
  Reporter* rep = nullptr;
  Output* trace = nullptr;            // test mode: input/returns lines
  char space_sub = ' ';
};

class Rewriter {
 public:
  explicit Rewriter(RewriteEnv env) : env_(env) {}

  // Rewrites ws with ruleset `ruleset` (top level: reclevel 0, maxatom 1000).
  int rewrite(Workspace& ws, int ruleset, int reclevel = 0, int maxatom = 1000);

  RewriteEnv& env() { return env_; }

 private:
  int call_subroutines(Workspace& ws, int reclevel);
  int expand_lookups(Workspace& ws, int maxatom, int& rstat, const std::string& rulename);
  void trace_line(const std::string& name, const char* what, const Workspace& ws);

  RewriteEnv env_;
  std::vector<Matcher> matchers_;  // one per recursion level (rewrite is re-entrant)
};

// A ruleset's name as test mode prints it (name, or number).
std::string ruleset_trace_name(const Config& cf, int ruleset);

}  // namespace smcf
