// match.hpp -- matching a rule's LHS against the workspace.
//
// Finds exactly the match sendmail's backtracking finds (wildcards start
// minimal, the most recent one grows first: leftmost-shortest), but
// remembers every (pattern position, input position) pair that already
// failed, so a rule with many $* runs in polynomial time instead of
// sendmail's exponential time.  The remembered failures cannot change the
// result: whether the rest of the pattern matches from a given position
// never depends on earlier bindings.
#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/bytes.hpp"
#include "token/char_types.hpp"
#include "token/symbols.hpp"

namespace smcf {

struct ClassTable;
class ClassMembershipCache;
class MacroSource;

struct Binding {
  int first = 0;  // index of the first token bound
  int end = 0;    // one past the last token bound (first == end: empty)
};

struct Bindings {
  std::array<Binding, 9> slot{};
  int count = 0;  // wildcards bound (sendmail's mlp - mlist)
};

// What matching looks up besides the tokens themselves.
struct MatchEnv {
  const Symbols* syms = nullptr;
  const ClassTable* classes = nullptr;
  const MacroSource* macros = nullptr;
  const CharTable* internal_table = nullptr;  // for joining class phrases
  char space_sub = ' ';
  ClassMembershipCache* class_cache = nullptr;  // optional: answers for single tokens
};

// One LHS position, compiled: what the matcher does there, without
// looking the token up again.
enum class PatternKind : std::uint8_t {
  kLiteral,        // a token that must equal the workspace token (case-insensitively)
  kZeroOrMore,     // $*
  kOneOrMore,      // $+
  kExactlyOne,     // $-
  kInClass,        // $=X: one or more tokens that join to a member of X
  kNotInClass,     // $~X: one token that is not a member of X
  kEmpty,          // $@ on an LHS: zero tokens
  kDeferredMacro,  // $&x: the tokens spelling x's current value
};

struct PatternOp {
  PatternKind kind = PatternKind::kLiteral;
  std::int8_t slot = -1;   // the $n slot it binds (-1: binds none)
  std::uint8_t id = 0;     // class id ($= $~) or macro id ($&)
  Sym fold = ~Sym{0};      // a literal's case-folded Sym
  Sym next_fold = ~Sym{0}; // the following op's fold when that is a literal
};

// Compiles an LHS (interned tokens; `syms` is a SymbolTable or Symbols)
// into ops; returns the number of wildcards (slots).
template <class SymbolLookup>
int compile_pattern(std::span<const Sym> lhs, const SymbolLookup& syms, std::vector<PatternOp>& out) {
  using namespace metabyte;
  out.assign(lhs.size(), PatternOp{});
  int slots = 0;
  for (std::size_t i = 0; i < lhs.size(); ++i) {
    const SymInfo& info = syms.info(lhs[i]);
    PatternOp& op = out[i];
    op.id = info.text.size() > 1 ? static_cast<std::uint8_t>(info.text[1]) : 0;
    switch (info.lead) {
      case kMatchZAny: op.kind = PatternKind::kZeroOrMore; break;
      case kMatchAny: op.kind = PatternKind::kOneOrMore; break;
      case kMatchOne: op.kind = PatternKind::kExactlyOne; break;
      case kMatchClass: op.kind = PatternKind::kInClass; break;
      case kMatchNClass: op.kind = PatternKind::kNotInClass; break;
      case kMatchZero: op.kind = PatternKind::kEmpty; break;
      case kMacroDExpand: op.kind = PatternKind::kDeferredMacro; break;
      default:
        op.kind = PatternKind::kLiteral;
        op.fold = info.fold;
        op.id = 0;
        break;
    }
    if (op.kind != PatternKind::kLiteral && op.kind != PatternKind::kEmpty && op.kind != PatternKind::kDeferredMacro)
      op.slot = static_cast<std::int8_t>(slots < 127 ? slots++ : 127);
    if (i > 0 && op.kind == PatternKind::kLiteral) out[i - 1].next_fold = op.fold;
  }
  return slots;
}

class Matcher {
 public:
  // Matches a compiled LHS of `wildcards` slots (at most 9) against ws;
  // ws_folds holds the fold of each workspace token (Symbols::fold).
  bool match(std::span<const PatternOp> pattern, int wildcards, std::span<const Sym> ws,
             std::span<const Sym> ws_folds, const MatchEnv& env, Bindings& out);
  // The same for an LHS of interned tokens, compiled first (tests, fuzzing).
  bool match(std::span<const Sym> lhs, std::span<const Sym> ws, const MatchEnv& env, Bindings& out);

 private:
  bool step(int i, int j);
  bool failed(int i, int j) const {
    std::size_t bit = static_cast<std::size_t>(i) * (n_ + 1) + static_cast<std::size_t>(j);
    return (memo_[bit >> 6] >> (bit & 63)) & 1u;
  }
  void set_failed(int i, int j) {
    std::size_t bit = static_cast<std::size_t>(i) * (n_ + 1) + static_cast<std::size_t>(j);
    memo_[bit >> 6] |= std::uint64_t{1} << (bit & 63);
  }
  bool phrase_in_class(int first, int end, unsigned char class_id);
  bool token_in_class(int at, unsigned char class_id);

  std::span<const PatternOp> pat_;
  std::span<const Sym> ws_;
  const MatchEnv* env_ = nullptr;
  Bindings* out_ = nullptr;
  std::size_t n_ = 0;
  std::vector<PatternOp> own_pattern_;  // for match(lhs, ...)
  std::vector<Sym> own_folds_;          // for match(lhs, ...)
  const Sym* wsf_ = nullptr;            // fold of each workspace token
  std::vector<std::uint64_t> memo_;
  bool use_memo_ = false;
  std::string phrase_;
  std::vector<std::string_view> parts_;
};

}  // namespace smcf
