// match.cpp -- LHS matching with memoized failures.
#include "engine/match.hpp"

#include "base/bytes.hpp"
#include "base/limits.hpp"
#include "ir/classes.hpp"
#include "macro/macro_source.hpp"
#include "token/cataddr.hpp"

namespace smcf {

bool Matcher::match(std::span<const Sym> lhs, std::span<const Sym> ws, const MatchEnv& env, Bindings& out) {
  using namespace metabyte;
  lhs_ = lhs;
  ws_ = ws;
  env_ = &env;
  out_ = &out;
  n_ = ws.size();
  slot_of_.assign(lhs.size(), -1);
  int slots = 0;
  for (std::size_t i = 0; i < lhs.size(); ++i) {
    switch (env.syms->info(lhs[i]).lead) {
      case kMatchZAny: case kMatchAny: case kMatchOne: case kMatchClass: case kMatchNClass:
        slot_of_[i] = slots++;
        break;
      default:
        break;
    }
  }
  std::size_t bits = (lhs.size() + 1) * (n_ + 1);
  memo_.assign((bits + 63) / 64, 0);
  out.count = 0;
  if (!step(0, 0)) return false;
  out.count = slots;
  return true;
}

bool Matcher::phrase_in_class(int first, int end, unsigned char class_id) {
  std::array<std::string_view, limits::kMaxAtom> parts;
  std::size_t k = 0;
  for (int t = first; t < end; ++t) parts[k++] = env_->syms->text(ws_[static_cast<std::size_t>(t)]);
  phrase_.clear();
  cataddr_append(phrase_, std::span<const std::string_view>(parts.data(), k), limits::kMaxLine,
                 static_cast<unsigned char>(env_->space_sub), true, *env_->internal_table);
  return env_->classes->contains(class_id, phrase_);
}

bool Matcher::step(int i, int j) {
  using namespace metabyte;
  const int m = static_cast<int>(lhs_.size());
  const int n = static_cast<int>(n_);
  if (i == m) return j == n;
  if (failed(i, j)) return false;

  const SymInfo& p = env_->syms->info(lhs_[static_cast<std::size_t>(i)]);
  const int slot = slot_of_[static_cast<std::size_t>(i)];
  auto bind = [&](int a, int b) { out_->slot[static_cast<std::size_t>(slot)] = Binding{a, b}; };
  bool ok = false;

  if (j == n && p.lead != kMatchZAny && p.lead != kMatchZero) {
    // Input used up while the pattern still needs tokens.
  } else {
    switch (p.lead) {
      case kMatchZAny:
        for (int k = j; k <= n && !ok; ++k) {
          bind(j, k);
          ok = step(i + 1, k);
        }
        break;
      case kMatchAny:
        for (int k = j + 1; k <= n && !ok; ++k) {
          bind(j, k);
          ok = step(i + 1, k);
        }
        break;
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
      default:
        if (env_->syms->equal_nocase(lhs_[static_cast<std::size_t>(i)], ws_[static_cast<std::size_t>(j)]))
          ok = step(i + 1, j + 1);
        break;
    }
  }
  if (!ok) set_failed(i, j);
  return ok;
}

}  // namespace smcf
