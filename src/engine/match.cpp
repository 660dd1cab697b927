// match.cpp -- LHS matching with memoized failures.
#include "engine/match.hpp"

#include "base/bytes.hpp"
#include "base/limits.hpp"
#include "engine/class_cache.hpp"
#include "ir/classes.hpp"
#include "macro/macro_source.hpp"
#include "token/cataddr.hpp"

namespace smcf {

bool Matcher::match(std::span<const Sym> lhs, std::span<const Sym> ws, const MatchEnv& env, Bindings& out) {
  int wildcards = compile_pattern(lhs, *env.syms, own_pattern_);
  own_folds_.resize(ws.size());
  for (std::size_t k = 0; k < ws.size(); ++k) own_folds_[k] = env.syms->fold(ws[k]);
  // own_pattern_ and own_folds_ are not touched by the call below.
  return match(own_pattern_, wildcards, ws, own_folds_, env, out);
}

bool Matcher::match(std::span<const PatternOp> pattern, int wildcards, std::span<const Sym> ws,
                    std::span<const Sym> ws_folds, const MatchEnv& env, Bindings& out) {
  out.count = 0;
  // sendmail refuses such an LHS while reading; $1..$9 are all there are.
  if (wildcards > limits::kMaxMatch || wildcards < 0 || ws_folds.size() != ws.size()) return false;
  pat_ = pattern;
  ws_ = ws;
  wsf_ = ws_folds.data();
  env_ = &env;
  out_ = &out;
  n_ = ws.size();
  // Failures are memoized only where backtracking can blow up: with at
  // most two wildcards the plain search is already at most quadratic.
  use_memo_ = wildcards > 2;
  if (use_memo_) {
    std::size_t bits = (pattern.size() + 1) * (n_ + 1);
    memo_.assign((bits + 63) / 64, 0);
  }
  if (!step(0, 0)) return false;
  out.count = wildcards;
  return true;
}

bool Matcher::token_in_class(int at, unsigned char class_id) {
  Sym s = ws_[static_cast<std::size_t>(at)];
  if (env_->class_cache) {
    int known = env_->class_cache->find(s, class_id);
    if (known >= 0) return known;
  }
  bool member = env_->classes->contains(class_id, env_->syms->text(s));
  if (env_->class_cache) env_->class_cache->store(s, class_id, member);
  return member;
}

bool Matcher::phrase_in_class(int first, int end, unsigned char class_id) {
  if (end - first == 1) return token_in_class(first, class_id);
  parts_.clear();
  for (int t = first; t < end; ++t) parts_.push_back(env_->syms->text(ws_[static_cast<std::size_t>(t)]));
  phrase_.clear();
  cataddr_append(phrase_, parts_, limits::kMaxLine, static_cast<unsigned char>(env_->space_sub), true,
                 *env_->internal_table);
  return env_->classes->contains(class_id, phrase_);
}

bool Matcher::step(int i, int j) {
  const int m = static_cast<int>(pat_.size());
  const int n = static_cast<int>(n_);
  const Sym* wsf = wsf_;
  // A run of literals needs no recursion: they must match one for one.
  while (i < m && pat_[static_cast<std::size_t>(i)].kind == PatternKind::kLiteral) {
    if (j == n || pat_[static_cast<std::size_t>(i)].fold != wsf[j]) return false;
    ++i;
    ++j;
  }
  if (i == m) return j == n;
  if (use_memo_ && failed(i, j)) return false;

  const PatternOp& p = pat_[static_cast<std::size_t>(i)];
  auto bind = [&](int a, int b) { out_->slot[static_cast<std::size_t>(p.slot)] = Binding{a, b}; };
  bool ok = false;

  if (j == n && p.kind != PatternKind::kZeroOrMore && p.kind != PatternKind::kEmpty) {
    // Input used up while the pattern still needs tokens.
  } else {
    switch (p.kind) {
      case PatternKind::kZeroOrMore:
      case PatternKind::kOneOrMore: {
        if (i + 1 == m) {
          // Last in the pattern: only taking all the rest can succeed.
          if (p.kind == PatternKind::kOneOrMore && j == n) break;
          bind(j, n);
          ok = true;
          break;
        }
        // When a literal follows, only positions holding that literal can
        // go on; the others would fail at once, so they are not tried.
        const Sym next = p.next_fold;
        for (int k = p.kind == PatternKind::kZeroOrMore ? j : j + 1; k <= n; ++k) {
          if (next != ~Sym{0}) {
            while (k < n && wsf[k] != next) ++k;
            if (k == n) break;
          }
          bind(j, k);
          if (step(i + 1, k)) {
            ok = true;
            break;
          }
        }
        break;
      }
      case PatternKind::kExactlyOne:
        bind(j, j + 1);
        ok = step(i + 1, j + 1);
        break;
      case PatternKind::kNotInClass:
        if (!token_in_class(j, p.id)) {
          bind(j, j + 1);
          ok = step(i + 1, j + 1);
        }
        break;
      case PatternKind::kInClass: {
        // As for $*: when a literal follows, only phrases ending just
        // before that literal can go on, so only those are looked up.
        const Sym next = p.next_fold;
        const std::size_t longest = env_->classes->longest[p.id];
        std::size_t len = 0;
        for (int k = j + 1; k <= n && !ok; ++k) {
          // Joining never drops bytes (it may add separators), so once the
          // tokens alone are longer than every member, stop extending.
          // (Members near the join buffer's size could equal a truncated
          // join, so such classes are never cut short.)
          len += env_->syms->text(ws_[static_cast<std::size_t>(k - 1)]).size();
          if (longest < limits::kMaxLine - 3 && len > longest) break;
          if (next != ~Sym{0} && (k == n || wsf[k] != next)) continue;
          if (!phrase_in_class(j, k, p.id)) continue;
          bind(j, k);
          ok = step(i + 1, k);
        }
        break;
      }
      case PatternKind::kEmpty:
        ok = step(i + 1, j);
        break;
      case PatternKind::kDeferredMacro: {
        const std::string* v = env_->macros->macro_value(p.id);
        if (v == nullptr) {
          ok = step(i + 1, j);
          break;
        }
        // The value is compared character by character against whole
        // tokens; token boundaries inside the value are not checked.
        std::string_view rest = c_str_view(*v);
        int k = j;
        bool consumed = true;
        while (!rest.empty()) {
          if (k >= n) {
            consumed = false;
            break;
          }
          std::string_view tok = env_->syms->text(ws_[static_cast<std::size_t>(k)]);
          if (rest.size() < tok.size() || !equals_nocase(rest.substr(0, tok.size()), tok)) {
            consumed = false;
            break;
          }
          rest.remove_prefix(tok.size());
          ++k;
        }
        if (consumed) ok = step(i + 1, k);
        break;
      }
      case PatternKind::kLiteral:  // (consumed above)
        break;
    }
  }
  if (!ok && use_memo_) set_failed(i, j);
  return ok;
}

}  // namespace smcf
