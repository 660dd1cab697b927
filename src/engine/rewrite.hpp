// rewrite.hpp -- running rulesets over a workspace (sendmail's rewrite()
// and callsubr()): rule order, the $: and $@ prefixes, the loop limit,
// $n substitution, $&x, map and host lookups, $> calls right to left,
// recursion and size limits, statuses and their messages, and the
// test-mode trace lines.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/class_cache.hpp"
#include "engine/match.hpp"
#include "token/symbols.hpp"

namespace smcf {

class CompiledConfig;
class StrippedCallTargets;
struct ClassTable;
class MacroSource;
class MapPort;
class TraceSink;
class Reporter;
struct Config;
struct RunNames;


// sendmail's EX_* statuses as rewrite() returns them.
namespace rwstat {
inline constexpr int kOk = 0;
inline constexpr int kDataErr = 65;
inline constexpr int kTempFail = 75;
inline constexpr int kConfig = 78;
}  // namespace rwstat

struct RewriteEnv {
  const CompiledConfig* cc = nullptr;
  RunNames* names = nullptr;          // the session's own names (a find may bind one)
  Symbols* syms = nullptr;
  const ClassTable* classes = nullptr;
  const MacroSource* macros = nullptr;
  MapPort* maps = nullptr;            // null: every map is missing
  Reporter* rep = nullptr;
  TraceSink* trace = nullptr;         // null: no trace
  StrippedCallTargets* stripped = nullptr;  // the session's; null: rules' $> targets keep their quotes
  char space_sub = ' ';
};

class Rewriter {
 public:
  // Per-level scratch space is made once: references to it are held
  // across nested calls, so it must never move.
  explicit Rewriter(RewriteEnv env)
      : env_(env), matchers_(kLevels), scratch_(kLevels), tails_(kLevels), folds_(kLevels), names_(kMaxRulesetSlots) {}

  // Rewrites ws with ruleset `ruleset` (top level: reclevel 0, maxatom 1000).
  int rewrite(Workspace& ws, int ruleset, int reclevel = 0, int maxatom = 1000);

  RewriteEnv& env() { return env_; }

 private:
  // The rule whose RHS a workspace was made from, and for each of its
  // tokens the RHS token it is (its index in CompiledRule::rhs + 1; 0: from
  // anywhere else), so a
  // $> target's quotes can be stripped in the rule too.  Kept only for
  // rules with a quoted $> target (CompiledRule::quoted_call).
  struct RhsOrigin {
    int ruleset = 0;
    std::size_t rule = 0;
    std::vector<std::uint32_t>* of_token = nullptr;
  };
  int call_subroutines(Workspace& ws, int reclevel, const RhsOrigin* origin);
  void strip_call_target(Workspace& ws, std::size_t at, const RhsOrigin* origin);
  int find_ruleset(Sym target);
  int expand_lookups(Workspace& ws, int maxatom, int& rstat, std::vector<std::uint32_t>* origins);

  static constexpr std::size_t kLevels = 53;  // recursion limit 50, plus the failing entry
  static constexpr std::size_t kMaxRulesetSlots = 200;
  RewriteEnv env_;
  ClassMembershipCache class_cache_;
  std::vector<Matcher> matchers_;  // one per recursion level (rewrite is re-entrant)
  std::vector<Workspace> scratch_; // the new workspace being built, per level
  std::vector<Workspace> tails_;   // the part a $> call rewrites, per level
  std::vector<Workspace> folds_;   // the folds of the level's workspace, for prefilter and matcher
  std::unordered_map<Sym, int> ruleset_of_;  // $> targets already looked up
  // Scratch space of expand_lookups (which does not nest).
  std::vector<std::string_view> parts_;
  std::vector<std::pair<std::size_t, std::size_t>> arg_ranges_;
  std::vector<std::string> args_;
  std::string key_;
  std::string default_text_;  // a lookup's $: default, joined
  Workspace repl_, rebuilt_;
  Workspace macro_tokens_;  // a $&x value, tokenized (substitution does not nest)
  std::vector<std::uint32_t> origins_, rebuilt_origins_;  // RhsOrigin::of_token (used before any nested call)
  std::vector<std::string> names_; // display names by ruleset number
};

// A ruleset's name as test mode prints it (name, or number).
std::string ruleset_trace_name(const Config& cf, int ruleset);

}  // namespace smcf
