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

#include "token/char_types.hpp"
#include "token/symbols.hpp"

namespace smcf {

struct ClassTable;
class MacroSource;

// Whether an LHS token with this first byte must equal a workspace token
// (everything but the wildcards, $@ and $&x).
bool is_literal_lead(unsigned char lead);

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
};

class Matcher {
 public:
  // slot_of: the $n slot of each LHS position, -1 for non-wildcards (as
  // CompiledRule::slot_of); computed here when empty.
  // next_fold: for each LHS position, the fold of the following token when
  // that is a literal, else ~0 (as CompiledRule::next_fold); computed
  // here when empty.
  // wildcards: the number of slots in slot_of (counted here when < 0).
  // same_workspace: `ws` holds the same tokens as at the previous call of
  // this matcher, so their folds need not be looked up again.
  bool match(std::span<const Sym> lhs, std::span<const Sym> ws, const MatchEnv& env, Bindings& out,
             std::span<const std::int8_t> slot_of = {}, std::span<const Sym> next_fold = {}, int wildcards = -1,
             bool same_workspace = false);

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
  bool phrase_too_long(int first, int end, unsigned char class_id) const;

  std::span<const Sym> lhs_, ws_;
  std::span<const std::int8_t> slot_of_;
  const MatchEnv* env_ = nullptr;
  Bindings* out_ = nullptr;
  std::size_t n_ = 0;
  std::vector<std::int8_t> own_slots_;  // slot_of_ when the caller gives none
  std::span<const Sym> next_fold_;
  std::vector<Sym> own_next_;           // next_fold_ when the caller gives none
  std::vector<Sym> ws_fold_;            // fold of each workspace token
  std::vector<std::uint64_t> memo_;
  bool use_memo_ = false;
  std::string phrase_;
  std::vector<std::string_view> parts_;
};

}  // namespace smcf
