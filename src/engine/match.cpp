// match.cpp -- LHS matching with memoized failures.
#include "engine/match.hpp"

#include "base/bytes.hpp"
#include "base/limits.hpp"
#include "ir/classes.hpp"
#include "macro/macro_source.hpp"
#include "token/cataddr.hpp"

namespace smcf {

bool is_literal_lead(unsigned char lead) {
  using namespace metabyte;
  switch (lead) {
    case kMatchZAny: case kMatchAny: case kMatchOne: case kMatchClass: case kMatchNClass: case kMatchZero:
    case kMacroDExpand:
      return false;
    default:
      return true;
  }
}

bool Matcher::match(std::span<const Sym> lhs, std::span<const Sym> ws, const MatchEnv& env, Bindings& out,
                    std::span<const std::int8_t> slot_of, std::span<const Sym> next_fold, int wildcards,
                    bool same_workspace) {
  using namespace metabyte;
  lhs_ = lhs;
  ws_ = ws;
  env_ = &env;
  out_ = &out;
  n_ = ws.size();
  int slots = 0;
  if (slot_of.size() == lhs.size() && !lhs.empty()) {
    slot_of_ = slot_of;
    if (wildcards >= 0) {
      slots = wildcards;
    } else {
      for (std::int8_t s : slot_of)
        if (s >= 0) ++slots;
    }
  } else {
    own_slots_.assign(lhs.size(), -1);
    for (std::size_t i = 0; i < lhs.size(); ++i) {
      switch (env.syms->info(lhs[i]).lead) {
        case kMatchZAny: case kMatchAny: case kMatchOne: case kMatchClass: case kMatchNClass:
          own_slots_[i] = static_cast<std::int8_t>(slots++);
          break;
        default:
          break;
      }
    }
    slot_of_ = own_slots_;
  }
  if (next_fold.size() == lhs.size() && !lhs.empty()) {
    next_fold_ = next_fold;
  } else {
    own_next_.assign(lhs.size(), ~Sym{0});
    for (std::size_t i = 0; i + 1 < lhs.size(); ++i) {
      const SymInfo& nx = env.syms->info(lhs[i + 1]);
      if (is_literal_lead(nx.lead)) own_next_[i] = nx.fold;
    }
    next_fold_ = own_next_;
  }
  if (!same_workspace || ws_fold_.size() != n_) {
    ws_fold_.resize(n_);
    for (std::size_t k = 0; k < n_; ++k) ws_fold_[k] = env.syms->info(ws[k]).fold;
  }
  // Failures are memoized only where backtracking can blow up: with at
  // most two wildcards the plain search is already at most quadratic.
  use_memo_ = slots > 2;
  if (use_memo_) {
    std::size_t bits = (lhs.size() + 1) * (n_ + 1);
    memo_.assign((bits + 63) / 64, 0);
  }
  out.count = 0;
  if (!step(0, 0)) return false;
  out.count = slots;
  return true;
}

bool Matcher::phrase_in_class(int first, int end, unsigned char class_id) {
  if (end - first == 1) return env_->classes->contains(class_id, env_->syms->text(ws_[static_cast<std::size_t>(first)]));
  parts_.clear();
  for (int t = first; t < end; ++t) parts_.push_back(env_->syms->text(ws_[static_cast<std::size_t>(t)]));
  phrase_.clear();
  cataddr_append(phrase_, parts_, limits::kMaxLine, static_cast<unsigned char>(env_->space_sub), true,
                 *env_->internal_table);
  return env_->classes->contains(class_id, phrase_);
}

// Whether joining tokens [first, end) already gives more bytes than the
// longest member of the class: then no longer phrase can be a member.
bool Matcher::phrase_too_long(int first, int end, unsigned char class_id) const {
  std::size_t len = 0;
  for (int t = first; t < end; ++t) len += env_->syms->text(ws_[static_cast<std::size_t>(t)]).size();
  std::size_t longest = env_->classes->longest[class_id];
  // (Members near the join buffer's size could equal a truncated join.)
  return longest < limits::kMaxLine - 3 && len > longest;
}

bool Matcher::step(int i, int j) {
  using namespace metabyte;
  const int m = static_cast<int>(lhs_.size());
  const int n = static_cast<int>(n_);
  // A run of literals needs no recursion: they must match one for one.
  while (i < m && slot_of_[static_cast<std::size_t>(i)] < 0) {
    const SymInfo& lit = env_->syms->info(lhs_[static_cast<std::size_t>(i)]);
    if (!is_literal_lead(lit.lead)) break;
    if (j == n || lit.fold != ws_fold_[static_cast<std::size_t>(j)]) return false;
    ++i;
    ++j;
  }
  if (i == m) return j == n;
  if (use_memo_ && failed(i, j)) return false;

  const SymInfo& p = env_->syms->info(lhs_[static_cast<std::size_t>(i)]);
  const int slot = slot_of_[static_cast<std::size_t>(i)];
  auto bind = [&](int a, int b) { out_->slot[static_cast<std::size_t>(slot)] = Binding{a, b}; };
  bool ok = false;

  if (j == n && p.lead != kMatchZAny && p.lead != kMatchZero) {
    // Input used up while the pattern still needs tokens.
  } else {
    switch (p.lead) {
      case kMatchZAny:
      case kMatchAny: {
        // When a literal follows, only positions holding that literal can
        // go on; the others would fail at once, so they are not tried.
        const Sym next = next_fold_[static_cast<std::size_t>(i)];
        for (int k = p.lead == kMatchZAny ? j : j + 1; k <= n && !ok; ++k) {
          if (next != ~Sym{0} && (k == n || ws_fold_[static_cast<std::size_t>(k)] != next)) continue;
          bind(j, k);
          ok = step(i + 1, k);
        }
        break;
      }
      case kMatchOne:
        bind(j, j + 1);
        ok = step(i + 1, j + 1);
        break;
      case kMatchNClass: {
        unsigned char cls = p.text.size() > 1 ? static_cast<unsigned char>(p.text[1]) : 0;
        if (!env_->classes->contains(cls, env_->syms->text(ws_[static_cast<std::size_t>(j)]))) {
          bind(j, j + 1);
          ok = step(i + 1, j + 1);
        }
        break;
      }
      case kMatchClass: {
        unsigned char cls = p.text.size() > 1 ? static_cast<unsigned char>(p.text[1]) : 0;
        for (int k = j + 1; k <= n && !ok; ++k) {
          // Joining never drops bytes (it may add separators), so once the
          // tokens alone are longer than every member, stop extending.
          if (phrase_too_long(j, k, cls)) break;
          if (!phrase_in_class(j, k, cls)) continue;
          bind(j, k);
          ok = step(i + 1, k);
        }
        break;
      }
      case kMatchZero:  // $@ on an LHS: zero tokens
        ok = step(i + 1, j);
        break;
      case kMacroDExpand: {
        unsigned char id = p.text.size() > 1 ? static_cast<unsigned char>(p.text[1]) : 0;
        const std::string* v = env_->macros->macro_value(id);
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
      default:  // (literals are consumed above)
        if (p.fold == ws_fold_[static_cast<std::size_t>(j)]) ok = step(i + 1, j + 1);
        break;
    }
  }
  if (!ok && use_memo_) set_failed(i, j);
  return ok;
}

}  // namespace smcf
