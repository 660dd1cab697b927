// compiled.hpp -- a config ready for the rewriting engine: the IR plus
// interned rule tokens and the frozen operator tables.  Immutable once
// built, so any number of threads may share it.
#pragma once
#include <array>
#include <memory>
#include <vector>

#include "ir/config.hpp"
#include "token/char_types.hpp"
#include "token/symbols.hpp"

namespace smcf {

struct CompiledRule {
  std::vector<Sym> lhs;
  std::vector<Sym> rhs;
  int line = 0;       // source line of the R line
  int wildcards = 0;  // $* $+ $- $= $~ in the LHS
};

struct CompiledRuleset {
  std::vector<CompiledRule> rules;
};

class CompiledConfig {
 public:
  explicit CompiledConfig(Config cf);

  const Config& ir() const { return cf_; }
  const SymbolTable& symbols() const { return syms_; }
  const CharTables& tables() const { return tables_; }
  const CompiledRuleset& ruleset(int n) const { return rulesets_[static_cast<std::size_t>(n)]; }
  bool ruleset_empty(int n) const { return rulesets_[static_cast<std::size_t>(n)].rules.empty(); }
  char space_sub() const { return cf_.options.blank_sub; }

 private:
  Config cf_;
  SymbolTable syms_;
  CharTables tables_;
  std::array<CompiledRuleset, 200> rulesets_;
};

}  // namespace smcf
