// compiled.hpp -- a config ready for the rewriting engine: the IR plus
// interned rule tokens and the frozen operator tables.  Immutable once
// built, so any number of threads may share it.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
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

struct CompiledRule {
  // As read (a compiled image stores these three).
  std::vector<Sym> lhs;
  std::vector<Sym> rhs;
  int line = 0;  // source line of the R line

  // Derived from the above by compile_rule().
  std::vector<PatternOp> pattern;    // the LHS for the matcher
  std::vector<ReplOp> replacement;   // the RHS after its $: / $@ prefix
  unsigned char rhs_prefix = 0;      // metabyte::kCanonUser ($:), kCanonHost ($@) or 0
  int wildcards = 0;                 // $* $+ $- $= $~ in the LHS

  // Prefilter: conditions every workspace the LHS matches must meet, so
  // most rules are rejected without running the matcher.  They never
  // reject a workspace the matcher would accept.
  std::size_t min_tokens = 0;      // tokens the LHS consumes at least
  bool fixed_length = false;       // ... and exactly (no $* $+ $= $&)
  Sym first_fold = kNoSym;         // LHS starts with this literal
  Sym last_fold = kNoSym;          // LHS ends with this literal
  std::uint64_t literal_mask = 0;  // bloom bits of every literal's fold
};

// Fills the derived members of cr from its lhs and rhs.  False when the
// LHS has more wildcards than $1..$9 can bind (the reader never makes
// such a rule; an image might).
bool compile_rule(CompiledRule& cr, const SymbolTable& syms);

// The bloom bit of a token for CompiledRule::literal_mask.
inline std::uint64_t sym_bit(Sym fold) { return std::uint64_t{1} << (fold * 0x9E3779B1u >> 26); }

struct CompiledRuleset {
  std::vector<CompiledRule> rules;
};

class CompiledConfig {
 public:
  explicit CompiledConfig(Config cf);
  // From parts computed earlier by the constructor above for this same
  // config (a compiled image, src/image/): nothing is interned again.  The
  // caller vouches that the parts are consistent (image/engine_part.cpp
  // checks every symbol id and derives the rest with compile_rule()).
  CompiledConfig(Config cf, SymbolTable syms, const CharTables& tables, std::array<CompiledRuleset, 200> rulesets)
      : cf_(std::move(cf)), syms_(std::move(syms)), tables_(tables), rulesets_(std::move(rulesets)) {}

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
