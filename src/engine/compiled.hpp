// compiled.hpp -- a config ready for the rewriting engine: the IR plus
// interned rule tokens and the frozen operator tables.  Immutable once
// built, so any number of threads may share it.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "engine/match.hpp"
#include "ir/config.hpp"
#include "token/char_types.hpp"
#include "token/symbols.hpp"

namespace smcf {

inline constexpr Sym kNoSym = ~Sym{0};

// One RHS token, compiled: what substitution does with it.
enum class ReplKind : std::uint8_t {
  kToken,          // copied as is
  kSlot,           // $n: the tokens bound to slot n
  kDeferredMacro,  // $&x: x's current value, tokenized
};

struct ReplOp {
  ReplKind kind = ReplKind::kToken;
  std::uint8_t arg = 0;  // kSlot: the digit as written ('1'..'9', or another byte); kDeferredMacro: macro id
  Sym sym = kNoSym;      // kToken: the token
};

// A rule ready for the matcher.  The arrays live in the config's RuleStore.
struct CompiledRule {
  // As read (a compiled image stores these three).
  std::span<const Sym> lhs;
  std::span<const Sym> rhs;
  int line = 0;  // source line of the R line

  // Derived from the above when the rule is added to a RuleStore.
  std::span<const PatternOp> pattern;    // the LHS for the matcher
  std::span<const ReplOp> replacement;   // the RHS after its $: / $@ prefix
  unsigned char rhs_prefix = 0;          // metabyte::kCanonUser ($:), kCanonHost ($@) or 0
  bool quoted_call = false;              // a literal $> target has quotes or backslashes (call_targets.hpp)
  int wildcards = 0;                     // $* $+ $- $= $~ in the LHS

  // Prefilter: conditions every workspace the LHS matches must meet, so
  // most rules are rejected without running the matcher.  They never
  // reject a workspace the matcher would accept.
  std::size_t min_tokens = 0;      // tokens the LHS consumes at least
  bool fixed_length = false;       // ... and exactly (no $* $+ $= $&)
  Sym first_fold = kNoSym;         // LHS starts with this literal
  Sym last_fold = kNoSym;          // LHS ends with this literal
  std::uint64_t literal_mask = 0;  // bloom bits of every literal's fold
};

// The bloom bit of a token for CompiledRule::literal_mask.
inline std::uint64_t sym_bit(Sym fold) { return std::uint64_t{1} << (fold * 0x9E3779B1u >> 26); }

struct CompiledRuleset {
  std::span<const CompiledRule> rules;
};

// Every compiled rule of a config, with the arrays its spans point into
// held in a few contiguous blocks (a config of 300 rules used to cost some
// 1,200 allocations, most of the time of loading a compiled image).
// Filled by add() in ruleset order, then finish(); immutable afterwards.
// Moving keeps the spans valid; there is no copy.
class RuleStore {
 public:
  RuleStore() = default;
  RuleStore(RuleStore&&) noexcept = default;
  RuleStore& operator=(RuleStore&&) noexcept = default;
  RuleStore(const RuleStore&) = delete;
  RuleStore& operator=(const RuleStore&) = delete;

  // Room for this many rules and LHS+RHS tokens (a hint).
  void reserve(std::size_t rules, std::size_t tokens);
  // Compiles a rule of `ruleset` (0..199, never below the previous one's)
  // and appends it.  False, adding nothing, when the ruleset goes back or
  // the LHS has more wildcards than $1..$9 can bind (the reader never makes
  // such a rule; an image might).
  bool add(int ruleset, std::span<const Sym> lhs, std::span<const Sym> rhs, int line, const SymbolTable& syms);
  // Points every rule at its arrays; after the last add().
  void finish();

  const CompiledRuleset& ruleset(int n) const { return rulesets_[static_cast<std::size_t>(n)]; }
  std::size_t rule_count() const { return rules_.size(); }
  std::size_t token_count() const { return syms_.size(); }

 private:
  // Where a rule's arrays start (offsets, as the blocks may still move).
  struct Offsets {
    std::uint32_t lhs = 0, rhs = 0, pattern = 0, replacement = 0;
    std::uint32_t lhs_size = 0, rhs_size = 0, replacement_size = 0;
  };
  std::vector<Sym> syms_;             // every LHS and RHS, back to back
  std::vector<PatternOp> pattern_;    // one op per LHS token
  std::vector<ReplOp> replacement_;   // one op per RHS token after the prefix
  std::vector<CompiledRule> rules_;
  std::vector<Offsets> offsets_;
  std::vector<PatternOp> scratch_;    // compile_pattern's output, reused
  std::array<std::uint32_t, 201> first_rule_{};  // ruleset n: rules_[first_rule_[n], first_rule_[n+1])
  int last_ruleset_ = 0;
  std::array<CompiledRuleset, 200> rulesets_{};
};

class CompiledConfig {
 public:
  explicit CompiledConfig(Config cf);
  // From parts computed earlier by the constructor above for this same
  // config (a compiled image, src/image/): nothing is interned again.  The
  // caller vouches that the parts are consistent (image/engine_part.cpp
  // checks every symbol id and compiles each rule again).
  // (The Config is taken by pointer: it is 67 KB of arrays, and moving it
  // was a tenth of loading an image.)
  CompiledConfig(std::unique_ptr<const Config> cf, SymbolTable syms, const CharTables& tables, RuleStore rules)
      : cf_(std::move(cf)), syms_(std::move(syms)), tables_(tables), rules_(std::move(rules)) {}

  // The IR.  When it came from a compiled image its rules carry no tokens
  // (Config::rule_tokens_elided): the engine has them, and
  // ir_with_rule_tokens() puts them back.
  const Config& ir() const { return *cf_; }
  Config ir_with_rule_tokens() const;
  const SymbolTable& symbols() const { return syms_; }
  const CharTables& tables() const { return tables_; }
  const CompiledRuleset& ruleset(int n) const { return rules_.ruleset(n); }
  bool ruleset_empty(int n) const { return rules_.ruleset(n).rules.empty(); }
  const RuleStore& rules() const { return rules_; }
  char space_sub() const { return cf_->options.blank_sub; }

 private:
  std::unique_ptr<const Config> cf_;  // never null
  SymbolTable syms_;
  CharTables tables_;
  RuleStore rules_;
};

}  // namespace smcf
