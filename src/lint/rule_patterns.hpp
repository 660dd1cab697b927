// rule_patterns.hpp -- reasoning about what rules match, for the
// unreachable-rule and loop checks.
//
// A token sequence is described by symbols, each standing for a set of
// token sequences: a literal token, "one token" ($-), "one token not in X"
// ($~X), "a phrase in X" ($=X), "one or more" ($+), "zero or more" ($*),
// or "unknown" ($&x on an LHS, whose match depends on a run-time value).
// covers(pattern, symbols) answers: does the LHS `pattern` match every
// token sequence the symbols can stand for?  The answer is only ever "yes"
// when that is certain (each pattern element takes a run of symbols whose
// every instance it matches; sendmail's matcher backtracks exhaustively,
// so a match that exists is found), and "no" whenever in doubt.
#pragma once
#include <optional>
#include <vector>

#include "ir/classes.hpp"
#include "ir/rule.hpp"

namespace smcf::lint {

enum class SymKind : unsigned char { Literal, One, NotInClass, InClass, OneOrMore, ZeroOrMore, Unknown };

struct Sym {
  SymKind kind = SymKind::Literal;
  RuleToken token;  // Literal: the token; classes: arg = class id
};

// The symbols an LHS matches (its own language); $@ (match nothing) drops out.
std::vector<Sym> lhs_symbols(const std::vector<RuleToken>& lhs);

// Whether `pattern` (an LHS) matches every instance of `seq`.
bool covers(const std::vector<RuleToken>& pattern, const std::vector<Sym>& seq, const ClassTable& classes);

// An RHS as the rewriting loop sees it.
struct RhsShape {
  bool once = false;       // $: prefix: the next rule follows
  bool ret = false;        // $@ prefix: the ruleset returns
  bool resolved = false;   // the result starts with $#: the ruleset stops
  bool opaque = false;     // $>, $( $), $[ $], $&x: the result is not known here
  std::vector<RuleToken> body;  // after the prefix
};
RhsShape rhs_shape(const Rule& r);

// Whether the ruleset is certain to be left once this rule matches.
inline bool always_leaves(const RhsShape& s) { return s.ret || s.resolved; }

// The RHS result as symbols ($n replaced by what the n-th wildcard
// matched), or nullopt when it is not known (opaque, or a $n without a
// wildcard).
std::optional<std::vector<Sym>> rhs_symbols(const Rule& r, const RhsShape& s);

// How re-applying a rule to its own output behaves.
enum class Reapply { No, Loops, Grows };
// Certain re-application: the rule has no prefix, its output is known and
// is always matched again by its LHS (and cannot start with $#).
Reapply reapplies(const Rule& r, const ClassTable& classes);

}  // namespace smcf::lint
